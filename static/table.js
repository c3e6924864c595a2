/* Sortable, filterable program tables. Progressive enhancement: the HTML lists the programs in
 * program order and reads well without script.
 *
 * Sorting follows the W3C ARIA Authoring Practices "Sortable Table": each column header of a
 * table[data-sortable] becomes a button; a click (or Enter or Space) sorts by that column,
 * ascending first, then reverses; the sorted header carries aria-sort and a live region
 * announces the order. Ties keep program order both ways.
 *
 * On the index, form#filters (instrument toggles and a search) hides rows and updates the
 * table's total. The view, filters and sort, lives in the address (?instrument=&q=&sort=&order=)
 * so that it can be shared and survives a reload.
 */
(function () {
  "use strict";

  var collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });

  function folded(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function liveRegion(after) {
    var region = document.createElement("p");
    region.className = "sort-status visually-hidden";
    region.setAttribute("role", "status");
    after.parentNode.insertBefore(region, after.nextSibling);
    return region;
  }

  function sortable(table, onSort) {
    var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows); // program order: the tie-breaker
    var keysByColumn = [];
    var status = liveRegion(table);
    var hint = document.createElement("span");
    hint.className = "visually-hidden";
    hint.textContent = " (select a column header to sort)";
    table.caption.appendChild(hint);

    function numeric(column) {
      return headers[column].getAttribute("data-sort") === "number";
    }

    function keys(column) {
      if (!keysByColumn[column]) {
        keysByColumn[column] = rows.map(function (row) {
          var text = row.cells[column].textContent.trim();
          return numeric(column) ? parseFloat(text) : text;
        });
      }
      return keysByColumn[column];
    }

    function sort(column, direction) {
      var columnKeys = keys(column);
      var isNumber = numeric(column);
      var sign = direction === "descending" ? -1 : 1;
      var order = rows.map(function (_, index) { return index; });
      order.sort(function (a, b) {
        var x = columnKeys[a];
        var y = columnKeys[b];
        return sign * (isNumber ? x - y : collator.compare(x, y)) || a - b;
      });
      var fragment = document.createDocumentFragment();
      order.forEach(function (index) { fragment.appendChild(rows[index]); });
      body.appendChild(fragment);
      headers.forEach(function (header, index) {
        if (index === column) {
          header.setAttribute("aria-sort", direction);
        } else {
          header.removeAttribute("aria-sort");
        }
      });
      status.textContent = "Sorted by " + name(column) + ", " + direction + ".";
      onSort(name(column).toLowerCase(), direction);
    }

    function name(column) {
      return headers[column].textContent.trim();
    }

    headers.forEach(function (header, column) {
      var button = document.createElement("button");
      button.type = "button";
      while (header.firstChild) {
        button.appendChild(header.firstChild);
      }
      header.appendChild(button);
      button.addEventListener("click", function () {
        sort(column, header.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending");
      });
    });

    return {
      rows: rows,
      sortByName: function (wanted, direction) {
        headers.forEach(function (header, column) {
          if (name(column).toLowerCase() === wanted) {
            sort(column, direction === "descending" ? "descending" : "ascending");
          }
        });
      }
    };
  }

  function filterable(form, table, view) {
    var rows = view.rows;
    var boxes = Array.prototype.slice.call(form.querySelectorAll("input[name=instrument]"));
    var search = form.elements.q;
    var status = form.querySelector(".filter-status");
    var footer = table.tFoot.rows[0].cells;
    var nameOf = {};
    boxes.forEach(function (box) { nameOf[box.value] = box.parentNode.textContent.trim(); });
    // Hours are added as whole numbers of their smallest unit, so totals print exactly.
    var hoursTexts = rows.map(function (row) { return row.cells[1].textContent.trim(); });
    var decimals = Math.max.apply(null, hoursTexts.map(function (text) {
      return (text.split(".")[1] || "").length;
    }));
    var scaled = hoursTexts.map(function (text) { return Math.round(parseFloat(text) * Math.pow(10, decimals)); });
    var searchable = rows.map(function (row) {
      return folded(row.cells[0].textContent + " " + row.cells[2].textContent);
    });

    function apply() {
      var shown = {};
      boxes.forEach(function (box) { shown[nameOf[box.value]] = box.checked; });
      var words = folded(search.value).split(/\s+/).filter(Boolean);
      var count = 0;
      var total = 0;
      rows.forEach(function (row, index) {
        var visible = shown[row.cells[3].textContent.trim()] && words.every(function (word) {
          return searchable[index].indexOf(word) !== -1;
        });
        row.hidden = !visible;
        if (visible) {
          count += 1;
          total += scaled[index];
        }
      });
      var hours = (total / Math.pow(10, decimals)).toFixed(decimals);
      footer[1].textContent = hours;
      footer[2].textContent = count + (count === 1 ? " program" : " programs");
      status.textContent = count === rows.length
        ? "Showing all " + rows.length + " programs."
        : "Showing " + count + " of " + rows.length + " programs, " + hours + " hours.";
    }

    form.hidden = false;
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("input", function () {
      apply();
      view.save();
    });
    return {
      apply: apply,
      read: function (params) {
        var wanted = params.get("instrument");
        boxes.forEach(function (box) {
          box.checked = wanted === null || wanted.split(",").indexOf(box.value) !== -1;
        });
        search.value = params.get("q") || "";
      },
      write: function (params) {
        var checked = boxes.filter(function (box) { return box.checked; });
        if (checked.length !== boxes.length) {
          params.set("instrument", checked.map(function (box) { return box.value; }).join(","));
        }
        if (search.value.trim()) {
          params.set("q", search.value.trim());
        }
      }
    };
  }

  Array.prototype.forEach.call(document.querySelectorAll("table[data-sortable]"), function (table) {
    var sorted = { column: "program", order: "ascending" };
    var filters = null;
    var view = sortable(table, function (column, order) {
      sorted = { column: column, order: order };
      view.save();
    });
    view.save = function () {
      if (!filters) {
        return;
      }
      var params = new URLSearchParams();
      filters.write(params);
      if (sorted.column !== "program" || sorted.order !== "ascending") {
        params.set("sort", sorted.column);
        params.set("order", sorted.order);
      }
      var query = params.toString();
      history.replaceState(null, "", location.pathname + (query ? "?" + query : "") + location.hash);
    };
    var form = document.getElementById("filters");
    if (form && form.parentNode.contains(table)) {
      var params = new URLSearchParams(location.search);
      filters = filterable(form, table, view);
      filters.read(params);
      if (params.get("sort")) {
        view.sortByName(params.get("sort"), params.get("order"));
      }
      filters.apply();
    }
  });
})();
