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

  function normalized(text) {
    return (text || "").replace(/\s+/g, " ").trim();
  }

  /* After a successful save the admin names the item: “Its title” was added / changed successfully. A copy
   * sent from this model's form with that title has reached the server, whichever page the admin shows next
   * (the list, the saved item's form, a new add form). A copy sent but never answered that way — the session
   * had expired, the server failed — stays, and is offered the next time its form opens. */
  function forgetSavedCopies(user) {
    var classes = document.body.className.match(/app-(\S+) model-(\S+)/);
    var saved = Array.prototype.map.call(document.querySelectorAll(".messagelist .success"), function (message) {
      return normalized(message.textContent);
    });
    if (!classes || !saved.length) {
      return;
    }
    forgetCopies(function (copy, parts) {
      return copy.submittedAt && parts[2] === classes[1] + "." + classes[2] && (!user || parts[1] === user) &&
        saved.some(function (text) { return text.indexOf("\u201c" + normalized(copy.title) + "\u201d") !== -1; });
    });
  }

  /* CKEditor is ready, and the admin's own widgets (the topics chooser) have been set up on load. */
  function whenEditorReady(callback) {
    var editor = window.CKEDITOR && window.CKEDITOR.instances && window.CKEDITOR.instances.id_body;
    if (editor && editor.status === "ready" && document.readyState === "complete") {
      callback(editor);
    } else {
      window.setTimeout(function () { whenEditorReady(callback); }, 100);
    }
  }

  /* Every field of the form as one string, to tell whether anything changed since the page opened; by name,
   * so that the admin's widgets rebuilding a field on load (the topics chooser) change nothing. */
  function fieldsState(form) {
    var values = {};
    Array.prototype.forEach.call(form.elements, function (field) {
      var value;
      if (!field.name || field.disabled || field.id === "id_body" || field.name === "csrfmiddlewaretoken" ||
          /^(submit|button|reset|image)$/.test(field.type) || isAvailableBox(field)) {
        return;
      }
      if (field.type === "checkbox" || field.type === "radio") {
        value = field.checked ? [field.value] : [];
      } else if (field.type === "file") {
        value = Array.prototype.map.call(field.files || [], function (file) { return file.name + ":" + file.size; });
      } else if (field.multiple) {
        value = chosenValues(field);
      } else {
        value = [field.value];
      }
      values[field.name] = (values[field.name] || []).concat(value);
    });
    return JSON.stringify(Object.keys(values).sort().map(function (name) { return [name, values[name]]; }));
  }

  /* The admin's two-box chooser (filter_horizontal) turns the original select, renamed "…_old", into the box
   * of items still available, and holds the chosen items, unselected until the form is sent, in a new "…_to"
   * box whose options its filter may hide (its SelectBox cache has them all). */
  function isAvailableBox(field) {
    return field.tagName === "SELECT" && /_old$/.test(field.name) && field.classList.contains("filtered");
  }

  function chosenValues(select) {
    var chooser = /_to$/.test(select.id) && select.classList.contains("filtered");
    var cache = chooser && window.SelectBox && window.SelectBox.cache && window.SelectBox.cache[select.id];
    var options = cache || Array.prototype.filter.call(select.options, function (option) {
      return chooser || option.selected;
    });
    return options.map(function (option) { return option.value; }).sort();
  }

  /* The browser asks before leaving when any field differs from what the page opened with (or the page came
   * back from the server unsaved), never while the form is being sent. */
  function askBeforeLeaving(form, unsaved) {
    var opened = fieldsState(form);
    var editor = null;
    var openedText = null;
    var watch = {
      submitting: false,
      editorReady: function (readyEditor) {
        editor = readyEditor;
        openedText = editor.getData();
      }
    };
    form.addEventListener("submit", function () { watch.submitting = true; });
    /* Back to this very page (the browser kept it) after sending it: writing here is unsaved again. */
    window.addEventListener("pageshow", function (event) {
      if (event.persisted) {
        watch.submitting = false;
      }
    });
    window.addEventListener("beforeunload", function (event) {
      var changed = unsaved || fieldsState(form) !== opened || (editor !== null && editor.getData() !== openedText);
      if (changed && !watch.submitting) {
        event.preventDefault();
        event.returnValue = "";
      }
    });
    return watch;
  }

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    if (text) {
      node.textContent = text;
    }
    return node;
  }

  function start(room, editor, leaving) {
    var data = room.dataset;
    var key = PREFIX + data.user + ":" + data.model + ":" + (data.object || "new");
    var form = room.closest("form");
    var title = document.getElementById("id_title");
    var summary = data.summaryField ? document.getElementById("id_" + data.summaryField) : null;
    var slug = document.getElementById("id_slug");

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

    /* What the server holds, as this page shows it; unknown when the form came back unsaved, to be corrected. */
    var unsaved = data.unsaved === "1";
    var onServer = unsaved ? null : comparable(snapshot());
    var offer = null;

    function keep(copy) {
      copy.savedAt = Date.now();
      copy.basedOn = data.version;
      store(key, copy);
    }

    /* A copy is kept only of what the server does not have: writing changed back to the saved text needs none. */
    function autosave() {
      var copy = snapshot();
      var stored = readStored(key);
      if (comparable(copy) === onServer) {
        if (stored) { window.localStorage.removeItem(key); }
      } else if (!stored || comparable(stored) !== comparable(copy) || stored.body !== copy.body) {
        keep(copy);
      }
    }

    function beginAutosave() {
      window.setInterval(function () { if (!leaving.submitting) { autosave(); } }, AUTOSAVE_MILLISECONDS);
    }

    /* Newer than what the server holds: written on top of the saved version this page shows, or, begun before
     * a later save, kept after it. */
    function newer(copy) {
      return !data.version || copy.basedOn === data.version || (copy.savedAt || 0) > Number(data.savedAt);
    }

    function offerBack(stored) {
      var when = new Date(stored.savedAt).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
      offer = element("div", { "class": "autosave-offer", role: "alert", id: "autosave-offer" });
      offer.appendChild(element("p", {}, "Restore your unsaved changes from " + when + "?"));
      var restoreButton = element("button", { type: "button", "class": "button default" }, "Restore");
      var discardButton = element("button", { type: "button", "class": "button" }, "Discard");
      offer.appendChild(restoreButton);
      offer.appendChild(discardButton);
      form.insertBefore(offer, form.firstChild);
      restoreButton.addEventListener("click", function () {
        restore(stored);
        offer.remove();
        offer = null;
        beginAutosave();
      });
      discardButton.addEventListener("click", function () {
        window.localStorage.removeItem(key);
        offer.remove();
        offer = null;
        beginAutosave();
      });
    }

    /* A copy kept from an earlier visit: offered back when it holds what the form does not show and is newer
     * than what the server holds; otherwise it has served its purpose. A form sent back unsaved shows the
     * writing just sent, and the copy of it stays, no longer counted as sent, until the server has it. */
    var stored = readStored(key);
    var shown = comparable(snapshot());
    if (stored && !(unsaved && stored.submittedAt) && comparable(stored) !== shown && newer(stored)) {
      offerBack(stored);
    } else if (unsaved) {
      keep(snapshot());
      beginAutosave();
    } else {
      if (stored) { window.localStorage.removeItem(key); }
      beginAutosave();
    }
    /* The add form's copy, sent, and now this new item's saved text. */
    var addKey = PREFIX + data.user + ":" + data.model + ":new";
    var sent = data.object && !unsaved ? readStored(addKey) : null;
    if (sent && sent.submittedAt && comparable(sent) === onServer) {
      window.localStorage.removeItem(addKey);
    }

    editor.on("change", function () { updateCounts(); updateSearchPreview(); });
    [title, summary, description, slug].forEach(function (field) {
      if (field) { field.addEventListener("input", updateSearchPreview); }
    });
    updateCounts();
    updateSearchPreview();

    /* What is sent is kept, marked as sent, until the page that follows shows the server has it. A copy still
     * offered back is left as it is: the writer has not chosen yet. */
    form.addEventListener("submit", function () {
      if (!offer) {
        var copy = snapshot();
        copy.submittedAt = Date.now();
        keep(copy);
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    forgetCopies(function (draft) { return !(Date.now() - (draft.savedAt || 0) < KEEP_MILLISECONDS); });
    forgetCopiesOnSignOut();
    var room = document.getElementById("writing-room");
    forgetSavedCopies(room ? room.dataset.user : null);
    if (!room || !document.getElementById("id_body")) {
      return;  /* not a writing form, or read only: nothing to keep */
    }
    var leaving = askBeforeLeaving(room.closest("form"), room.dataset.unsaved === "1");
    whenEditorReady(function (editor) {
      leaving.editorReady(editor);
      start(room, editor, leaving);
    });
  });
}());
