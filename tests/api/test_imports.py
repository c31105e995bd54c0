from pathlib import Path

import pytest

from regionforum.accounts.models import Role
from regionforum.accounts.services import token_create
from regionforum.registry.models import (
    Agreement,
    ImportJob,
    ImportJobStatus,
    ReviewItem,
    ReviewStatus,
)
from tests.factories import RegionFactory, UserFactory, agreement_between
from tests.registry.sheets import ru_row, upload_form

pytestmark = pytest.mark.django_db


def bearer(role):
    user = UserFactory(role=role)
    return user, {"HTTP_AUTHORIZATION": f"Bearer {token_create(user=user)}"}


def upload(client, tmp_path, rows, headers):
    return client.post("/api/v1/imports", upload_form(tmp_path, rows), **headers)


@pytest.fixture
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"
    return settings.DATA_DIR


def test_import_upload_checks_then_commit_imports_the_valid_rows(client, tmp_path, data_dir):
    _, headers = bearer(Role.COORDINATOR)
    rows = [ru_row("1"), ru_row("2", title="Другое"), ru_row("3", signed_on="31.02.2021")]

    response = upload(client, tmp_path, rows, headers)

    assert response.status_code == 202
    body = response.json()
    job = ImportJob.objects.get()
    assert (body["id"], body["file"], body["reporter"], body["status"]) == (
        job.pk,
        "by.csv",
        "BY",
        "previewed",
    )
    assert (body["counts"]["rows"], body["counts"]["created"], body["counts"]["rejected"]) == (
        3,
        2,
        1,
    )
    assert Agreement.objects.count() == 0
    errors = client.get(f"/api/v1/imports/{job.pk}/errors", **headers).json()
    assert (errors["count"], errors["pages"]) == (1, 1)
    (error,) = errors["results"]
    assert (error["file"], error["row"], error["column"], error["value"]) == (
        "by.csv",
        4,
        "Дата подписания",
        "31.02.2021",
    )
    assert "31.02.2021" in error["message"]

    committed = client.post(f"/api/v1/imports/{job.pk}/commit", **headers)

    assert committed.status_code == 202
    assert (committed.json()["status"], committed.json()["progress"]) == ("done", 100)
    assert Agreement.objects.count() == 2
    status = client.get(f"/api/v1/imports/{job.pk}", **headers).json()
    assert (status["status"], status["partial"], status["counts"]["created"]) == ("done", True, 2)


def test_import_commit_twice_is_409(client, tmp_path, data_dir):
    _, headers = bearer(Role.SECRETARIAT)
    job_id = upload(client, tmp_path, [ru_row("1")], headers).json()["id"]
    client.post(f"/api/v1/imports/{job_id}/commit", **headers)

    again = client.post(f"/api/v1/imports/{job_id}/commit", **headers)

    assert again.status_code == 409
    assert again.json() == {
        "message": f"Import {job_id} is Imported; only a checked upload can be imported.",
        "code": "conflict",
        "extra": {},
    }
    assert Agreement.objects.count() == 1


def test_import_of_another_user_is_404_and_analyst_is_403(client, tmp_path, data_dir):
    _, owner = bearer(Role.COORDINATOR)
    job_id = upload(client, tmp_path, [ru_row("1")], owner).json()["id"]
    _, other = bearer(Role.COORDINATOR)
    _, analyst = bearer(Role.ANALYST)

    assert client.get(f"/api/v1/imports/{job_id}", **other).json()["code"] == "not_found"
    refused = upload(client, tmp_path, [ru_row("1")], analyst)
    assert (refused.status_code, refused.json()["code"]) == (403, "forbidden")
    assert client.get("/api/v1/imports").status_code == 401
    assert ImportJob.objects.count() == 1


def test_import_list_holds_only_own_uploads(client, tmp_path, data_dir):
    _, headers = bearer(Role.COORDINATOR)
    first = upload(client, tmp_path, [ru_row("1")], headers).json()["id"]
    second = upload(client, tmp_path, [ru_row("2")], headers).json()["id"]
    _, other = bearer(Role.COORDINATOR)
    upload(client, tmp_path, [ru_row("3")], other)

    body = client.get("/api/v1/imports", **headers).json()

    assert (body["count"], [job["id"] for job in body["results"]]) == (2, [second, first])


def test_import_upload_with_unknown_reporter_is_400(client, tmp_path, data_dir):
    _, headers = bearer(Role.COORDINATOR)
    data = upload_form(tmp_path, [ru_row("1")], reporter="XX-ZZZ")

    response = client.post("/api/v1/imports", data, **headers)

    assert (response.status_code, response.json()["code"]) == (400, "invalid")
    assert "XX-ZZZ" in response.json()["message"]
    assert ImportJob.objects.count() == 0


@pytest.fixture
def pair():
    by, ru = RegionFactory(code="BY-HO"), RegionFactory(code="RU-SMO")
    first, second = agreement_between(by, ru), agreement_between(by, ru)
    return ReviewItem.objects.create(agreement=second, candidate=first, score=0.4, evidence="why")


def test_review_list_and_merge_decision(client, pair):
    user, headers = bearer(Role.SECRETARIAT)

    listed = client.get("/api/v1/reviews", **headers).json()
    decided = client.post(
        f"/api/v1/reviews/{pair.pk}", {"decision": "merge"}, "application/json", **headers
    )

    assert [(item["id"], item["evidence"]) for item in listed["results"]] == [(pair.pk, "why")]
    assert decided.status_code == 200
    assert (decided.json()["status"], decided.json()["agreement"]) == (
        "merged",
        pair.candidate_id,
    )
    pair.refresh_from_db()
    assert (pair.status, pair.decided_by) == (ReviewStatus.MERGED, user)
    assert Agreement.objects.count() == 1
    again = client.post(
        f"/api/v1/reviews/{pair.pk}", {"decision": "keep"}, "application/json", **headers
    )
    assert (again.status_code, again.json()["message"]) == (
        409,
        "This pair has already been decided.",
    )


def test_review_keep_apart_and_refusals(client, pair):
    _, coordinator = bearer(Role.COORDINATOR)
    _, secretariat = bearer(Role.SECRETARIAT)
    url = f"/api/v1/reviews/{pair.pk}"

    refused = client.post(url, {"decision": "keep"}, "application/json", **coordinator)
    invalid = client.post(url, {"decision": "maybe"}, "application/json", **secretariat)
    kept = client.post(url, {"decision": "keep"}, "application/json", **secretariat)

    assert (refused.status_code, invalid.status_code, kept.status_code) == (403, 400, 200)
    assert kept.json()["status"] == "kept apart"
    assert Agreement.objects.count() == 2


@pytest.mark.parametrize("count", [1, 3])
def test_review_list_query_count_does_not_grow(client, count, django_assert_num_queries):
    by, ru = RegionFactory(code="BY-HO"), RegionFactory(code="RU-SMO")
    for _ in range(count):
        ReviewItem.objects.create(
            agreement=agreement_between(by, ru),
            candidate=agreement_between(by, ru),
            score=0.4,
            evidence="why",
        )
    _, headers = bearer(Role.SECRETARIAT)

    with django_assert_num_queries(10):
        body = client.get("/api/v1/reviews", **headers).json()

    assert body["count"] == count


def test_import_status_says_when_it_waits_for_another_and_drops_a_stale_mark(
    client, tmp_path, data_dir
):
    _, headers = bearer(Role.COORDINATOR)
    upload(client, tmp_path, [ru_row("1")], headers)
    job = ImportJob.objects.get()
    mark = Path(job.path).parent / f"job-{job.pk}.waiting"
    job.status = ImportJobStatus.RUNNING
    job.save(update_fields=["status"])
    mark.touch()

    waiting = client.get(f"/api/v1/imports/{job.pk}", **headers).json()
    job.status = ImportJobStatus.DONE
    job.save(update_fields=["status"])
    done = client.get(f"/api/v1/imports/{job.pk}", **headers).json()

    assert (waiting["waiting"], waiting["stage"]) == (
        True,
        "Waiting for another import to finish; this one goes on after it.",
    )
    assert (done["waiting"], done["stage"]) == (False, "")
    assert not mark.exists()
