/* Accessible names for the admin's form controls that Django leaves without one (axe-core,
   WCAG 2.2 AA: tests/browser/test_accessibility.py), on every change form
   (templates/admin/change_form.html):

   - a tabular inline's inputs have no <label>, only their column's header: each is named
     by that header's text (its help icon's text stays out of the name);
   - Select2 (the autocomplete widget) names its combobox by the chosen value only, so an
     empty one has no name: each is named by its field's label, then its value;
   - a date-and-time field's label points at neither of its two inputs (Django's
     MultiWidget): each is named by the field's label and its own "Date:" or "Time:";
   - an inline group wider than a phone scrolls sideways (Django's responsive.css): while
     it does, it is a named region the keyboard can reach and scroll, as on the desk.

   Rows added with "Add another" get the same names. */
"use strict";
{
  const visibleText = (element) =>
    [...element.childNodes]
      .filter((node) => node.nodeType === Node.TEXT_NODE)
      .map((node) => node.textContent)
      .join(" ")
      .replace(/\s+/g, " ")
      .trim();

  function nameInlineControls(root) {
    for (const cell of root.querySelectorAll(".tabular tbody td")) {
      const header = cell.closest("table").tHead?.rows[0]?.cells[cell.cellIndex];
      const name = header && visibleText(header);
      if (!name) continue;
      for (const control of cell.querySelectorAll("input:not([type=hidden]), select, textarea")) {
        if (control.labels.length === 0 && !control.hasAttribute("aria-label")) {
          control.setAttribute("aria-label", name);
        }
      }
    }
  }

  function nameDateTimeInputs(root) {
    for (const input of root.querySelectorAll("p.datetime > input:not([aria-label])")) {
      const label = input.parentElement.previousElementSibling;
      const part = input.previousSibling?.nodeType === Node.TEXT_NODE ? input.previousSibling.textContent : "";
      if (label?.tagName === "LABEL" && input.labels.length === 0) {
        const name = `${visibleText(label)} ${part}`.replace(/\s+/g, " ").replaceAll(":", "").trim();
        input.setAttribute("aria-label", name);
      }
    }
  }

  // The element that names `select`: its <label>, or (in a tabular inline, named by its
  // column) a hidden one made from its aria-label. Hidden text still names what points to it.
  function labelFor(select) {
    const label = select.labels[0];
    if (label) {
      label.id ||= `${select.id}-label`;
      return label.id;
    }
    const name = select.getAttribute("aria-label");
    if (!name) return null;
    const hidden = document.createElement("span");
    hidden.id = `${select.id}-name`;
    hidden.hidden = true;
    hidden.textContent = name;
    select.after(hidden);
    return hidden.id;
  }

  function nameCombobox(select) {
    const combobox = select.nextElementSibling?.querySelector(".select2-selection[role=combobox]");
    if (!combobox) return;
    const labelId = combobox.dataset.labelId || labelFor(select);
    if (!labelId) return;
    combobox.dataset.labelId = labelId;
    // The field, then the chosen value: on the combobox and on the value's read-only
    // textbox that Select2 puts inside it (a single choice).
    const value = combobox.querySelector(".select2-selection__rendered[id]");
    const names = value ? `${labelId} ${value.id}` : labelId;
    combobox.setAttribute("aria-labelledby", names);
    value?.setAttribute("aria-labelledby", names);
    // Several choices: the search box typed in is the field, and the mouse-only "remove
    // all" cross, which Select2 puts straight in the list of choices, is not a list item.
    combobox.querySelector(".select2-search__field")?.setAttribute("aria-labelledby", labelId);
    combobox.querySelector(".select2-selection__clear")?.setAttribute("aria-hidden", "true");
  }

  function makeScrollable(group) {
    const heading = group.querySelector(".inline-heading[id]");
    if (group.scrollWidth > group.clientWidth && heading) {
      group.tabIndex = 0;
      group.setAttribute("role", "region");
      group.setAttribute("aria-labelledby", heading.id);
    } else {
      group.removeAttribute("tabindex");
      group.removeAttribute("role");
      group.removeAttribute("aria-labelledby");
    }
  }
  const resized = new ResizeObserver((entries) => entries.forEach((entry) => makeScrollable(entry.target)));
  document.addEventListener("DOMContentLoaded", () =>
    document.querySelectorAll(".inline-group").forEach((group) => resized.observe(group)),
  );

  function nameControls(root) {
    nameInlineControls(root);
    nameDateTimeInputs(root);
    for (const select of root.querySelectorAll("select.admin-autocomplete:not([name*=__prefix__])")) {
      nameCombobox(select);
    }
  }

  // Django starts Select2 in a jQuery ready handler (admin/js/autocomplete.js, before this
  // deferred script): ready handlers run in order, so this one sees Select2 in place. A new
  // inline row gets Select2 in Django's own `formset:added` listener; Select2 redraws the
  // choices after each change.
  const $ = window.django?.jQuery;
  if ($) {
    $(() => nameControls(document));
    $(document).on("change", "select.admin-autocomplete", (event) => nameCombobox(event.target));
  } else {
    document.addEventListener("DOMContentLoaded", () => nameControls(document));
  }
  document.addEventListener("formset:added", (event) => setTimeout(() => nameControls(event.target)));
}
