"""The form renderer (settings.FORM_RENDERER): Django's templates, with ours in front.

`form_templates/` overrides single widget templates for every form of every app without
touching their forms: Django's empty choice "---------" reads "请选择" (Please choose).
"""

from functools import cached_property
from pathlib import Path

import django.forms
from django.forms.renderers import DjangoTemplates

OVERRIDES = Path(__file__).parent / "form_templates"


class FormRenderer(DjangoTemplates):
    @cached_property
    def engine(self):
        return self.backend(
            {
                "APP_DIRS": True,
                "DIRS": [OVERRIDES, Path(django.forms.__file__).parent / "templates"],
                "NAME": "djangoforms",
                "OPTIONS": {},
            }
        )
