/* Web Push subscribe widget (alerts/push/_subscribe_widget.html): progressive enhancement.
   Shown only when the browser has service workers and the Push API.  Permission is asked
   only when the resident presses the button, never on load.  Preferences come from the
   surrounding <form> (fields categories, areas, language, whole_city; names overridable
   with data-field-* on the widget). */
(function () {
  "use strict";

  function base64UrlToBytes(value) {
    var padded = value.replace(/-/g, "+").replace(/_/g, "/");
    padded += "===".slice((padded.length + 3) % 4);
    var raw = window.atob(padded);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i += 1) {
      bytes[i] = raw.charCodeAt(i);
    }
    return bytes;
  }

  function field(widget, name) {
    return widget.getAttribute("data-field-" + name) || name;
  }

  function preferences(widget) {
    var form = widget.closest("form");
    var data = form ? new FormData(form) : new FormData();
    var wholeCity = data.get(field(widget, "whole_city"));
    var areas = data.getAll(field(widget, "areas")).filter(Boolean);
    return {
      categories: data.getAll(field(widget, "categories")).filter(Boolean),
      areas: areas,
      language: data.get(field(widget, "language")) || document.documentElement.lang || "ja",
      whole_city: wholeCity === null ? areas.length === 0 : ["1", "true", "on", "yes", "whole"].indexOf(String(wholeCity)) >= 0
    };
  }

  function Widget(element) {
    this.element = element;
    this.status = element.querySelector("[data-push-status]");
    this.subscribeBox = element.querySelector("[data-push-subscribe-box]");
    this.unsubscribeBox = element.querySelector("[data-push-unsubscribe-box]");
    this.busy = false;
  }

  Widget.prototype.message = function (key) {
    return this.element.getAttribute("data-msg-" + key) || "";
  };

  Widget.prototype.say = function (text, isError) {
    this.status.textContent = text;
    this.status.classList.toggle("push-status-error", Boolean(isError));
  };

  Widget.prototype.showSubscribed = function (subscribed) {
    this.unsubscribeBox.hidden = !subscribed;
  };

  Widget.prototype.applicationServerKey = function () {
    var element = this.element;
    var known = element.getAttribute("data-key");
    if (known) {
      return Promise.resolve(base64UrlToBytes(known));
    }
    return fetch(element.getAttribute("data-key-url"), { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (json) {
        element.setAttribute("data-key", json.publicKey);
        return base64UrlToBytes(json.publicKey);
      });
  };

  Widget.prototype.registration = function () {
    return navigator.serviceWorker.register(this.element.getAttribute("data-sw-url"), { scope: "/" })
      .then(function () { return navigator.serviceWorker.ready; });
  };

  Widget.prototype.post = function (url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": this.element.getAttribute("data-csrf") },
      body: JSON.stringify(body)
    }).then(function (response) {
      return response.json().catch(function () { return { ok: false }; }).then(function (json) {
        json.ok = Boolean(json.ok) && response.ok;
        return json;
      });
    });
  };

  Widget.prototype.subscribe = function () {
    var widget = this;
    if (widget.busy) { return; }
    var chosen = preferences(widget.element);
    if (!chosen.categories.length) {
      widget.say(widget.message("choose"), true);
      return;
    }
    widget.busy = true;
    widget.say(widget.message("working"), false);
    Notification.requestPermission().then(function (permission) {
      if (permission !== "granted") {
        throw new Error("denied");
      }
      return widget.registration();
    }).then(function (registration) {
      return registration.pushManager.getSubscription().then(function (existing) {
        if (existing) {
          return existing;
        }
        return widget.applicationServerKey().then(function (key) {
          return registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key });
        });
      });
    }).then(function (subscription) {
      chosen.subscription = subscription.toJSON();
      return widget.post(widget.element.getAttribute("data-subscribe-url"), chosen);
    }).then(function (answer) {
      widget.say(answer.message || widget.message(answer.ok ? "subscribed" : "failed"), !answer.ok);
      widget.showSubscribed(answer.ok);
    }).catch(function (error) {
      widget.say(widget.message(error && error.message === "denied" ? "denied" : "failed"), true);
    }).then(function () {
      widget.busy = false;
    });
  };

  Widget.prototype.unsubscribe = function () {
    var widget = this;
    if (widget.busy) { return; }
    widget.busy = true;
    navigator.serviceWorker.getRegistration("/").then(function (registration) {
      return registration ? registration.pushManager.getSubscription() : null;
    }).then(function (subscription) {
      if (!subscription) {
        return { ok: true, message: widget.message("unsubscribed") };
      }
      var body = { subscription: subscription.toJSON() };
      return widget.post(widget.element.getAttribute("data-unsubscribe-url"), body).then(function (answer) {
        return subscription.unsubscribe().then(function () { return answer; });
      });
    }).then(function (answer) {
      widget.say(answer.message || widget.message(answer.ok ? "unsubscribed" : "failed"), !answer.ok);
      widget.showSubscribed(!answer.ok);
    }).catch(function () {
      widget.say(widget.message("failed"), true);
    }).then(function () {
      widget.busy = false;
    });
  };

  Widget.prototype.start = function () {
    var widget = this;
    widget.element.hidden = false;
    widget.element.querySelector("[data-push-subscribe]").addEventListener("click", function () { widget.subscribe(); });
    widget.element.querySelector("[data-push-unsubscribe]").addEventListener("click", function () { widget.unsubscribe(); });
    navigator.serviceWorker.getRegistration("/").then(function (registration) {
      return registration ? registration.pushManager.getSubscription() : null;
    }).then(function (subscription) {
      if (subscription) {
        widget.showSubscribed(true);
        widget.say(widget.message("already"), false);
      }
    }).catch(function () { return null; });
  };

  function init() {
    var supported = "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;
    var widgets = document.querySelectorAll("[data-push-widget]");
    if (supported) {
      var fallbacks = document.querySelectorAll("[data-push-fallback]");
      for (var j = 0; j < fallbacks.length; j += 1) {
        fallbacks[j].hidden = true;
      }
    }
    for (var i = 0; i < widgets.length; i += 1) {
      if (supported) {
        new Widget(widgets[i]).start();
      } else if (/iPhone|iPad|iPod/.test(navigator.userAgent)) {
        var hint = widgets[i].parentNode.querySelector("[data-push-ios-hint]");
        if (hint) { hint.hidden = false; }
      }
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
