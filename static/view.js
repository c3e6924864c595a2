/* The rows in view on the index, downloaded or copied: a module that static/table.js loads when a
 * reader first asks for it. CSV, JSON, ECSV and VOTable are the site's own downloads (a button's
 * data-download names the file, whose extension says how to read it), fetched and cut to the rows
 * in view, in their order, each keeping its metadata; TSV, Markdown and AASTeX
 * (a deluxetable, for papers) are made from the table as it shows.
 */

// The records of a CSV-like text (a quoted field may hold line breaks), each with its first field.
function records(text, separator) {
  var found = [];
  var start = 0;
  var quoted = false;
  for (var at = 0; at < text.length; at += 1) {
    var char = text.charAt(at);
    if (char === '"') {
      quoted = !quoted;
    } else if (char === "\n" && !quoted) {
      var line = text.slice(start, at + 1);
      found.push({ text: line, id: line.split(separator)[0] });
      start = at + 1;
    }
  }
  return found;
}

// The header's lines, then the records of the rows in view, in their order; null if the file
// lacks one of them. The header is cut by lines: its lines hold no line break, but may hold a
// quote (an ECSV's metadata), which must not be read as the start of a quoted field.
function cut(text, separator, headerLines, ids) {
  var lines = text.split("\n");
  var byId = {};
  records(lines.slice(headerLines).join("\n"), separator).forEach(function (record) { byId[record.id] = record.text; });
  if (!ids.every(function (id) { return id in byId; })) {
    return null;
  }
  return lines.slice(0, headerLines).join("\n") + "\n" + ids.map(function (id) { return byId[id]; }).join("");
}

function save(text, name, type, status) {
  var link = document.createElement("a");
  link.href = URL.createObjectURL(new Blob([text], { type: type }));
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  status.textContent = "Downloaded " + name + ".";
}

function latex(text) {
  return text.replace(/[\\&%$#_{}~^]/g, function (char) {
    return { "\\": "\\textbackslash{}", "~": "\\textasciitilde{}", "^": "\\textasciicircum{}" }[char] || "\\" + char;
  });
}

function cells(rows) {
  return rows.map(function (row) {
    return Array.prototype.map.call(row.cells, function (cell) { return cell.textContent.trim(); });
  });
}

function heads() {
  return Array.prototype.map.call(document.querySelectorAll("table.programs thead th"), function (th) {
    return th.textContent.trim();
  });
}

var copies = {
  tsv: function (rows) {
    return [heads()].concat(cells(rows)).map(function (line) { return line.join("\t"); }).join("\n") + "\n";
  },
  markdown: function (rows) {
    var lines = [heads(), heads().map(function (_, index) { return index < 2 ? "---:" : "---"; })].concat(cells(rows));
    return lines.map(function (line) {
      return "| " + line.map(function (cell) { return cell.replace(/\|/g, "\\|"); }).join(" | ") + " |";
    }).join("\n") + "\n";
  },
  aastex: function (rows) {
    var head = heads();
    return "\\begin{deluxetable}{" + head.map(function (_, index) { return index < 2 ? "r" : "l"; }).join("") + "}\n"
      + "\\tablecaption{" + latex(document.querySelector("table.programs .caption-text").textContent) + "}\n"
      + "\\tablehead{" + head.map(function (name) { return "\\colhead{" + latex(name) + "}"; }).join(" & ") + "}\n"
      + "\\startdata\n"
      + cells(rows).map(function (line) { return line.map(latex).join(" & "); }).join(" \\\\\n") + "\n"
      + "\\enddata\n\\end{deluxetable}\n";
  }
};

// The JSON download's programs, cut to `ids` in their order.
function cutJson(text, ids) {
  var document = JSON.parse(text);
  var byId = {};
  document.programs.forEach(function (program) { byId[String(program.id)] = program; });
  if (!ids.every(function (id) { return id in byId; })) {
    return null;
  }
  document.programs = ids.map(function (id) { return byId[id]; });
  return JSON.stringify(document) + "\n";
}

// The VOTable's rows (TR, the first cell the program's number), cut to `ids` in their order.
function cutVotable(text, ids) {
  var xml = new DOMParser().parseFromString(text, "application/xml");
  var data = xml.getElementsByTagName("TABLEDATA")[0];
  var byId = {};
  Array.prototype.slice.call(data.getElementsByTagName("TR")).forEach(function (row) {
    byId[row.getElementsByTagName("TD")[0].textContent] = row;
  });
  if (!ids.every(function (id) { return id in byId; })) {
    return null;
  }
  data.textContent = "";
  ids.forEach(function (id) {
    data.appendChild(byId[id]);
    data.appendChild(xml.createTextNode("\n"));
  });
  return '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(xml.documentElement) + "\n";
}

// A CSV-like file's rows in view: its header is a CSV's first line, or an ECSV's comment lines
// and the line of column names.
function lines(separator) {
  return function (text, ids) {
    var all = text.split("\n");
    var header = 1;
    while (all[header - 1].charAt(0) === "#") {
      header += 1;
    }
    return cut(text, separator, header, ids);
  };
}

// How each of the site's downloads is cut to the rows in view, by its file's extension.
var FORMATS = {
  csv: { cut: lines(","), type: "text/csv" },
  json: { cut: cutJson, type: "application/json" },
  ecsv: { cut: lines(" "), type: "text/x-ecsv" },
  vot: { cut: cutVotable, type: "application/x-votable+xml" }
};

export function act(button, rows, viewName, status) {
  var ids = rows.map(function (row) { return row.cells[0].textContent.trim(); });
  var source = button.getAttribute("data-download");

  if (source) {
    var extension = source.split(".").pop();
    fetch(source).then(function (response) { return response.text(); }).then(function (text) {
      var made = FORMATS[extension].cut(text, ids);
      if (made === null) {
        status.textContent = "The data file does not hold the rows in view; the full downloads below still work.";
        return;
      }
      save(made, "programs-" + viewName + "." + extension, FORMATS[extension].type, status);
    }).catch(function () {
      status.textContent = "The data could not be fetched; the full downloads below still work.";
    });
  } else if (button.hasAttribute("data-copy")) {
    var text = copies[button.getAttribute("data-copy")](rows);
    navigator.clipboard.writeText(text).then(function () {
      status.textContent = "Copied " + rows.length + " rows as " + button.textContent + ".";
    }, function () {
      status.textContent = "The browser did not allow copying.";
    });
  }
}
