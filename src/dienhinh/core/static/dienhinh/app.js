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
