"""What every page that edits a programme shares: the permission check, the page context,
service refusals shown on the form, and the status of a page that shows errors."""

from collections.abc import Callable, Iterable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.forms.models import model_to_dict
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render

from omradeloft.accounts.permissions import Action, require
from omradeloft.programmes.context import programme_context
from omradeloft.programmes.models import Programme


def editable_programme(request: HttpRequest, code: str) -> Programme:
    """The programme with `code`, if the user may edit it (PermissionDenied otherwise)."""
    programme = get_object_or_404(Programme, code=code)
    require(request.user, Action.EDIT_PROGRAMME, programme=programme)
    return programme


def posted(request: HttpRequest) -> QueryDict | None:
    return request.POST if request.method == "POST" else None


def initial(record: Any, fields: Iterable[str]) -> dict[str, Any]:
    """A stored record's values for an edit form (forms never get the record itself)."""
    return model_to_dict(record, fields=list(fields))


def show_refusal(form: BaseForm, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: on the field it names when the form has
    that field, otherwise in the error summary."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def submit[Saved](form: BaseForm, save: Callable[[dict[str, Any]], Saved]) -> Saved | None:
    """Save a bound, valid form's data with `save` (a service call); None if the form was
    not submitted, was invalid or the service refused it (the errors are then on the form)."""
    if not form.is_bound or not form.is_valid():
        return None
    try:
        return save(form.cleaned_data)
    except ValidationError as e:
        show_refusal(form, e)
        return None


def edit_page(
    request: HttpRequest,
    programme: Programme,
    template: str,
    context: dict[str, Any],
    *,
    forms: Iterable[BaseForm | None] = (),
    error: str = "",
) -> HttpResponse:
    """Render an edit page; status 400 when a form has errors or something was refused."""
    status = 400 if error or any(form is not None and form.errors for form in forms) else 200
    context = programme_context(request, programme, "edit") | context | {"error": error}
    return render(request, f"programmes/edit/{template}", context, status=status)


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
