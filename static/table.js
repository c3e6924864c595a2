/* Sortable program tables. Progressive enhancement: the HTML lists the programs in program order
 * and reads well without script.
 *
 * Sorting follows the W3C ARIA Authoring Practices "Sortable Table": each column header of a
 * table[data-sortable] becomes a button; a click (or Enter or Space) sorts by that column, in the
 * header's data-sort-first direction (Hours: largest first), then reverses; the sorted header
 * carries aria-sort and a live region announces the order. Ties keep program order both ways.
 *
 * Columns are found by their header's data-key (a field name: id, hours, title, instrument),
 * never by position or label; ?sort= holds that key (a header's label, as older links have it,
 * is still understood), and ?order= asc, desc, ascending or descending; a key or order the table
 * does not have is said above it. A cell may give its sort value in data-sort-value. The page's
 * one table keeps its view in the address.
 *
 * On the index, form#filters narrows the rows (a search and facets) and #view-tools downloads or
 * copies the rows in view. Their code is in modules (static/filters.js and static/view.js, named by
 * each element's data-module) that load on first use, or at once when the address asks for a
 * filtered view: a reader who only reads and sorts never downloads them.
 *
 * A table of thousands of rows shows the first FIRST_ROWS of the view and a button for the rest:
 * laying out every row would make each sort wait for the browser.
 */
(function () {
  "use strict";

  var FIRST_ROWS = 200;
  var collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });

  // A live region before `element`: said to screen readers as its text changes.
  function statusBefore(element) {
    var region = document.createElement("p");
    region.className = "sort-status visually-hidden";
    region.setAttribute("role", "status");
    element.parentNode.insertBefore(region, element);
    return region;
  }

  function load(element) {
    return import(new URL(element.getAttribute("data-module"), location.href).href);
  }

  // Sorts `table`; returns what the filters module needs of it.
  function enhance(table, ownsAddress) {
    var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows); // program order: the tie-breaker
    var names = headers.map(function (header) { return header.textContent.trim(); });
    var keys = headers.map(function (header) { return header.getAttribute("data-key"); });
    var orders = {}; // "column direction" -> row indexes in that order, computed once
    var sorted = { column: 0, direction: "ascending" };
    var shown = null; // row index -> whether the filters let it through; null: no filters
    var filters = null; // the filters module's view of the form, once loaded
    var limit = rows.length > 2 * FIRST_ROWS ? FIRST_ROWS : Infinity;
    var status = statusBefore(table);
    var more = null;
    var hint = document.createElement("span");
    hint.className = "visually-hidden";
    hint.textContent = " (select a column header to sort)";
    table.caption.appendChild(hint);

    function column(key) {
      return keys.indexOf(key);
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
        sortBy(index, now ? (now === "ascending" ? "descending" : "ascending") : first);
        save();
      });
    });

    var params = new URLSearchParams(location.search);
    var wantedSort = (params.get("sort") || "").toLowerCase();
    var sortColumn = keys.indexOf(wantedSort) !== -1 ? keys.indexOf(wantedSort)
      : names.map(function (name) { return name.toLowerCase(); }).indexOf(wantedSort);
    // An order is asc or desc, or the long word the page writes ("ascending").
    var wantedOrder = (params.get("order") || "").toLowerCase();
    var direction = /^(asc|desc)(ending)?$/.test(wantedOrder) && wantedOrder.replace(/c$/, "cending");
    // A sort or order the table does not have is said on the page, not silently ignored.
    if (ownsAddress && (wantedSort && sortColumn < 0 || wantedOrder && !direction)) {
      var said = statusBefore(table.parentNode);
      said.className = "sort-problem";
      said.textContent = "This table cannot sort as the address asks (" + location.search + "): its sorts are " +
        keys.join(", ") + ", in the order asc or desc.";
    }
    if (ownsAddress && sortColumn !== -1) {
      sortBy(sortColumn, direction || "ascending");
    } else if (limit !== Infinity) {
      display();
    }

    return {
      table: table,
      rows: rows,
      params: params,
      cell: function (row, key) { return row.cells[column(key)]; },
      // The rows the filters let through (null: all), shown in the order of the sort.
      show: function (through) {
        shown = through;
        display();
      },
      save: save,
      inView: function () { return view().map(function (index) { return rows[index]; }); },
      attach: function (module) { filters = module; },
      name: function () { return filters ? filters.name() : "all"; }
    };
  }

  // The index: its filters and the view's tools, whose code loads on first use.
  function index(sortable, form, tools) {
    var started = null;
    function start(fromAddress) {
      if (!started) {
        started = load(form).then(function (module) {
          sortable.attach(module.start(sortable, form, tools, fromAddress));
          form.setAttribute("data-live", ""); // the filters now follow the form
          if (!fromAddress) {
            sortable.save(); // the reader's first touch may already have changed the form
          }
        });
      }
      return started;
    }
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    ["focusin", "pointerdown", "input", "reset"].forEach(function (kind) {
      form.addEventListener(kind, function () { start(false); });
    });
    // An address that names any of the form's fields (q, instrument, ...) asks for a filtered view.
    if (Array.prototype.some.call(form.elements, function (field) { return field.name && sortable.params.has(field.name); })) {
      start(true);
    }
    var toolStatus = tools.querySelector(".view-tools-status");
    tools.addEventListener("click", function (event) {
      var button = event.target.closest("button");
      if (button) {
        Promise.all([load(tools), start(false)]).then(function (modules) {
          modules[0].act(button, sortable.inView(), sortable.name(), toolStatus);
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

  var tables = document.querySelectorAll("table[data-sortable]");
  var form = document.getElementById("filters");
  Array.prototype.forEach.call(tables, function (table) {
    // The address keeps the view of the page's one table (the index, an instrument's page).
    var sortable = enhance(table, tables.length === 1);
    if (form && form.parentNode.contains(table)) {
      index(sortable, form, document.getElementById("view-tools"));
    }
  });
})();
