// Small progressive enhancements on top of htmx. Every page works without this file.
(function () {
  "use strict";

  // With JavaScript, questions that do not apply yet can be hidden until they do (CSS: .js ...).
  document.documentElement.classList.add("js");

  function showError(text) {
    var messages = document.getElementById("messages");
    if (!messages) return;
    var message = document.createElement("p");
    message.className = "message message--error";
    message.setAttribute("role", "alert");
    message.textContent = text || document.body.getAttribute("data-error-fallback");
    messages.replaceChildren(message);
  }

  // htmx does not swap error pages; show the page's own heading in the live region instead,
  // so the person hears and sees what went wrong.
  document.addEventListener("htmx:responseError", function (event) {
    var html = event.detail.xhr && event.detail.xhr.responseText;
    var heading = html && new DOMParser().parseFromString(html, "text/html")
      .querySelector("#error-message h1");
    showError(heading && heading.textContent.trim());
  });

  document.addEventListener("htmx:sendError", function () { showError(); });

  // A certificate's print button (hidden without JavaScript: the browser's own Print works then).
  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-print]")) window.print();
  });

  // A form swapped back with mistakes: move focus to its error summary, as a full page would.
  function focusErrorSummary(root) {
    var summary = root.querySelector("[data-autofocus]");
    if (summary) summary.focus();
  }
  document.addEventListener("htmx:afterSettle", function () { focusErrorSummary(document); });
  document.addEventListener("DOMContentLoaded", function () { focusErrorSummary(document); });
})();
