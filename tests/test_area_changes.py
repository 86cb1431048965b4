"""Area change tables (KLASS shape): read, checked whole, recorded once, shown."""

from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError

from omradeloft.areas.change_files import read_change_file
from omradeloft.areas.change_services import AreaChangeImportError, import_area_changes
from omradeloft.areas.models import AreaChange
from omradeloft.core.models import AuditEntry
from tests.boundaries import FILES, import_changes, make_changed_areas
from tests.factories import make_area

pytestmark = pytest.mark.django_db


def recorded():
    return sorted(
        (c.old_area.code, c.new_area.code, str(c.took_effect), c.share)
        for c in AreaChange.objects.select_related("old_area", "new_area")
    )


def test_a_windows_1252_klass_table_records_a_split_by_shares_and_a_merge_as_whole():
    make_changed_areas()
    import_changes()
    assert recorded() == [
        ("030116", "030116A", "2018-01-01", Decimal("0.6")),
        ("030116", "030116B", "2018-01-01", Decimal("0.4")),
        ("0711", "3802", "2020-01-01", Decimal("1")),
        ("0715", "3802", "2020-01-01", Decimal("1")),
    ]
    logged = AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(AreaChange))
    assert logged.count() == 4


def test_importing_the_same_table_twice_changes_nothing(capsys):
    make_changed_areas()
    import_changes()
    first = recorded()
    import_changes()
    assert recorded() == first
    assert "0 created, 0 updated, 4 unchanged" in capsys.readouterr().out


def test_a_split_without_shares_is_refused_naming_its_lines_and_writes_nothing():
    make_changed_areas()
    with pytest.raises(CommandError):
        import_changes("klass_split_without_shares.csv")
    assert AreaChange.objects.count() == 0
    rows, errors = read_change_file((FILES / "klass_split_without_shares.csv").read_bytes())
    with pytest.raises(AreaChangeImportError) as refused:
        import_area_changes(rows, actor=None, read_errors=errors)
    assert refused.value.errors == [
        "lines 2, 3: share: 030116 splits into 030116A, 030116B on 2018-01-01 but not every "
        "line gives a share; a series cannot be divided without them (give the part of the "
        "old area that moved, 0 to 1)"
    ]


def test_unknown_codes_bad_dates_and_shares_not_adding_up_are_each_named():
    make_changed_areas()
    data = (
        b"oldCode;newCode;changeOccurred;share\n"
        b"030116;030116A;2018-01-01;0,7\n"
        b"030116;030116B;2018-01-01;0,4\n"
        b"9999;3802;2020-01-01;\n"
        b"0711;3802;1.1.2020;\n"
        b"0715;3802;2020-01-01;1,5\n"
    )
    rows, errors = read_change_file(data)
    with pytest.raises(AreaChangeImportError) as refused:
        import_area_changes(rows, actor=None, read_errors=errors)
    assert refused.value.errors == [
        "line 5: took_effect: “1.1.2020” is not a date YYYY-MM-DD",
        "line 6: share: “1,5” is not a share from 0 to 1",
        "line 4: old_code: unknown area code '9999'",
        "lines 2, 3: share: the shares of 030116 on 2018-01-01 add up to 1.1, expected 1",
    ]
    assert AreaChange.objects.count() == 0


def test_a_code_at_two_levels_needs_the_level_named():
    areas = make_changed_areas()
    make_area("0711", "district")
    rows, _ = read_change_file(b"oldCode;newCode;changeOccurred\n0711;3802;2020-01-01\n")
    with pytest.raises(AreaChangeImportError) as refused:
        import_area_changes(rows, actor=None)
    assert "exists at several levels (district, municipality)" in refused.value.errors[0]
    import_area_changes(rows, actor=None, level="municipality")
    assert AreaChange.objects.get().old_area == areas["0711"]


def test_norwegian_headers_with_commas_are_read():
    make_changed_areas()
    rows, errors = read_change_file(b"gammel kode,ny kode,endringsdato\n0711,3802,2020-01-01\n")
    import_area_changes(rows, actor=None, read_errors=errors)
    assert recorded() == [("0711", "3802", "2020-01-01", Decimal("1"))]


def test_a_file_without_the_klass_columns_is_refused_without_a_traceback(tmp_path):
    path = tmp_path / "changes.csv"
    path.write_text("code;name\n0711;Svelvik\n")
    with pytest.raises(CommandError, match=r"missing column.*old_code.*oldCode;oldName"):
        call_command("import_area_changes", str(path))


def test_only_area_managers_may_import_changes(personas):
    make_changed_areas()
    rows, _ = read_change_file((FILES / "klass_changes_cp1252.csv").read_bytes())
    with pytest.raises(PermissionDenied):
        import_area_changes(rows, actor=personas.district_coordinator)
    import_area_changes(rows, actor=personas.programme_admin)
    assert AreaChange.objects.count() == 4


def test_the_area_page_shows_what_an_old_code_became_and_where_a_new_one_came_from(client):
    make_changed_areas()
    import_changes()
    old_page = client.get("/areas/030116/?level=subdistrict").content.decode()
    assert "030116A" in old_page
    assert "030116B" in old_page
    assert "60" in old_page
    new_page = client.get("/areas/3802/").content.decode()
    assert "0711" in new_page
    assert "0715" in new_page
