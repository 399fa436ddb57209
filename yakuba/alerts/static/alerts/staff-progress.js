/* Delivery dashboard: refresh the progress bar and per-channel counts every 2 seconds
 * from the alert's progress.json while it is sending.  Without this script the
 * 「更新」 link of the progress component reloads the page.  No addresses are fetched:
 * the endpoint returns counts only.
 */
(function () {
  "use strict";

  var INTERVAL = 2000;

  function update(area, data) {
    var bar = area.querySelector("progress");
    if (bar) {
      bar.value = data.percent;
      bar.textContent = data.percent + "%";
    }
    var percent = area.querySelector(".progress-percent");
    if (percent) {
      percent.textContent = data.percent + "%";
    }
    var status = area.querySelector(".progress-status");
    if (status && status.textContent !== data.status_text) {
      status.textContent = data.status_text; /* inside the aria-live region */
    }
    Object.keys(data.by_channel || {}).forEach(function (channel) {
      var counts = data.by_channel[channel];
      Object.keys(counts).forEach(function (state) {
        var cell = area.querySelector('[data-count="' + channel + ":" + state + '"]');
        if (cell) {
          cell.textContent = String(counts[state]);
        }
      });
    });
  }

  function poll(area) {
    var url = area.getAttribute("data-progress-json");
    window.setTimeout(function () {
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) {
            throw new Error(String(response.status));
          }
          return response.json();
        })
        .then(function (data) {
          update(area, data);
          if (data.done) {
            /* finished: reload once to show the final status, retry button and audit */
            window.location.reload();
          } else {
            poll(area);
          }
        })
        .catch(function () {
          window.setTimeout(function () { poll(area); }, INTERVAL * 4);
        });
    }, INTERVAL);
  }

  function start() {
    var area = document.querySelector("[data-progress-json][data-polling]");
    if (area && window.fetch) {
      poll(area);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
