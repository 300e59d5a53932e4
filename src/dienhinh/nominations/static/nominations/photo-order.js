// The saved photos on the dossier's edit page (section.photo-order): "Move up", "Move down"
// and "Delete" post their forms in the background with Accept: application/json, and the
// item is moved or removed in place instead of reloading the page. The server answers the
// new order and how many more photos the dossier takes; the result is announced in the
// section's status line (texts from its translated data- attributes). Without JavaScript
// the same forms reload the page.
(() => {
  const section = document.querySelector("section.photo-order");
  if (!section || !window.fetch || !window.FormData) return;
  const list = section.querySelector(".photo-cards");
  const status = section.querySelector(".photo-status");
  const uploads = document.querySelector("fieldset.uploads[data-kind=photo]");
  const say = (message) => {
    status.textContent = message;
  };

  // Show each item's buttons for its place: no "up" on the first, no "down" on the last.
  const relabel = () => {
    const items = [...list.children];
    items.forEach((item, index) => {
      item.querySelector(".photo-move").hidden = items.length < 2;
      item.querySelector("form[data-direction=up]").hidden = index === 0;
      item.querySelector("form[data-direction=down]").hidden = index === items.length - 1;
    });
    list.hidden = items.length === 0;
    section.querySelector(".photo-none").hidden = items.length > 0;
    section.querySelector(".photo-order-help").hidden = items.length < 2;
    section.querySelector(".photo-count").textContent = String(items.length);
  };

  const arrange = (order) => {
    const items = new Map([...list.children].map((item) => [Number(item.dataset.photoId), item]));
    for (const id of order) {
      const item = items.get(id);
      if (item) list.append(item);
    }
    // A photo another tab removed meanwhile is no longer in the answer's order.
    for (const [id, item] of items) if (!order.includes(id)) item.remove();
    relabel();
  };

  const post = async (form) => {
    const response = await fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    });
    let answer = {};
    try {
      answer = await response.json();
    } catch {
      answer = {};
    }
    // An expired session answers with the login page (200, HTML): no order, nothing done.
    if (!response.ok || !Array.isArray(answer.order)) {
      throw new Error(answer.error || section.dataset.msgFailed);
    }
    return answer;
  };

  const moved = (item, direction) => {
    // Keep the focus on the moved photo: on the same button, or on the other one when the
    // photo reached the end the button pointed to.
    const same = item.querySelector(`form[data-direction=${direction}]`);
    const other = item.querySelector(`form[data-direction=${direction === "up" ? "down" : "up"}]`);
    (same.hidden ? other : same).querySelector("button").focus();
  };

  list?.addEventListener("submit", async (event) => {
    const form = event.target;
    const item = form.closest("li[data-photo-id]");
    if (!item) return;
    event.preventDefault();
    const button = form.querySelector("button[type=submit]");
    if (button.disabled) return;
    button.disabled = true;
    let answer;
    try {
      answer = await post(form);
    } catch (error) {
      say(error.message || section.dataset.msgFailed);
      return;
    } finally {
      // Enabled again before the focus is put back: a disabled button cannot take it.
      button.disabled = false;
    }
    if ("remove" in form.dataset) {
      const next = item.nextElementSibling || item.previousElementSibling;
      arrange(answer.order);
      if (uploads) {
        uploads.dataset.left = String(answer.photos_left);
        uploads.dispatchEvent(new CustomEvent("dienhinh:recount"));
      }
      // As for a file removed from the form: the next photo's "Delete", or the heading.
      (next?.querySelector("summary") || section.querySelector("h2")).focus();
      say(section.dataset.msgRemoved);
    } else {
      arrange(answer.order);
      moved(item, form.dataset.direction);
      say(form.dataset.direction === "up" ? section.dataset.msgUp : section.dataset.msgDown);
    }
  });
})();
