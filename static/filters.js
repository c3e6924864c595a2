/* The filters of the index's table, in the manner of a faceted search: a module that
 * static/table.js loads when a reader first uses form#filters, or at once when the address asks
 * for a filtered view.
 *
 * A search that ignores case, accents, hyphens and spaces looks through each program's number (by
 * its beginning), title and the words of its facet values; a facet for each of instrument, kind of
 * calibration and observing mode (fieldset[data-facet]; a row's data-<facet> holds its values).
 * Options of one facet add to each other, facets narrow each other; each option shows how many
 * rows it would give with the other filters as they are. The caption, the total, the status and
 * an empty state follow the filters; the view lives in the address (?q=&instrument=&topics=&
 * modes=), and a value there that matches nothing is said on the page.
 */

function folded(text) {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
}

// "Flat-field", "flat field" and "flatfield" all become "flatfield".
function compact(text) {
  return folded(text).replace(/[^a-z0-9]+/g, "");
}

export function start(sortable, form, tools, fromAddress) {
  var rows = sortable.rows;
  var table = sortable.table;
  var search = form.elements.q;
  var facets = Array.prototype.slice.call(form.querySelectorAll("fieldset[data-facet]")).map(function (set) {
    var key = set.getAttribute("data-facet");
    var boxes = Array.prototype.slice.call(set.querySelectorAll("input[type=checkbox]"));
    var words = {};
    // A value is found by its slug, its name, and any other words its data-words gives.
    boxes.forEach(function (box) {
      words[box.value] = box.parentNode.textContent + " " + (box.getAttribute("data-words") || "");
    });
    return {
      key: key,
      legend: set.querySelector("legend").textContent.trim(),
      boxes: boxes,
      values: rows.map(function (row) { return (row.getAttribute("data-" + key) || "").split(" ").filter(Boolean); }),
      words: words
    };
  });
  var filterStatus = form.querySelector(".filter-status");
  var problem = form.querySelector(".filter-problem");
  var empty = document.getElementById("empty");
  var captionText = table.caption.querySelector(".caption-text");
  var allCaption = captionText.textContent;
  var footer = table.tFoot.rows[0];
  // Hours are added as whole numbers of their smallest unit, so totals print exactly.
  var hoursTexts = rows.map(function (row) { return sortable.cell(row, "hours").textContent.trim(); });
  var decimals = Math.max.apply(null, hoursTexts.map(function (text) { return (text.split(".")[1] || "").length; }));
  var scaled = hoursTexts.map(function (text) { return Math.round(parseFloat(text) * Math.pow(10, decimals)); });
  var ids = rows.map(function (row) { return sortable.cell(row, "id").textContent.trim(); });
  // What a search looks through: the number, the title, and the words of each facet value.
  var searchable = rows.map(function (row, index) {
    var text = ids[index] + " " + sortable.cell(row, "title").textContent;
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
    var through = rows.map(function (_, index) {
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
    sortable.show(through);
    var hours = (total / Math.pow(10, decimals)).toFixed(decimals);
    sortable.cell(footer, "hours").querySelector(".sum").textContent = hours;
    sortable.cell(footer, "title").textContent = count + (count === 1 ? " program" : " programs");
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

  // The view the address asks for; a value no option has is said on the page.
  function readAddress() {
    var params = sortable.params;
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

  form.addEventListener("input", function () {
    apply();
    sortable.save();
  });
  form.addEventListener("reset", function () {
    // After the form has cleared itself.
    setTimeout(function () {
      problem.hidden = true;
      apply();
      sortable.save();
    });
  });
  if (fromAddress) {
    readAddress();
  }
  apply();
  return {
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
    },
    name: function () {
      return compact(describe(facets.map(selected))) || "all";
    }
  };
}
