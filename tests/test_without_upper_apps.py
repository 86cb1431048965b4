"""The programme pages work with the apps above `programmes` left out of INSTALLED_APPS.

An app cannot be reliably left out inside a running test process (its models stay loaded
and its parts registered), so a fresh Python process sets itself up without measures,
evaluation and demo, migrates an empty database, renders the pages a programme has and
removes a field and a goal (which ask the measures app, when there is one, what uses them).
"""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

UPPER_APPS = ("omradeloft.measures", "omradeloft.evaluation", "omradeloft.demo")

SETTINGS = f"""
from omradeloft.settings import *  # noqa: F403

INSTALLED_APPS = [app for app in INSTALLED_APPS if app not in {UPPER_APPS!r}]  # noqa: F405
ROOT_URLCONF = "urls_without_upper_apps"
"""

URLS = """
from django.urls import include, path

from omradeloft.accounts.views import audit_log
from omradeloft.programmes.views.home import home

front = ([path("", home, name="home"), path("audit/", audit_log, name="audit_log")], "core")
urlpatterns = [
    path("", include(front)),
    path("areas/", include("omradeloft.areas.urls")),
    path("indicators/", include("omradeloft.indicators.urls")),
    path("targeting/", include("omradeloft.targeting.urls")),
    path("programmes/", include("omradeloft.programmes.urls")),
    path("accounts/", include("omradeloft.accounts.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
]
"""

SCRIPT = """
import datetime

import django
from django.test.utils import setup_test_environment

django.setup()
setup_test_environment()

from django.apps import apps
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from omradeloft.accounts.models import User
from omradeloft.programmes import contributions
from omradeloft.programmes.models import Body, Decision, Field, Goal, Meeting, Programme

assert not apps.is_installed("omradeloft.measures")
assert contributions.registry == contributions.Registry(), contributions.registry
call_command("migrate", verbosity=0)
programme = Programme.objects.create(code="p", name="P", start_year=2017, end_year=2026)
body = Body.objects.create(programme=programme, kind="steering_group", name="Styret")
meeting = Meeting.objects.create(body=body, date=datetime.date(2024, 3, 1))
client = Client()
client.force_login(User.objects.create_superuser("admin", "admin@example.org", "x"))
pages = [
    reverse("core:home"),
    reverse("programmes:list"),
    reverse("programmes:detail", args=["p"]),
    reverse("programmes:description", args=["p"]),
    reverse("programmes:decisions", args=["p"]),
    reverse("programmes:decisions", args=["p"]) + "?format=csv",
    reverse("programmes:meeting", args=["p", meeting.pk]),
]
for url in pages:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    assert b"measures" not in response.content.lower().replace(b"measures that", b""), url
response = client.post(
    reverse("programmes:decision_add", args=["p", meeting.pk]), {"number": "1", "text": "Ja."}
)
assert response.status_code == 302, response.status_code
assert Decision.objects.filter(meeting=meeting, number="1").exists()
print("rendered", len(pages))

field = Field.objects.create(programme=programme, code="skole", name="Skole")
goal = Goal.objects.create(programme=programme, level="programme", title="Bedre levekår")
for name, pk, model in [("field", field.pk, Field), ("goal", goal.pk, Goal)]:
    response = client.post(reverse(f"programmes:edit_{name}_remove", args=["p", pk]))
    assert response.status_code == 302, (name, response.status_code)
    assert not model.objects.filter(pk=pk).exists(), name
print("removed field and goal")
"""


def test_programme_pages_render_with_the_apps_above_programmes_left_out(tmp_path: Path):
    (tmp_path / "settings_without_upper_apps.py").write_text(SETTINGS)
    (tmp_path / "urls_without_upper_apps.py").write_text(URLS)
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "settings_without_upper_apps",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DEBUG": "true",
        "PYTHONPATH": os.pathsep.join([str(tmp_path), *sys.path]),
    }
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(SCRIPT)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "rendered 7" in result.stdout
    assert "removed field and goal" in result.stdout
