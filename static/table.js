/* Sortable, filterable program tables. Progressive enhancement: the HTML lists the programs in
 * program order and reads well without script.
 *
 * Sorting follows the W3C ARIA Authoring Practices "Sortable Table": each column header of a
 * table[data-sortable] becomes a button; a click (or Enter or Space) sorts by that column,
 * ascending first, then reverses; the sorted header carries aria-sort and a live region
 * announces the order. Ties keep program order both ways.
 *
 * On the index, form#filters (instrument toggles and a search) narrows the rows and updates the
 * table's total. The view, filters and sort, lives in the address (?instrument=&q=&sort=&order=)
 * so that it can be shared and survives a reload.
 *
 * Columns are found by their header's data-key (a field name: id, hours, title, instrument),
 * never by position or label; ?sort= holds that key (a header's label, as older links have it,
 * is still understood). A row's instrument is its data-instrument; a cell may give its sort
 * value in data-sort-value.
 *
 * A table of thousands of rows shows the first FIRST_ROWS of the view and a button for the rest:
 * laying out 10,000 rows takes the browser half a second, whatever the CSS, which no sort should.
 */
(function () {
  "use strict";

  var FIRST_ROWS = 500;
  var collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });

  function folded(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function hiddenStatus(after) {
    var region = document.createElement("p");
    region.className = "sort-status visually-hidden";
    region.setAttribute("role", "status");
    after.parentNode.insertBefore(region, after.nextSibling);
    return region;
  }

  function enhance(table, form) {
    var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows); // program order: the tie-breaker
    var names = headers.map(function (header) { return header.textContent.trim(); });
    var keys = headers.map(function (header) { return header.getAttribute("data-key"); });
    function column(key) {
      return keys.indexOf(key);
    }
    var orders = {}; // "column direction" -> row indexes in that order, computed once
    var sorted = { column: 0, direction: "ascending" };
    var shown = null; // row index -> whether the filters let it through; null: no filters
    var limit = rows.length > 2 * FIRST_ROWS ? FIRST_ROWS : Infinity;
    var status = hiddenStatus(table);
    var more = null;
    var hint = document.createElement("span");
    hint.className = "visually-hidden";
    hint.textContent = " (select a column header to sort)";
    table.caption.appendChild(hint);

    function order(column, direction) {
      var name = column + " " + direction;
      if (!orders[name]) {
        var numeric = headers[column].getAttribute("data-sort") === "number";
        var values = rows.map(function (row) {
          var cell = row.cells[column];
          var text = cell.hasAttribute("data-sort-value") ? cell.getAttribute("data-sort-value") : cell.textContent.trim();
          return numeric ? parseFloat(text) : text;
        });
        var sign = direction === "descending" ? -1 : 1;
        orders[name] = rows.map(function (_, index) { return index; }).sort(function (a, b) {
          return sign * (numeric ? values[a] - values[b] : collator.compare(values[a], values[b])) || a - b;
        });
      }
      return orders[name];
    }

    function display() {
      var wanted = order(sorted.column, sorted.direction).filter(function (index) {
        return !shown || shown[index];
      });
      // Out of the document while the rows move, so the browser lays the table out once.
      var next = body.nextSibling;
      table.removeChild(body);
      body.textContent = "";
      wanted.slice(0, limit).forEach(function (index) { body.appendChild(rows[index]); });
      table.insertBefore(body, next);
      if (wanted.length > limit) {
        if (!more) {
          more = document.createElement("button");
          more.type = "button";
          more.className = "show-all";
          more.addEventListener("click", function () {
            limit = Infinity;
            display();
            more.remove();
          });
          table.parentNode.parentNode.insertBefore(more, table.parentNode.nextSibling);
        }
        more.textContent = "Show all " + wanted.length + " programs (the first " + limit + " are shown)";
      } else if (more) {
        more.remove();
        more = null;
      }
      return wanted;
    }

    function sortBy(column, direction) {
      sorted = { column: column, direction: direction };
      display();
      headers.forEach(function (header, index) {
        if (index === column) {
          header.setAttribute("aria-sort", direction);
        } else {
          header.removeAttribute("aria-sort");
        }
      });
      status.textContent = "Sorted by " + names[column] + ", " + direction + ".";
      save();
    }

    headers.forEach(function (header, column) {
      var button = document.createElement("button");
      button.type = "button";
      while (header.firstChild) {
        button.appendChild(header.firstChild);
      }
      header.appendChild(button);
      button.addEventListener("click", function () {
        sortBy(column, header.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending");
      });
    });

    // Filters: only on the index, whose form sits in the same section as its table.
    var boxes = [];
    var search = null;
    if (form && form.parentNode.contains(table)) {
      boxes = Array.prototype.slice.call(form.querySelectorAll("input[name=instrument]"));
      search = form.elements.q;
      var filterStatus = form.querySelector(".filter-status");
      var footer = table.tFoot.rows[0].cells;
      // Hours are added as whole numbers of their smallest unit, so totals print exactly.
      var hoursTexts = rows.map(function (row) { return row.cells[column("hours")].textContent.trim(); });
      var decimals = Math.max.apply(null, hoursTexts.map(function (text) {
        return (text.split(".")[1] || "").length;
      }));
      var scaled = hoursTexts.map(function (text) { return Math.round(parseFloat(text) * Math.pow(10, decimals)); });
      var instruments = rows.map(function (row) { return row.getAttribute("data-instrument"); });
      var searchable = rows.map(function (row) {
        return folded(row.cells[column("id")].textContent + " " + row.cells[column("title")].textContent);
      });

      var filter = function () {
        var on = {};
        boxes.forEach(function (box) { on[box.value] = box.checked; });
        var words = folded(search.value).split(/\s+/).filter(Boolean);
        var count = 0;
        var total = 0;
        shown = rows.map(function (_, index) {
          var pass = on[instruments[index]] && words.every(function (word) {
            return searchable[index].indexOf(word) !== -1;
          });
          if (pass) {
            count += 1;
            total += scaled[index];
          }
          return pass;
        });
        display();
        var hours = (total / Math.pow(10, decimals)).toFixed(decimals);
        footer[column("hours")].textContent = hours;
        footer[column("title")].textContent = count + (count === 1 ? " program" : " programs");
        filterStatus.textContent = count === rows.length
          ? "Showing all " + rows.length + " programs."
          : "Showing " + count + " of " + rows.length + " programs, " + hours + " hours.";
      };

      form.hidden = false;
      form.addEventListener("submit", function (event) { event.preventDefault(); });
      form.addEventListener("input", function () {
        filter();
        save();
      });
      var params = new URLSearchParams(location.search);
      var wantedInstruments = params.get("instrument");
      boxes.forEach(function (box) {
        box.checked = wantedInstruments === null || wantedInstruments.split(",").indexOf(box.value) !== -1;
      });
      search.value = params.get("q") || "";
      var sortParam = (params.get("sort") || "").toLowerCase();
      var wantedSort = keys.indexOf(sortParam) !== -1 ? keys.indexOf(sortParam)
        : names.map(function (name) { return name.toLowerCase(); }).indexOf(sortParam);
      if (wantedSort !== -1) {
        sortBy(wantedSort, params.get("order") === "descending" ? "descending" : "ascending");
      }
      filter();
    } else if (limit !== Infinity) {
      display();
    }

    function save() {
      if (!search) {
        return; // only the index keeps its view in the address
      }
      var params = new URLSearchParams();
      var checked = boxes.filter(function (box) { return box.checked; });
      if (checked.length !== boxes.length) {
        params.set("instrument", checked.map(function (box) { return box.value; }).join(","));
      }
      if (search.value.trim()) {
        params.set("q", search.value.trim());
      }
      if (sorted.column !== 0 || sorted.direction !== "ascending") {
        params.set("sort", keys[sorted.column]);
        params.set("order", sorted.direction);
      }
      var query = params.toString();
      history.replaceState(null, "", location.pathname + (query ? "?" + query : "") + location.hash);
    }
  }

  var form = document.getElementById("filters");
  Array.prototype.forEach.call(document.querySelectorAll("table[data-sortable]"), function (table) {
    enhance(table, form);
  });
})();
