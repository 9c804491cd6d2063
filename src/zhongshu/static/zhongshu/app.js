// Sends the CSRF token with every htmx request; no inline script is needed (CSP).
document.addEventListener("htmx:configRequest", function (event) {
  event.detail.headers["X-CSRFToken"] = document.body.dataset.csrfToken;
});
// Buttons with data-confirm ask before submitting their form.
document.addEventListener("submit", function (event) {
  const button = event.submitter;
  if (button && button.dataset.confirm && !window.confirm(button.dataset.confirm)) {
    event.preventDefault();
  }
});
// A form that writes is sent once: a second click while the first submission is on its way is
// ignored (a double click must not register a document twice). The buttons only look disabled,
// since disabling the clicked button now would drop its name and value from the submission.
document.addEventListener("submit", function (event) {
  const form = event.target;
  if (event.defaultPrevented || (form.method || "").toLowerCase() !== "post") {
    return;
  }
  if (form.dataset.submitting) {
    event.preventDefault();
    return;
  }
  form.dataset.submitting = "1";
  // A form answered by a download leaves the page in place: let it be sent again later.
  window.setTimeout(function () { releaseForm(form); }, 8000);
  window.setTimeout(function () {
    form.querySelectorAll("button[type=submit], button:not([type])").forEach(function (button) {
      button.classList.add("disabled");
      button.setAttribute("aria-disabled", "true");
    });
  }, 0);
});
// Coming back to a page (back button, or an htmx form that answered) makes its forms usable again.
function releaseForm(form) {
  delete form.dataset.submitting;
  form.querySelectorAll(".disabled[aria-disabled]").forEach(function (button) {
    button.classList.remove("disabled");
    button.removeAttribute("aria-disabled");
  });
}
function releaseForms(root) {
  root.querySelectorAll("form[data-submitting]").forEach(releaseForm);
}
window.addEventListener("pageshow", function () { releaseForms(document); });
document.addEventListener("htmx:afterRequest", function () { releaseForms(document); });

// --- Action dialogs (core.dialogs) -----------------------------------------------------------
// A detail page's action buttons load their form into #action-dialog-content with hx-get; the
// dialog opens once the form is in. A form posted from the dialog comes back in place with its
// errors, or, when the action is done, the server answers `HX-Trigger: zs-dialog-done` (close the
// dialog) and `HX-Location` (htmx reloads the page's #record region, confirmation included).
(function () {
  function dialogElement() {
    return document.getElementById("action-dialog");
  }
  function dialogModal() {
    const element = dialogElement();
    return element ? bootstrap.Modal.getOrCreateInstance(element) : null;
  }
  function focusFirstField(element) {
    const field = element.querySelector(".is-invalid") ||
      element.querySelector(".modal-body input:not([type=hidden]), .modal-body select, .modal-body textarea");
    if (field) {
      field.focus();
    }
  }
  document.addEventListener("htmx:afterSwap", function (event) {
    const element = dialogElement();
    if (element && event.detail.target.id === "action-dialog-content" &&
        !element.classList.contains("show")) {
      dialogModal().show();
    }
  });
  document.addEventListener("shown.bs.modal", function (event) {
    if (event.target.id === "action-dialog") {
      focusFirstField(event.target);
    }
  });
  document.addEventListener("hidden.bs.modal", function (event) {
    if (event.target.id === "action-dialog") {
      document.getElementById("action-dialog-content").replaceChildren();
    }
  });
  document.addEventListener("zs-dialog-done", function () {
    const modal = dialogModal();
    if (modal) {
      modal.hide();
    }
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    const target = event.detail.target;
    // A form that came back with errors: to the first field to correct.
    if (target.id === "action-dialog-content" && dialogElement().classList.contains("show")) {
      focusFirstField(dialogElement());
    }
    // The reloaded record starts with the confirmation: earlier confirmations above it are
    // stale now; bring the new one into view.
    if (target.id === "record") {
      document.querySelectorAll("main > .alert").forEach(function (alert) { alert.remove(); });
      const alert = document.querySelector("#record > .alert");
      (alert || target).scrollIntoView({ block: "nearest" });
    }
  });
  // A whole page where a dialog or the record was expected (the session ended and the request
  // was sent to the login page): show that page instead of squeezing it into the dialog.
  document.addEventListener("htmx:beforeSwap", function (event) {
    const id = event.detail.target && event.detail.target.id;
    const xhr = event.detail.xhr;
    if ((id === "action-dialog-content" || id === "record") &&
        /^\s*<!doctype html/i.test(xhr.responseText || "")) {
      event.detail.shouldSwap = false;
      window.location.assign(xhr.responseURL || window.location.href);
    }
  });
  // An action that could not load or send (the page was stale, the session ended): say so in the
  // dialog instead of doing nothing.
  document.addEventListener("htmx:responseError", function (event) {
    const element = dialogElement();
    const source = event.detail.elt;
    if (!element || !source || !(source.closest("#record") || source.closest("#action-dialog"))) {
      return;
    }
    const target = document.getElementById("action-dialog-content");
    const body = document.createElement("div");
    body.className = "modal-body";
    const alert = document.createElement("div");
    alert.className = "alert alert-danger mb-0";
    alert.setAttribute("role", "alert");
    alert.textContent = element.dataset.error;
    body.appendChild(alert);
    target.replaceChildren(body);
    dialogModal().show();
  });
})();
