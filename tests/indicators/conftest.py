"""Fixtures shared by the statistics tests."""

import pytest


@pytest.fixture
def english_with_own_var(settings, tmp_path):
    """English pages, and a var folder of the test's own for staged uploads."""
    settings.LANGUAGE_CODE = "en"
    settings.VAR_DIR = tmp_path / "var"
