// Photos and documents on the dossier form (fieldset.uploads): each chosen, dropped or
// photographed file is uploaded at once with a progress bar, becomes a "pending upload"
// (its id kept in the form) and is attached when the form is saved. Captions and
// descriptions are typed beside each; buttons move and remove them (keyboard-usable).
// Large photos are scaled down in the browser first (longest side 2560 px, JPEG 0.85),
// already turned upright (createImageBitmap's imageOrientation); a photo the browser
// cannot decode (HEIC on most desktops) is sent as it is: the server converts it.
(() => {
  const form = document.querySelector("form.dossier-form");
  if (!form || !window.FormData || !window.XMLHttpRequest) return;
  const MAX_SIDE = 2560;
  const QUALITY = 0.85;
  const csrf = form.querySelector("input[name=csrfmiddlewaretoken]")?.value || "";
  // Messages come translated from the page, with "{name}" where the file's name goes.
  const text = (name, file) => (form.dataset[name] || "").replace("{name}", file);

  const downscale = async (file) => {
    if (!file.type.startsWith("image/") || !window.createImageBitmap) return file;
    let bitmap;
    try {
      bitmap = await createImageBitmap(file, { imageOrientation: "from-image" });
    } catch {
      return file;
    }
    const longest = Math.max(bitmap.width, bitmap.height);
    if (longest <= MAX_SIDE) {
      bitmap.close();
      return file; // the server applies the EXIF orientation of the original
    }
    const scale = MAX_SIDE / longest;
    const canvas = document.createElement("canvas");
    canvas.width = Math.round(bitmap.width * scale);
    canvas.height = Math.round(bitmap.height * scale);
    const context = canvas.getContext("2d");
    context.fillStyle = "#fff"; // transparent PNG areas become white, not black, in JPEG
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    bitmap.close();
    const blob = await new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", QUALITY));
    if (!blob) return file;
    const stem = file.name.replace(/\.[^.]*$/, "") || "photo";
    return new File([blob], `${stem}.jpg`, { type: "image/jpeg" });
  };

  const setup = (section) => {
    const kind = section.dataset.kind;
    const list = section.querySelector(".pending-list");
    const status = section.querySelector(".upload-status");
    const pattern = document.getElementById(`pending-template-${kind}`);
    const firstInput = section.querySelector("input[type=file]");
    const say = (message) => {
      status.textContent = message;
    };
    const nameOf = (item) => item.querySelector(".pending-name").textContent;
    // How many more files the dossier takes: data-left counts its saved files (photo-order.js
    // raises it when a saved photo is removed), minus those uploaded or uploading here.
    const leftText = section.querySelector("[data-left-text]");
    const zone = section.querySelector(".dropzone");
    const full = section.querySelector(".uploads-full");
    const recount = () => {
      const taken = list.querySelectorAll(".pending-item:not(.failed)").length;
      const left = Math.max(Number(section.dataset.left || 0) - taken, 0);
      if (leftText) leftText.textContent = leftText.dataset.leftText.replace("__N__", String(left));
      if (zone && !zone.contains(document.activeElement)) zone.hidden = left === 0;
      if (full) full.hidden = left > 0;
    };
    section.addEventListener("dienhinh:recount", recount);

    const enhance = (item) => {
      item.querySelector(".pending-keep").hidden = true;
      item.querySelector(".pending-buttons").hidden = false;
    };

    const fill = (item, info) => {
      for (const element of [item, ...item.querySelectorAll("*")]) {
        for (const attribute of [...element.attributes]) {
          if (attribute.value.includes("__ID__")) {
            element.setAttribute(attribute.name, attribute.value.replaceAll("__ID__", info.id));
          }
        }
      }
      const thumb = item.querySelector(".pending-thumb");
      if (thumb && info.thumbnail) thumb.src = info.thumbnail;
    };

    const fail = (item, message) => {
      item.classList.add("failed");
      item.querySelector(".pending-progress").hidden = true;
      const error = item.querySelector(".pending-error");
      error.textContent = message;
      error.hidden = false;
      // Nothing was stored: the item names no upload and only offers to be removed.
      item.querySelector(".pending-keep").remove();
      item.querySelectorAll(".field:not(.check), [data-move]").forEach((el) => el.remove());
      recount();
      say(message);
    };

    const upload = async (file) => {
      const item = pattern.content.firstElementChild.cloneNode(true);
      item.querySelector(".pending-name").textContent = file.name;
      const progress = item.querySelector(".pending-progress");
      progress.hidden = false;
      enhance(item);
      list.append(item);
      recount();
      say(text("msgUploading", file.name));
      const body = kind === "photo" ? await downscale(file) : file;
      const data = new FormData();
      data.append("kind", kind);
      data.append("file", body, body.name || file.name);
      const request = new XMLHttpRequest();
      request.open("POST", form.dataset.uploadUrl);
      request.setRequestHeader("X-CSRFToken", csrf);
      request.setRequestHeader("Accept", "application/json");
      request.upload.addEventListener("progress", (event) => {
        if (event.lengthComputable) progress.value = Math.round((100 * event.loaded) / event.total);
      });
      request.addEventListener("load", () => {
        let answer = {};
        try {
          answer = JSON.parse(request.responseText);
        } catch {
          answer = {};
        }
        if (request.status === 201) {
          fill(item, answer);
          progress.value = 100;
          progress.hidden = true;
          item.classList.add("uploaded");
          say(text("msgUploaded", file.name));
        } else {
          fail(item, `${file.name}: ${answer.error || form.dataset.msgFailed}`);
        }
      });
      request.addEventListener("error", () => fail(item, `${file.name}: ${form.dataset.msgFailed}`));
      request.send(data);
    };

    const uploadAll = (files) => [...files].forEach((file) => upload(file));

    section.querySelectorAll("input[type=file]").forEach((input) => {
      input.addEventListener("change", () => {
        const files = [...input.files];
        input.value = ""; // the file is sent now, not again with the form
        uploadAll(files);
      });
    });
    if (zone) {
      zone.addEventListener("dragover", (event) => {
        event.preventDefault();
        zone.classList.add("dragging");
      });
      zone.addEventListener("dragleave", () => zone.classList.remove("dragging"));
      zone.addEventListener("drop", (event) => {
        event.preventDefault();
        zone.classList.remove("dragging");
        uploadAll(event.dataTransfer.files);
      });
    }

    list.addEventListener("click", (event) => {
      const button = event.target.closest("button");
      const item = button?.closest(".pending-item");
      if (!item) return;
      if (button.dataset.move) {
        const sibling = button.dataset.move === "-1" ? item.previousElementSibling : item.nextElementSibling;
        if (!sibling) return;
        if (button.dataset.move === "-1") sibling.before(item);
        else sibling.after(item);
        button.focus();
        say(text("msgMoved", nameOf(item)));
      } else if ("remove" in button.dataset) {
        const id = item.dataset.uploadId;
        const next = item.nextElementSibling || item.previousElementSibling;
        if (id && id !== "__ID__") {
          fetch(form.dataset.deleteUrl.replace("/0/", `/${id}/`), {
            method: "POST",
            headers: { "X-CSRFToken": csrf },
            credentials: "same-origin",
          });
        }
        const name = nameOf(item);
        item.remove();
        recount();
        (next?.querySelector("[data-remove]") || firstInput)?.focus();
        say(text("msgRemoved", name));
      }
    });
    list.querySelectorAll(".pending-item").forEach(enhance);
    recount();
    section.classList.add("enhanced");
  };

  form.querySelectorAll("fieldset.uploads[data-kind]").forEach(setup);
  // A file still on its way has no id in the form yet: saving now would leave it out.
  form.addEventListener("submit", (event) => {
    const busy = form.querySelector(".pending-item:not(.uploaded):not(.failed)[data-upload-id='__ID__']");
    if (busy) {
      event.preventDefault();
      event.stopImmediatePropagation();
      const status = busy.closest("fieldset").querySelector(".upload-status");
      status.textContent = form.dataset.msgWait || "";
    }
  });
})();
