// A small rich-text editor for textarea[data-richtext]: bold, italic, headings, lists and
// links on a contenteditable area, with what is pasted (from Word, a web page) cleaned down
// to those. The textarea stays in the form (hidden) and always holds the cleaned HTML; the
// server sanitises it again (nominations/richtext.py). Without JavaScript the textarea is
// used as it is. No inline code: this runs under the site's Content-Security-Policy.
(() => {
  const BLOCKS = { P: "p", DIV: "p", H1: "h3", H2: "h3", H3: "h3", H4: "h4", H5: "h4", H6: "h4",
    UL: "ul", OL: "ol", LI: "li", BLOCKQUOTE: "blockquote" };
  const INLINE = { B: "strong", STRONG: "strong", I: "em", EM: "em", U: "u", BR: "br", A: "a" };
  const DROP = new Set(["SCRIPT", "STYLE", "META", "LINK", "TITLE", "HEAD", "IFRAME", "OBJECT",
    "EMBED", "SVG", "MATH", "TEMPLATE", "NOSCRIPT", "IMG", "VIDEO", "AUDIO", "FORM", "INPUT",
    "BUTTON", "SELECT", "TEXTAREA", "XML"]);
  const SAFE_URL = /^(https?:|mailto:)/i;

  // Copy ``source``'s children into ``target``, keeping only the allowed elements; formatting
  // already in force (bold inside bold) and elements left empty are dropped.
  const copyClean = (source, target, doc, inside = new Set()) => {
    for (const node of source.childNodes) {
      if (node.nodeType === Node.TEXT_NODE) {
        target.appendChild(doc.createTextNode(node.nodeValue));
        continue;
      }
      if (node.nodeType !== Node.ELEMENT_NODE) continue; // comments, Word's conditionals
      const tag = node.tagName.toUpperCase();
      const style = node.getAttribute("style") || "";
      if (DROP.has(tag) || tag.includes(":") || /mso-list:\s*ignore/i.test(style)) continue;
      const name = BLOCKS[tag] || INLINE[tag];
      if (!name || (INLINE[tag] && name !== "br" && inside.has(name))) {
        copyClean(node, target, doc, inside); // span, font, o:p …: keep the text only
        continue;
      }
      const copy = doc.createElement(name);
      if (name === "a") {
        const href = (node.getAttribute("href") || "").trim();
        if (!SAFE_URL.test(href)) {
          copyClean(node, target, doc, inside);
          continue;
        }
        copy.setAttribute("href", href);
      }
      if (name !== "br") copyClean(node, copy, doc, new Set([...inside, name]));
      const empty = name !== "br" && !copy.textContent.trim() && !copy.querySelector("br");
      if (empty) continue;
      target.appendChild(copy);
    }
    return target;
  };

  const escape = (text) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  // Text typed before the editor existed: paragraphs at blank lines, line breaks inside.
  const asHtml = (value) => {
    if (/<(p|br|ul|ol|h3|h4|blockquote|strong|em|b|i|a)\b/i.test(value)) return value;
    return value
      .split(/\n\s*\n/)
      .filter((part) => part.trim())
      .map((part) => `<p>${escape(part.trim()).replace(/\n/g, "<br>")}</p>`)
      .join("");
  };

  const clean = (html) => {
    const doc = new DOMParser().parseFromString(`<body>${html}</body>`, "text/html");
    const out = document.implementation.createHTMLDocument("");
    return copyClean(doc.body, out.createElement("div"), out).innerHTML;
  };

  const setup = (textarea) => {
    const strings = textarea.dataset;
    const wrapper = document.createElement("div");
    wrapper.className = "richtext-editor";
    const toolbar = document.createElement("div");
    toolbar.className = "richtext-toolbar";
    toolbar.setAttribute("role", "toolbar");
    toolbar.setAttribute("aria-label", strings.rtToolbar || "Formatting");
    const area = document.createElement("div");
    area.className = "richtext richtext-area";
    area.contentEditable = "true";
    area.setAttribute("role", "textbox");
    area.setAttribute("aria-multiline", "true");
    const label = document.querySelector(`label[for="${textarea.id}"]`);
    if (label) {
      label.id ||= `${textarea.id}_label`;
      area.setAttribute("aria-labelledby", label.id);
      label.addEventListener("click", () => area.focus());
    }
    const help = textarea.getAttribute("aria-describedby");
    if (help) area.setAttribute("aria-describedby", help);
    const load = () => {
      area.innerHTML = clean(asHtml(textarea.value));
    };
    const sync = () => {
      textarea.value = clean(area.innerHTML);
    };
    const buttons = [
      ["bold", strings.rtBold || "Bold", () => document.execCommand("bold")],
      ["italic", strings.rtItalic || "Italic", () => document.execCommand("italic")],
      ["h3", strings.rtHeading || "Heading", () => document.execCommand("formatBlock", false, "h3")],
      ["h4", strings.rtSubheading || "Subheading", () => document.execCommand("formatBlock", false, "h4")],
      ["p", strings.rtParagraph || "Paragraph", () => document.execCommand("formatBlock", false, "p")],
      ["ul", strings.rtBullets || "Bulleted list", () => document.execCommand("insertUnorderedList")],
      ["ol", strings.rtNumbers || "Numbered list", () => document.execCommand("insertOrderedList")],
      ["link", strings.rtLink || "Link", () => {
        const url = window.prompt(strings.rtLinkPrompt || "Address (https://…)", "https://");
        if (url && SAFE_URL.test(url.trim())) document.execCommand("createLink", false, url.trim());
      }],
      ["unlink", strings.rtUnlink || "Remove link", () => document.execCommand("unlink")],
    ];
    for (const [name, text, run] of buttons) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = `secondary rt-${name}`;
      button.textContent = text;
      // Keep the selection in the text when the button is pressed with the mouse.
      button.addEventListener("mousedown", (event) => event.preventDefault());
      button.addEventListener("click", () => {
        area.focus();
        document.execCommand("defaultParagraphSeparator", false, "p");
        run();
        sync();
        textarea.dispatchEvent(new Event("input", { bubbles: true }));
      });
      toolbar.appendChild(button);
    }
    area.addEventListener("focus", () => {
      document.execCommand("defaultParagraphSeparator", false, "p");
      document.execCommand("styleWithCSS", false, false);
    });
    area.addEventListener("paste", (event) => {
      const data = event.clipboardData;
      if (!data) return;
      event.preventDefault();
      const html = data.getData("text/html");
      if (html) document.execCommand("insertHTML", false, clean(html));
      else document.execCommand("insertText", false, data.getData("text/plain"));
    });
    area.addEventListener("input", () => {
      sync();
      textarea.dispatchEvent(new Event("input", { bubbles: true }));
    });
    textarea.addEventListener("dienhinh:restored", load);
    // The error summary links to the (hidden) textarea: take the reader to the editor.
    document.querySelectorAll(`a[href="#${textarea.id}"]`).forEach((link) => {
      link.addEventListener("click", (event) => {
        event.preventDefault();
        area.scrollIntoView({ block: "center" });
        area.focus();
      });
    });
    textarea.form?.addEventListener("submit", sync);
    load();
    textarea.hidden = true;
    textarea.classList.add("richtext-source");
    textarea.after(wrapper);
    wrapper.append(toolbar, area);
  };

  document.querySelectorAll("textarea[data-richtext]").forEach(setup);
})();
