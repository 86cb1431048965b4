"""Checks for uploaded documents (measure and meeting attachments): a known document or
image type, a name that matches its content, a size within the limit, and for the Office
formats (ZIP archives) no decompression bomb."""

import zipfile
from pathlib import Path
from typing import BinaryIO, cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from omradeloft.core.archives import (
    ArchiveLimits,
    ArchiveRefusedError,
    check_archive,
    every_member_streamed,
)

ZIP_SIGNATURE = b"PK\x03\x04"
# Extension -> the first bytes every such file starts with (None: plain text, no signature).
ALLOWED_TYPES: dict[str, tuple[bytes, ...] | None] = {
    "pdf": (b"%PDF-",),
    "docx": (ZIP_SIGNATURE,),
    "xlsx": (ZIP_SIGNATURE,),
    "pptx": (ZIP_SIGNATURE,),
    "odt": (ZIP_SIGNATURE,),
    "ods": (ZIP_SIGNATURE,),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "txt": None,
    "csv": None,
}


def check_attachment(upload: UploadedFile) -> None:
    """Raise ValidationError naming the file and what was expected, or return quietly."""
    name = upload.name or ""
    extension = Path(name).suffix.lower().lstrip(".")
    if extension not in ALLOWED_TYPES:
        raise ValidationError(
            _("%(name)s: files of type “%(ext)s” are not accepted; expected one of %(allowed)s.")
            % {"name": name, "ext": extension or "?", "allowed": ", ".join(ALLOWED_TYPES)}
        )
    limit = settings.ATTACHMENT_MAX_BYTES
    if upload.size is None or upload.size > limit:
        raise ValidationError(
            _("%(name)s is %(size)s; the largest accepted file is %(limit)s.")
            % {
                "name": name,
                "size": filesizeformat(upload.size or 0),
                "limit": filesizeformat(limit),
            }
        )
    if upload.size == 0:
        raise ValidationError(_("%(name)s is empty.") % {"name": name})
    signatures = ALLOWED_TYPES[extension]
    if signatures is None:
        return
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(signature) for signature in signatures):
        raise ValidationError(
            _("%(name)s does not look like a .%(ext)s file; its content is of another type.")
            % {"name": name, "ext": extension}
        )
    if ZIP_SIGNATURE in signatures:
        _check_zip(upload, name, extension)


def _check_zip(upload: UploadedFile, name: str, extension: str) -> None:
    # Nothing here unpacks a document, so no member counts as read whole; but whoever opens
    # it will unpack it, so a bomb is refused.
    # django-stubs type an upload's content as an optional IO of anything; it is binary.
    content = cast(BinaryIO, upload.file)
    try:
        check_archive(
            content, ArchiveLimits.from_settings(), name=name, streamed=every_member_streamed
        )
    except ArchiveRefusedError as e:
        raise ValidationError(str(e)) from None
    except (zipfile.BadZipFile, OSError):
        raise ValidationError(
            _("%(name)s does not look like a .%(ext)s file; its content is of another type.")
            % {"name": name, "ext": extension}
        ) from None
    finally:
        upload.seek(0)
