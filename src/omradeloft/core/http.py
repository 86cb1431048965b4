"""What every page with a form shares, whatever the app: the submitted data, the status of a
page that shows errors, and a service's refusal shown on the form.

A page that shows bad input answers 400, so that neither browsers, tests nor monitoring
mistake a refused submission for success.
"""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render


def posted(request: HttpRequest) -> QueryDict | None:
    """The submitted data of a POST request, None otherwise (an unbound form)."""
    return request.POST if request.method == "POST" else None


def page_status(*forms: BaseForm | None, refused: bool = False) -> int:
    """400 when a form shown holds errors or something was refused, 200 otherwise."""
    if refused or any(form is not None and form.errors for form in forms):
        return 400
    return 200


def render_form_page(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    *,
    forms: Iterable[BaseForm | None] = (),
    error: str = "",
    refused: bool = False,
) -> HttpResponse:
    """Render `template` with the status `page_status` gives; `error`, the reason something
    was refused, is shown to the user as `error` in the context."""
    if error:
        context = context | {"error": error}
    status = page_status(*forms, refused=refused or bool(error))
    return render(request, template, context, status=status)


def show_service_errors(form: BaseForm, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: on the field it names when the form has
    that field, otherwise above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)
