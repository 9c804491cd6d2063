"""Actions as dialogs: a detail page shows its record and timeline with a row of buttons, one per
action the user may take now, and each button opens the action's form in a dialog.

One view answers each action, at the URL the action always had:
- GET from htmx (the button's `hx-get`): the form as a dialog fragment; GET otherwise (no
  JavaScript, an opened link): the same form as a full page in the site shell.
- POST invalid, or refused by the service: the form again, in place, with the field errors and
  everything that was typed.
- POST done: the confirmation (`success`, saying what happened) as a message and back to the
  record. A full-page POST is redirected there; an htmx POST answers `HX-Location`, so htmx
  reloads the page's record region (`#record`: record, buttons, timeline, the confirmation) in
  place, and `HX-Trigger: zs-dialog-done` closes the dialog (static/zhongshu/app.js).

A detail view renders only its `record` partial for that reload (`record_template`).
"""

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from .web import run_service

TEMPLATE = "dialogs/form.html"
# The id of the region a detail page reloads after an action (its template partial's name too).
RECORD = "record"
DONE_EVENT = "zs-dialog-done"


@dataclass(frozen=True)
class Action:
    """One button of a detail page's action row (template `dialogs/_actions.html`).

    `dialog`: the button opens the form at `url` in the dialog (a plain link without
    JavaScript); otherwise it is a plain link, or with `post` a one-click form sending those
    fields. `style` is the Bootstrap button variant.
    """

    label: str
    url: str
    testid: str
    style: str = "outline-primary"
    dialog: bool = True
    post: Mapping[str, str] | None = None


def posted(request: HttpRequest):
    """The form data of a POST (even an empty one: every field may be optional), else None.
    `request.POST or None` would leave a form whose fields are all optional unbound."""
    return request.POST if request.method == "POST" else None


def record_template(request: HttpRequest, template: str) -> str:
    """The detail page's template, or only its `record` partial when htmx reloads that region."""
    htmx = getattr(request, "htmx", None)
    if htmx and htmx.target == RECORD:
        return f"{template}#{RECORD}"
    return template


def finished(request: HttpRequest, url: str) -> HttpResponse:
    """After an action: back to the record at `url` (see the module docstring)."""
    if getattr(request, "htmx", False):
        response = HttpResponse()
        response["HX-Trigger"] = DONE_EVENT
        response["HX-Location"] = json.dumps(
            {"path": url, "target": f"#{RECORD}", "swap": "outerHTML", "push": "false"}
        )
        return response
    return redirect(url)


# What `<input type=date>` and `type=datetime-local` accept, whatever the language formats are.
ISO_INPUT_FORMATS = {"date": "%Y-%m-%d", "datetime-local": "%Y-%m-%dT%H:%M"}


def _iso_dates(form: forms.BaseForm) -> None:
    """Date inputs render their starting value in ISO form: in the localised form (2026/12/05
    in Chinese) the browser shows the field empty, and a pre-filled date would be lost."""
    for form_field in form.fields.values():
        widget = form_field.widget
        iso = ISO_INPUT_FORMATS.get(getattr(widget, "input_type", ""))
        if iso and isinstance(widget, forms.DateInput | forms.DateTimeInput):
            widget.format = iso


def _mark_invalid(form: forms.BaseForm) -> None:
    """Bootstrap's red outline on each field with an error (the message is under it)."""
    for name in form.errors:
        if name in form.fields:
            widget = form.fields[name].widget
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()


@dataclass
class Dialog:
    """What the dialog shows besides the form: its title and the record it acts on (`subject`),
    the submit button, an optional warning (`notice`) and an optional template shown above the
    fields (`intro`, rendered with `extra` in its context)."""

    title: str
    submit: str
    subject: str = ""
    style: str = "primary"
    notice: str = ""
    intro: str = ""
    testid: str = "dialog-form"
    extra: dict[str, Any] = field(default_factory=dict)


def dialog(
    request: HttpRequest,
    form: forms.BaseForm,
    shown: Dialog,
    *,
    run: Callable[[dict[str, Any]], Any],
    success: str | Callable[[Any], str],
    done: str,
) -> HttpResponse:
    """Answer one action: its form (GET, or a POST with errors) or, once `run` (the service call
    with the form's cleaned data) succeeds, the confirmation and the record at `done`."""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        run_service(request, lambda: run(data), form=form, success=success)
        if not form.errors:
            return finished(request, done)
    _iso_dates(form)
    _mark_invalid(form)
    context = {
        "form": form,
        "dialog": shown,
        "action_url": request.get_full_path(),
        "cancel_url": done,
        **shown.extra,
    }
    htmx = getattr(request, "htmx", False)
    return render(request, f"{TEMPLATE}#dialog" if htmx else TEMPLATE, context)
