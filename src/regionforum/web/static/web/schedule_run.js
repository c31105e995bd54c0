// Follows a schedule run on the programme's schedule tab: polls the run's status endpoint,
// shows its phase and figures, and reloads the page for the result once the run has ended.
(function () {
  "use strict";
  var box = document.querySelector(".run-progress[data-url]");
  if (!box) {
    return;
  }
  var fields = ["phase_label", "meetings", "placed", "best_breaks", "bound"];

  function show(data) {
    box.querySelector('[data-field="progress"]').value = data.progress;
    fields.forEach(function (name) {
      var cell = box.querySelector('[data-field="' + name + '"]');
      cell.textContent = data[name] === null || data[name] === "" ? "—" : String(data[name]);
    });
  }

  function poll() {
    fetch(box.dataset.url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(response.status);
        }
        return response.json();
      })
      .then(function (data) {
        show(data);
        if (data.status === "queued" || data.status === "running") {
          window.setTimeout(poll, 700);
        } else {
          window.location.reload();
        }
      })
      .catch(function () {
        window.setTimeout(poll, 3000);
      });
  }

  window.setTimeout(poll, 500);
})();
