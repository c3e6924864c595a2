/* The filters of the index's table, in the manner of a faceted search: a module that
 * static/table.js loads when a reader first uses form#filters, or at once when the address asks
 * for a filtered view.
 *
 * A search that ignores case, accents, hyphens and spaces looks through each program's number (by
 * its beginning), title and the words of its facet values (their names and the other words
 * data/site.toml declares for them: "wavecal", "TSO"), a plural also as its singular ("flats");
 * when it finds nothing, the empty state offers the nearest words that would find something; a facet for each of instrument, kind of
 * calibration and observing mode (fieldset[data-facet]; a row's data-<facet> holds its values);
 * a range of hours ("at least", "at most"). Options of one facet add to each other, facets and the
 * range narrow each other; each option shows how many rows it would give with the other filters
 * as they are. The caption, the total, the status and an empty state follow the filters; the view
 * lives in the address (?q=&instrument=&topics=&modes=&hours_min=&hours_max=), and a value there
 * that matches nothing, or bounds that are not numbers of hours or are reversed, are said on the page.
 */

// What else the search finds each facet option by (an instrument's full name, a topic's or mode's
// search_words from data/site.toml), by facet and value: fetched as the module loads, so that the
// index does not carry it; without it the search still finds names.
var otherWords = await fetch(new URL(document.getElementById("filters").getAttribute("data-words"), location.href))
  .then(function (response) { return response.json(); })
  .catch(function () { return {}; });

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
  var bounds = [form.elements.hours_min, form.elements.hours_max]; // at least, at most
  var facets = Array.prototype.slice.call(form.querySelectorAll("fieldset[data-facet]")).map(function (set) {
    var key = set.getAttribute("data-facet");
    var boxes = Array.prototype.slice.call(set.querySelectorAll("input[type=checkbox]"));
    var words = {};
    // A value is found by its slug, its name, and any other words search-words.json gives it.
    boxes.forEach(function (box) {
      words[box.value] = box.parentNode.textContent + " " + ((otherWords[key] || {})[box.value] || "");
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
  var nearest = document.createElement("span"); // the words a search that finds nothing is near
  empty.insertBefore(nearest, empty.querySelector("button"));
  var captionText = table.caption.querySelector(".caption-text");
  var allCaption = captionText.textContent;
  var footer = table.tFoot.rows[0];
  // Hours are added as whole numbers of their smallest unit, so totals print exactly.
  var hoursTexts = rows.map(function (row) { return sortable.cell(row, "hours").textContent.trim(); });
  var decimals = Math.max.apply(null, hoursTexts.map(function (text) { return (text.split(".")[1] || "").length; }));
  var scaled = hoursTexts.map(function (text) { return Math.round(parseFloat(text) * Math.pow(10, decimals)); });
  var hours = hoursTexts.map(parseFloat);
  var ids = rows.map(function (row) { return sortable.cell(row, "id").textContent.trim(); });
  var addressProblems = []; // what the address asked for that the page could not show
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

  // A word and what it may stand for: "flats" for "flat", "searches" for "search".
  function forms(word) {
    var found = [word];
    if (word.length > 3 && /s$/.test(word)) {
      found.push(word.slice(0, -1));
    }
    if (word.length > 4 && /es$/.test(word)) {
      found.push(word.slice(0, -2));
    }
    return found;
  }

  function matchesWord(index, word) {
    // A number is a program number's beginning; any other word is found anywhere.
    return /^[0-9]+$/.test(word) ? ids[index].indexOf(word) === 0 : forms(word).some(function (form) {
      return searchable[index].indexOf(form) !== -1;
    });
  }

  function matchesSearch(index, words) {
    return words.every(function (word) { return matchesWord(index, word); });
  }

  // Every word the search looks through, once: what the empty state may offer instead.
  var vocabulary = {};
  rows.forEach(function (_, index) {
    var text = sortable.cell(rows[index], "title").textContent;
    facets.forEach(function (facet) {
      facet.values[index].forEach(function (value) { text += " " + (facet.words[value] || ""); });
    });
    folded(text).split(/[^a-z0-9]+/).forEach(function (word) {
      if (word.length > 2 && !/^[0-9]+$/.test(word)) {
        vocabulary[word] = true;
      }
    });
  });

  function distance(a, b) {
    var previous = [];
    for (var j = 0; j <= b.length; j += 1) {
      previous.push(j);
    }
    for (var i = 1; i <= a.length; i += 1) {
      var current = [i];
      for (j = 1; j <= b.length; j += 1) {
        current.push(Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)));
      }
      previous = current;
    }
    return previous[b.length];
  }

  // For each word of the search that finds nothing, the nearest words (a letter or two away, at
  // most three) that would find a program with the rest of the filters as they are.
  function suggestions(words, choices, within) {
    var found = [];
    words.forEach(function (word, position) {
      if (/^[0-9]+$/.test(word) || rows.some(function (_, index) { return matchesWord(index, word); })) {
        return;
      }
      var allowed = word.length > 5 ? 2 : 1;
      Object.keys(vocabulary).map(function (other) { return [distance(word, other), other]; })
        .filter(function (pair) { return pair[0] <= allowed; })
        .sort(function (a, b) { return a[0] - b[0] || (a[1] < b[1] ? -1 : 1); })
        .filter(function (pair) {
          var instead = words.slice();
          instead[position] = pair[1];
          return rows.some(function (_, index) { return passes(index, instead, choices, -1, within); });
        })
        .slice(0, 3)
        .forEach(function (pair) { found.push({ word: word, instead: pair[1] }); });
    });
    return found;
  }

  // The range of hours the form asks for ([at least, at most], null where there is no bound) and
  // what is wrong with it: a bound that is not a number of hours is left out; reversed bounds are
  // kept (nothing can match them) and said.
  function range() {
    var found = [null, null];
    var problems = [];
    bounds.forEach(function (input, number) {
      var value = input.value.trim();
      if (input.validity.badInput || (value && !(parseFloat(value) >= 0))) {
        problems.push("“" + (number ? "at most" : "at least") + "” hours must be a number, 0 or more; it is left out.");
      } else if (value) {
        found[number] = parseFloat(value);
      }
    });
    if (found[0] !== null && found[1] !== null && found[0] > found[1]) {
      problems.push("At least " + found[0] + " hours is more than at most " + found[1] + " hours: no program can be both.");
    }
    return { low: found[0], high: found[1], problems: problems };
  }

  function passes(index, words, choices, except, within) {
    return matchesSearch(index, words) && (within.low === null || hours[index] >= within.low)
      && (within.high === null || hours[index] <= within.high) && facets.every(function (facet, number) {
      return number === except || !choices[number].length || facet.values[index].some(function (value) {
        return choices[number].indexOf(value) !== -1;
      });
    });
  }

  function apply() {
    var words = folded(search.value).split(/\s+/).map(compact).filter(Boolean);
    var choices = facets.map(selected);
    var within = range();
    var count = 0;
    var total = 0;
    var through = rows.map(function (_, index) {
      var pass = passes(index, words, choices, -1, within);
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
          if (facet.values[index].indexOf(box.value) !== -1 && passes(index, words, choices, number, within)) {
            n += 1;
          }
        });
        box.parentNode.querySelector(".count").textContent = "(" + n + ")";
      });
    });
    sortable.show(through);
    var sum = (total / Math.pow(10, decimals)).toFixed(decimals);
    sortable.cell(footer, "hours").textContent = sum;
    sortable.cell(footer, "title").textContent = count + (count === 1 ? " program" : " programs");
    var described = describe(choices, within);
    var problems = addressProblems.concat(within.problems);
    problem.hidden = !problems.length;
    problem.textContent = problems.join(" ");
    var filtered = count !== rows.length || described;
    captionText.textContent = filtered
      ? count + " of " + rows.length + " calibration programs" + (described ? ": " + described : "")
      : allCaption;
    filterStatus.textContent = filtered
      ? "Showing " + count + " of " + rows.length + " programs, " + sum + " hours."
      : "Showing all " + rows.length + " programs.";
    table.parentNode.hidden = count === 0;
    empty.hidden = count !== 0;
    empty.querySelector(".empty-text").textContent = "No program matches " + (described || "these filters") + ".";
    offer(count === 0 ? suggestions(words, choices, within) : []);
    tools.hidden = count === 0;
  }

  // The nearest words, each a button that puts it in the search in place of the word it is near.
  function offer(found) {
    var list = nearest;
    list.textContent = "";
    if (!found.length) {
      return;
    }
    list.appendChild(document.createTextNode("Nearest words that find programs: "));
    found.forEach(function (pair, number) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = pair.instead;
      button.setAttribute("aria-label", "Search for " + pair.instead + " instead of " + pair.word);
      button.addEventListener("click", function () {
        search.value = folded(search.value).split(/\s+/).map(function (typed) {
          return compact(typed) === pair.word ? pair.instead : typed;
        }).join(" ");
        apply();
        sortable.save();
        search.focus();
      });
      list.appendChild(button);
      list.appendChild(document.createTextNode(number + 1 < found.length ? " " : ". "));
    });
  }

  function describe(choices, within) {
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
    if (within.low !== null && within.high !== null) {
      parts.push(within.low + " to " + within.high + " hours");
    } else if (within.low !== null) {
      parts.push("at least " + within.low + " hours");
    } else if (within.high !== null) {
      parts.push("at most " + within.high + " hours");
    }
    return parts.join(", ");
  }

  // The view the address asks for; a value no option has is said on the page.
  function readAddress() {
    var params = sortable.params;
    var unknown = [];
    addressProblems = [];
    search.value = params.get("q") || "";
    bounds.forEach(function (input) {
      var value = (params.get(input.name) || "").trim();
      // A number field would drop a value that is not a number without a word: it is said instead.
      input.value = /^[0-9]*\.?[0-9]+$/.test(value) ? value : "";
      if (value && !input.value) {
        addressProblems.push("The address asks for " + input.name + "=“" + value + "”, which is not a number of hours; it is left out.");
      }
    });
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
    if (unknown.length) {
      addressProblems.push("The address asks for " + unknown.join(" and ") + ", which no program has; " + (unknown.length > 1 ? "they are" : "it is") + " left out.");
    }
  }

  form.addEventListener("input", function () {
    apply();
    sortable.save();
  });
  form.addEventListener("reset", function () {
    // After the form has cleared itself.
    setTimeout(function () {
      addressProblems = [];
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
      bounds.forEach(function (input) {
        if (input.value.trim()) {
          query.set(input.name, input.value.trim());
        }
      });
      return query.toString();
    },
    // The view's files are named by what it selects: programs-niriss.csv, programs-miri-flat.csv.
    name: function () {
      var parts = facets.map(function (facet) { return selected(facet).join("-"); });
      var within = range();
      parts.push(compact(search.value));
      parts.push(within.low === null ? "" : "from" + within.low + "h", within.high === null ? "" : "to" + within.high + "h");
      return parts.filter(Boolean).join("-") || "all";
    }
  };
}
