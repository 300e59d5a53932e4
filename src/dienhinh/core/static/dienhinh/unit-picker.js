// The unit picker: an input that asks for unit codes, or a select of units
// (data-unit-picker="<scope>"), gets a search box and a tree above it.
// - Typing part of a unit's name, with or without diacritics, lists the units the form
//   accepts (asked of accounts/views/unit_picker.py, at most 20, each with the units above).
// - "Browse the units" opens the units the person may see as a tree (the ARIA tree pattern:
//   arrow keys move, Right/Left open and close, Enter or Space chooses); each level is asked
//   for when it is opened, so a tree of 130,000 units costs one small request per click.
// Choosing a unit writes its code into the input, or adds it on a new line when the input
// takes a list (data-unit-picker-list), or selects it in the select. The input stays usable
// as it was, so the form works the same without JavaScript. data-unit-picker-params adds a
// query string to every request (the dossier's plan).
(() => {
  const texts = () => document.body.dataset;
  let counter = 0;

  const element = (tag, className, text) => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  };

  const attach = (input) => {
    const url = texts().unitPickerUrl;
    if (!url || input.dataset.unitPickerReady) return;
    input.dataset.unitPickerReady = "1";
    const id = `unit-picker-${(counter += 1)}`;
    const params = new URLSearchParams(input.dataset.unitPickerParams || "");
    params.set("scope", input.dataset.unitPicker);
    const box = element("div", "unit-picker");
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
    const list = element("ul", "unit-picker-list");
    list.id = `${id}-list`;
    list.setAttribute("role", "listbox");
    list.hidden = true;
    const status = element("p", "unit-picker-status muted");
    status.setAttribute("role", "status");
    const browse = element("button", "secondary unit-tree-toggle", texts().unitPickerBrowse);
    browse.type = "button";
    browse.setAttribute("aria-expanded", "false");
    browse.setAttribute("aria-controls", `${id}-tree`);
    const tree = element("ul", "unit-tree");
    tree.id = `${id}-tree`;
    tree.setAttribute("role", "tree");
    tree.setAttribute("aria-label", texts().unitPickerTreeLabel);
    tree.hidden = true;
    box.append(search, list, browse, tree, status);
    input.parentNode.insertBefore(box, input);
    const many = input.hasAttribute("data-unit-picker-list");

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
    const write = (unit) => {
      if (input.tagName === "SELECT") {
        input.value = String(unit.id);
      } else if (many) {
        const codes = input.value.split(/[\s,;]+/).filter(Boolean);
        if (!codes.includes(unit.code)) codes.push(unit.code);
        input.value = codes.join("\n");
      } else {
        input.value = unit.code;
      }
      input.dispatchEvent(new Event("input", { bubbles: true }));
      input.dispatchEvent(new Event("change", { bubbles: true }));
      status.textContent = texts().unitPickerChosen.replace("{name}", unit.name);
    };
    const choose = (unit) => {
      write(unit);
      search.value = "";
      close();
      search.focus();
    };
    const show = () => {
      list.replaceChildren(
        ...results.map((unit, index) => {
          const item = element("li");
          item.id = `${id}-option-${index}`;
          item.setAttribute("role", "option");
          item.setAttribute("aria-selected", "false");
          item.append(element("span", "unit-picker-name", `${unit.name} (${unit.code})`));
          if (unit.trail) item.append(element("span", "unit-picker-trail", unit.trail));
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
    const getJson = async (address, extra) => {
      const query = new URLSearchParams(params);
      Object.entries(extra || {}).forEach(([key, value]) => query.set(key, value));
      const response = await fetch(`${address}?${query}`, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      if (!response.ok) throw new Error(String(response.status));
      return response.json();
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
      try {
        const answer = await getJson(url, { q: text });
        if (mine !== asked) return;
        results = answer.results;
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

    // --- the tree -------------------------------------------------------------------------
    const treeUrl = texts().unitTreeUrl;
    const units = new WeakMap(); // treeitem → the unit it shows
    const visibleItems = () =>
      Array.from(tree.querySelectorAll("[role=treeitem]")).filter(
        (item) => !item.parentElement.closest("[role=treeitem][aria-expanded=false]"),
      );
    const focusItem = (item) => {
      if (!item) return;
      tree.querySelectorAll("[role=treeitem][tabindex='0']").forEach((other) => {
        other.tabIndex = -1;
      });
      item.tabIndex = 0;
      item.focus();
    };
    const parentItem = (item) => item.parentElement.closest("[role=treeitem]");
    const level = (items, depth, more) => {
      const nodes = items.map((unit, index) => {
        const item = element("li", "unit-tree-item");
        item.setAttribute("role", "treeitem");
        item.setAttribute("aria-level", String(depth));
        item.setAttribute("aria-setsize", String(items.length));
        item.setAttribute("aria-posinset", String(index + 1));
        item.tabIndex = -1;
        if (unit.children) item.setAttribute("aria-expanded", "false");
        if (unit.choosable) item.setAttribute("aria-selected", "false");
        else item.classList.add("unit-tree-locked");
        const row = element("span", "unit-tree-row");
        const twisty = element("span", "unit-tree-twisty");
        twisty.setAttribute("aria-hidden", "true");
        const name = element("span", "unit-tree-name", `${unit.name} (${unit.code})`);
        row.append(twisty, name);
        if (!unit.choosable) {
          row.append(element("span", "visually-hidden", ` ${texts().unitPickerLocked}`));
        }
        item.append(row);
        units.set(item, unit);
        return item;
      });
      if (more) {
        const note = element("li", "unit-tree-more muted", texts().unitPickerMore);
        note.setAttribute("role", "treeitem");
        note.setAttribute("aria-level", String(depth));
        note.setAttribute("aria-disabled", "true");
        note.tabIndex = -1;
        nodes.push(note);
      }
      return nodes;
    };
    const load = async (item) => {
      const group = element("ul", "unit-tree-group");
      group.setAttribute("role", "group");
      group.setAttribute("aria-busy", "true");
      item.append(group);
      status.textContent = texts().unitPickerLoading;
      try {
        const answer = await getJson(`${treeUrl}${units.get(item).id}/`);
        const depth = Number(item.getAttribute("aria-level")) + 1;
        group.replaceChildren(...level(answer.units, depth, answer.more));
        group.removeAttribute("aria-busy");
        status.textContent = answer.units.length ? "" : texts().unitPickerEmpty;
        if (!answer.units.length) item.removeAttribute("aria-expanded");
      } catch (error) {
        group.remove();
        item.setAttribute("aria-expanded", "false");
        status.textContent = texts().unitPickerFailed;
      }
    };
    const toggle = (item, open) => {
      const expanded = item.getAttribute("aria-expanded");
      if (expanded === null) return;
      const opening = open === undefined ? expanded === "false" : open;
      item.setAttribute("aria-expanded", opening ? "true" : "false");
      if (opening && !item.querySelector(":scope > [role=group]")) load(item);
    };
    const pick = (item) => {
      const unit = units.get(item);
      if (!unit) return;
      if (!unit.choosable) {
        toggle(item);
        return;
      }
      tree.querySelectorAll("[aria-selected=true]").forEach((other) => {
        other.setAttribute("aria-selected", "false");
      });
      item.setAttribute("aria-selected", "true");
      write(unit);
      if (!many) {
        tree.hidden = true;
        browse.setAttribute("aria-expanded", "false");
        browse.focus();
      }
    };
    const openTree = async () => {
      tree.hidden = false;
      browse.setAttribute("aria-expanded", "true");
      if (tree.dataset.loaded) {
        focusItem(tree.querySelector("[role=treeitem][tabindex='0']") || visibleItems()[0]);
        return;
      }
      tree.dataset.loaded = "1";
      tree.setAttribute("aria-busy", "true");
      status.textContent = texts().unitPickerLoading;
      try {
        const answer = await getJson(treeUrl);
        tree.replaceChildren(...level(answer.units, 1, answer.more));
        status.textContent = answer.units.length ? "" : texts().unitPickerNone;
        const first = visibleItems()[0];
        // A single top unit is opened at once: it is the only way down.
        if (answer.units.length === 1) toggle(first, true);
        focusItem(first);
      } catch (error) {
        delete tree.dataset.loaded;
        status.textContent = texts().unitPickerFailed;
      }
      tree.removeAttribute("aria-busy");
    };
    browse.addEventListener("click", () => {
      if (tree.hidden) {
        openTree();
      } else {
        tree.hidden = true;
        browse.setAttribute("aria-expanded", "false");
      }
    });
    tree.addEventListener("click", (event) => {
      const item = event.target.closest("[role=treeitem]");
      if (!item || !units.get(item)) return;
      focusItem(item);
      if (event.target.closest(".unit-tree-twisty")) toggle(item);
      else pick(item);
    });
    tree.addEventListener("keydown", (event) => {
      const item = event.target.closest("[role=treeitem]");
      if (!item) return;
      const items = visibleItems();
      const index = items.indexOf(item);
      const expanded = item.getAttribute("aria-expanded");
      let handled = true;
      if (event.key === "ArrowDown") focusItem(items[index + 1]);
      else if (event.key === "ArrowUp") focusItem(items[index - 1]);
      else if (event.key === "Home") focusItem(items[0]);
      else if (event.key === "End") focusItem(items[items.length - 1]);
      else if (event.key === "ArrowRight") {
        if (expanded === "false") toggle(item, true);
        else if (expanded === "true") {
          focusItem(item.querySelector(":scope > [role=group] > [role=treeitem]"));
        }
      } else if (event.key === "ArrowLeft") {
        if (expanded === "true") toggle(item, false);
        else focusItem(parentItem(item));
      } else if (event.key === "Enter" || event.key === " ") pick(item);
      else if (event.key === "Escape") {
        tree.hidden = true;
        browse.setAttribute("aria-expanded", "false");
        browse.focus();
      } else handled = false;
      if (handled) event.preventDefault();
    });
  };

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("[data-unit-picker]").forEach(attach);
  });
})();
