/* yakuba alerts service worker: shows pushed alerts and opens their page when tapped.
   Served from /alerts/sw.js with "Service-Worker-Allowed: /" (scope: the whole site).
   The payload is the JSON the server encrypted (RFC 8291): title, body, url, tag, severity, lang. */
"use strict";

var ICON_URL = "__ICON_URL__";
var DEFAULT_TITLE = "お知らせ";

self.addEventListener("install", function () {
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  event.waitUntil(self.clients.claim());
});

function readPayload(event) {
  if (!event.data) {
    return {};
  }
  try {
    return event.data.json();
  } catch (error) {
    return { body: event.data.text() };
  }
}

self.addEventListener("push", function (event) {
  var data = readPayload(event);
  var options = {
    body: data.body || "",
    icon: ICON_URL,
    badge: ICON_URL,
    lang: data.lang === "en" ? "en" : "ja",
    data: { url: data.url || "/" },
    // An update or a cancellation carries the original alert's tag and replaces its notification.
    requireInteraction: data.severity === "Extreme" || data.severity === "Severe"
  };
  if (data.tag) {
    options.tag = data.tag;
    options.renotify = true;
  }
  event.waitUntil(self.registration.showNotification(data.title || DEFAULT_TITLE, options));
});

self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  var target = (event.notification.data && event.notification.data.url) || "/";
  var url = new URL(target, self.location.origin).href;
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then(function (windows) {
      for (var i = 0; i < windows.length; i += 1) {
        if (windows[i].url === url && "focus" in windows[i]) {
          return windows[i].focus();
        }
      }
      return self.clients.openWindow ? self.clients.openWindow(url) : undefined;
    })
  );
});
