/* Copy buttons: a button[data-copy-from] copies the text of the element whose id it names (a
 * citation), and says so in a status beside it. Without script the buttons stay hidden and the
 * text is selected and copied as any other. */
(function () {
  "use strict";

  Array.prototype.forEach.call(document.querySelectorAll("button[data-copy-from]"), function (button) {
    var source = document.getElementById(button.getAttribute("data-copy-from"));
    var status = document.createElement("span");
    status.className = "copy-status";
    status.setAttribute("role", "status");
    button.parentNode.insertBefore(status, button.nextSibling);
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(source.textContent).then(function () {
        status.textContent = "Copied.";
      }, function () {
        status.textContent = "The browser did not allow copying; select the text instead.";
      });
    });
  });
})();
