"""Which encoding a text file is in: one answer for every reader of CSV and JSON files.

Norwegian offices send UTF-8 (often with a byte order mark) and, from Excel on Windows
("CSV (semikolonseparert)"), Windows-1252. The rule:

- Bytes that start like a known binary format (an image, a PDF, a workbook) or hold NUL bytes
  are no text at all, and are refused as such.
- Bytes that are valid UTF-8 are UTF-8 (ASCII is UTF-8; a byte order mark is dropped).
- Otherwise charset-normalizer judges whether the bytes read as sensible text in one of the
  single-byte Western encodings. Windows-1252 and ISO-8859-1 (Latin-1) give the same letters
  except for bytes 0x80-0x9F, which are printable in Windows-1252 (`–`, `€`, `“`) and control
  characters in Latin-1 that no text holds, so Windows-1252 is used whenever it decodes the
  whole file and Latin-1 only for the few bytes Windows-1252 leaves undefined. The answer names
  the encoding used, so that people can check it.

A declared encoding (the command's --encoding, the upload form's choice) is used as given, but
checked: bytes that are not valid in it are refused with the line they are on.
"""

import codecs
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from charset_normalizer import from_bytes

from omradeloft.core.notices import MessageError, Wordings

__all__ = [
    "ENCODINGS",
    "WORDS",
    "Encoding",
    "EncodingError",
    "decode_text",
    "detect_encoding",
    "named",
]

_BLOCK = 1 << 20
_SAMPLE = 1 << 20  # bytes charset-normalizer judges; the whole file is decoded to check


@dataclass(frozen=True)
class Encoding:
    name: str  # the Python codec to read with
    label: str  # what people call it, as messages and pages show it


UTF_8 = Encoding("utf-8-sig", "UTF-8")
WINDOWS_1252 = Encoding("cp1252", "Windows-1252")
LATIN_1 = Encoding("latin-1", "ISO-8859-1")
ENCODINGS = (UTF_8, WINDOWS_1252, LATIN_1)


# The English wordings of the refusals (worded on pages by core.file_texts).
WORDS = Wordings(
    {
        "encoding.unknown": "unknown encoding “%(name)s”: use UTF-8, Windows-1252 or ISO-8859-1",
        "encoding.not_western": "the file is not text in UTF-8, Windows-1252 or ISO-8859-1; "
        "save it as “CSV UTF-8” or choose its encoding",
        "encoding.binary": "the file is not text (it looks like %(kind)s)",
        "encoding.utf16": "the file is UTF-16 text (Excel's “Unicode text”); save it as "
        "“CSV UTF-8”",
        "encoding.nul": "the file is not text (it holds NUL bytes)",
        "encoding.bad_byte": "the file is not %(encoding)s: line %(line)s has the byte "
        "0x%(byte)s, which is not valid there; choose another encoding or leave it to be "
        "detected",
        "encoding.kind.png": "a PNG image",
        "encoding.kind.jpeg": "a JPEG image",
        "encoding.kind.gif": "a GIF image",
        "encoding.kind.pdf": "a PDF document",
        "encoding.kind.zip": "an Excel workbook (.xlsx) or another ZIP archive",
        "encoding.kind.office": "an old Excel workbook (.xls) or another Office file",
        "encoding.kind.gzip": "a gzip archive",
    }
)


class EncodingError(MessageError):
    """The bytes are no text in a known encoding, or not in the one declared."""


# How binary files people might rename to .csv or .json begin, and what they are.
_SIGNATURES = (
    (b"\x89PNG", "encoding.kind.png"),
    (b"\xff\xd8\xff", "encoding.kind.jpeg"),
    (b"GIF8", "encoding.kind.gif"),
    (b"%PDF", "encoding.kind.pdf"),
    (b"PK\x03\x04", "encoding.kind.zip"),
    (b"\xd0\xcf\x11\xe0", "encoding.kind.office"),
    (b"\x1f\x8b", "encoding.kind.gzip"),
)
_UTF_16_MARKS = (b"\xff\xfe", b"\xfe\xff")


def named(text: str) -> Encoding:
    """The supported encoding called `text` ("utf-8", "windows-1252", "cp1252", "latin-1"...)."""
    try:
        codec = codecs.lookup(text.strip()).name
    except LookupError:
        codec = ""
    for encoding in ENCODINGS:
        if codecs.lookup(encoding.name).name in {codec, f"{codec}-sig"}:
            return encoding
    raise EncodingError(WORDS("encoding.unknown", name=text))


def detect_encoding(source: Path | bytes, declared: str | Encoding | None = None) -> Encoding:
    """The encoding to read `source` (a file or its bytes) with; see the module's rule.

    Raises EncodingError with a message for people if the bytes are no text, or not valid in
    the `declared` encoding.
    """
    sample = _head(source, _SAMPLE)
    _refuse_binary(sample)
    if declared is not None:
        encoding = declared if isinstance(declared, Encoding) else named(declared)
        _check_decodes(source, encoding)
        return encoding
    if _decodes(source, UTF_8):
        return UTF_8
    if not _reads_as_western_text(sample):
        raise EncodingError(WORDS("encoding.not_western"))
    return WINDOWS_1252 if _decodes(source, WINDOWS_1252) else LATIN_1


def decode_text(data: bytes | str, declared: str | Encoding | None = None) -> tuple[str, Encoding]:
    """The text of `data` without a byte order mark, and the encoding it was read as."""
    if isinstance(data, str):
        return data.removeprefix("\ufeff"), UTF_8
    encoding = detect_encoding(data, declared)
    return data.decode(encoding.name), encoding


def _head(source: Path | bytes, size: int) -> bytes:
    if isinstance(source, bytes | bytearray):
        return bytes(source[:size])
    with source.open("rb") as handle:
        return handle.read(size)


def _blocks(source: Path | bytes) -> Iterator[bytes]:
    if isinstance(source, bytes | bytearray):
        yield bytes(source)
        return
    with source.open("rb") as handle:
        yield from iter(lambda: handle.read(_BLOCK), b"")


def _refuse_binary(sample: bytes) -> None:
    for signature, kind in _SIGNATURES:
        if sample.startswith(signature):
            raise EncodingError(WORDS("encoding.binary", kind=WORDS(kind)))
    if sample.startswith(_UTF_16_MARKS):
        raise EncodingError(WORDS("encoding.utf16"))
    if b"\x00" in sample:
        raise EncodingError(WORDS("encoding.nul"))


def _decodes(source: Path | bytes, encoding: Encoding) -> bool:
    try:
        _decode_all(_blocks(source), encoding)
    except _BadByteError:
        return False
    return True


def _check_decodes(source: Path | bytes, encoding: Encoding) -> None:
    try:
        _decode_all(_blocks(source), encoding)
    except _BadByteError as bad:
        raise EncodingError(
            WORDS(
                "encoding.bad_byte",
                encoding=encoding.label,
                line=bad.line,
                byte=f"{bad.byte:02X}",
            )
        ) from None


class _BadByteError(Exception):
    def __init__(self, line: int, byte: int) -> None:
        super().__init__(line, byte)
        self.line = line
        self.byte = byte


def _decode_all(blocks: Iterable[bytes], encoding: Encoding) -> None:
    """Decode every block, raising _BadByteError with the line of the first invalid byte."""
    decoder = codecs.getincrementaldecoder(encoding.name)()
    lines_before = 0
    for block in [*blocks, b""]:
        try:
            decoder.decode(block, final=not block)
        except UnicodeDecodeError as e:
            # The decoder may have held back the end of the block before, and prefixes it.
            offset = max(e.start - (len(e.object) - len(block)), 0)
            line = lines_before + block.count(b"\n", 0, offset) + 1
            raise _BadByteError(line, e.object[e.start]) from None
        lines_before += block.count(b"\n")


def _reads_as_western_text(sample: bytes) -> bool:
    return from_bytes(sample, cp_isolation=["cp1252", "latin_1"]).best() is not None
