"""Uploads: the size limit holds for files, the real type is sniffed, refused files are not
kept, and stored files are deleted after the retention period."""

import io
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from regionforum.registry.imports import import_job_create
from regionforum.registry.imports.uploads import UploadRefused
from regionforum.registry.models import ImportJob
from tests.registry.sheets import RU_HEADER, ru_row, write_csv, write_ods, write_xlsx
from tests.web.factories import user_with_role

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.registry.urls")]


def stored(tmp_path: Path) -> list[Path]:
    folder = tmp_path / "uploads"
    return sorted(folder.iterdir()) if folder.exists() else []


def post(client, name: str, content: bytes):
    data = {"file": SimpleUploadedFile(name, content), "reporter": "BY"}
    return client.post("/imports/", data)


@pytest.fixture
def coordinator(client, tmp_path, settings):
    settings.DATA_DIR = tmp_path
    client.force_login(user_with_role("coordinator"))
    return client


def test_upload_over_the_limit_is_refused_and_not_kept(coordinator, tmp_path, settings):
    settings.UPLOAD_MAX_BYTES = 100_000
    sheet = write_csv(tmp_path / "by.csv", RU_HEADER, [ru_row("1")]).read_bytes()
    content = sheet + b"x" * 200_000

    response = post(coordinator, "big.csv", content)

    assert response.status_code == 413
    page = response.content.decode()
    assert "The file is larger than 97.7\xa0KB, the largest file accepted." in page
    assert ImportJob.objects.count() == 0
    assert stored(tmp_path) == []


def test_upload_limit_counts_the_stored_bytes_whatever_the_declared_size(tmp_path, settings):
    settings.DATA_DIR = tmp_path
    settings.UPLOAD_MAX_BYTES = 1000
    chunks = [b"a;b\n" * 100] * 5

    with pytest.raises(UploadRefused) as refused:
        import_job_create(file_name="by.csv", chunks=iter(chunks), reporter="BY", user=None)

    assert refused.value.message == (
        '"by.csv" is 1.2\xa0KB; the largest file accepted is 1000\xa0bytes.'
    )
    assert stored(tmp_path) == []


def test_program_renamed_xlsx_is_refused_with_a_clear_message(coordinator, tmp_path):
    program = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + bytes(range(256)) * 20

    page = post(coordinator, "agreements.xlsx", program).content.decode()

    assert (
        "&quot;agreements.xlsx&quot; is not a spreadsheet of the type its name says (XLSX)" in page
    )
    assert ImportJob.objects.count() == 0
    assert stored(tmp_path) == []


@pytest.mark.parametrize(
    ("name", "members"),
    [
        ("by.xlsx", {"word/document.xml": b"<w/>", "[Content_Types].xml": b"<Types/>"}),
        ("by.ods", {"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b""}),
        ("by.csv", {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}),
    ],
)
def test_zip_without_the_right_members_is_refused(coordinator, tmp_path, name, members):
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as out:
        for member, content in members.items():
            out.writestr(member, content)

    page = post(coordinator, name, archive.getvalue()).content.decode()

    assert "is not a spreadsheet of the type its name says" in page
    assert stored(tmp_path) == []


def test_binary_named_csv_is_refused(coordinator, tmp_path):
    page = post(coordinator, "by.csv", b"\x00\x01\x02\x03" * 1000).content.decode()

    assert "(CSV)" in page
    assert stored(tmp_path) == []


@pytest.mark.parametrize("writer", [write_csv, write_xlsx, write_ods])
def test_real_sheets_are_accepted(coordinator, tmp_path, writer):
    suffix = {write_csv: "csv", write_xlsx: "xlsx", write_ods: "ods"}[writer]
    path = writer(tmp_path / f"by.{suffix}", RU_HEADER, [ru_row("1")])

    response = post(coordinator, path.name, path.read_bytes())

    job = ImportJob.objects.get()
    assert response["Location"] == f"/imports/{job.pk}/"
    assert (job.status, job.result["created"]) == ("previewed", 1)
    assert Path(job.path).exists()


def test_purge_deletes_files_older_than_the_retention_period(tmp_path, settings):
    settings.DATA_DIR = tmp_path
    sheet = write_csv(tmp_path / "by.csv", RU_HEADER, [ru_row("1")]).read_bytes()
    old, recent = (
        import_job_create(file_name="by.csv", chunks=[sheet], reporter="BY", user=None)
        for _ in range(2)
    )
    ImportJob.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=31))
    ImportJob.objects.filter(pk=recent.pk).update(created_at=timezone.now() - timedelta(days=29))
    out = io.StringIO()

    call_command("imports", "purge", "--older-than", "30", stdout=out)

    assert out.getvalue() == "Deleted 1 uploaded files older than 30 days.\n"
    assert not Path(old.path).exists()
    assert Path(recent.path).exists()
    old.refresh_from_db()
    assert old.path == ""
    assert stored(tmp_path) == [Path(recent.path)]


def test_upload_with_a_control_character_is_checked_and_shows_the_row_error(coordinator, tmp_path):
    path = write_csv(tmp_path / "by.csv", RU_HEADER, [ru_row("1", title="Поставка\x07молока")])

    post(coordinator, "by.csv", path.read_bytes())

    job = ImportJob.objects.get()
    assert (job.status, job.result["rejected"]) == ("previewed", 1)
    assert job.result["preview"][0]["cells"]["title"] == "Поставка\\u0007молока"
    page = coordinator.get(f"/imports/{job.pk}/").content.decode()
    assert "The text holds a control character (U+0007) at position 9; remove it." in page
