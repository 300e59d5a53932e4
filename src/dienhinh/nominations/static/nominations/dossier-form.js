// The dossier form: choosing "a person" or "a collective" shows only that subject's
// fieldset (fieldset.subject-individual / fieldset.subject-collective). Without JavaScript,
// or before a choice, both are shown under their headings.
(() => {
  const form = document.querySelector("form.dossier-form");
  if (!form) return;
  const radios = [...form.querySelectorAll("input[name=subject_kind]")];
  const sets = {
    individual: form.querySelector("fieldset.subject-individual"),
    collective: form.querySelector("fieldset.subject-collective"),
  };
  const show = () => {
    const chosen = radios.find((radio) => radio.checked)?.value || null;
    for (const [kind, fieldset] of Object.entries(sets)) {
      if (fieldset) fieldset.hidden = Boolean(chosen) && chosen !== kind;
    }
  };
  // A plan that takes one kind only has a single radio, or a hidden field: nothing to switch.
  radios.forEach((radio) => radio.addEventListener("change", show));
  form.addEventListener("dienhinh:restored", show);
  show();
})();
