"""Settings are read from the environment once, typed, and refuse unsafe production values."""

import os
import subprocess
import sys

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


def test_defaults_run_locally_on_sqlite_in_bokmal_and_oslo_time():
    result = load_settings()
    assert result.returncode == 0, result.stderr
    assert "True" in result.stdout
    assert "django.db.backends.sqlite3" in result.stdout
    assert "nb Europe/Oslo" in result.stdout


def test_database_url_selects_postgresql():
    result = load_settings(DATABASE_URL="postgres://u:p@localhost:5432/db")
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
    result = load_settings(PORT="eighty")
    assert result.returncode != 0
    assert "PORT='eighty' is not a whole number" in result.stderr


def test_deploy_check_is_clean_in_production(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env |= {
        "DEBUG": "false",
        "SECRET_KEY": "Zq7-pL2!vR9@xM4#tB6$wN8%yC1^dF3&gH5*jK0(sA2)eU7+iO9",
        "ALLOWED_HOSTS": "omradeloft.example",
        "EMAIL_URL": "smtp://mail.omradeloft.example:587",
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


def test_an_upload_limit_below_one_is_refused():
    result = load_settings(UPLOAD_MAX_COMPRESSION_RATIO="0")
    assert result.returncode != 0
    expected = "UPLOAD_MAX_COMPRESSION_RATIO='0': expected a whole number of at least 1"
    assert expected in result.stderr
