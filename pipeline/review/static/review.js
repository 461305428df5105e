/* SPOT ON review: the pages' behaviour. No inline script anywhere (the Content-Security-Policy forbids it):
   data comes in data-* attributes and from the JSON API; every change goes through the API with the CSRF
   header, and the record form is re-rendered by the server after each save (one rendering, in Jinja). */
"use strict";

(function () {
  const body = document.body;
  const csrf = body.dataset.csrf || "";
  let strings = {};
  try { strings = JSON.parse(body.dataset.i18n || "{}"); } catch (e) { strings = {}; }
  const t = (key, values) => {
    let text = strings[key] || key;
    for (const [name, value] of Object.entries(values || {})) text = text.replace("{" + name + "}", value);
    return text;
  };

  // ------------------------------------------------------------------ helpers

  function toast(message, bad) {
    const old = document.querySelector(".toast");
    if (old) old.remove();
    const box = document.createElement("div");
    box.className = "toast" + (bad ? " bad" : "");
    box.setAttribute("role", bad ? "alert" : "status");
    box.textContent = message;
    document.body.appendChild(box);
    setTimeout(() => box.remove(), bad ? 6000 : 1800);
  }

  async function api(method, url, payload) {
    const options = { method, headers: { "Accept": "application/json", "X-CSRF-Token": csrf },
      credentials: "same-origin" };
    if (payload !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(payload);
    }
    let response;
    try {
      response = await fetch(url, options);
    } catch (e) {
      toast(t("error_network"), true);
      return { ok: false, status: 0, data: null };
    }
    let data = null;
    try { data = await response.json(); } catch (e) { data = null; }
    if (response.status === 401) {
      window.location.href = "/login?next=" + encodeURIComponent(window.location.pathname);
    }
    return { ok: response.ok, status: response.status, data };
  }

  function problem(result) {
    const detail = result.data && (result.data.detail || result.data.message);
    if (result.status === 403) return t("error_forbidden");
    if (typeof detail === "string") return detail;
    return t("error_generic");
  }

  function isTyping(element) {
    if (!element) return false;
    const tag = element.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || element.isContentEditable;
  }

  // autosubmitting selects (interface language) without inline handlers
  document.querySelectorAll("select[data-autosubmit]").forEach((select) => {
    select.addEventListener("change", () => select.form.submit());
  });

  // ------------------------------------------------------------------ queue

  const queue = document.querySelector('[data-page="queue"]');
  if (queue) {
    document.addEventListener("keydown", (event) => {
      if (isTyping(event.target) || event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key === "/") {
        event.preventDefault();
        const search = document.getElementById("q");
        if (search) search.focus();
      } else if (event.key === "]" || event.key === "[") {
        const link = document.querySelector(event.key === "]" ? "[data-key-next]" : "[data-key-prev]");
        if (link) link.click();
      } else if (event.key === "j" || event.key === "k") {
        const links = Array.from(document.querySelectorAll("[data-queue-link]"));
        if (!links.length) return;
        const at = links.indexOf(document.activeElement);
        const next = event.key === "j" ? Math.min(links.length - 1, at + 1) : Math.max(0, at - 1);
        links[at < 0 ? 0 : next].focus();
      }
    });
  }

  // ------------------------------------------------------------------ verdict view

  const verdict = document.querySelector('[data-page="verdict"]');
  if (!verdict) return;
  const docId = verdict.dataset.doc;
  const docPane = document.getElementById("doc");
  const pagesBox = document.getElementById("pages");
  const textView = document.getElementById("text-view");
  const recPane = document.getElementById("rec");
  const scales = [1, 1.5, 2, 3];
  let zoom = 2; // index + 1 into scales; zoom-2 = 1.5
  let currentPath = null;
  let pendingEvidence = {}; // path -> [{start, end}] from a text selection
  let lastConflict = null;

  const record = () => document.getElementById("record");
  const fields = () => Array.from(document.querySelectorAll("#record .field"));
  const fieldOf = (path) => fields().find((f) => f.dataset.path === path) || null;
  const readonly = () => record() && record().dataset.readonly === "1";
  const version = () => Number(record().dataset.version);
  const showingText = () => !textView.classList.contains("hidden");

  // low-confidence OCR words: drawn on a page once its image has loaded
  function drawLowWords(page) {
    if (page.dataset.drawn) return;
    page.dataset.drawn = "1";
    let boxes = [];
    try { boxes = JSON.parse(page.dataset.low || "[]"); } catch (e) { boxes = []; }
    for (const b of boxes) {
      const mark = document.createElement("div");
      mark.className = "box lowword";
      place(mark, b);
      page.appendChild(mark);
    }
    if (boxes.length) document.getElementById("lowword-note").classList.remove("hidden");
  }

  function place(element, b) {
    element.style.left = (b[0] * 100).toFixed(3) + "%";
    element.style.top = (b[1] * 100).toFixed(3) + "%";
    element.style.width = ((b[2] - b[0]) * 100).toFixed(3) + "%";
    element.style.height = ((b[3] - b[1]) * 100).toFixed(3) + "%";
  }

  if (pagesBox) {
    pagesBox.querySelectorAll(".page").forEach((page) => {
      const img = page.querySelector("img");
      if (img.complete && img.naturalWidth) drawLowWords(page);
      else img.addEventListener("load", () => drawLowWords(page), { once: true });
    });
  }

  // evidence: boxes on the page images, marks in the text
  function evidenceOf(field) {
    try { return JSON.parse(field.dataset.evidence || "[]"); } catch (e) { return []; }
  }

  function clearEvidence() {
    document.querySelectorAll(".box.evidence").forEach((b) => b.remove());
    textView.querySelectorAll(".ev").forEach((s) => s.classList.remove("ev"));
  }

  function showEvidence(field, scroll) {
    clearEvidence();
    const evidence = evidenceOf(field);
    let first = null;
    if (pagesBox && !showingText()) {
      for (const ev of evidence) {
        const page = ev.p && document.getElementById("page-" + ev.p);
        if (!page) continue;
        if (ev.b) {
          const box = document.createElement("div");
          box.className = "box evidence current";
          box.dataset.evidenceFor = field.dataset.path;
          place(box, ev.b);
          page.appendChild(box);
          if (!first) first = { page, y: ev.b[1] };
        } else if (!first) {
          first = { page, y: 0 };
        }
      }
      if (first && scroll) {
        const top = first.page.offsetTop + first.y * first.page.offsetHeight - 90;
        docPane.scrollTo({ top: Math.max(0, top), behavior: "instant" });
      }
    } else {
      let firstSpan = null;
      for (const ev of evidence) {
        textView.querySelectorAll("span[data-s]").forEach((span) => {
          if (Number(span.dataset.s) < ev.e && Number(span.dataset.e) > ev.s) {
            span.classList.add("ev");
            if (!firstSpan) firstSpan = span;
          }
        });
      }
      if (firstSpan && scroll) {
        const top = firstSpan.offsetTop - 90;
        docPane.scrollTo({ top: Math.max(0, top), behavior: "instant" });
      }
    }
  }

  function setCurrent(field, options) {
    if (!field) return;
    const opts = options || {};
    fields().forEach((f) => f.classList.remove("current"));
    field.classList.add("current");
    currentPath = field.dataset.path;
    if (opts.focus !== false) field.focus({ preventScroll: true });
    field.scrollIntoView({ block: "nearest" });
    showEvidence(field, opts.scroll !== false);
  }

  function currentField() {
    return (currentPath && fieldOf(currentPath)) || null;
  }

  function move(step) {
    const all = fields();
    if (!all.length) return;
    const at = all.indexOf(currentField());
    const next = at < 0 ? 0 : Math.max(0, Math.min(all.length - 1, at + step));
    setCurrent(all[next]);
  }

  function nextLow() {
    let order = [];
    try { order = JSON.parse(record().dataset.order || "[]"); } catch (e) { order = []; }
    if (!order.length) return;
    const at = order.indexOf(currentPath);
    const path = at < 0 ? order[0] : order[(at + 1) % order.length];
    setCurrent(fieldOf(path));
  }

  // ------------------------------------------------------------------ reading a field's widget

  function widgets(field) {
    return Array.from(field.querySelectorAll(".w"));
  }

  function number(text) {
    const clean = text.trim().replace(/\s/g, "").replace(",", ".");
    if (clean === "") return null;
    if (!/^-?\d+(\.\d+)?$/.test(clean)) throw new Error(text);
    return Number(clean);
  }

  function readValue(field) {
    const type = field.dataset.type;
    const items = field.dataset.items;
    const parts = widgets(field);
    const main = parts[0];
    if (type === "bool") return main.value === "" ? null : main.value === "true";
    if (type === "enum") return main.value === "" ? null : main.value;
    if (type === "int") {
      const n = number(main.value);
      if (n !== null && !Number.isInteger(n)) throw new Error(main.value);
      return n;
    }
    if (type === "number") return number(main.value);
    if (type === "date") {
      const v = main.value.trim();
      if (v === "") return null;
      if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) throw new Error(v);
      return v;
    }
    if (type === "list" && items === "enum") {
      const chosen = Array.from(main.selectedOptions).map((o) => o.value);
      return chosen.length ? chosen : null;
    }
    if (type === "list") {
      const lines = main.value.split("\n").map((l) => l.trim()).filter((l) => l);
      if (!lines.length) return null;
      if (items === "provision") {
        return lines.map((line) => {
          const [code, article, paragraph, item] = line.split(/\s+/);
          return { code: code || null, article: article || null, paragraph: paragraph || null, item: item || null };
        });
      }
      return lines;
    }
    if (type === "money") {
      const amount = parts.find((p) => p.dataset.part === "amount").value.trim().replace(/\s/g, "").replace(",", ".");
      const currency = parts.find((p) => p.dataset.part === "currency").value;
      if (amount === "") return null;
      if (!/^\d+(\.\d+)?$/.test(amount)) throw new Error(amount);
      return { amount, currency: currency || null };
    }
    if (type === "provision") {
      const value = {};
      let any = false;
      for (const p of parts) {
        value[p.dataset.part] = p.value.trim() || null;
        if (value[p.dataset.part]) any = true;
      }
      return any ? value : null;
    }
    const text = main.value.trim();
    return text === "" ? null : text;
  }

  function storedValue(field) {
    try { return JSON.parse(field.dataset.value); } catch (e) { return null; }
  }

  function editing() {
    const active = document.activeElement;
    return active && active.classList && active.classList.contains("w") ? active.closest(".field") : null;
  }

  function startEditing(field) {
    if (!field || readonly()) return;
    setCurrent(field, { focus: false });
    const first = widgets(field)[0];
    if (first) {
      first.focus();
      if (first.select && first.tagName === "INPUT") first.select();
    }
  }

  function stopEditing(field, restore) {
    if (restore) {
      reloadRecord(); // the server's rendering is the truth: nothing typed survives an Esc
    } else {
      field.focus({ preventScroll: true });
    }
  }

  // ------------------------------------------------------------------ saving

  async function reloadRecord(flashPath) {
    let response;
    try {
      response = await fetch("/verdicts/" + encodeURIComponent(docId) + "/record", {
        headers: { "Accept": "text/html" }, credentials: "same-origin" });
    } catch (e) {
      toast(t("error_network"), true);
      return;
    }
    if (response.status === 401) { window.location.reload(); return; }
    const html = await response.text();
    const holder = document.createElement("div");
    holder.innerHTML = html; // server-rendered, autoescaped; scripts never run from innerHTML
    const fresh = holder.querySelector("#record");
    if (!fresh) return;
    record().replaceWith(fresh);
    recPane.dataset.readonly = fresh.dataset.readonly;
    const keep = currentPath && fieldOf(currentPath);
    if (keep) setCurrent(keep, { scroll: false });
    const flash = flashPath && fieldOf(flashPath);
    if (flash) {
      flash.classList.add("saved");
    }
  }

  async function patch(changes, options) {
    const opts = options || {};
    const base = opts.version || version();
    toast(t("saving"));
    const result = await api("PATCH", record().dataset.api,
      { version: base, changes });
    if (result.ok) {
      for (const change of changes) delete pendingEvidence[change.path];
      await reloadRecord(changes.length === 1 ? changes[0].path : null);
      toast(t("saved"));
      return true;
    }
    if (result.status === 409 && result.data && (result.data.conflicts || []).length) {
      showConflict(result.data, changes);
      return false;
    }
    if (result.status === 409) {
      await reloadRecord();
    }
    if (result.status !== 0) toast(problem(result), true);
    return false;
  }

  function setField(field, status) {
    const path = field.dataset.path;
    let value;
    try {
      value = readValue(field);
    } catch (e) {
      toast(t("error_generic") + " (" + e.message + ")", true);
      return;
    }
    if (status === "corrected" && JSON.stringify(value) === JSON.stringify(storedValue(field))
        && !pendingEvidence[path]) {
      stopEditing(field, false);
      return;
    }
    const change = { path, status };
    if (status === "corrected") change.value = value;
    if (pendingEvidence[path]) change.evidence = pendingEvidence[path];
    patch([change]);
  }

  function accept(field) {
    if (!field || readonly()) return;
    patch([{ path: field.dataset.path, status: "confirmed" }]);
  }

  function notStated(field) {
    if (!field || readonly()) return;
    patch([{ path: field.dataset.path, status: "not_stated" }]);
  }

  async function acceptAll() {
    if (readonly()) return;
    const answer = window.prompt(t("accept_all_prompt"), record().dataset.acceptThreshold || "0.9");
    if (answer === null) return;
    const threshold = Number(String(answer).replace(",", "."));
    if (!(threshold >= 0 && threshold <= 1)) { toast(t("error_generic"), true); return; }
    const result = await api("POST", "/api/records/" + encodeURIComponent(docId) + "/accept",
      { version: version(), min_confidence: threshold });
    if (result.ok) { await reloadRecord(); toast(t("saved")); return; }
    if (result.status === 409) await reloadRecord();
    toast(problem(result), true);
  }

  async function confirmRecord() {
    if (readonly()) return;
    const result = await api("POST", record().dataset.confirm,
      { version: version() });
    if (result.ok) { await reloadRecord(); toast(t("confirm_done")); return; }
    if (result.status === 409) { await reloadRecord(); toast(t("confirm_stale"), true); return; }
    toast(problem(result), true);
  }

  async function reopenRecord() {
    const result = await api("POST", "/api/records/" + encodeURIComponent(docId) + "/reopen", {});
    if (result.ok) { await reloadRecord(); toast(t("reopen_done")); return; }
    toast(problem(result), true);
  }

  async function assign(name) {
    const result = await api("POST", "/api/records/" + encodeURIComponent(docId) + "/assign", { user: name || null });
    if (result.ok) { await reloadRecord(); toast(t("saved")); return; }
    toast(problem(result), true);
  }

  document.addEventListener("change", (event) => {
    if (event.target.matches("#record select[data-assign]")) assign(event.target.value);
  });

  function addItem(path) {
    if (path && !readonly()) patch([{ op: "add", path }]);
  }

  function removeItem(path, what) {
    if (!path || readonly()) return;
    if (!window.confirm(t("action_remove_confirm", { what }))) return;
    patch([{ op: "remove", path }]);
  }

  function currentDefendant() {
    const field = currentField();
    const match = field && /^defendants\[(\d+)\]/.exec(field.dataset.path);
    return match ? "defendants[" + match[1] + "].charges" : null;
  }

  async function takeSuggestion(item) {
    let suggested = null;
    try { suggested = JSON.parse(item.dataset.suggested); } catch (e) { suggested = null; }
    patch([{ path: item.dataset.suggestion, value: suggested, status: "corrected" }]);
  }

  async function leaveSuggestion(item) {
    const result = await api("POST", "/api/records/" + encodeURIComponent(docId) + "/suggestions/dismiss",
      { path: item.dataset.suggestion });
    if (result.ok) { await reloadRecord(); return; }
    toast(problem(result), true);
  }

  // ------------------------------------------------------------------ conflicts (409 with both values)

  function show(value) {
    if (value === null || value === undefined || value === "") return t("value_empty");
    if (typeof value === "object") return JSON.stringify(value);
    return String(value);
  }

  function showConflict(data, changes) {
    lastConflict = { version: data.version, changes };
    const rows = document.getElementById("conflict-rows");
    rows.textContent = "";
    for (const c of data.conflicts) {
      const theirs = c.theirs || {};
      const yours = c.yours || {};
      const tr = document.createElement("tr");
      const cells = [c.path,
        t("conflict_theirs") + ": " + show(theirs.value) + (theirs.user ? " (" + theirs.user + ")" : ""),
        t("conflict_yours") + ": " + show(yours.value)];
      for (const text of cells) {
        const td = document.createElement("td");
        td.textContent = text;
        tr.appendChild(td);
      }
      rows.appendChild(tr);
    }
    openDialog("conflict");
  }

  // ------------------------------------------------------------------ dialogs, pages, zoom, text

  function openDialog(id) {
    const dialog = document.getElementById(id);
    dialog.classList.remove("hidden");
    const button = dialog.querySelector("button");
    if (button) button.focus();
  }

  function closeDialogs() {
    document.querySelectorAll(".overlay").forEach((o) => o.classList.add("hidden"));
    const field = currentField();
    if (field) field.focus({ preventScroll: true });
  }

  const dialogOpen = () => Array.from(document.querySelectorAll(".overlay")).some((o) => !o.classList.contains("hidden"));

  function setZoom(level) {
    if (!pagesBox) return;
    zoom = Math.max(1, Math.min(scales.length, level));
    pagesBox.className = "pages zoom-" + zoom;
    const scale = scales[zoom - 1];
    pagesBox.querySelectorAll("img").forEach((img) => {
      const url = new URL(img.src, window.location.href);
      if (Number(url.searchParams.get("scale")) < scale) {
        url.searchParams.set("scale", String(scale));
        img.src = url.pathname + url.search;
      }
    });
  }

  function turnPage(step) {
    const marks = pagesBox && !showingText() ? Array.from(pagesBox.querySelectorAll(".page"))
      : Array.from(textView.querySelectorAll(".pb"));
    if (!marks.length) return;
    const top = docPane.scrollTop + 60;
    let at = 0;
    marks.forEach((m, i) => { if (m.offsetTop <= top) at = i; });
    const next = marks[Math.max(0, Math.min(marks.length - 1, at + step))];
    docPane.scrollTo({ top: Math.max(0, next.offsetTop - 44), behavior: "instant" });
  }

  async function toggleText() {
    if (!pagesBox) return;
    const toText = !showingText();
    if (toText && textView.dataset.loaded !== "1") {
      const response = await fetch(textView.dataset.src, { credentials: "same-origin" });
      if (!response.ok) { toast(t("error_generic"), true); return; }
      textView.innerHTML = await response.text();
      textView.dataset.loaded = "1";
    }
    textView.classList.toggle("hidden", !toText);
    pagesBox.classList.toggle("hidden", toText);
    const field = currentField();
    if (field) showEvidence(field, true);
  }

  // selecting words in the text fills the field being edited (and records where the value came from)
  let selectionTarget = null;
  document.addEventListener("focusin", (event) => {
    const field = event.target.closest && event.target.closest("#record .field");
    if (field && event.target.classList.contains("w")) selectionTarget = field;
  });
  textView.addEventListener("mouseup", () => {
    const selection = window.getSelection();
    const text = selection ? selection.toString().trim() : "";
    const field = selectionTarget || currentField();
    if (!text || !field || readonly()) return;
    const type = field.dataset.type;
    if (!["text", "date", "int", "number", "list"].includes(type) || field.dataset.items === "enum") return;
    const range = selection.getRangeAt(0);
    const offset = (node, off) => {
      const span = (node.nodeType === 3 ? node.parentElement : node).closest("span[data-s]");
      return span ? Number(span.dataset.s) + (node.nodeType === 3 ? off : 0) : null;
    };
    const start = offset(range.startContainer, range.startOffset);
    const end = offset(range.endContainer, range.endOffset);
    const input = widgets(field)[0];
    input.value = type === "list" && input.value.trim() ? input.value.trim() + "\n" + text : text;
    if (start !== null && end !== null && end > start) {
      pendingEvidence[field.dataset.path] = [{ start, end }];
    }
    setCurrent(field, { focus: false, scroll: false });
    input.focus();
  });

  // ------------------------------------------------------------------ mouse

  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-action]");
    const field = event.target.closest("#record .field");
    if (button) {
      const action = button.dataset.action;
      const item = button.closest("[data-suggestion]");
      if (action === "accept") accept(field);
      else if (action === "not-stated") notStated(field);
      else if (action === "next-low") nextLow();
      else if (action === "accept-all") acceptAll();
      else if (action === "confirm") confirmRecord();
      else if (action === "reopen") reopenRecord();
      else if (action === "take") assign(button.dataset.me);
      else if (action === "add") addItem(button.dataset.target);
      else if (action === "remove") removeItem(button.dataset.target, button.dataset.what);
      else if (action === "take-suggestion") takeSuggestion(item);
      else if (action === "leave-suggestion") leaveSuggestion(item);
      else if (action === "help") openDialog("help");
      else if (action === "close-dialog") closeDialogs();
      else if (action === "zoom-in") setZoom(zoom + 1);
      else if (action === "zoom-out") setZoom(zoom - 1);
      else if (action === "toggle-text") toggleText();
      else if (action === "conflict-theirs") { closeDialogs(); reloadRecord(); }
      else if (action === "conflict-mine" && lastConflict) {
        closeDialogs();
        patch(lastConflict.changes, { version: lastConflict.version });
      }
      return;
    }
    const goto = event.target.closest("[data-goto]");
    if (goto) {
      event.preventDefault();
      setCurrent(fieldOf(goto.dataset.goto));
      return;
    }
    if (field && field.dataset.path !== currentPath) {
      setCurrent(field, { focus: !event.target.classList.contains("w") });
    }
  });

  // ------------------------------------------------------------------ keyboard

  document.addEventListener("keydown", (event) => {
    if (dialogOpen()) {
      if (event.key === "Escape") { event.preventDefault(); closeDialogs(); }
      return;
    }
    const field = editing();
    if (field) {
      if (event.key === "Escape") { event.preventDefault(); stopEditing(field, true); return; }
      if (event.key === "Enter" && (event.target.tagName !== "TEXTAREA" || event.ctrlKey)) {
        event.preventDefault();
        setField(field, "corrected");
      }
      return;
    }
    if (isTyping(event.target)) return;
    if (event.ctrlKey && event.key === "Enter") { event.preventDefault(); confirmRecord(); return; }
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const current = currentField();
    const handlers = {
      "j": () => move(1), "ArrowDown": () => move(1),
      "k": () => move(-1), "ArrowUp": () => move(-1),
      "n": () => nextLow(),
      "Enter": () => startEditing(current || fields()[0]),
      "e": () => startEditing(current || fields()[0]),
      "a": () => accept(current),
      "x": () => notStated(current),
      "A": () => acceptAll(),
      "D": () => addItem("defendants"),
      "C": () => addItem(currentDefendant()),
      "V": () => addItem("victims"),
      "[": () => turnPage(-1), "]": () => turnPage(1),
      "+": () => setZoom(zoom + 1), "=": () => setZoom(zoom + 1), "-": () => setZoom(zoom - 1),
      "t": () => toggleText(),
      "?": () => openDialog("help"),
    };
    const handler = handlers[event.key];
    if (handler) {
      event.preventDefault();
      handler();
    }
  });

  // start on the first field a careful reviewer would look at
  const startAt = (() => {
    let order = [];
    try { order = JSON.parse(record().dataset.order || "[]"); } catch (e) { order = []; }
    return order.length ? fieldOf(order[0]) : fields()[0];
  })();
  if (startAt) setCurrent(startAt, { scroll: true });
})();
