"""The personas' programme made ready for measures: it targets the whole municipality (so
both districts and their subdistricts can hold measures) and has one field."""

import pytest

from omradeloft.programmes.models import Field
from tests.measures.factories import field_of, target


@pytest.fixture
def programme(personas):
    target(personas.programme, personas.municipality)
    return personas.programme


@pytest.fixture
def field(programme) -> Field:
    return field_of(programme)


@pytest.fixture
def english(settings):
    settings.LANGUAGE_CODE = "en"
