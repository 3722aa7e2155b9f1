/* Suggestions for the header search box, as the visitor types.
 *
 * Progressive enhancement: without this file the box is a plain GET form to /search/.
 * With it, the input becomes an ARIA 1.2 combobox with a listbox popup
 * (https://www.w3.org/WAI/ARIA/apg/patterns/combobox/): Down/Up move through the
 * suggestions (aria-activedescendant; focus stays in the input), Enter opens the active
 * one (or submits the search when none is active), Escape closes the list, and a polite
 * live region says how many suggestions there are. Suggestions are built with textContent,
 * never innerHTML, and this file is served from our origin (the CSP allows no inline script).
 */
(function () {
  "use strict";

  var MIN_LENGTH = 2;
  var DELAY_MS = 150;

  function setUp(input) {
    var url = input.getAttribute("data-suggestions-url");
    var form = input.form;
    var listId = input.id + "-listbox";
    var list = document.createElement("ul");
    var status = document.createElement("div");
    var items = [];
    var active = -1;
    var timer = null;
    var controller = null;
    var lastQuery = "";

    list.id = listId;
    list.className = "search-suggestions";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", input.getAttribute("data-suggestions-label") || "");
    list.hidden = true;
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    form.classList.add("has-suggestions");
    form.appendChild(list);
    form.appendChild(status);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function setActive(index) {
      if (!items.length) { return; }
      active = (index + items.length) % items.length;
      items.forEach(function (item, position) {
        item.setAttribute("aria-selected", position === active ? "true" : "false");
      });
      input.setAttribute("aria-activedescendant", items[active].id);
      items[active].scrollIntoView({ block: "nearest" });
    }

    function show(suggestions) {
      list.textContent = "";
      items = suggestions.map(function (suggestion, position) {
        var item = document.createElement("li");
        var title = document.createElement("span");
        var type = document.createElement("span");
        item.id = listId + "-" + position;
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", "false");
        item.setAttribute("data-url", suggestion.url);
        title.className = "suggestion-title";
        title.textContent = suggestion.title;
        type.className = "suggestion-type";
        type.textContent = suggestion.type;
        item.appendChild(title);
        item.appendChild(type);
        item.addEventListener("mousedown", function (event) { event.preventDefault(); });
        item.addEventListener("click", function () { window.location.assign(suggestion.url); });
        list.appendChild(item);
        return item;
      });
      active = -1;
      input.removeAttribute("aria-activedescendant");
      var template = input.getAttribute("data-suggestions-count") || "{count}";
      status.textContent = template.replace("{count}", String(items.length));
      if (items.length) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
      } else {
        close();
      }
    }

    function fetchSuggestions() {
      var query = input.value.trim();
      if (query === lastQuery) { return; }
      lastQuery = query;
      if (controller) { controller.abort(); }
      if (query.length < MIN_LENGTH) { show([]); return; }
      controller = new AbortController();
      fetch(url + "?q=" + encodeURIComponent(query), {
        headers: { Accept: "application/json" },
        signal: controller.signal,
        credentials: "same-origin"
      })
        .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
        .then(function (data) { if (input.value.trim() === query) { show(data.suggestions || []); } })
        .catch(function (error) { if (error.name !== "AbortError") { show([]); } });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(fetchSuggestions, DELAY_MS);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") {
        if (list.hidden && items.length) { list.hidden = false; input.setAttribute("aria-expanded", "true"); }
        setActive(active + 1);
        event.preventDefault();
      } else if (event.key === "ArrowUp") {
        setActive(active - 1);
        event.preventDefault();
      } else if (event.key === "Enter" && !list.hidden && active >= 0) {
        event.preventDefault();
        window.location.assign(items[active].getAttribute("data-url"));
      } else if (event.key === "Escape" && !list.hidden) {
        event.preventDefault();
        close();
      }
    });
    input.addEventListener("blur", close);
  }

  function start() {
    var inputs = document.querySelectorAll("input[data-suggestions-url]");
    Array.prototype.forEach.call(inputs, setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
