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

// Package uploads (form[data-upload]): the form is sent by XHR so that a
// progress bar shows how far it got, and the file's size and format are checked
// before a byte is sent. Without script it is an ordinary form post; the server
// checks everything again either way.
(function () {
  "use strict";

  function fmtSize(n) {
    var units = ["B", "KB", "MB", "GB", "TB"];
    var i = 0;
    while (n >= 1024 && i < units.length - 1) {
      n /= 1024;
      i++;
    }
    return (i === 0 ? String(n) : n.toFixed(1)) + " " + units[i];
  }

  // The content decides the format, as on the server: zip, gzip (tar.gz) or tar.
  function looksLikePackage(buf) {
    var b = new Uint8Array(buf);
    if (b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && ((b[2] === 3 && b[3] === 4) || (b[2] === 5 && b[3] === 6))) {
      return true;
    }
    if (b.length >= 3 && b[0] === 0x1f && b[1] === 0x8b && b[2] === 8) {
      return true;
    }
    return b.length >= 262 && String.fromCharCode(b[257], b[258], b[259], b[260], b[261]) === "ustar";
  }

  function setup(form) {
    var input = form.querySelector('input[type="file"]');
    var box = form.querySelector("[data-upload-progress]");
    var bar = box && box.querySelector("progress");
    var status = form.querySelector("[data-upload-status]");
    var cancel = form.querySelector("[data-upload-cancel]");
    var errorBox = form.querySelector("[data-upload-error]");
    var submit = form.querySelector("[data-upload-submit]");
    var max = parseInt(form.getAttribute("data-max-bytes") || "0", 10);
    var xhr = null;
    if (!input || !box || !bar || !status || !errorBox || !submit || !window.FormData || !window.XMLHttpRequest) {
      return;
    }

    function showError(msg) {
      errorBox.textContent = msg;
      errorBox.hidden = false;
    }

    function reset() {
      xhr = null;
      box.hidden = true;
      submit.disabled = false;
      input.disabled = false;
      form.removeAttribute("data-uploading");
    }

    function send() {
      var data = new FormData(form);
      xhr = new XMLHttpRequest();
      xhr.open("POST", form.action);
      xhr.setRequestHeader("HX-Request", "true");
      xhr.upload.addEventListener("progress", function (e) {
        if (!e.lengthComputable) {
          return;
        }
        var pct = Math.floor((e.loaded * 100) / e.total);
        bar.value = pct;
        status.textContent = pct + "% · " + fmtSize(e.loaded) + " / " + fmtSize(e.total);
      });
      xhr.addEventListener("load", function () {
        var to = xhr.getResponseHeader("HX-Redirect");
        if (xhr.status < 400 && to) {
          window.location.assign(to);
          return;
        }
        // A refusal: show the page's own message in place of this card.
        var doc = new DOMParser().parseFromString(xhr.responseText, "text/html");
        var fresh = doc.querySelector("[data-upload-card]");
        var card = form.closest("[data-upload-card]");
        if (fresh && card) {
          card.replaceWith(fresh);
          fresh.querySelectorAll("form[data-upload]").forEach(setup);
        } else {
          document.body.innerHTML = doc.body.innerHTML;
        }
      });
      xhr.addEventListener("error", function () {
        reset();
        showError(form.getAttribute("data-msg-failed"));
      });
      xhr.addEventListener("abort", function () {
        reset();
        showError(form.getAttribute("data-msg-cancelled"));
      });
      box.hidden = false;
      bar.value = 0;
      status.textContent = "0%";
      submit.disabled = true;
      form.setAttribute("data-uploading", "");
      xhr.send(data);
      input.disabled = true;
    }

    form.addEventListener("submit", function (e) {
      e.preventDefault();
      if (xhr) {
        return;
      }
      errorBox.hidden = true;
      var file = input.files && input.files[0];
      if (!file) {
        showError(form.getAttribute("data-msg-choose"));
        return;
      }
      if (file.size === 0) {
        showError(form.getAttribute("data-msg-empty"));
        return;
      }
      if (file.size > max) {
        showError(form.getAttribute("data-msg-limit"));
        return;
      }
      file.slice(0, 512).arrayBuffer().then(function (head) {
        if (!looksLikePackage(head)) {
          showError(form.getAttribute("data-msg-format"));
          return;
        }
        send();
      }, send);
    });
    if (cancel) {
      cancel.addEventListener("click", function () {
        if (xhr) {
          xhr.abort();
        }
      });
    }
  }

  document.querySelectorAll("form[data-upload]").forEach(setup);

  // A page waiting for background work ([data-reload-after] seconds) looks again
  // by itself, unless the user is typing in a form.
  var wait = document.querySelector("[data-reload-after]");
  if (wait) {
    window.setTimeout(function () {
      var active = document.activeElement;
      if (!active || !active.form) {
        window.location.reload();
      }
    }, 1000 * parseInt(wait.getAttribute("data-reload-after"), 10));
  }

  // Forms that remove something ask first (form[data-confirm]).
  document.addEventListener("submit", function (e) {
    var msg = e.target.getAttribute && e.target.getAttribute("data-confirm");
    if (msg && !window.confirm(msg)) {
      e.preventDefault();
      e.stopImmediatePropagation();
    }
  }, true);
})();
