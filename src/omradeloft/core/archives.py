"""Judge an uploaded ZIP archive (an XLSX workbook, an Office document) by its directory
before anything in it is unpacked.

A decompression bomb is a small archive whose members unpack to far more than the upload:
1.5 MB of XLSX holding 1.5 GB of shared strings, which a spreadsheet reader then holds in
memory. Python's zipfile never yields more of a member than the directory declares (and
fails on the CRC if the data disagree), so the declared sizes bound what unpacking can
produce, and they can be checked without unpacking:

* the number of members, read from the end-of-directory record before zipfile lists the
  directory (a directory of millions of entries is itself a bomb);
* the unpacked size of all members together (time to unpack and parse);
* the unpacked size of each member a reader holds in memory whole (memory);
* the compression ratio of each member, and of the archive, once they unpack to more than
  `RATIO_FLOOR`: spreadsheets pack at about 10 to 1, bombs at 400 to 1000.

Members that a reader streams (a worksheet read row by row) count only towards the total
and the ratio. `check_workbook` applies this to an XLSX workbook: openpyxl streams a
worksheet whose dimension record comes first, but reads a worksheet without one to its end
when the workbook is opened, keeping an element for each row (or whatever else the sheet
holds), so such a worksheet counts as read whole.
"""

import re
import struct
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext as _

# Members unpacking to less than this may pack as tightly as they like: they cost little.
RATIO_FLOOR = 1024 * 1024
# How far into a worksheet its dimension record is looked for.
HEAD_BYTES = 64 * 1024

_END = struct.Struct("<4s4H2LH")
_END_SIGNATURE = b"PK\x05\x06"
_END64_LOCATOR = struct.Struct("<4sLQL")
_END64 = struct.Struct("<4sQ2H2L4Q")
_WORKSHEET = re.compile(r"xl/worksheets/[^/]+\.xml")
_DIMENSION = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?dimension[\s/>]")

Source = Path | BinaryIO
Streamed = Callable[[zipfile.ZipFile, zipfile.ZipInfo], bool]


@dataclass(frozen=True)
class ArchiveLimits:
    members: int
    unpacked_bytes: int  # all members together
    member_bytes: int  # one member read whole
    ratio: int  # unpacked to packed size

    @classmethod
    def from_settings(cls) -> "ArchiveLimits":
        return cls(
            members=settings.UPLOAD_MAX_ARCHIVE_MEMBERS,
            unpacked_bytes=settings.UPLOAD_MAX_UNPACKED_BYTES,
            member_bytes=settings.UPLOAD_MAX_MEMBER_BYTES,
            ratio=settings.UPLOAD_MAX_COMPRESSION_RATIO,
        )


class ArchiveRefusedError(ValueError):
    """The archive is over one of the limits; the message names it and what was expected."""


def check_archive(
    source: Source,
    limits: ArchiveLimits,
    *,
    name: str,
    streamed: Streamed = lambda archive, info: False,
) -> None:
    """Raise ArchiveRefusedError if `source` is over `limits`, zipfile.BadZipFile if it is
    not a ZIP archive; read nothing but the directory (and what `streamed` reads). A file
    object is left at the position it had.

    `streamed(archive, info)` says whether a member over the limit for parts read whole is
    read as a stream instead (or raises ArchiveRefusedError saying why it is not)."""
    if isinstance(source, Path):
        with source.open("rb") as handle:
            check_archive(handle, limits, name=name, streamed=streamed)
        return
    position = source.tell()
    try:
        _check_open_archive(source, limits, name, streamed)
    finally:
        source.seek(position)


def _check_open_archive(
    source: BinaryIO, limits: ArchiveLimits, name: str, streamed: Streamed
) -> None:
    packed = source.seek(0, 2)
    _check_count(name, _declared_members(source), limits)
    with zipfile.ZipFile(source) as archive:
        members = archive.infolist()
        _check_count(name, len(members), limits)  # in case the end record undercounted
        total = sum(info.file_size for info in members)
        if total > limits.unpacked_bytes:
            raise ArchiveRefusedError(
                _("%(file)s unpacks to %(size)s; at most %(limit)s is accepted.")
                % {
                    "file": name,
                    "size": filesizeformat(total),
                    "limit": filesizeformat(limits.unpacked_bytes),
                }
            )
        for info in members:
            _check_ratio(name, info.filename, info.file_size, info.compress_size, limits)
            if info.file_size > limits.member_bytes and not streamed(archive, info):
                raise ArchiveRefusedError(
                    _(
                        "%(file)s: %(member)s unpacks to %(size)s and is read whole; "
                        "at most %(limit)s is accepted for such a part."
                    )
                    % {
                        "file": name,
                        "member": info.filename,
                        "size": filesizeformat(info.file_size),
                        "limit": filesizeformat(limits.member_bytes),
                    }
                )
        _check_ratio(name, None, total, packed, limits)


def check_workbook(source: Source, limits: ArchiveLimits, *, name: str) -> None:
    """check_archive for an XLSX workbook read with openpyxl in read-only mode."""

    def streamed(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
        if not _WORKSHEET.fullmatch(info.filename):
            return False
        with archive.open(info) as stream:
            if _DIMENSION.search(stream.read(HEAD_BYTES)):
                return True
        # Streaming writers (openpyxl's write-only mode among them) leave the record out.
        raise ArchiveRefusedError(
            _(
                "%(file)s: the sheet %(member)s does not state its size at its start, so it "
                "would be read whole to find it, and it unpacks to %(size)s; at most "
                "%(limit)s is accepted for such a sheet. Save the file again in Excel or "
                "LibreOffice, which state it, or upload it as CSV."
            )
            % {
                "file": name,
                "member": info.filename,
                "size": filesizeformat(info.file_size),
                "limit": filesizeformat(limits.member_bytes),
            }
        )

    check_archive(source, limits, name=name, streamed=streamed)


def every_member_streamed(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """For archives that are stored, not read: no member is held in memory."""
    return True


def _check_count(name: str, count: int, limits: ArchiveLimits) -> None:
    if count > limits.members:
        raise ArchiveRefusedError(
            _("%(file)s holds %(count)s files; at most %(limit)s are accepted.")
            % {"file": name, "count": _number(count), "limit": _number(limits.members)}
        )


def _check_ratio(
    name: str, member: str | None, unpacked: int, packed: int, limits: ArchiveLimits
) -> None:
    """Refuse `member` (None: the whole archive) if it unpacks to more than the floor at a
    higher ratio than the limit."""
    if unpacked < RATIO_FLOOR or unpacked <= limits.ratio * packed:
        return
    values = {
        "file": name,
        "member": member,
        "ratio": _number(unpacked // max(packed, 1)),
        "limit": _number(limits.ratio),
    }
    if member is None:
        message = _(
            "%(file)s is packed %(ratio)s to 1; at most %(limit)s to 1 is accepted, since "
            "more is the mark of a decompression bomb."
        )
    else:
        message = _(
            "%(file)s: %(member)s is packed %(ratio)s to 1; at most %(limit)s to 1 is "
            "accepted, since more is the mark of a decompression bomb."
        )
    raise ArchiveRefusedError(message % values)


def _number(value: int) -> str:
    return number_format(value, force_grouping=True)


def _declared_members(source: BinaryIO) -> int:
    """The member count the end-of-directory record declares (ZIP64's when it says so)."""
    size = source.seek(0, 2)
    tail_size = min(size, _END.size + 0xFFFF)  # the record and a comment of up to 64 KiB
    source.seek(size - tail_size)
    tail = source.read(tail_size)
    at = tail.rfind(_END_SIGNATURE)
    if at < 0 or at + _END.size > len(tail):
        raise zipfile.BadZipFile("File is not a zip file")
    count = _END.unpack_from(tail, at)[4]
    locator = at - _END64_LOCATOR.size
    if count == 0xFFFF and locator >= 0 and tail[locator : locator + 4] == b"PK\x06\x07":
        source.seek(_END64_LOCATOR.unpack_from(tail, locator)[2])
        record = source.read(_END64.size)
        if len(record) == _END64.size and record[:4] == b"PK\x06\x06":
            count = _END64.unpack(record)[7]
    return count
