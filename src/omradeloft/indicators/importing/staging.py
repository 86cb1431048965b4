"""Uploads read once on the web and kept ("staged") until they are imported or discarded.

Staging reads an upload under the web's limits (ReadLimits.web) and keeps the rows it read as
Parquet in VAR_DIR/staged/<token>/, beside meta.json: the file's name, format and SHA-256, who
staged it and when. The uploaded file itself is deleted once read. The check (a dry run) and
the import then read those rows, so a workbook is parsed once however often its check is
shown; the rows are checked against the catalogue and the stored observations again each
time, since either may have changed in between.

A staged upload belongs to whoever staged it (and superusers). One that is neither imported
nor discarded is deleted after STAGED_UPLOAD_MAX_AGE_HOURS by `clean_abandoned`, which the
command `omradeloft clean-staged-uploads` runs, and each new staging too.

meta.json also records the encoding a text file was read as, for the check to show.
"""

import json
import re
import secrets
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pandas as pd
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.text import get_valid_filename

from omradeloft.accounts.models import User
from omradeloft.accounts.permissions import Action, require
from omradeloft.indicators.importing.files import open_observation_file
from omradeloft.indicators.importing.limits import ReadLimits
from omradeloft.indicators.importing.service import FileInfo
from omradeloft.indicators.importing.sparse import missing_is_zero_of

TOKEN = re.compile(r"[A-Za-z0-9_-]{20,64}")
META = "meta.json"


class StagedUploadMissingError(LookupError):
    """No staged upload has this token, or it is not the user's to see."""


@dataclass(frozen=True)
class StagedUpload:
    token: str
    folder: Path
    file_name: str
    file_format: str
    sha256: str
    uploader_id: int
    staged_at: datetime
    location: str  # how a row's location reads in messages, e.g. "row {}"
    encoding: str = ""  # how a text file was read, e.g. "Windows-1252"
    missing_is_zero: bool = False  # see sparse.py

    @property
    def info(self) -> FileInfo:
        return FileInfo(
            name=self.file_name,
            sha256=self.sha256,
            file_format=self.file_format,
            encoding=self.encoding,
        )

    def chunks(self) -> Iterator[pd.DataFrame]:
        """The rows read from the upload, chunk by chunk, as the readers yielded them."""
        for path in sorted(self.folder.glob("chunk-*.parquet")):
            chunk = pd.read_parquet(path)
            chunk.attrs["location"] = self.location
            yield chunk


def staging_root() -> Path:
    return Path(settings.VAR_DIR) / "staged"


def stage_upload(
    upload: UploadedFile,
    file_format: str,
    mapping: dict[str, Any] | None,
    actor: User,
    encoding: str | None = None,
    *,
    missing_is_zero: bool = False,
) -> StagedUpload:
    """Read `upload` under the web's limits (a text file as `encoding`, by default the one
    detected) and keep its rows for `actor`.

    Raises SourceError (and keeps nothing) if the file cannot be read or is over a limit.
    """
    require(actor, Action.MANAGE_STATISTICS)
    clean_abandoned()
    token = secrets.token_urlsafe(24)
    folder = staging_root() / token
    folder.mkdir(parents=True)
    try:
        file_name = Path(upload.name or "").name
        received = folder / "upload" / get_valid_filename(file_name)
        received.parent.mkdir()
        with received.open("wb") as handle:
            for block in upload.chunks():
                handle.write(block)
        chunks, info = open_observation_file(
            received,
            file_format,
            mapping=mapping,
            display_name=file_name,
            limits=ReadLimits.web(),
            encoding=encoding,
        )
        location = "{}"
        for number, chunk in enumerate(chunks()):
            location = chunk.attrs.get("location", location)
            chunk.to_parquet(folder / f"chunk-{number:06d}.parquet", index=False)
        shutil.rmtree(received.parent)
        staged = StagedUpload(
            token=token,
            folder=folder,
            file_name=info.name,
            file_format=info.file_format,
            sha256=info.sha256,
            uploader_id=actor.pk,
            staged_at=datetime.now(UTC),
            location=location,
            encoding=info.encoding,
            missing_is_zero=missing_is_zero or missing_is_zero_of(mapping),
        )
        # Written last: a folder without it is a staging still under way (or one that failed).
        (folder / META).write_text(json.dumps(_meta(staged), ensure_ascii=False), "utf-8")
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return staged


def staged_upload(token: str, actor: User) -> StagedUpload:
    """The upload `token` if `actor` staged it (or is a superuser)."""
    if not TOKEN.fullmatch(token):
        raise StagedUploadMissingError(token)
    folder = staging_root() / token
    try:
        meta = json.loads((folder / META).read_text("utf-8"))
    except (OSError, ValueError):
        raise StagedUploadMissingError(token) from None
    if meta["uploader"] != actor.pk and not actor.is_superuser:
        raise StagedUploadMissingError(token)
    return StagedUpload(
        token=token,
        folder=folder,
        file_name=meta["file_name"],
        file_format=meta["format"],
        sha256=meta["sha256"],
        uploader_id=meta["uploader"],
        staged_at=datetime.fromisoformat(meta["staged_at"]),
        location=meta["location"],
        encoding=meta.get("encoding", ""),  # staged before encodings were recorded
        missing_is_zero=meta.get("missing_is_zero", False),
    )


def discard(staged: StagedUpload) -> None:
    shutil.rmtree(staged.folder, ignore_errors=True)


def clean_abandoned(older_than: timedelta | None = None) -> int:
    """Delete staged uploads older than `older_than` (default STAGED_UPLOAD_MAX_AGE_HOURS);
    return how many."""
    age = (
        timedelta(hours=settings.STAGED_UPLOAD_MAX_AGE_HOURS) if older_than is None else older_than
    )
    root = staging_root()
    if not root.is_dir():
        return 0
    cutoff = time.time() - age.total_seconds()
    deleted = 0
    for folder in root.iterdir():
        if not (folder.is_dir() and TOKEN.fullmatch(folder.name)):
            continue  # not a staged upload: leave it
        try:
            # A folder last changes when its meta.json is written, at the end of staging.
            abandoned = folder.stat().st_mtime < cutoff
        except OSError:
            continue  # discarded meanwhile
        if abandoned:
            shutil.rmtree(folder, ignore_errors=True)
            deleted += 1
    return deleted


def _meta(staged: StagedUpload) -> dict[str, Any]:
    return {
        "file_name": staged.file_name,
        "format": staged.file_format,
        "sha256": staged.sha256,
        "uploader": staged.uploader_id,
        "staged_at": staged.staged_at.isoformat(),
        "location": staged.location,
        "encoding": staged.encoding,
        "missing_is_zero": staged.missing_is_zero,
    }
