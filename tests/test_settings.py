"""Settings are read from the environment once, typed, and refuse unsafe production values."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

GOOD_KEY = "k" * 60


def load_settings(**env: str) -> subprocess.CompletedProcess[str]:
    """Import the settings module in a fresh interpreter with `env` set."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"}
    }
    code = (
        "import omradeloft.settings as s; "
        "print(s.DEBUG, s.ALLOWED_HOSTS, s.DATABASES['default']['ENGINE'], "
        "s.LANGUAGE_CODE, s.TIME_ZONE)"
    )
    return subprocess.run(
        [sys.executable, "-c", code], env=clean | env, capture_output=True, text=True, check=False
    )


def test_debug_is_off_unless_asked_for_so_a_bare_start_refuses_without_a_key():
    result = load_settings()
    assert result.returncode != 0
    assert "DEBUG is off" in result.stderr


def test_a_laptop_asks_for_debug_and_runs_on_sqlite_in_bokmal_and_oslo_time():
    result = load_settings(DEBUG="true")
    assert result.returncode == 0, result.stderr
    assert "True" in result.stdout
    assert "django.db.backends.sqlite3" in result.stdout
    assert "nb Europe/Oslo" in result.stdout


def test_make_run_asks_for_debug_explicitly():
    makefile = (Path(__file__).resolve().parent.parent / "Makefile").read_text()
    assert re.search(r"^run demo bench messages: export DEBUG \?= true$", makefile, re.M)


def test_database_url_selects_postgresql():
    result = load_settings(DEBUG="true", DATABASE_URL="postgres://u:p@localhost:5432/db")
    assert result.returncode == 0, result.stderr
    assert "django.db.backends.postgresql" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = load_settings(DEBUG="false", ALLOWED_HOSTS="example.org")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_a_short_secret_key():
    result = load_settings(DEBUG="false", ALLOWED_HOSTS="example.org", SECRET_KEY="short")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = load_settings(DEBUG="false", SECRET_KEY=GOOD_KEY)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_production_starts_with_key_and_hosts():
    result = load_settings(DEBUG="false", SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS="a.example,b.example")
    assert result.returncode == 0, result.stderr
    assert "False ['a.example', 'b.example']" in result.stdout


@pytest.mark.parametrize("value", ["maybe", "2", "yes please"])
def test_a_bad_boolean_names_the_variable_and_the_expected_values(value):
    result = load_settings(DEBUG=value)
    assert result.returncode != 0
    assert f"DEBUG={value!r} is not a boolean" in result.stderr


def test_a_bad_port_is_refused():
    result = load_settings(DEBUG="true", PORT="eighty")
    assert result.returncode != 0
    assert "PORT='eighty' is not a whole number" in result.stderr


def test_deploy_check_is_clean_in_production_with_the_default_mail_setting(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "EMAIL_URL"}}
    env |= {
        "DEBUG": "false",
        "SECRET_KEY": "Zq7-pL2!vR9@xM4#tB6$wN8%yC1^dF3&gH5*jK0(sA2)eU7+iO9",
        "ALLOWED_HOSTS": "omradeloft.example",
        "OMRADELOFT_VAR_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "-m", "omradeloft.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_proxy_headers_are_believed_only_when_a_proxy_is_named():
    code = "import omradeloft.settings as s; print(getattr(s, 'SECURE_PROXY_SSL_HEADER', None))"
    base = {"DEBUG": "false", "SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "a.example"}
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "TRUSTED_PROXIES"}}

    def header(**env: str) -> str:
        result = subprocess.run(
            [sys.executable, "-c", code], env=clean | base | env, capture_output=True, text=True
        )
        assert result.returncode == 0, result.stderr
        return result.stdout.strip()

    assert header() == "None"
    assert "HTTP_X_FORWARDED_PROTO" in header(TRUSTED_PROXIES="10.0.0.5")


def test_an_upload_limit_below_one_is_refused():
    result = load_settings(DEBUG="true", UPLOAD_MAX_COMPRESSION_RATIO="0")
    assert result.returncode != 0
    expected = "UPLOAD_MAX_COMPRESSION_RATIO='0': expected a whole number of at least 1"
    assert expected in result.stderr
