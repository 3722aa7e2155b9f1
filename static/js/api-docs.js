/* The API docs' interactive console (templates/drf_spectacular/swagger_ui.html): Swagger UI
   is loaded when the reader asks for it, not with the page (its 1.5 MB of script made the
   reference slow to show), and given the accessible names it lacks (axe-core:
   tests/browser/test_accessibility.py). */
"use strict";
{
  const button = document.getElementById("open-console");
  const status = document.getElementById("console-status");
  const consoleSection = document.getElementById("console");
  const reference = document.getElementById("reference");

  const loadScript = (src) =>
    new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = src;
      script.onload = resolve;
      script.onerror = () => reject(new Error(`could not load ${src}`));
      document.head.append(script);
    });

  const loadStylesheet = (href) =>
    new Promise((resolve, reject) => {
      const link = document.createElement("link");
      link.rel = "stylesheet";
      link.href = href;
      link.onload = resolve;
      link.onerror = () => reject(new Error(`could not load ${href}`));
      // Before ours, whose changes to it must come later in the cascade.
      document.querySelector("link[rel=stylesheet]").before(link);
    });

  // Swagger UI draws as the reader opens things: name its parameter <select>s after their
  // parameter, and let the keyboard reach (and scroll) its example code blocks.
  function nameSwaggerControls() {
    for (const select of consoleSection.querySelectorAll("tr[data-param-name] select:not([aria-label])")) {
      select.setAttribute("aria-label", select.closest("tr").dataset.paramName);
    }
    for (const code of consoleSection.querySelectorAll(".microlight:not([tabindex])")) {
      code.tabIndex = 0;
    }
  }

  function showConsole() {
    reference.hidden = true;
    consoleSection.hidden = false;
    button.hidden = true;
    status.textContent = "";
    document.getElementById("console-heading").focus();
  }

  let loading = null;
  async function openConsole() {
    if (loading) return;
    button.disabled = true;
    status.textContent = "Loading the console…";
    const [bundle, startUp] = button.dataset.scripts.split(" ");
    new MutationObserver(nameSwaggerControls).observe(consoleSection, { childList: true, subtree: true });
    loading = Promise.all([loadStylesheet(button.dataset.stylesheet), loadScript(bundle)])
      .then(() => loadScript(startUp))
      .then(showConsole)
      .catch((error) => {
        loading = null;
        button.disabled = false;
        status.textContent = "The console could not be loaded; the reference below has every operation.";
        console.error(error);
      });
  }

  document.getElementById("close-console").addEventListener("click", () => {
    consoleSection.hidden = true;
    reference.hidden = false;
    button.hidden = false;
    button.disabled = false;
    button.textContent = "Back to the interactive console";
  });
  button.addEventListener("click", () => (loading ? showConsole() : openConsole()));
  button.hidden = false;
}
