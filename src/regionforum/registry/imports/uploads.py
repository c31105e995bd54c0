"""Uploaded files before they become import jobs: the size limit, the real type, retention.

The web form and the API store an upload through `import_job_create`, which asks this module,
so that both refuse the same files with the same message and leave nothing of them on disk.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from regionforum.registry.errors import RegistryError

# Enough of a text file to tell it from a binary one.
TEXT_SAMPLE_BYTES = 64 * 1024
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"


class UploadRefused(RegistryError):
    """An uploaded file was refused before any of it was read as a sheet, and deleted."""


def upload_limit() -> int:
    return int(settings.UPLOAD_MAX_BYTES)


def upload_size_check(*, size: int) -> None:
    """Refuse a file over the limit by its declared size, before any of it is read."""
    if size > upload_limit():
        raise UploadRefused(
            _("The file is larger than %(limit)s, the largest file accepted.")
            % {"limit": filesizeformat(upload_limit())}
        )


def _too_big(name: str, size: int) -> str:
    return _('"%(file)s" is %(size)s; the largest file accepted is %(limit)s.') % {
        "file": name,
        "size": filesizeformat(size),
        "limit": filesizeformat(upload_limit()),
    }


def upload_store(*, path: Path, name: str, chunks: Iterable[bytes]) -> None:
    """Write the chunks to `path`, refusing (and deleting) a file over the limit or of a type
    that is not a sheet."""
    limit = upload_limit()
    written = 0
    try:
        with path.open("wb") as out:
            for chunk in chunks:
                written += len(chunk)
                if written > limit:
                    raise UploadRefused(_too_big(name, written))
                out.write(chunk)
        upload_type_check(path=path, name=name)
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def upload_type_check(*, path: Path, name: str) -> None:
    """Refuse a file whose bytes are not those of the sheet type its name says, or of any sheet.

    XLSX and ODS are zip archives with the members that make them a workbook; XLS is an OLE2
    compound file; CSV is text.
    """
    with path.open("rb") as stream:
        head = stream.read(TEXT_SAMPLE_BYTES)
    suffix = Path(name).suffix.lower()
    actual = _sniff(path, head)
    expected = {".xlsx": "xlsx", ".xlsm": "xlsx", ".ods": "ods", ".xls": "xls", ".csv": "csv"}
    if actual is None or (suffix in expected and expected[suffix] != actual):
        raise UploadRefused(
            _(
                '"%(file)s" is not a spreadsheet of the type its name says (%(type)s). Open it '
                "in your spreadsheet program and save it as XLSX, ODS or CSV."
            )
            % {"file": name, "type": suffix.lstrip(".").upper() or _("no extension")}
        )


def _sniff(path: Path, head: bytes) -> str | None:
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path) as archive:
                members = set(archive.namelist())
                if "[Content_Types].xml" in members and "xl/workbook.xml" in members:
                    return "xlsx"
                if {"mimetype", "content.xml"} <= members and archive.read(
                    "mimetype"
                ).strip() == ODS_MIMETYPE:
                    return "ods"
        except zipfile.BadZipFile:
            return None
        return None
    if head.startswith(OLE2_MAGIC):
        return "xls"
    return "csv" if _is_text(head) else None


def _is_text(head: bytes) -> bool:
    """Whether the sample reads as text in some encoding, as a CSV sheet does."""
    from charset_normalizer import from_bytes

    if not head.strip():
        return True
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    return from_bytes(head).best() is not None


def upload_purge(*, older_than: timedelta) -> int:
    """Delete the stored files of import jobs created before now - `older_than`; the jobs and
    what they imported stay. Returns how many files were deleted."""
    from regionforum.registry.models import ImportJob

    jobs = dict(
        ImportJob.objects.filter(created_at__lt=timezone.now() - older_than)
        .exclude(path="")
        .values_list("pk", "path")
    )
    for path in jobs.values():
        Path(path).unlink(missing_ok=True)
    ImportJob.objects.filter(pk__in=jobs).update(path="")
    return len(jobs)
