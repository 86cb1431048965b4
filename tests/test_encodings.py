"""One rule tells the encoding of every text file read: UTF-8 when the bytes are UTF-8,
else Windows-1252 or ISO-8859-1 as charset-normalizer finds sensible; binary files refused."""

import re

import pytest
from django.utils import translation

from omradeloft.core import encodings
from omradeloft.core.encodings import EncodingError, decode_text, detect_encoding, named


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


NORWEGIAN = "område;navn\r\n0301;Grünerløkka – Sofienberg\r\n0302;Bjørnåsen, Ålesund\r\n"


def test_ascii_is_read_as_utf_8():
    assert detect_encoding(b"indicator,area\nx,0301\n").label == "UTF-8"


def test_utf_8_with_a_byte_order_mark_is_read_without_it():
    text, encoding = decode_text(NORWEGIAN.encode("utf-8-sig"))
    assert (text, encoding.label) == (NORWEGIAN, "UTF-8")


def test_windows_1252_with_a_dash_is_read_as_windows_1252():
    text, encoding = decode_text(NORWEGIAN.encode("cp1252"))
    assert (text, encoding.label) == (NORWEGIAN, "Windows-1252")


def test_latin_1_without_the_bytes_where_the_two_differ_reads_the_same_as_windows_1252():
    data = NORWEGIAN.replace("–", "-").encode("latin-1")
    text, encoding = decode_text(data)
    assert text == data.decode("latin-1")
    assert encoding.label == "Windows-1252"


def test_a_byte_windows_1252_leaves_undefined_is_read_as_latin_1():
    data = NORWEGIAN.replace("–", "-").encode("latin-1") + b"0303;Tyskland\x81\r\n"
    assert detect_encoding(data).label == "ISO-8859-1"


def test_a_file_on_disk_is_detected_as_its_bytes_are(tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes(NORWEGIAN.encode("cp1252"))
    assert detect_encoding(path).label == "Windows-1252"


@pytest.mark.parametrize(
    ("start", "kind"),
    [
        (b"\x89PNG\r\n\x1a\n", "a PNG image"),
        (b"%PDF-1.7\n", "a PDF document"),
        (b"PK\x03\x04\x14\x00", "an Excel workbook (.xlsx) or another ZIP archive"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1", "an old Excel workbook (.xls) or another Office file"),
    ],
)
def test_a_binary_file_is_refused_as_not_text_saying_what_it_looks_like(start, kind):
    with pytest.raises(EncodingError, match=re.escape(f"not text (it looks like {kind})")):
        detect_encoding(start + bytes(range(256)))


def test_a_binary_file_is_refused_even_with_a_declared_encoding():
    with pytest.raises(EncodingError, match="PNG"):
        detect_encoding(b"\x89PNG\r\n\x1a\n" + bytes(64), "iso-8859-1")


def test_nul_bytes_are_no_text():
    with pytest.raises(EncodingError, match="NUL"):
        detect_encoding(b"indicator,area\n\x00\x00\x00")


def test_utf_16_is_refused_with_what_to_do():
    with pytest.raises(EncodingError, match="CSV UTF-8"):
        detect_encoding(NORWEGIAN.encode("utf-16"))


def test_bytes_that_read_as_no_sensible_text_are_refused():
    with pytest.raises(EncodingError, match="UTF-8, Windows-1252 or ISO-8859-1"):
        detect_encoding(b"a,b\n" + bytes(range(0x80, 0x100)) * 8)


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("utf-8", "UTF-8"),
        ("UTF8", "UTF-8"),
        ("windows-1252", "Windows-1252"),
        ("cp1252", "Windows-1252"),
        ("iso-8859-1", "ISO-8859-1"),
        ("latin-1", "ISO-8859-1"),
    ],
)
def test_encodings_are_known_by_their_common_names(name, label):
    assert named(name).label == label


@pytest.mark.parametrize("name", ["ebcdic", "cp037", "utf-16", ""])
def test_an_encoding_not_supported_is_refused_by_name(name):
    with pytest.raises(EncodingError, match="UTF-8, Windows-1252 or ISO-8859-1"):
        named(name)


def test_a_declared_encoding_is_used_even_where_another_would_be_detected():
    assert detect_encoding(NORWEGIAN.encode("cp1252"), "latin-1").label == "ISO-8859-1"


def test_bytes_not_valid_in_the_declared_encoding_are_refused_with_their_line(
    tmp_path, monkeypatch
):
    monkeypatch.setattr(encodings, "_BLOCK", 16)  # the bad byte lies in a later block
    path = tmp_path / "mixed.csv"
    path.write_bytes(b"indicator,area\n" * 5 + "x,Sørhagen\n".encode("cp1252"))
    with pytest.raises(EncodingError) as refused:
        detect_encoding(path, "utf-8")
    assert "not UTF-8: line 6 has the byte 0xF8" in str(refused.value)


def test_text_given_as_a_string_loses_only_its_byte_order_mark():
    text, encoding = decode_text("\ufeffa,b\n")
    assert (text, encoding.label) == ("a,b\n", "UTF-8")
