"""Workbooks and ZIP archives built byte by byte in the test, decompression bombs included.

A bomb is cheap to build: a segment repeated a thousand times is compressed once, ended with
a full flush (a byte-aligned block that refers to nothing before it), and the compressed
block repeated. The archive declares the true unpacked size and CRC, so it is a valid file
that unpacks to what it says.
"""

import struct
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
WORKBOOK_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
HEADER = ("indicator", "area", "period", "value", "numerator", "denominator")


@dataclass(frozen=True)
class Repeat:
    """`piece` written `copies` times."""

    piece: bytes
    copies: int


Segment = bytes | Repeat


@dataclass(frozen=True)
class Packed:
    data: bytes
    size: int
    crc: int
    method: int  # 8 deflate, 0 stored


def pack(segments: Iterable[Segment], *, stored: bool = False) -> Packed:
    parts: list[bytes] = []
    size = crc = 0
    for segment in segments:
        piece, copies = (
            (segment.piece, segment.copies) if isinstance(segment, Repeat) else (segment, 1)
        )
        if stored:
            block = piece
        else:
            compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
            block = compressor.compress(piece) + compressor.flush(zlib.Z_FULL_FLUSH)
        parts.append(block * copies)
        size += len(piece) * copies
        for _ in range(copies):
            crc = zlib.crc32(piece, crc)
    if not stored:
        parts.append(b"\x03\x00")  # an empty final block ends the deflate stream
    return Packed(b"".join(parts), size, crc, 0 if stored else 8)


def write_zip(path: Path, members: Sequence[tuple[str, Packed]]) -> Path:
    """A plain ZIP archive (no ZIP64: every size below 4 GiB)."""
    directory = []
    with path.open("wb") as out:
        for name, packed in members:
            encoded = name.encode()
            offset = out.tell()
            fields = (20, 0, packed.method, 0, 0x21, packed.crc, len(packed.data), packed.size)
            out.write(struct.pack("<4s5H3L2H", b"PK\x03\x04", *fields, len(encoded), 0))
            out.write(encoded)
            out.write(packed.data)
            entry = (20, *fields, len(encoded), 0, 0, 0, 0, 0, offset)
            directory.append(struct.pack("<4s6H3L5H2L", b"PK\x01\x02", *entry) + encoded)
        start = out.tell()
        out.write(b"".join(directory))
        size = out.tell() - start
        count = len(directory)
        out.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, count, count, size, start, 0))
    return path


def cell(value: object) -> bytes:
    if isinstance(value, int | float):
        return f"<c><v>{value}</v></c>".encode()
    return f'<c t="inlineStr"><is><t>{value}</t></is></c>'.encode()


def row(values: Iterable[object]) -> bytes:
    return b"<row>" + b"".join(cell(v) for v in values) + b"</row>"


def sheet(
    rows: Iterable[Segment], dimension: str | None = "A1:F2", *, before: bytes = b""
) -> list[Segment]:
    """A worksheet's XML: `before` (anything ahead of the dimension record), the dimension,
    the header row and `rows`."""
    head = f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}">'.encode()
    dim = f'<dimension ref="{dimension}"/>'.encode() if dimension else b""
    return [head + before + dim + b"<sheetData>" + row(HEADER), *rows, b"</sheetData></worksheet>"]


def shared_strings(strings: Iterable[Segment]) -> list[Segment]:
    head = f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}">'.encode()
    return [head, *strings, b"</sst>"]


def write_workbook(
    path: Path,
    worksheet: Iterable[Segment],
    *,
    strings: Iterable[Segment] | None = None,
    extra: Sequence[tuple[str, Packed]] = (),
) -> Path:
    """A workbook with one sheet called "data", optionally a shared-strings part."""
    overrides = [("/xl/workbook.xml", WORKBOOK_TYPE), ("/xl/worksheets/sheet1.xml", SHEET_TYPE)]
    relations = [("rId1", "worksheet", "worksheets/sheet1.xml")]
    if strings is not None:
        overrides.append(("/xl/sharedStrings.xml", STRINGS_TYPE))
        relations.append(("rId2", "sharedStrings", "sharedStrings.xml"))
    content_types = (
        f'<Types xmlns="{CONTENT_TYPES}">'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        + "".join(f'<Override PartName="{p}" ContentType="{t}"/>' for p, t in overrides)
        + "</Types>"
    )
    root_rels = (
        f'<Relationships xmlns="{PACKAGE_RELS}"><Relationship Id="rId1" '
        f'Type="{RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    )
    workbook = (
        f'<workbook xmlns="{MAIN}" xmlns:r="{RELS}"><sheets>'
        '<sheet name="data" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    workbook_rels = (
        f'<Relationships xmlns="{PACKAGE_RELS}">'
        + "".join(
            f'<Relationship Id="{i}" Type="{RELS}/{kind}" Target="{target}"/>'
            for i, kind, target in relations
        )
        + "</Relationships>"
    )
    members = [
        ("[Content_Types].xml", pack([content_types.encode()])),
        ("_rels/.rels", pack([root_rels.encode()])),
        ("xl/workbook.xml", pack([workbook.encode()])),
        ("xl/_rels/workbook.xml.rels", pack([workbook_rels.encode()])),
        ("xl/worksheets/sheet1.xml", pack(worksheet)),
    ]
    if strings is not None:
        members.append(("xl/sharedStrings.xml", pack(strings)))
    return write_zip(path, [*members, *extra])


def shared_strings_bomb(path: Path, unpacked: int = 1_500_000_000) -> Path:
    """About `unpacked` bytes of shared strings in a file of a few MB, as in the report."""
    piece = b"<si><t>x</t></si>" * 65_536
    return write_workbook(
        path,
        sheet([row(["a", "b", "2024", 1, "", ""])]),
        strings=shared_strings([Repeat(piece, max(1, unpacked // len(piece)))]),
    )


def long_sheet(path: Path, rows: int, dimension: str | None = None) -> Path:
    """A workbook of `rows` identical data rows; its dimension record says
    `dimension` (default: the truth)."""
    block = 10_000
    line = row(["not_employed", "0999010101", "2024", "25", "", ""])
    body: list[Segment] = [Repeat(line * block, rows // block), line * (rows % block)]
    declared = dimension or f"A1:F{rows + 1}"
    return write_workbook(path, sheet(body, declared))
