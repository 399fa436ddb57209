/* yakuba progressive enhancement. Every page works without this file.
 *  1. Move focus to the error summary after a failed form submission.
 *  2. Poll long-job progress blocks (components/progress.html with data-poll-url).
 */
(function () {
  "use strict";

  function focusErrorSummary() {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) {
      summary.focus();
    }
  }

  function pollProgress(block) {
    var url = block.getAttribute("data-poll-url");
    var seconds = parseInt(block.getAttribute("data-poll-interval"), 10) || 3;
    if (!url || !window.fetch || !window.DOMParser) {
      return;
    }
    window.setTimeout(function () {
      fetch(url, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
        .then(function (response) {
          if (!response.ok) {
            throw new Error(String(response.status));
          }
          return response.text();
        })
        .then(function (html) {
          var doc = new DOMParser().parseFromString(html, "text/html");
          var fresh = doc.getElementById(block.id);
          if (!fresh) {
            return;
          }
          var bar = block.querySelector("progress");
          var freshBar = fresh.querySelector("progress");
          if (bar && freshBar) {
            bar.value = freshBar.value;
            bar.textContent = freshBar.textContent;
          }
          var text = block.querySelector(".progress-text");
          var freshText = fresh.querySelector(".progress-text");
          if (text && freshText && text.innerHTML !== freshText.innerHTML) {
            text.innerHTML = freshText.innerHTML; /* the live region announces the change */
          }
          if (fresh.hasAttribute("data-poll-url")) {
            pollProgress(block);
          } else {
            /* finished: show the final state (links to the result, no "更新" link) */
            block.removeAttribute("data-poll-url");
            var refresh = block.querySelector(".progress-refresh");
            if (refresh) {
              refresh.remove();
            }
            Array.prototype.forEach.call(fresh.querySelectorAll(".progress-result"), function (node) {
              block.appendChild(document.importNode(node, true));
            });
          }
        })
        .catch(function () {
          /* keep the "更新" link; try again later */
          window.setTimeout(function () { pollProgress(block); }, seconds * 4000);
        });
    }, seconds * 1000);
  }

  function start() {
    focusErrorSummary();
    Array.prototype.forEach.call(document.querySelectorAll("[data-poll-url]"), pollProgress);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
