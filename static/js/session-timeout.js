// Session idle timeout: warn before the server ends an idle session, offer to stay logged in, and never
// lose typed text. <body> carries the settings (data-session-*), base.html the Dutch texts; no inline
// script, so a strict CSP holds.
(() => {
  "use strict";
  const body = document.body;
  // Seconds left when the page was made; every response of the server (htmx, keep-alive) tells anew.
  const timeout = Number(body.dataset.sessionTimeout) * 1000;
  const warning = Number(body.dataset.sessionWarning) * 1000;
  const keepaliveUrl = body.dataset.sessionKeepaliveUrl;
  const userKey = body.dataset.sessionUser;
  if (!body.dataset.sessionTimeout || !keepaliveUrl) return;

  const DRAFT_PREFIX = "voorveld-draft:";
  const DRAFT_MAX_AGE = 12 * 60 * 60 * 1000;
  const DEADLINE_KEY = "voorveld-session-deadline";
  const EXPIRES_HEADER = "X-Session-Expires-In";
  const EXPIRY_GRACE = 3000;
  const draftKey = DRAFT_PREFIX + location.pathname + location.search;
  const dialog = document.getElementById("session-warning");
  const text = document.getElementById("session-warning-text");
  const button = dialog ? dialog.querySelector("[data-session-keepalive]") : null;
  let deadline = Date.now() + timeout;
  let expired = false;
  let focusBefore = null;

  // Every tab of this browser shares the one server session: a renewal in one counts for all.
  function renewed(secondsLeft) {
    const seconds = Number(secondsLeft);
    if (secondsLeft === null || secondsLeft === "" || Number.isNaN(seconds)) return;
    deadline = Date.now() + seconds * 1000;
    try { localStorage.setItem(DEADLINE_KEY, String(deadline)); } catch (e) { /* private mode */ }
  }
  function latestDeadline() {
    let shared = 0;
    try { shared = Number(localStorage.getItem(DEADLINE_KEY)) || 0; } catch (e) { /* private mode */ }
    return Math.max(deadline, shared);
  }

  function userForms() {
    return Array.from(document.querySelectorAll("main form")).filter(
      (form) => (form.getAttribute("method") || "get").toLowerCase() === "post"
    );
  }
  function changedFields(form) {
    const fields = [];
    for (const el of form.elements) {
      if (!el.name || el.disabled || el.name === "csrfmiddlewaretoken") continue;
      const type = (el.type || "").toLowerCase();
      if (["password", "hidden", "file", "submit", "button", "reset"].includes(type)) continue;
      if (type === "checkbox" || type === "radio") {
        if (el.checked !== el.defaultChecked) fields.push({ name: el.name, value: el.value, checked: el.checked });
      } else if (el.tagName === "SELECT") {
        const changed = Array.from(el.options).some((o) => o.selected !== o.defaultSelected);
        if (changed) fields.push({ name: el.name, values: Array.from(el.selectedOptions).map((o) => o.value) });
      } else if (el.value !== el.defaultValue) {
        fields.push({ name: el.name, value: el.value });
      }
    }
    return fields;
  }
  function saveDrafts() {
    const forms = userForms().map((form, index) => ({ index, fields: changedFields(form) }))
      .filter((f) => f.fields.length);
    try {
      if (forms.length) {
        sessionStorage.setItem(draftKey, JSON.stringify({ user: userKey, savedAt: Date.now(), forms }));
      } else {
        sessionStorage.removeItem(draftKey);
      }
    } catch (e) { /* storage full or off: nothing more we can do */ }
  }
  function restoreDrafts() {
    let draft = null;
    try { draft = JSON.parse(sessionStorage.getItem(draftKey) || "null"); } catch (e) { draft = null; }
    if (!draft) return;
    sessionStorage.removeItem(draftKey);
    // Never show one person's typing to the next person who logs in on this tablet.
    if (draft.user !== userKey || Date.now() - draft.savedAt > DRAFT_MAX_AGE) return;
    const forms = userForms();
    let restored = false;
    for (const saved of draft.forms) {
      const form = forms[saved.index];
      if (!form) continue;
      for (const field of saved.fields) {
        const elements = Array.from(form.elements).filter((el) => el.name === field.name);
        for (const el of elements) {
          if ("checked" in field && (el.type === "checkbox" || el.type === "radio")) {
            if (el.value === field.value) { el.checked = field.checked; restored = true; }
          } else if (field.values && el.tagName === "SELECT") {
            for (const option of el.options) option.selected = field.values.includes(option.value);
            restored = true;
          } else if ("value" in field && el.type !== "checkbox" && el.type !== "radio") {
            el.value = field.value;
            restored = true;
          } else {
            continue;
          }
          el.dispatchEvent(new Event("input", { bubbles: true }));
          el.dispatchEvent(new Event("change", { bubbles: true }));
        }
      }
    }
    const notice = document.getElementById("session-restored");
    if (restored && notice) {
      const main = document.getElementById("main");
      main.insertBefore(notice, main.firstChild);
      notice.hidden = false;
    }
  }

  function showWarning(remaining) {
    if (!dialog) return;
    const minutes = Math.max(1, Math.ceil(remaining / 60000));
    text.textContent = text.dataset.expiring.replace("{minutes}", String(minutes));
    if (dialog.hidden) {
      focusBefore = document.activeElement;
      dialog.hidden = false;
      button.focus();
    }
  }
  function hideWarning() {
    if (!dialog || dialog.hidden) return;
    dialog.hidden = true;
    if (focusBefore && typeof focusBefore.focus === "function") focusBefore.focus();
  }
  function csrfToken() {
    try { return JSON.parse(body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || ""; } catch (e) { return ""; }
  }
  function toLogin() {
    // A fresh GET of this page: the server answers with the login page, which brings the person back here.
    location.assign(location.pathname + location.search);
  }
  function stayLoggedIn() {
    fetch(keepaliveUrl, {
      method: "POST", credentials: "same-origin", redirect: "manual",
      headers: { "X-CSRFToken": csrfToken(), "X-Requested-With": "XMLHttpRequest" },
    }).then((response) => {
      if (response.status === 204) {
        renewed(response.headers.get(EXPIRES_HEADER));
        hideWarning();
      } else {
        saveDrafts();
        toLogin();
      }
    }).catch(() => { /* offline: try again with the next click */ });
  }

  function tick() {
    if (expired) return;
    const remaining = latestDeadline() - Date.now();
    // A moment past the deadline, so the server has surely ended the session (a reload of a still
    // living session would renew it instead).
    if (remaining <= -EXPIRY_GRACE) {
      expired = true;
      saveDrafts();
      if (dialog) {
        text.textContent = text.dataset.expired;
        button.hidden = true;
        dialog.hidden = false;
      }
      toLogin();
    } else if (remaining <= warning) {
      saveDrafts();
      showWarning(Math.max(remaining, 0));
    } else {
      hideWarning();
    }
  }

  if (button) button.addEventListener("click", stayLoggedIn);
  if (dialog) dialog.addEventListener("keydown", (event) => { if (event.key === "Escape") stayLoggedIn(); });
  // A sent form needs no draft any more; logging out forgets every draft of this tab.
  document.addEventListener("submit", (event) => {
    const action = event.target.getAttribute("action") || "";
    if (action.includes("uitloggen")) {
      Object.keys(sessionStorage).filter((k) => k.startsWith(DRAFT_PREFIX)).forEach((k) => sessionStorage.removeItem(k));
    } else {
      sessionStorage.removeItem(draftKey);
    }
  });
  // Every htmx request reaches the server, which answers how long the session now lasts.
  document.addEventListener("htmx:afterRequest", (event) => {
    const xhr = event.detail && event.detail.xhr;
    if (xhr) renewed(xhr.getResponseHeader(EXPIRES_HEADER));
  });
  window.addEventListener("storage", (event) => { if (event.key === DEADLINE_KEY) tick(); });

  renewed(body.dataset.sessionTimeout);
  restoreDrafts();
  setInterval(tick, Math.min(15000, Math.max(1000, warning / 4)));
})();
