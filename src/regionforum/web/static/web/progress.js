// Progress bars of background work (an import, a schedule run): each <progress data-poll-url>
// asks its URL for {"status", "progress", "stage"} while the status is one of
// data-poll-while, shows the stage in the element named by data-poll-stage, and reloads the
// page once the work has ended. A static file, so that the Content-Security-Policy needs no
// inline script.
(function () {
  "use strict";
  function watch(bar) {
    var active = (bar.dataset.pollWhile || "").split(" ");
    var every = parseInt(bar.dataset.pollEvery || "1000", 10);
    var stage = bar.dataset.pollStage ? document.getElementById(bar.dataset.pollStage) : null;
    function poll() {
      fetch(bar.dataset.pollUrl, { credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (data) {
          bar.value = data.progress;
          if (stage && data.stage !== undefined) { stage.textContent = data.stage; }
          if (active.indexOf(data.status) >= 0) { setTimeout(poll, every); } else { window.location.reload(); }
        });
    }
    setTimeout(poll, every);
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("progress[data-poll-url]").forEach(watch);
  });
})();
