/* Sortable, filterable program tables. Progressive enhancement: the HTML lists the programs in
 * program order and reads well without script.
 *
 * Sorting follows the W3C ARIA Authoring Practices "Sortable Table": each column header of a
 * table[data-sortable] becomes a button; a click (or Enter or Space) sorts by that column, in the
 * header's data-sort-first direction (Hours: largest first), then reverses; the sorted header
 * carries aria-sort and a live region announces the order. Ties keep program order both ways.
 *
 * Columns are found by their header's data-key (a field name: id, hours, title, instrument),
 * never by position or label; ?sort= holds that key (a header's label, as older links have it,
 * is still understood). A cell may give its sort value in data-sort-value.
 *
 * On the index, form#filters narrows the rows, in the manner of a faceted search: a search that
 * ignores case, accents, hyphens and spaces, and a facet for each of instrument, kind of
 * calibration and observing mode (fieldset[data-facet]; a row's data-<facet> holds its values).
 * Options of one facet add to each other, facets narrow each other; each option shows how many
 * rows it would give with the other filters as they are. The caption, the total, the status and
 * an empty state follow the filters; the view lives in the address (?q=&instrument=&topics=&
 * modes=&sort=&order=), and a value there that matches nothing is said on the page. The view can
 * be downloaded (CSV, ECSV: the rows of the site's own downloads) or copied (TSV, Markdown,
 * AASTeX) by #view-tools, whose code (static/view.js) loads on its first use.
 *
 * A table of thousands of rows shows the first FIRST_ROWS of the view and a button for the rest:
 * laying out every row would make each sort wait for the browser.
 */
(function () {
  "use strict";

  var FIRST_ROWS = 500;
  var collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });

  function folded(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  // "Flat-field", "flat field" and "flatfield" all become "flatfield".
  function compact(text) {
    return folded(text).replace(/[^a-z0-9]+/g, "");
  }

  function statusAfter(element) {
    var region = document.createElement("p");
    region.className = "sort-status visually-hidden";
    region.setAttribute("role", "status");
    element.parentNode.insertBefore(region, element.nextSibling);
    return region;
  }

  function enhance(table, form, ownsAddress) {
    var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows); // program order: the tie-breaker
    var names = headers.map(function (header) { return header.textContent.trim(); });
    var keys = headers.map(function (header) { return header.getAttribute("data-key"); });
    var orders = {}; // "column direction" -> row indexes in that order, computed once
    var sorted = { column: 0, direction: "ascending" };
    var shown = null; // row index -> whether the filters let it through; null: no filters
    var limit = rows.length > 2 * FIRST_ROWS ? FIRST_ROWS : Infinity;
    var status = statusAfter(table);
    var more = null;
    var hint = document.createElement("span");
    hint.className = "visually-hidden";
    hint.textContent = " (select a column header to sort)";
    table.caption.appendChild(hint);

    function column(key) {
      return keys.indexOf(key);
    }

    function cellText(row, key) {
      return row.cells[column(key)].textContent.trim();
    }

    function order(index, direction) {
      var name = index + " " + direction;
      if (!orders[name]) {
        var numeric = headers[index].getAttribute("data-sort") === "number";
        var values = rows.map(function (row) {
          var cell = row.cells[index];
          var text = cell.hasAttribute("data-sort-value") ? cell.getAttribute("data-sort-value") : cell.textContent.trim();
          return numeric ? parseFloat(text) : text;
        });
        var sign = direction === "descending" ? -1 : 1;
        orders[name] = rows.map(function (_, row) { return row; }).sort(function (a, b) {
          return sign * (numeric ? values[a] - values[b] : collator.compare(values[a], values[b])) || a - b;
        });
      }
      return orders[name];
    }

    function view() {
      return order(sorted.column, sorted.direction).filter(function (index) {
        return !shown || shown[index];
      });
    }

    function display() {
      var wanted = view();
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

    function sortBy(index, direction) {
      sorted = { column: index, direction: direction };
      display();
      headers.forEach(function (header, other) {
        if (other === index) {
          header.setAttribute("aria-sort", direction);
        } else {
          header.removeAttribute("aria-sort");
        }
      });
      status.textContent = "Sorted by " + names[index] + ", " + direction + ".";
    }

    headers.forEach(function (header, index) {
      var button = document.createElement("button");
      button.type = "button";
      while (header.firstChild) {
        button.appendChild(header.firstChild);
      }
      header.appendChild(button);
      button.addEventListener("click", function () {
        var now = header.getAttribute("aria-sort");
        var first = header.getAttribute("data-sort-first") || "ascending";
        var direction = now ? (now === "ascending" ? "descending" : "ascending") : first;
        sortBy(index, direction);
        save();
      });
    });

    var params = new URLSearchParams(location.search);
    var wantedSort = (params.get("sort") || "").toLowerCase();
    var sortColumn = keys.indexOf(wantedSort) !== -1 ? keys.indexOf(wantedSort)
      : names.map(function (name) { return name.toLowerCase(); }).indexOf(wantedSort);
    var filters = form && form.parentNode.contains(table) ? filtering(form) : null;
    if (ownsAddress && sortColumn !== -1) {
      sortBy(sortColumn, params.get("order") === "descending" ? "descending" : "ascending");
    }
    if (filters) {
      filters.apply();
    } else if (limit !== Infinity || (ownsAddress && sortColumn !== -1)) {
      display();
    }

    function save() {
      if (!ownsAddress) {
        return;
      }
      var query = new URLSearchParams(filters ? filters.params() : "");
      if (sorted.column !== 0 || sorted.direction !== "ascending") {
        query.set("sort", keys[sorted.column]);
        query.set("order", sorted.direction);
      }
      var text = query.toString();
      history.replaceState(null, "", location.pathname + (text ? "?" + text : "") + location.hash);
    }

    // The filters of the index: search, facets, counts, totals, the empty state, the address.
    function filtering(form) {
      var search = form.elements.q;
      var facets = Array.prototype.slice.call(form.querySelectorAll("fieldset[data-facet]")).map(function (set) {
        var boxes = Array.prototype.slice.call(set.querySelectorAll("input[type=checkbox]"));
        var words = {};
        // A value is found by its slug, its name, and any other words its data-words gives.
        boxes.forEach(function (box) {
          words[box.value] = box.parentNode.textContent + " " + (box.getAttribute("data-words") || "");
        });
        return {
          key: set.getAttribute("data-facet"),
          legend: set.querySelector("legend").textContent.trim(),
          boxes: boxes,
          values: rows.map(function (row) { return (row.getAttribute("data-" + set.getAttribute("data-facet")) || "").split(" ").filter(Boolean); }),
          words: words
        };
      });
      var filterStatus = form.querySelector(".filter-status");
      var problem = form.querySelector(".filter-problem");
      var empty = document.getElementById("empty");
      var captionText = table.caption.querySelector(".caption-text");
      var allCaption = captionText.textContent;
      var footer = table.tFoot.rows[0].cells;
      // Hours are added as whole numbers of their smallest unit, so totals print exactly.
      var hoursTexts = rows.map(function (row) { return cellText(row, "hours"); });
      var decimals = Math.max.apply(null, hoursTexts.map(function (text) { return (text.split(".")[1] || "").length; }));
      var scaled = hoursTexts.map(function (text) { return Math.round(parseFloat(text) * Math.pow(10, decimals)); });
      var ids = rows.map(function (row) { return cellText(row, "id"); });
      // What a search looks through: the number, the title, and the words of each facet value.
      var searchable = rows.map(function (row, index) {
        var text = ids[index] + " " + cellText(row, "title");
        facets.forEach(function (facet) {
          facet.values[index].forEach(function (value) { text += " " + value + " " + (facet.words[value] || ""); });
        });
        return compact(text);
      });

      function selected(facet) {
        return facet.boxes.filter(function (box) { return box.checked; }).map(function (box) { return box.value; });
      }

      function matchesSearch(index, words) {
        return words.every(function (word) {
          // A number is a program number's beginning; any other word is found anywhere.
          return /^[0-9]+$/.test(word) ? ids[index].indexOf(word) === 0 : searchable[index].indexOf(word) !== -1;
        });
      }

      function passes(index, words, choices, except) {
        return matchesSearch(index, words) && facets.every(function (facet, number) {
          return number === except || !choices[number].length || facet.values[index].some(function (value) {
            return choices[number].indexOf(value) !== -1;
          });
        });
      }

      function apply() {
        var words = folded(search.value).split(/\s+/).map(compact).filter(Boolean);
        var choices = facets.map(selected);
        var count = 0;
        var total = 0;
        shown = rows.map(function (_, index) {
          var pass = passes(index, words, choices, -1);
          if (pass) {
            count += 1;
            total += scaled[index];
          }
          return pass;
        });
        // Each option's count: the rows it would give, the other facets and the search as they are.
        facets.forEach(function (facet, number) {
          facet.boxes.forEach(function (box) {
            var n = 0;
            rows.forEach(function (_, index) {
              if (facet.values[index].indexOf(box.value) !== -1 && passes(index, words, choices, number)) {
                n += 1;
              }
            });
            box.parentNode.querySelector(".count").textContent = "(" + n + ")";
          });
        });
        display();
        var hours = (total / Math.pow(10, decimals)).toFixed(decimals);
        footer[column("hours")].textContent = hours;
        footer[column("title")].textContent = count + (count === 1 ? " program" : " programs");
        var described = describe(choices);
        var filtered = count !== rows.length || described;
        captionText.textContent = filtered
          ? count + " of " + rows.length + " calibration programs" + (described ? ": " + described : "")
          : allCaption;
        filterStatus.textContent = filtered
          ? "Showing " + count + " of " + rows.length + " programs, " + hours + " hours."
          : "Showing all " + rows.length + " programs.";
        table.parentNode.hidden = count === 0;
        empty.hidden = count !== 0;
        empty.querySelector(".empty-text").textContent = "No program matches " + (described || "these filters") + ".";
        tools.hidden = count === 0;
      }

      function describe(choices) {
        var parts = [];
        if (search.value.trim()) {
          parts.push("“" + search.value.trim() + "”");
        }
        facets.forEach(function (facet, number) {
          if (choices[number].length) {
            parts.push(facet.legend.toLowerCase() + " " + facet.boxes.filter(function (box) { return box.checked; })
              .map(function (box) { return box.parentNode.firstChild.nextSibling.textContent.trim(); }).join(" or "));
          }
        });
        return parts.join(", ");
      }

      function fromAddress() {
        var unknown = [];
        search.value = params.get("q") || "";
        facets.forEach(function (facet) {
          var wanted = (params.get(facet.key) || "").split(",").map(function (value) { return value.trim(); }).filter(Boolean);
          facet.boxes.forEach(function (box) { box.checked = false; });
          wanted.forEach(function (value) {
            var match = facet.boxes.filter(function (box) {
              return box.value === value.toLowerCase() || compact(box.parentNode.textContent.replace(/\(\d+\)/, "")) === compact(value);
            })[0];
            if (match) {
              match.checked = true;
              if (match.closest("details")) {
                match.closest("details").open = true;
              }
            } else {
              unknown.push(facet.legend.toLowerCase() + " “" + value + "”");
            }
          });
        });
        problem.hidden = !unknown.length;
        problem.textContent = unknown.length
          ? "The address asks for " + unknown.join(" and ") + ", which no program has; " + (unknown.length > 1 ? "they are" : "it is") + " left out."
          : "";
      }

      var tools = document.getElementById("view-tools");
      form.hidden = false;
      tools.hidden = false;
      form.addEventListener("submit", function (event) { event.preventDefault(); });
      form.addEventListener("input", function () {
        apply();
        save();
      });
      form.addEventListener("reset", function () {
        // After the form has cleared itself.
        setTimeout(function () {
          problem.hidden = true;
          apply();
          save();
        });
      });
      viewTools(tools, function () { return view().map(function (index) { return rows[index]; }); },
        function () { return compact(describe(facets.map(selected))) || "all"; });
      fromAddress();
      return {
        apply: apply,
        params: function () {
          var query = new URLSearchParams();
          if (search.value.trim()) {
            query.set("q", search.value.trim());
          }
          facets.forEach(function (facet) {
            var values = selected(facet);
            if (values.length) {
              query.set(facet.key, values.join(","));
            }
          });
          return query.toString();
        }
      };
    }
  }

  // Download or copy the rows in view: the module #view-tools names (data-module), loaded when a
  // reader first asks for it.
  function viewTools(tools, visibleRows, viewName) {
    var toolStatus = tools.querySelector(".view-tools-status");
    var module = new URL(tools.getAttribute("data-module"), location.href).href;
    tools.addEventListener("click", function (event) {
      var button = event.target.closest("button");
      if (button) {
        import(module).then(function (view) {
          view.act(button, visibleRows(), viewName(), toolStatus);
        });
      }
    });
  }

  // A table wider than its box scrolls inside it; the box is marked (class "scrolls") so that its
  // caption says so, and marked anew when the window changes size.
  function markScrolling() {
    Array.prototype.forEach.call(document.querySelectorAll(".table-scroll"), function (box) {
      box.classList.toggle("scrolls", box.scrollWidth > box.clientWidth + 1);
    });
  }
  markScrolling();
  addEventListener("resize", markScrolling);

  var form = document.getElementById("filters");
  var tables = document.querySelectorAll("table[data-sortable]");
  Array.prototype.forEach.call(tables, function (table) {
    // The address keeps the view of the page's one table (the index, an instrument's page).
    enhance(table, form, tables.length === 1);
  });
})();
