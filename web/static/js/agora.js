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
      var msg = form.getAttribute("data-autosave-failed");
      if (msg) {
        status.textContent = msg;
      }
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

// Drafts kept in the browser (form[data-draft], the application id): what the
// seller types is mirrored into localStorage together with the server's saved
// time it was typed on top of (data-saved-at, Unix ms). A successful auto-save
// drops the copy. On load, a copy whose base is not older than the page's saved
// time holds text the server never got (the session ended, the page was
// reloaded): it is put back where a field of that name exists, a notice says
// so, and an auto-save sends it. Comparing with the server's own time, not the
// browser's clock, keeps this right when the two clocks disagree.
(function () {
  "use strict";

  var PREFIX = "agora:draft:";
  var MAX_AGE = 30 * 24 * 3600 * 1000;

  function storage() {
    try {
      return window.localStorage;
    } catch (e) {
      return null;
    }
  }

  function read(ls, key) {
    try {
      return JSON.parse(ls.getItem(key));
    } catch (e) {
      return null;
    }
  }

  function named(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && /^(INPUT|SELECT|TEXTAREA)$/.test(el.tagName);
    });
  }

  // Mirrored: what a person types or picks; never files, buttons or hidden fields.
  function typed(form) {
    return named(form).filter(function (el) {
      return !el.disabled && !/^(file|hidden|password|submit|button|reset|image)$/.test(el.type);
    });
  }

  function valueOf(el) {
    if (el.type === "checkbox" || el.type === "radio") {
      return el.checked;
    }
    if (el.type === "select-multiple") {
      return Array.prototype.filter.call(el.options, function (o) { return o.selected; }).map(function (o) { return o.value; });
    }
    return el.value;
  }

  function setValue(el, v) {
    if (el.type === "checkbox" || el.type === "radio") {
      el.checked = v === true;
    } else if (el.type === "select-multiple") {
      Array.prototype.forEach.call(el.options, function (o) { o.selected = Array.isArray(v) && v.indexOf(o.value) >= 0; });
    } else {
      el.value = typeof v === "string" ? v : "";
    }
  }

  // The form's rows as the server drew them (field names in order, hidden
  // values such as spec ids): repeated fields come back only into the same rows.
  function shape(form) {
    return JSON.stringify(named(form).map(function (el) {
      return el.type === "hidden" ? [el.name, el.value] : el.name;
    }));
  }

  function byName(els, value) {
    var out = {};
    els.forEach(function (el) {
      (out[el.name] = out[el.name] || []).push(value ? valueOf(el) : el);
    });
    return out;
  }

  // restore puts the copy's values into fields that exist and answers what it changed.
  function restore(form, copy) {
    var fields = byName(typed(form), false);
    var saved = {};
    var changed = [];
    var sameRows = copy.shape === shape(form);
    (copy.fields || []).forEach(function (f) {
      (saved[f[0]] = saved[f[0]] || []).push(f[1]);
    });
    Object.keys(saved).forEach(function (name) {
      var els = fields[name];
      var vals = saved[name];
      if (!els || els.length !== vals.length || (els.length > 1 && !sameRows)) {
        return;
      }
      els.forEach(function (el, i) {
        var was = valueOf(el);
        if (JSON.stringify(was) !== JSON.stringify(vals[i])) {
          changed.push([el, was]);
          setValue(el, vals[i]);
        }
      });
    });
    return changed;
  }

  function autosaveNow(form) {
    if (window.htmx) {
      window.htmx.trigger(form, "change");
    }
  }

  function showNotice(form, key, changed) {
    var tpl = form.querySelector("template[data-draft-notice]");
    if (!tpl) {
      return;
    }
    var notice = tpl.content.firstElementChild.cloneNode(true);
    form.insertBefore(notice, form.firstChild);
    var discard = notice.querySelector("[data-draft-discard]");
    if (!discard) {
      return;
    }
    // Discard: the fields get the server's values back and "save draft" stores
    // them again (the restored text may already have been auto-saved), so the
    // page comes back as the server had it.
    discard.addEventListener("click", function () {
      discard.disabled = true;
      changed.forEach(function (c) { setValue(c[0], c[1]); });
      var ls = storage();
      if (ls) {
        ls.removeItem(key);
      }
      var save = form.querySelector("[data-save-draft]");
      var go = function () {
        if (save) {
          save.click();
        } else {
          window.location.reload();
        }
      };
      if (form.classList.contains("htmx-request")) {
        form.addEventListener("htmx:afterRequest", function once() {
          form.removeEventListener("htmx:afterRequest", once);
          go();
        });
      } else {
        go();
      }
    });
  }

  function setup(form, ls) {
    var key = PREFIX + form.getAttribute("data-draft");
    var edits = 0;
    var sent = -1;

    function mirror() {
      var copy = {savedAt: form.getAttribute("data-saved-at"), changedAt: Date.now(), shape: shape(form),
        fields: typed(form).map(function (el) { return [el.name, valueOf(el)]; })};
      try {
        ls.setItem(key, JSON.stringify(copy));
      } catch (e) {
        // Full or refused: the server copy is all there is.
      }
    }

    var copy = read(ls, key);
    if (copy) {
      var base = Number(copy.savedAt);
      var changed = base >= Number(form.getAttribute("data-saved-at")) ? restore(form, copy) : [];
      if (changed.length) {
        showNotice(form, key, changed);
        autosaveNow(form);
      } else {
        ls.removeItem(key);
      }
    }

    function edited() {
      edits++;
      mirror();
    }
    form.addEventListener("input", edited);
    form.addEventListener("change", edited);
    form.addEventListener("htmx:beforeRequest", function (evt) {
      if (evt.target === form) {
        sent = edits;
      }
    });
    form.addEventListener("htmx:afterRequest", function (evt) {
      // Only a status line with the server's saved time proves a save (a
      // refusal is marked handled above, so htmx calls it successful too).
      var xhr = evt.detail.xhr;
      if (evt.target !== form || !xhr || xhr.status < 200 || xhr.status >= 300) {
        return;
      }
      var status = new DOMParser().parseFromString(xhr.responseText, "text/html").querySelector("[data-saved-at]");
      if (!status) {
        return;
      }
      form.setAttribute("data-saved-at", status.getAttribute("data-saved-at"));
      // Typed while the save was under way: keep that, on top of the new save.
      if (edits === sent) {
        ls.removeItem(key);
      } else {
        mirror();
      }
    });
  }

  function init() {
    var ls = storage();
    if (!ls) {
      return;
    }
    // Copies nobody came back to for a month go.
    for (var i = ls.length - 1; i >= 0; i--) {
      var k = ls.key(i);
      if (k && k.indexOf(PREFIX) === 0) {
        var c = read(ls, k);
        if (!c || !(Date.now() - c.changedAt < MAX_AGE)) {
          ls.removeItem(k);
        }
      }
    }
    document.querySelectorAll("form[data-draft][data-saved-at]").forEach(function (form) {
      setup(form, ls);
    });
  }

  // After htmx has set up the page, so that the auto-save after a restore is
  // heard: this deferred script runs before DOMContentLoaded, and htmx, loaded
  // first, sets up on that event before this handler runs.
  if (document.readyState === "complete") {
    init();
  } else {
    document.addEventListener("DOMContentLoaded", init);
  }
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
