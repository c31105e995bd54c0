// Follows background work on its page (an import job, a schedule run). A static file, so that
// the Content-Security-Policy needs no inline script.
//
// An element with data-poll-url is polled for JSON every data-poll-every milliseconds while the
// JSON's "status" is one of data-poll-while (space-separated). Each element inside it with
// data-field="NAME" shows the JSON's NAME: a <progress> as its value, any other element as its
// text, and data-poll-empty (on the polled element) for a value that is null or empty. Once the
// status is another, the page is reloaded for the result. A request that fails is retried, more
// slowly.
(function () {
  "use strict";

  function show(fields, data, empty) {
    fields.forEach(function (element) {
      var name = element.dataset.field;
      if (!Object.prototype.hasOwnProperty.call(data, name)) {
        return;
      }
      var value = data[name];
      if (element.tagName === "PROGRESS") {
        element.value = value;
      } else {
        element.textContent = value === null || value === "" ? empty : String(value);
      }
    });
  }

  function watch(box) {
    var active = (box.dataset.pollWhile || "").split(" ");
    var every = parseInt(box.dataset.pollEvery || "1000", 10);
    var empty = box.dataset.pollEmpty || "";
    var fields = Array.prototype.slice.call(box.querySelectorAll("[data-field]"));

    function poll() {
      fetch(box.dataset.pollUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) {
            throw new Error(response.status);
          }
          return response.json();
        })
        .then(function (data) {
          show(fields, data, empty);
          if (active.indexOf(data.status) >= 0) {
            window.setTimeout(poll, every);
          } else {
            window.location.reload();
          }
        })
        .catch(function () {
          window.setTimeout(poll, every * 4);
        });
    }

    window.setTimeout(poll, every);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-poll-url]").forEach(watch);
  });
})();
