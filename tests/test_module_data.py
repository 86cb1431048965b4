"""The personas are built once per module, yet every test starts from them untouched."""

import pytest

from omradeloft.accounts.models import Role, User
from omradeloft.areas.models import Area
from tests.factories import make_area

pytestmark = pytest.mark.django_db

# When the module's tests saw the programme created, to tell one build from several.
PROGRAMME_CREATED: set[object] = set()


@pytest.mark.parametrize("run", ["first", "second"])
def test_each_test_gets_the_personas_as_built_whatever_the_one_before_changed(personas, run):
    # Whichever run comes second finds nothing of what the first changed.
    assert personas.resident.first_name == ""
    assert User.objects.get(pk=personas.resident.pk).first_name == ""
    assert not Area.objects.filter(code="0999030301").exists()

    personas.resident.first_name = "Endret"
    personas.resident.save()
    personas.d1.name = "Endret i minnet"
    make_area("0999030301", "subdistrict", parent=personas.d2)


@pytest.mark.parametrize("run", ["first", "second"])
def test_the_tests_of_a_module_share_one_build_of_the_personas(personas, run):
    PROGRAMME_CREATED.add(personas.programme.created_at)
    assert len(PROGRAMME_CREATED) == 1


@pytest.mark.parametrize("run", ["first", "second"])
def test_a_test_in_memory_change_to_a_persona_stays_in_that_test(personas, run):
    assert personas.d1.name == "Nordbyen"
    assert personas.s11.parent.name == "Nordbyen"
    personas.s11.parent.name = "Endret i minnet"


# Serialized rollback, as the browser tests: an earlier transactional test may have flushed
# the content types the audit log refers to.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_test_on_the_transactional_database_builds_its_own_personas(personas):
    assert User.objects.count() == len(Role) + 2  # and the superuser and the outsider
    assert User.objects.get(pk=personas.analyst.pk).username == "analyst"


def test_a_test_without_the_personas_sees_none_of_them(db):
    assert not User.objects.exists()
