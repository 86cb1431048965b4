from django.contrib import admin
from django.urls import include, path

from omradeloft.accounts.views import audit_log
from omradeloft.programmes.views.home import home

# The front page and the audit log keep their "core:" names; their views live in the apps
# whose data they show, since core may import no app (see omradeloft.layers).
front = ([path("", home, name="home"), path("audit/", audit_log, name="audit_log")], "core")

urlpatterns = [
    path("", include(front)),
    path("areas/", include("omradeloft.areas.urls")),
    path("indicators/", include("omradeloft.indicators.urls")),
    path("targeting/", include("omradeloft.targeting.urls")),
    path("programmes/", include("omradeloft.programmes.urls")),
    path("programmes/<slug:programme>/measures/", include("omradeloft.measures.urls")),
    path("programmes/<slug:programme>/evaluation/", include("omradeloft.evaluation.urls")),
    path("accounts/", include("omradeloft.accounts.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
