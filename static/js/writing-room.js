/* The admin's writing room (core/writing_room.py): never lose a word, see what readers and search engines will.
 * Unsaved writing is kept in this browser only (localStorage); nothing unsaved ever leaves it. */
(function () {
  "use strict";

  var PREFIX = "writing-room:";
  var AUTOSAVE_MILLISECONDS = 3000;
  /* A copy this old was abandoned: it is not kept on a shared computer for the next person to find. */
  var KEEP_MILLISECONDS = 3 * 24 * 60 * 60 * 1000;

  function readStored(key) {
    try {
      return JSON.parse(window.localStorage.getItem(key) || "null");
    } catch (error) {
      return null;
    }
  }

  function store(key, value) {
    try {
      window.localStorage.setItem(key, JSON.stringify(value));
    } catch (error) { /* storage full or off: nothing to do */ }
  }

  function plainText(html) {
    return new DOMParser().parseFromString(html || "", "text/html").body.textContent || "";
  }

  function comparable(draft) {
    return [draft.title, draft.summary, plainText(draft.body)].join("\n").replace(/\s+/g, " ").trim();
  }

  function forgetCopies(isForgotten) {
    for (var index = window.localStorage.length - 1; index >= 0; index -= 1) {
      var key = window.localStorage.key(index);
      if (key && key.indexOf(PREFIX) === 0 && isForgotten(readStored(key) || {}, key.split(":"))) {
        window.localStorage.removeItem(key);
      }
    }
  }

  /* Signing out takes this browser's copies with it (the server also sends Clear-Site-Data). */
  function forgetCopiesOnSignOut() {
    var signOut = document.getElementById("logout-form");
    if (signOut) {
      signOut.addEventListener("submit", function () { forgetCopies(function () { return true; }); });
    }
  }

  /* On a list page after a successful save: drafts sent from this model's forms have reached the server. */
  function forgetSentDrafts() {
    var classes = document.body.className.match(/app-(\S+) model-(\S+)/);
    if (!classes || !document.querySelector(".messagelist .success")) {
      return;
    }
    forgetCopies(function (draft, parts) { return draft.submittedAt && parts[2] === classes[1] + "." + classes[2]; });
  }

  function whenEditorReady(callback) {
    var editor = window.CKEDITOR && window.CKEDITOR.instances && window.CKEDITOR.instances.id_body;
    if (editor && editor.status === "ready") {
      callback(editor);
    } else {
      window.setTimeout(function () { whenEditorReady(callback); }, 100);
    }
  }

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    if (text) {
      node.textContent = text;
    }
    return node;
  }

  function start(room, editor) {
    var data = room.dataset;
    var key = PREFIX + data.user + ":" + data.model + ":" + (data.object || "new");
    var form = room.closest("form");
    var title = document.getElementById("id_title");
    var summary = data.summaryField ? document.getElementById("id_" + data.summaryField) : null;
    var slug = document.getElementById("id_slug");
    var submitting = false;

    function snapshot() {
      return {
        title: title ? title.value : "",
        summary: summary ? summary.value : "",
        slug: slug ? slug.value : "",
        body: editor.getData()
      };
    }

    function restore(draft) {
      if (title) { title.value = draft.title; }
      if (summary) { summary.value = draft.summary; }
      if (slug && draft.slug) {
        slug.value = draft.slug;
      } else if (title) {
        title.dispatchEvent(new Event("change"));  /* lets the admin fill in the web address from the title */
      }
      editor.setData(draft.body);
      updateCounts();
      updateSearchPreview();
    }

    /* Words and reading time, beside the editor. */
    var counts = element("p", { "class": "writing-meta", "aria-live": "polite", id: "writing-counts" });
    editor.container.$.insertAdjacentElement("afterend", counts);
    function updateCounts() {
      var words = plainText(editor.getData()).split(/\s+/).filter(Boolean).length;
      var minutes = Math.max(1, Math.ceil(words / 200));
      counts.textContent = words + (words === 1 ? " word" : " words") + " · about " + minutes +
        (minutes === 1 ? " minute" : " minutes") + " to read";
    }

    /* How a search engine will show the page, with counters that warn past about 60 and 160 characters. */
    var preview = null;
    var description = document.getElementById("id_meta_description");
    if (description) {
      preview = element("div", { "class": "search-preview-card", "aria-label": "Search result preview" });
      preview.appendChild(element("p", { "class": "serp-title" }));
      preview.appendChild(element("p", { "class": "serp-url" }));
      preview.appendChild(element("p", { "class": "serp-description" }));
      preview.appendChild(element("p", { "class": "counter serp-title-count" }));
      preview.appendChild(element("p", { "class": "counter serp-description-count" }));
      description.closest(".form-row").appendChild(preview);
    }
    function counter(node, label, length, limit) {
      node.textContent = label + ": " + length + " characters" +
        (length > limit ? " — more than about " + limit + ": search engines cut it short" : " (about " + limit + " fit)");
      node.classList.toggle("counter--over", length > limit);
    }
    function updateSearchPreview() {
      if (!preview) { return; }
      var shownTitle = (title ? title.value : "") + (data.siteName ? " — " + data.siteName : "");
      var text = (description.value || (summary ? summary.value : "") ||
        plainText(editor.getData())).replace(/\s+/g, " ").trim();
      preview.querySelector(".serp-title").textContent = shownTitle;
      preview.querySelector(".serp-url").textContent = data.siteUrl + data.addressPrefix + (slug ? slug.value : "") + "/";
      preview.querySelector(".serp-description").textContent = text.length > 160 ? text.slice(0, 157) + "…" : text;
      counter(preview.querySelector(".serp-title-count"), "Title", shownTitle.length, 60);
      counter(preview.querySelector(".serp-description-count"), "Description", text.length, 160);
    }

    function autosave() {
      var draft = snapshot();
      var stored = readStored(key);
      if (!stored || comparable(stored) !== comparable(draft) || stored.body !== draft.body) {
        draft.savedAt = Date.now();
        store(key, draft);
      }
    }

    function beginAutosave() {
      window.setInterval(function () { if (!submitting) { autosave(); } }, AUTOSAVE_MILLISECONDS);
    }

    /* A draft kept from an earlier visit: the same as what the server holds (it was saved), or offered back. */
    var stored = readStored(key);
    var initial = comparable(snapshot());
    if (stored && comparable(stored) !== initial) {
      var when = new Date(stored.savedAt).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
      var offer = element("div", { "class": "autosave-offer", role: "alert", id: "autosave-offer" });
      offer.appendChild(element("p", {}, "Restore your unsaved changes from " + when + "?"));
      var restoreButton = element("button", { type: "button", "class": "button default" }, "Restore");
      var discardButton = element("button", { type: "button", "class": "button" }, "Discard");
      offer.appendChild(restoreButton);
      offer.appendChild(discardButton);
      form.insertBefore(offer, form.firstChild);
      restoreButton.addEventListener("click", function () {
        restore(stored);
        offer.remove();
        beginAutosave();
      });
      discardButton.addEventListener("click", function () {
        window.localStorage.removeItem(key);
        offer.remove();
        initial = comparable(snapshot());
        beginAutosave();
      });
    } else {
      if (stored) { window.localStorage.removeItem(key); }
      beginAutosave();
    }

    editor.on("change", function () { updateCounts(); updateSearchPreview(); });
    [title, summary, description, slug].forEach(function (field) {
      if (field) { field.addEventListener("input", updateSearchPreview); }
    });
    updateCounts();
    updateSearchPreview();

    form.addEventListener("submit", function () {
      submitting = true;
      var draft = snapshot();
      draft.savedAt = Date.now();
      draft.submittedAt = Date.now();
      store(key, draft);
    });
    window.addEventListener("beforeunload", function (event) {
      if (!submitting && comparable(snapshot()) !== initial) {
        event.preventDefault();
        event.returnValue = "";
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    forgetCopies(function (draft) { return !(Date.now() - (draft.savedAt || 0) < KEEP_MILLISECONDS); });
    forgetCopiesOnSignOut();
    var room = document.getElementById("writing-room");
    if (!room) {
      forgetSentDrafts();
      return;
    }
    if (!document.getElementById("id_body")) {
      return;  /* read only: nothing to keep */
    }
    whenEditorReady(function (editor) { start(room, editor); });
  });
}());
