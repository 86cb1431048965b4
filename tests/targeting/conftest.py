"""Fixtures for index and rule tests."""

import pytest

from tests.targeting.factories import two_indicators_over_three_areas


@pytest.fixture
def statistics(personas, tmp_path):
    two_indicators_over_three_areas(personas, tmp_path)
    return personas
