"""Model fields' help texts tell someone filling in the admin or reading the data dictionary
something the label does not."""

import re

from django.apps import apps
from django.contrib.auth.models import AbstractUser
from django.utils import translation

# Django's own user fields keep Django's texts.
DJANGO_USER_FIELDS = {field.name for field in AbstractUser._meta.get_fields()}
ONLY_THE_LANGUAGE = re.compile(r"(name |title )?in (norwegian|english)\.", re.IGNORECASE)


def platform_fields():
    for model in apps.get_models():
        if not model.__module__.startswith("omradeloft."):
            continue
        for field in model._meta.get_fields():
            if field.auto_created or getattr(field, "model", None) is not model:
                continue
            if model._meta.label == "accounts.User" and field.name in DJANGO_USER_FIELDS:
                continue
            yield model, field


def test_every_model_field_has_a_help_text_that_says_more_than_its_label():
    with translation.override("en"):
        stubs = [
            f"{model._meta.label}.{field.name}: {field.help_text!r}"
            for model, field in platform_fields()
            if len(str(field.help_text).split()) < 3
            or ONLY_THE_LANGUAGE.fullmatch(str(field.help_text))
            or str(field.help_text).rstrip(".").lower() == str(field.verbose_name).lower()
        ]
    assert stubs == []
