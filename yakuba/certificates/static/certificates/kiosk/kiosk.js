/* Kiosk screens, progressive enhancement only (every screen works without this file):
 *  1. the on-screen PIN keypad (fills the PIN field; the PIN never leaves the form);
 *  2. the idle countdown: any touch or key restarts it; at zero, the timeout URL;
 *  3. the countdown of the 「カードをお取りください」 screen.
 */
(function () {
  "use strict";

  function keypad(pad) {
    var input = document.getElementById(pad.getAttribute("data-kiosk-keypad"));
    if (!input) {
      return;
    }
    pad.hidden = false;
    pad.addEventListener("click", function (event) {
      var key = event.target.closest("button");
      if (!key) {
        return;
      }
      if (key.hasAttribute("data-clear")) {
        input.value = "";
      } else if (key.hasAttribute("data-backspace")) {
        input.value = input.value.slice(0, -1);
      } else if (input.value.length < 4) {
        input.value += key.getAttribute("data-digit");
      }
    });
  }

  function idle(block) {
    var seconds = parseInt(block.getAttribute("data-kiosk-idle"), 10);
    var url = block.getAttribute("data-kiosk-idle-url");
    if (!seconds || !url) {
      return;
    }
    var deadline = Date.now() + seconds * 1000;
    function restart() {
      deadline = Date.now() + seconds * 1000;
    }
    ["pointerdown", "keydown", "touchstart"].forEach(function (name) {
      document.addEventListener(name, restart, { passive: true });
    });
    window.setInterval(function () {
      if (Date.now() >= deadline) {
        window.location.assign(url);
      }
    }, 1000);
  }

  function countdown(block) {
    var seconds = parseInt(block.getAttribute("data-kiosk-countdown"), 10);
    var url = block.getAttribute("data-kiosk-countdown-url");
    if (!seconds || !url) {
      return;
    }
    var deadline = Date.now() + seconds * 1000;
    window.setInterval(function () {
      if (Date.now() >= deadline) {
        window.location.assign(url);
      }
    }, 1000);
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-kiosk-keypad]"), keypad);
    Array.prototype.forEach.call(document.querySelectorAll("[data-kiosk-idle]"), idle);
    Array.prototype.forEach.call(document.querySelectorAll("[data-kiosk-countdown]"), countdown);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
