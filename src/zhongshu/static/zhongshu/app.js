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
