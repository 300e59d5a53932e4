// The unit picker: an input that asks for unit codes (data-unit-picker="<scope>") gets a
// search box above it. Typing part of a unit's name, with or without diacritics, lists the
// units the form accepts (asked of accounts/views/unit_picker.py, at most 20, each with the
// units above it); choosing one writes its code into the input, or adds it on a new line
// when the input takes a list (data-unit-picker-list). The code input stays usable as it
// was, so the form works the same without JavaScript.
(() => {
  const texts = () => document.body.dataset;
  let counter = 0;

  const attach = (input) => {
    const url = texts().unitPickerUrl;
    if (!url || input.dataset.unitPickerReady) return;
    input.dataset.unitPickerReady = "1";
    const id = `unit-picker-${(counter += 1)}`;
    const box = document.createElement("div");
    box.className = "unit-picker";
    const search = document.createElement("input");
    search.type = "search";
    search.id = `${id}-search`;
    search.autocomplete = "off";
    search.placeholder = texts().unitPickerPlaceholder;
    search.setAttribute("role", "combobox");
    search.setAttribute("aria-autocomplete", "list");
    search.setAttribute("aria-expanded", "false");
    search.setAttribute("aria-controls", `${id}-list`);
    search.setAttribute("aria-label", texts().unitPickerLabel);
    const list = document.createElement("ul");
    list.id = `${id}-list`;
    list.className = "unit-picker-list";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    const status = document.createElement("p");
    status.className = "unit-picker-status muted";
    status.setAttribute("role", "status");
    box.append(search, list, status);
    input.parentNode.insertBefore(box, input);

    let results = [];
    let active = -1;
    let timer = null;
    let asked = 0;

    const close = () => {
      list.hidden = true;
      search.setAttribute("aria-expanded", "false");
      search.removeAttribute("aria-activedescendant");
      active = -1;
    };
    const highlight = (index) => {
      active = index;
      Array.from(list.children).forEach((item, i) => {
        item.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      if (index >= 0) search.setAttribute("aria-activedescendant", `${id}-option-${index}`);
    };
    const choose = (unit) => {
      if (input.hasAttribute("data-unit-picker-list")) {
        const codes = input.value.split(/[\s,;]+/).filter(Boolean);
        if (!codes.includes(unit.code)) codes.push(unit.code);
        input.value = codes.join("\n");
      } else {
        input.value = unit.code;
      }
      input.dispatchEvent(new Event("input", { bubbles: true }));
      status.textContent = texts().unitPickerChosen.replace("{name}", unit.name);
      search.value = "";
      close();
      search.focus();
    };
    const show = () => {
      list.replaceChildren(
        ...results.map((unit, index) => {
          const item = document.createElement("li");
          item.id = `${id}-option-${index}`;
          item.setAttribute("role", "option");
          item.setAttribute("aria-selected", "false");
          const name = document.createElement("span");
          name.className = "unit-picker-name";
          name.textContent = `${unit.name} (${unit.code})`;
          item.append(name);
          if (unit.trail) {
            const trail = document.createElement("span");
            trail.className = "unit-picker-trail";
            trail.textContent = unit.trail;
            item.append(trail);
          }
          item.addEventListener("mousedown", (event) => event.preventDefault());
          item.addEventListener("click", () => choose(unit));
          return item;
        }),
      );
      list.hidden = results.length === 0;
      search.setAttribute("aria-expanded", results.length ? "true" : "false");
      status.textContent = results.length ? "" : texts().unitPickerNone;
      active = -1;
    };
    const ask = async () => {
      const text = search.value.trim();
      if (text.length < 2) {
        results = [];
        show();
        status.textContent = "";
        return;
      }
      const mine = (asked += 1);
      const query = new URLSearchParams({ scope: input.dataset.unitPicker, q: text });
      try {
        const response = await fetch(`${url}?${query}`, {
          headers: { Accept: "application/json" },
          credentials: "same-origin",
        });
        if (!response.ok || mine !== asked) return;
        results = (await response.json()).results;
        show();
      } catch (error) {
        status.textContent = texts().unitPickerFailed;
      }
    };
    search.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(ask, 250);
    });
    search.addEventListener("keydown", (event) => {
      if (event.key === "ArrowDown" && results.length) {
        event.preventDefault();
        list.hidden = false;
        highlight(Math.min(active + 1, results.length - 1));
      } else if (event.key === "ArrowUp" && results.length) {
        event.preventDefault();
        highlight(Math.max(active - 1, 0));
      } else if (event.key === "Enter" && !list.hidden && results.length) {
        // Enter chooses a unit instead of sending the form half filled.
        event.preventDefault();
        choose(results[active >= 0 ? active : 0]);
      } else if (event.key === "Escape") {
        close();
      }
    });
    search.addEventListener("blur", () => setTimeout(close, 150));
  };

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("[data-unit-picker]").forEach(attach);
  });
})();
