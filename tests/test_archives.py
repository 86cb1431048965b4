"""Uploaded ZIP archives (workbooks, Office documents) are judged by their directory before
anything in them is unpacked."""

import io
import struct
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from omradeloft.core.archives import (
    ArchiveLimits,
    ArchiveRefusedError,
    check_archive,
    check_workbook,
)
from omradeloft.core.uploads import check_attachment
from tests.spreadsheets import (
    Repeat,
    pack,
    row,
    shared_strings,
    shared_strings_bomb,
    sheet,
    write_workbook,
    write_zip,
)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


LIMITS = ArchiveLimits(members=50, unpacked_bytes=64 << 20, member_bytes=8 << 20, ratio=100)
MB = 1 << 20


def archive_of(tmp_path, members, name="archive.zip"):
    return write_zip(tmp_path / name, members)


def test_an_ordinary_workbook_passes(tmp_path):
    book = write_workbook(
        tmp_path / "book.xlsx",
        sheet([row(["not_employed", "0999010101", "2024", 25, 250, 1000])]),
        strings=shared_strings([b"<si><t>x</t></si>"]),
    )
    check_workbook(book, LIMITS, name="book.xlsx")


def test_more_members_than_the_limit_are_refused(tmp_path):
    archive = archive_of(tmp_path, [(f"part{i}.xml", pack([b"<a/>"])) for i in range(51)])
    with pytest.raises(ArchiveRefusedError, match=r"archive\.zip holds 51 files; at most 50"):
        check_archive(archive, LIMITS, name="archive.zip")


def test_a_directory_declaring_a_million_members_is_refused_before_it_is_listed(tmp_path):
    # Only the end record: zipfile would build a million entries from a real directory.
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 0xFFFF, 0xFFFF, 0, 0, 0)
    locator = struct.pack("<4sLQL", b"PK\x06\x07", 0, 0, 1)
    end64 = struct.pack("<4sQ2H2L4Q", b"PK\x06\x06", 44, 45, 45, 0, 0, 10**6, 10**6, 0, 0)
    archive = tmp_path / "huge.zip"
    archive.write_bytes(end64 + locator + end)
    with pytest.raises(ArchiveRefusedError, match="holds 1,000,000 files; at most 50"):
        check_archive(archive, LIMITS, name="huge.zip")


def test_a_member_packed_more_tightly_than_the_ratio_allows_is_refused(tmp_path):
    archive = archive_of(tmp_path, [("data.xml", pack([Repeat(b"\0" * MB, 2)]))])
    with pytest.raises(ArchiveRefusedError, match=r"data.xml is packed [\d,]+ to 1; at most 100"):
        check_archive(archive, LIMITS, name="archive.zip")


def test_small_members_may_pack_tightly(tmp_path):
    archive = archive_of(tmp_path, [("data.xml", pack([Repeat(b"\0" * 1024, 512)]))])
    check_archive(archive, LIMITS, name="archive.zip")


def test_many_tight_members_are_refused_by_the_ratio_of_the_whole(tmp_path):
    members = [(f"m{i}.xml", pack([Repeat(b"\0" * 65536, 15)])) for i in range(20)]
    with pytest.raises(ArchiveRefusedError, match=r"^archive.zip is packed [\d,]+ to 1"):
        check_archive(archive_of(tmp_path, members), LIMITS, name="archive.zip")


def test_members_together_over_the_unpacked_limit_are_refused(tmp_path):
    limits = ArchiveLimits(members=50, unpacked_bytes=4 * MB, member_bytes=8 * MB, ratio=10**6)
    members = [(f"m{i}.bin", pack([Repeat(bytes(range(256)) * 4096, 1)])) for i in range(5)]
    with pytest.raises(ArchiveRefusedError, match=r"unpacks to 5\.0.MB; at most 4\.0.MB"):
        check_archive(archive_of(tmp_path, members), limits, name="archive.zip")


def test_a_member_read_whole_over_its_limit_is_refused(tmp_path):
    limits = ArchiveLimits(members=50, unpacked_bytes=64 * MB, member_bytes=MB, ratio=10**6)
    strings = shared_strings([Repeat(b"<si><t>x</t></si>" * 1024, 100)])
    book = write_workbook(tmp_path / "book.xlsx", sheet([]), strings=strings)
    with pytest.raises(
        ArchiveRefusedError, match=r"xl/sharedStrings.xml unpacks to 1\.7.MB and is read whole"
    ):
        check_workbook(book, limits, name="book.xlsx")


def test_a_worksheet_that_states_its_dimension_first_is_streamed(tmp_path):
    limits = ArchiveLimits(members=50, unpacked_bytes=64 * MB, member_bytes=MB, ratio=10**6)
    rows = [Repeat(row(["a", "b", "2024", 1, "", ""]) * 1000, 30)]
    book = write_workbook(tmp_path / "book.xlsx", sheet(rows, "A1:F30001"))
    check_workbook(book, limits, name="book.xlsx")


def test_a_worksheet_without_a_dimension_counts_as_read_whole(tmp_path):
    # openpyxl reads such a sheet to its end when the workbook is opened, to find its size.
    limits = ArchiveLimits(members=50, unpacked_bytes=64 * MB, member_bytes=MB, ratio=10**6)
    rows = [Repeat(row(["a", "b", "2024", 1, "", ""]) * 1000, 30)]
    book = write_workbook(tmp_path / "book.xlsx", sheet(rows, dimension=None))
    with pytest.raises(
        ArchiveRefusedError, match=r"sheet xl/worksheets/sheet1\.xml does not state its size"
    ):
        check_workbook(book, limits, name="book.xlsx")


def test_a_dimension_far_from_the_start_does_not_count(tmp_path):
    limits = ArchiveLimits(members=50, unpacked_bytes=64 * MB, member_bytes=MB, ratio=10**6)
    padding = b"<sheetPr>" + b"<x/>" * 50_000 + b"</sheetPr>"
    rows = [Repeat(row(["a", "b", "2024", 1, "", ""]) * 1000, 30)]
    book = write_workbook(tmp_path / "book.xlsx", sheet(rows, "A1:F30001", before=padding))
    with pytest.raises(ArchiveRefusedError, match="does not state its size"):
        check_workbook(book, limits, name="book.xlsx")


def test_something_that_is_no_archive_is_reported_as_such(tmp_path):
    path = tmp_path / "book.xlsx"
    path.write_bytes(b"not a zip file")
    with pytest.raises(zipfile.BadZipFile):
        check_archive(path, LIMITS, name="book.xlsx")


def test_a_file_object_is_left_where_it_was(tmp_path):
    data = archive_of(tmp_path, [("a.xml", pack([b"<a/>"]))]).read_bytes()
    handle = io.BytesIO(data)
    handle.seek(3)
    check_archive(handle, LIMITS, name="a.zip")
    assert handle.tell() == 3


# Attachments


def docx(tmp_path, members):
    return SimpleUploadedFile(
        "report.docx", write_zip(tmp_path / "report.docx", members).read_bytes()
    )


def test_an_ordinary_document_is_accepted_as_an_attachment(tmp_path):
    upload = docx(tmp_path, [("word/document.xml", pack([b"<w:document/>" * 1000]))])
    check_attachment(upload)
    assert upload.tell() == 0


def test_a_decompression_bomb_is_refused_as_an_attachment(tmp_path, settings):
    bomb = shared_strings_bomb(tmp_path / "bomb.xlsx", unpacked=200 * MB)
    upload = SimpleUploadedFile("accounts.xlsx", bomb.read_bytes())
    with pytest.raises(ValidationError, match=r"sharedStrings\.xml is packed .* to 1"):
        check_attachment(upload)


def test_an_attachment_that_only_starts_like_a_zip_is_refused(tmp_path):
    upload = SimpleUploadedFile("report.docx", b"PK\x03\x04" + b"\0" * 100)
    with pytest.raises(ValidationError, match=r"does not look like a \.docx file"):
        check_attachment(upload)
