"""Editing a programme: its fields with their strategies, and cross-cutting themes."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from omradeloft.accounts.permissions import Action
from omradeloft.core.http import posted
from omradeloft.core.i18n import localized
from omradeloft.programmes.access import programme_for
from omradeloft.programmes.context import render_programme_page
from omradeloft.programmes.forms.programme import FieldForm, ThemeForm
from omradeloft.programmes.models import CrossCuttingTheme, Field, Programme
from omradeloft.programmes.services.fields import (
    move_field,
    remove_field,
    remove_theme,
    save_field,
    save_theme,
)
from omradeloft.programmes.views.edit_common import done, initial, remove_or_explain, submit


def _fields_url(programme: Programme) -> str:
    return reverse("programmes:edit_fields", args=[programme.code])


def _themes_url(programme: Programme) -> str:
    return reverse("programmes:edit_themes", args=[programme.code])


def _fields_page(
    request: HttpRequest, programme: Programme, form: FieldForm | None = None, error: str = ""
) -> HttpResponse:
    context = {
        "heading": _("Fields and strategies"),
        "programme_fields": list(programme.fields.all()),
        "form": form or FieldForm(),
    }
    return render_programme_page(
        request,
        programme,
        "edit",
        "programmes/edit/fields.html",
        context,
        forms=[form],
        error=error,
    )


@login_required
@require_http_methods(["GET", "POST"])
def fields(request: HttpRequest, code: str) -> HttpResponse:
    programme = programme_for(request, code, Action.EDIT_PROGRAMME)
    form = FieldForm(posted(request))
    if field := submit(form, lambda data: save_field(request.user, programme, data)):
        message = _("The field %(name)s was added.") % {"name": localized(field, "name")}
        return done(request, message, "programmes:edit_fields", programme.code)
    return _fields_page(request, programme, form)


@login_required
@require_http_methods(["GET", "POST"])
def field_edit(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    programme = programme_for(request, code, Action.EDIT_PROGRAMME)
    field = get_object_or_404(Field, pk=pk, programme=programme)
    form = FieldForm(posted(request), initial=initial(field, FieldForm.Meta.fields))
    if submit(form, lambda data: save_field(request.user, programme, data, field=field)):
        return done(request, _("The field was saved."), "programmes:edit_fields", programme.code)
    context = {
        "heading": _("Edit field %(name)s") % {"name": localized(field, "name")},
        "trail": [(_("Fields and strategies"), _fields_url(programme))],
        "form": form,
        "submit": _("Save"),
    }
    return render_programme_page(
        request, programme, "edit", "programmes/edit/item.html", context, forms=[form]
    )


@login_required
@require_POST
def field_move(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    programme = programme_for(request, code, Action.EDIT_PROGRAMME)
    field = get_object_or_404(Field, pk=pk, programme=programme)
    move_field(request.user, field, up=request.POST.get("direction") == "up")
    return redirect(_fields_url(programme))


@login_required
@require_POST
def field_remove(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    programme = programme_for(request, code, Action.EDIT_PROGRAMME)
    field = get_object_or_404(Field, pk=pk, programme=programme)
    return remove_or_explain(
        request,
        lambda: remove_field(request.user, field),
        message=_("The field %(name)s was removed.") % {"name": localized(field, "name")},
        then=_fields_url(programme),
        page=lambda error: _fields_page(request, programme, error=error),
    )


def _themes_page(
    request: HttpRequest, programme: Programme, form: ThemeForm | None = None, error: str = ""
) -> HttpResponse:
    context = {
        "heading": _("Cross-cutting themes"),
        "themes": programme.themes.prefetch_related("fields"),
        "has_fields": programme.fields.exists(),
        "form": form or ThemeForm(programme=programme),
    }
    return render_programme_page(
        request,
        programme,
        "edit",
        "programmes/edit/themes.html",
        context,
        forms=[form],
        error=error,
    )


@login_required
@require_http_methods(["GET", "POST"])
def themes(request: HttpRequest, code: str) -> HttpResponse:
    programme = programme_for(request, code, Action.EDIT_PROGRAMME)
    form = ThemeForm(posted(request), programme=programme)
    if theme := submit(form, lambda data: save_theme(request.user, programme, data)):
        message = _("The theme %(name)s was added.") % {"name": localized(theme, "name")}
        return done(request, message, "programmes:edit_themes", programme.code)
    return _themes_page(request, programme, form)


@login_required
@require_http_methods(["GET", "POST"])
def theme_edit(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    programme = programme_for(request, code, Action.EDIT_PROGRAMME)
    theme = get_object_or_404(CrossCuttingTheme, pk=pk, programme=programme)
    form = ThemeForm(
        posted(request), initial=initial(theme, ThemeForm.Meta.fields), programme=programme
    )
    if submit(form, lambda data: save_theme(request.user, programme, data, theme=theme)):
        return done(request, _("The theme was saved."), "programmes:edit_themes", programme.code)
    context = {
        "heading": _("Edit theme %(name)s") % {"name": localized(theme, "name")},
        "trail": [(_("Cross-cutting themes"), _themes_url(programme))],
        "form": form,
        "submit": _("Save"),
    }
    return render_programme_page(
        request, programme, "edit", "programmes/edit/item.html", context, forms=[form]
    )


@login_required
@require_POST
def theme_remove(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    programme = programme_for(request, code, Action.EDIT_PROGRAMME)
    theme = get_object_or_404(CrossCuttingTheme, pk=pk, programme=programme)
    return remove_or_explain(
        request,
        lambda: remove_theme(request.user, theme),
        message=_("The theme %(name)s was removed.") % {"name": localized(theme, "name")},
        then=_themes_url(programme),
        page=lambda error: _themes_page(request, programme, error=error),
    )
