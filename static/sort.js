/* Sortable tables, after the W3C ARIA Authoring Practices "Sortable Table" example.
 *
 * Progressive enhancement: the HTML lists the programs in program order and reads well without
 * script. Here each column header of a table[data-sortable] becomes a button; a click (or Enter or
 * Space) sorts by that column, ascending first, then reverses. The sorted header carries aria-sort
 * and a polite live region announces the new order. Ties keep program order in both directions.
 */
(function () {
  "use strict";

  var collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });

  function enhance(table) {
    var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
    var body = table.tBodies[0];
    // Program order, as the page was served: the tie-breaker for every sort.
    var rows = Array.prototype.slice.call(body.rows);
    var keysByColumn = [];
    var status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    table.parentNode.insertBefore(status, table.nextSibling);
    var hint = document.createElement("span");
    hint.className = "visually-hidden";
    hint.textContent = " (select a column header to sort)";
    table.caption.appendChild(hint);

    function keys(column) {
      if (!keysByColumn[column]) {
        var numeric = headers[column].getAttribute("data-sort") === "number";
        keysByColumn[column] = rows.map(function (row) {
          var text = row.cells[column].textContent.trim();
          return numeric ? parseFloat(text) : text;
        });
      }
      return keysByColumn[column];
    }

    function sort(column, direction) {
      var columnKeys = keys(column);
      var numeric = headers[column].getAttribute("data-sort") === "number";
      var sign = direction === "descending" ? -1 : 1;
      var order = rows.map(function (_, index) { return index; });
      order.sort(function (a, b) {
        var x = columnKeys[a];
        var y = columnKeys[b];
        var difference = numeric ? x - y : collator.compare(x, y);
        return sign * difference || a - b;
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
      status.textContent = "Sorted by " + headers[column].textContent.trim() + ", " + direction + ".";
    }

    headers.forEach(function (header, column) {
      var button = document.createElement("button");
      button.type = "button";
      while (header.firstChild) {
        button.appendChild(header.firstChild);
      }
      header.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = header.getAttribute("aria-sort") !== "ascending";
        sort(column, ascending ? "ascending" : "descending");
      });
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("table[data-sortable]"), enhance);
})();
