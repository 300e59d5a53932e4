// Small progressive enhancements; every page works without JavaScript.
document.addEventListener("change", (event) => {
  const target = event.target;
  if (target.matches("[data-autosubmit]")) {
    target.form.submit();
  }
});
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-copy]");
  if (button) {
    const source = document.getElementById(button.dataset.copy);
    if (source && navigator.clipboard) {
      navigator.clipboard.writeText(source.value || source.textContent);
      button.textContent = button.dataset.copied || button.textContent;
    }
  }
});

// Text typed into forms is kept in this browser until saved (drafts.js), under keys that
// name the signed-in person. Office computers are shared: logging out wipes that person's
// keys, and a page that confirms a save wipes the key of the form that was sent.
const draftPrefix = () => `dienhinh:draft:${document.body.dataset.user}:`;
document.addEventListener("submit", (event) => {
  if (event.target.matches("form[data-logout]") && document.body.dataset.user) {
    const prefix = draftPrefix();
    Object.keys(localStorage)
      .filter((key) => key.startsWith(prefix))
      .forEach((key) => localStorage.removeItem(key));
  }
});
document.addEventListener("DOMContentLoaded", () => {
  const sent = sessionStorage.getItem("dienhinh:draft-sent");
  if (sent && document.querySelector(".messages [data-tags~='draft-saved']")) {
    localStorage.removeItem(sent);
    sessionStorage.removeItem("dienhinh:draft-sent");
  }
});

// A form is sent once: the submit buttons are disabled after the first click, so a double
// click or an impatient second one does not send it again. The server's one-time token
// (core/once.py) is what counts; this only spares the second request. A form whose answer
// stays on the page (a download) or a page shown again from the history is usable again.
const submitButtons = (form) =>
  form.querySelectorAll("button:not([type]), button[type=submit], input[type=submit]");
const releaseForm = (form) => {
  delete form.dataset.sending;
  submitButtons(form).forEach((button) => {
    button.disabled = false;
  });
};
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (event.defaultPrevented || form.method.toLowerCase() !== "post") return;
  if (form.dataset.sending) {
    event.preventDefault();
    return;
  }
  form.dataset.sending = "true";
  // After the browser has read the clicked button's name and value for this submission.
  setTimeout(() => {
    submitButtons(form).forEach((button) => {
      button.disabled = true;
    });
  }, 0);
  setTimeout(() => releaseForm(form), 10000);
});
window.addEventListener("pageshow", () => {
  document.querySelectorAll("form[data-sending]").forEach(releaseForm);
});

// File inputs: the browser writes "Choose File / No file chosen" in its own language, not
// the page's. Each input gets a button and a line of chosen names in the page's language
// (texts on <body>); the input itself lies invisible over them, focusable, labelled and
// clicked or dropped on as before. Without JavaScript the browser's own control shows.
const enhanceFileInput = (input) => {
  const texts = document.body.dataset;
  if (input.closest(".file-picker") || !texts.fileChoose) return;
  const picker = document.createElement("span");
  picker.className = "file-picker";
  const button = document.createElement("span");
  button.className = "file-picker-button";
  button.setAttribute("aria-hidden", "true");
  button.textContent = input.multiple ? texts.fileChooseMany : texts.fileChoose;
  const names = document.createElement("span");
  names.className = "file-picker-names";
  names.textContent = texts.fileNone;
  input.parentNode.insertBefore(picker, input);
  picker.append(input, button, names);
  // Capturing, so that the names are read before a page's own handler (uploads.js) sends
  // the files and empties the input.
  input.addEventListener(
    "change",
    () => {
      const chosen = Array.from(input.files || []).map((file) => file.name);
      names.textContent = chosen.length ? chosen.join(", ") : texts.fileNone;
    },
    { capture: true },
  );
};
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("input[type=file]").forEach(enhanceFileInput);
});
