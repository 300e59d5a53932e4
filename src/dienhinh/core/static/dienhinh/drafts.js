// Nothing typed is lost: a form with data-draft-key keeps what is typed in localStorage
// (keyed by the signed-in person and the form) until it is saved, restores it after a
// reload or a crash with a notice and a way to discard it, and, when the form has
// data-autosave-url, also saves the text to the server draft 5 s after typing stops.
(() => {
  const form = document.querySelector("form[data-draft-key]");
  const user = document.body.dataset.user;
  if (!form || !user || !window.localStorage) return;
  const key = `dienhinh:draft:${user}:${form.dataset.draftKey}`;
  const notice = document.querySelector(".draft-notice");
  const SKIP = new Set(["csrfmiddlewaretoken", "seen", "uploads"]);

  const fields = () =>
    [...form.elements].filter(
      (el) => el.name && !SKIP.has(el.name) && !el.name.startsWith("upload-") &&
        !["file", "hidden", "submit", "button"].includes(el.type),
    );

  const snapshot = () => {
    const values = {};
    for (const el of fields()) {
      if (el.type === "radio") {
        if (el.checked) values[el.name] = el.value;
        else if (!(el.name in values)) values[el.name] = null;
      } else if (el.type === "checkbox") {
        values[el.name] = el.checked;
      } else {
        values[el.name] = el.value;
      }
    }
    return values;
  };

  const apply = (values) => {
    for (const el of fields()) {
      if (!(el.name in values)) continue;
      const value = values[el.name];
      if (el.type === "radio") el.checked = el.value === value;
      else if (el.type === "checkbox") el.checked = Boolean(value);
      else el.value = value ?? "";
      el.dispatchEvent(new CustomEvent("dienhinh:restored", { bubbles: true }));
    }
  };

  const original = snapshot();
  const same = (a, b) => Object.keys(a).every((name) => a[name] === b[name]);
  let stored = null;
  try {
    stored = JSON.parse(localStorage.getItem(key) || "null");
  } catch {
    stored = null;
  }
  // A copy older than two weeks is not what anyone is still writing: drop it.
  if (stored && !(Date.now() - stored.at < 14 * 24 * 3600 * 1000)) {
    localStorage.removeItem(key);
    stored = null;
  }
  if (stored && stored.values && !same(stored.values, original)) {
    apply(stored.values);
    if (notice) {
      notice.querySelector(".draft-notice-text").textContent = form.dataset.msgRestored;
      notice.hidden = false;
    }
  }
  notice?.querySelector("[data-discard-draft]")?.addEventListener("click", () => {
    localStorage.removeItem(key);
    apply(original);
    notice.querySelector(".draft-notice-text").textContent = form.dataset.msgDiscarded;
    notice.querySelector("[data-discard-draft]").hidden = true;
  });

  let localTimer = null;
  const keepLocally = () => {
    clearTimeout(localTimer);
    localTimer = setTimeout(() => {
      try {
        localStorage.setItem(key, JSON.stringify({ at: Date.now(), values: snapshot() }));
      } catch {
        // Storage full or refused: the form still works, the text is just not kept.
      }
    }, 300);
  };

  // The server draft: only once the dossier exists, and never over someone else's change.
  const url = form.dataset.autosaveUrl;
  const status = form.querySelector(".autosave-status");
  const seen = form.querySelector("input[name=seen]");
  let serverTimer = null;
  let stopped = !url;
  let inFlight = false;
  const saveOnServer = async () => {
    if (stopped || inFlight) return;
    inFlight = true;
    const data = new FormData(form);
    for (const name of ["new_photos", "new_attachments"]) data.delete(name);
    try {
      const response = await fetch(url, {
        method: "POST",
        body: data,
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      const answer = await response.json().catch(() => ({}));
      if (response.ok) {
        if (seen && answer.version) seen.value = answer.version;
        if (status) status.textContent = answer.message || "";
      } else {
        stopped = true;
        if (status) {
          status.textContent = `${form.dataset.msgConflict || ""} ${answer.error || ""}`.trim();
          status.classList.add("error");
        }
      }
    } catch {
      // Offline: the text is kept in the browser; the next change tries again.
    } finally {
      inFlight = false;
    }
  };

  const changed = (event) => {
    if (event.target.type === "file") return;
    keepLocally();
    if (!stopped) {
      clearTimeout(serverTimer);
      serverTimer = setTimeout(saveOnServer, 5000);
    }
  };
  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  form.addEventListener("submit", () => {
    clearTimeout(serverTimer);
    stopped = true;
    try {
      localStorage.setItem(key, JSON.stringify({ at: Date.now(), values: snapshot() }));
    } catch {
      // ignored, as above
    }
    sessionStorage.setItem("dienhinh:draft-sent", key);
  });
})();
