// Agora's own behaviour on top of htmx. No inline scripts (the CSP forbids them);
// every hook is a data- attribute on the element it serves.
(function () {
  "use strict";

  // Auto-saved forms ([data-autosave]) never let a failed save replace the page:
  // the text the seller typed stays, and the status line says it was not saved.
  function autosaveForm(evt) {
    var elt = evt.detail && evt.detail.elt;
    return elt && elt.closest ? elt.closest("[data-autosave]") : null;
  }

  function markUnsaved(form) {
    var status = document.getElementById("autosave-status");
    if (status) {
      status.textContent = form.getAttribute("data-autosave-failed") || "Not saved";
      status.classList.add("autosave-failed");
    }
  }

  document.addEventListener("htmx:beforeSwap", function (evt) {
    var form = autosaveForm(evt);
    if (form && evt.detail.xhr && evt.detail.xhr.status >= 400) {
      evt.detail.shouldSwap = false;
      evt.detail.isError = false;
      markUnsaved(form);
    }
  });

  document.addEventListener("htmx:sendError", function (evt) {
    var form = autosaveForm(evt);
    if (form) {
      markUnsaved(form);
    }
  });
})();
