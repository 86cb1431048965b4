"""What every page that edits a programme shares: a record's values for its form, saving a
form through a service, and what follows a save or a removal."""

from collections.abc import Callable, Iterable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.forms.models import model_to_dict
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from omradeloft.core.http import show_service_errors


def initial(record: Any, fields: Iterable[str]) -> dict[str, Any]:
    """A stored record's values for an edit form (forms never get the record itself)."""
    return model_to_dict(record, fields=list(fields))


def submit[Saved](form: BaseForm, save: Callable[[dict[str, Any]], Saved]) -> Saved | None:
    """Save a bound, valid form's data with `save` (a service call); None if the form was
    not submitted, was invalid or the service refused it (the errors are then on the form)."""
    if not form.is_bound or not form.is_valid():
        return None
    try:
        return save(form.cleaned_data)
    except ValidationError as e:
        show_service_errors(form, e)
        return None


def done(request: HttpRequest, message: str, url_name: str, *args: Any) -> HttpResponse:
    messages.success(request, message)
    return redirect(url_name, *args)


def remove_or_explain(
    request: HttpRequest,
    remove: Callable[[], None],
    *,
    message: str,
    then: str,
    page: Callable[[str], HttpResponse],
) -> HttpResponse:
    """Call a removing service; on refusal show `page` with the reason, else go to `then`."""
    try:
        remove()
    except ValidationError as e:
        return page(" ".join(e.messages))
    messages.success(request, message)
    return redirect(then)
