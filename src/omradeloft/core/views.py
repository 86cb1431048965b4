from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from omradeloft.accounts.permissions import Action, can
from omradeloft.core.models import AuditEntry
from omradeloft.core.params import page_number
from omradeloft.programmes.models import Programme


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html", {"programmes": Programme.objects.all()})


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    if not can(request.user, Action.VIEW_AUDIT_LOG):
        raise PermissionDenied(_("Only coordinators and evaluators may read the audit log."))
    entries = AuditEntry.objects.select_related("actor", "content_type")
    page = Paginator(entries, 50).get_page(page_number(request))
    return render(request, "core/audit_log.html", {"page_obj": page})
