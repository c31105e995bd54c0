import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from regionforum.registry.models import Agreement, ImportJob, ReviewItem, ReviewStatus
from tests.factories import RegionFactory, agreement_between
from tests.registry.sheets import RU_HEADER, ru_row, upload_form, write_csv
from tests.web.factories import user_with_role

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.registry.urls")]


def upload(client, tmp_path, rows, **fields):
    return client.post("/imports/", upload_form(tmp_path, rows, **fields))


def test_upload_checks_before_writing_then_imports(client, tmp_path, settings):
    settings.DATA_DIR = tmp_path
    client.force_login(user_with_role("coordinator"))
    response = upload(client, tmp_path, [ru_row("1"), ru_row("2", title="Другое")])
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/imports/{job.pk}/"
    assert (job.status, job.result["created"]) == ("previewed", 2)
    assert Agreement.objects.count() == 0
    page = client.get(f"/imports/{job.pk}/")
    assert b"nothing has been written yet" in page.content
    client.post(f"/imports/{job.pk}/commit/")
    job.refresh_from_db()
    assert (job.status, job.progress) == ("done", 100)
    assert Agreement.objects.count() == 2
    assert client.get(f"/imports/{job.pk}/progress/").json() == {
        "status": "done",
        "progress": 100,
        "waiting": False,
        "stage": "",
    }


def test_upload_rejected_row_shown_next_to_its_row_and_downloadable(client, tmp_path, settings):
    settings.DATA_DIR = tmp_path
    client.force_login(user_with_role("coordinator"))
    upload(client, tmp_path, [ru_row("1", title="<script>x</script>", signed_on="31.02.2021")])
    job = ImportJob.objects.get()
    page = client.get(f"/imports/{job.pk}/").content.decode()
    assert "There is no such date as 31.02.2021" in page
    assert "&lt;script&gt;x&lt;/script&gt;" in page
    assert "<script>x</script>" not in page
    assert f"/imports/{job.pk}/commit/" not in page
    errors = client.get(f"/imports/{job.pk}/errors.csv").content.decode("utf-8-sig")
    assert errors.splitlines()[1].startswith("by.csv,2,Дата подписания,31.02.2021,")


def test_upload_refused_to_analyst(client):
    client.force_login(user_with_role("analyst"))
    assert client.get("/imports/").status_code == 403


def test_job_of_another_user_not_found(client, tmp_path, settings):
    settings.DATA_DIR = tmp_path
    client.force_login(user_with_role("coordinator"))
    upload(client, tmp_path, [ru_row("1")])
    client.force_login(user_with_role("coordinator"))
    assert client.get(f"/imports/{ImportJob.objects.get().pk}/").status_code == 404


def test_review_page_merge_decision(client):
    by, ru = RegionFactory(code="BY-HO"), RegionFactory(code="RU-SMO")
    first, second = agreement_between(by, ru), agreement_between(by, ru)
    item = ReviewItem.objects.create(agreement=second, candidate=first, score=0.4, evidence="why")
    client.force_login(user_with_role("secretariat"))
    assert b"why" in client.get("/imports/review/").content
    response = client.post(f"/imports/review/{item.pk}/", {"decision": "merge"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == ReviewStatus.MERGED
    assert Agreement.objects.count() == 1


def test_review_page_refused_to_coordinator(client):
    client.force_login(user_with_role("coordinator"))
    assert client.get("/imports/review/").status_code == 403


@pytest.mark.parametrize("count", [1, 3])
def test_review_page_queries_do_not_grow_with_items(client, django_assert_num_queries, count):
    by, ru = RegionFactory(code="BY-HO"), RegionFactory(code="RU-SMO")
    for _ in range(count):
        ReviewItem.objects.create(
            agreement=agreement_between(by, ru),
            candidate=agreement_between(by, ru),
            score=0.4,
            evidence="why",
        )
    client.force_login(user_with_role("secretariat"))
    with django_assert_num_queries(10):
        response = client.get("/imports/review/")
    assert response.content.count(b"They are one agreement: merge") == count


def test_upload_unreadable_file_shows_the_reason_and_is_not_kept(client, tmp_path, settings):
    settings.DATA_DIR = tmp_path
    client.force_login(user_with_role("coordinator"))
    data = {"file": SimpleUploadedFile("by.csv", "№;Вид\n".encode()), "reporter": "BY"}
    client.post("/imports/", data)
    job = ImportJob.objects.get()
    assert job.status == "failed"
    page = client.get(f"/imports/{job.pk}/").content.decode()
    assert "Required columns are missing" in page
    assert list((tmp_path / "uploads").iterdir()) == []


def test_upload_page_warns_while_synthetic_data_is_present(client):
    client.force_login(user_with_role("coordinator"))
    assert b'data-warning="synthetic"' not in client.get("/imports/").content

    agreement_between(RegionFactory(code="BY-HO"), RegionFactory(code="RU-SMO"), is_synthetic=True)
    page = client.get("/imports/").content.decode()

    warning = page.split('data-warning="synthetic">')[1].split("</div>")[0]
    assert "never merged with a synthetic agreement" in warning
    assert "<code>regionforum demo --remove</code>" in warning


def test_upload_check_with_bad_rows_shows_what_the_valid_rows_would_do(client, tmp_path, settings):
    settings.DATA_DIR = tmp_path
    client.force_login(user_with_role("coordinator"))
    rows = [
        ru_row("1"),
        ru_row("2", title="Другое", signed_on="31.02.2021"),
        ru_row("3", title="Третье"),
    ]
    upload(client, tmp_path, rows)
    job = ImportJob.objects.get()
    assert (job.result["created"], job.result["rejected"], job.partial) == (2, 1, False)
    page = client.get(f"/imports/{job.pk}/").content.decode()

    assert 'data-count="created">2<' in page
    assert 'data-count="rejected">1<' in page
    assert '<td data-outcome="new">new agreement' in page
    assert '<td data-outcome="rejected">rejected' in page
    assert "<b>Party 1</b>: Гомельский облисполком" in page
    assert "<b>Region of party 2</b>: Смоленская область" in page
    assert "party_1" not in page
    assert "Import the 2 valid rows, leave the 1 rejected" in page
    assert Agreement.objects.count() == 0

    client.post(f"/imports/{job.pk}/commit/")

    job.refresh_from_db()
    assert (job.status, job.partial, job.result["created"]) == ("done", True, 2)
    assert sorted(Agreement.objects.values_list("title", flat=True)) == [
        "Соглашение о сотрудничестве в области образования",
        "Третье",
    ]


def test_review_page_shows_both_rows_side_by_side_and_confirms_the_decision(client):
    from regionforum.registry.models import SourceRecord

    by, ru = RegionFactory(code="BY-HO"), RegionFactory(code="RU-SMO")
    first, second = agreement_between(by, ru), agreement_between(by, ru)
    for agreement, file_name, title in ((first, "by.csv", "Поставка мебели"),
                                        (second, "ru.csv", "Поставка удобрений")):  # fmt: skip
        SourceRecord.objects.create(
            agreement=agreement,
            file_name=file_name,
            row=2,
            raw={"title": title, "party_1": "ОАО «Лида»", "signed_on": "30.06.2021"},
            row_hash=file_name,
        )
    item = ReviewItem.objects.create(
        agreement=second,
        candidate=first,
        score=0.6,
        evidence="why",
        reasons=["Not merged: the titles differ.", "titles 12% alike"],
    )
    client.force_login(user_with_role("secretariat"))

    page = client.get("/imports/review/").content.decode()

    assert '<ul class="reasons"><li>Not merged: the titles differ.</li><li>titles 12% alike' in page
    assert (
        '<tr class="differs"><th scope="row">Title</th><td>Поставка удобрений</td>'
        "<td>Поставка мебели</td></tr>"
    ) in page
    assert '<tr><th scope="row">Party 1</th><td>ОАО «Лида»</td><td>ОАО «Лида»</td></tr>' in page
    response = client.post(f"/imports/review/{item.pk}/", {"decision": "keep"}, follow=True)
    assert (
        f"Kept apart: #{second.pk} and #{first.pk} stay two agreements."
        in response.content.decode()
    )


def test_upload_check_lists_merges_and_reviews_past_the_first_rows(client, tmp_path, settings):
    from regionforum.registry.imports import import_run

    settings.DATA_DIR = tmp_path
    dairy = {"kind": "Договор", "title": "Поставка молочной продукции", "signed_on": "01.07.2021",
             "amount": "500 000", "currency": "USD"}  # fmt: skip
    potash = {"kind": "Договор", "title": "Поставка калийных удобрений",
              "signed_on": "02.07.2021", "amount": "1 000 000", "currency": "USD"}  # fmt: skip
    import_run(
        path=write_csv(tmp_path / "ru.csv", RU_HEADER, [ru_row("R-1", **dairy),
                                                        ru_row("R-2", **potash)]),
        reporter="RU",
    )  # fmt: skip
    merged_into = Agreement.objects.get(title="Поставка молочной продукции")
    paired = Agreement.objects.get(title="Поставка калийных удобрений")
    rows = [ru_row(str(n), signed_on=f"{n:02d}.01.2021") for n in range(1, 31)]
    rows += [ru_row(str(n), signed_on=f"{n - 30:02d}.02.2021") for n in range(31, 56)]
    rows.append(ru_row("56", **dairy))
    rows.append(ru_row("57", **{**potash, "kind": "Контракт",
                                "title": "Поставка кабельной продукции",
                                "amount": "1 020 000"}))  # fmt: skip
    client.force_login(user_with_role("coordinator"))

    upload(client, tmp_path, rows)

    job = ImportJob.objects.get()
    assert (job.result["created"], job.result["merged"], job.result["review"]) == (56, 1, 1)
    page = client.get(f"/imports/{job.pk}/").content.decode()
    assert page.count('data-outcome="new"') == 50
    assert (
        f'<tr data-row="57">\n        <th scope="row">57</th>\n        <td data-outcome="merged">'
        f'merged <a href="/agreements/{merged_into.pk}/">#{merged_into.pk}</a>'
        " «Поставка молочной продукции»</td>"
    ) in page
    assert (
        '<td data-outcome="review">to review <span data-pair="agreement">against '
        f'<a href="/agreements/{paired.pk}/">#{paired.pk}</a>'
        " «Поставка калийных удобрений»</span></td>"
    ) in page
    assert "5 more rows would be new agreements." in page


def review_pair(**fields):
    from regionforum.registry.models import SourceRecord

    by, ru = RegionFactory(code="BY-HO"), RegionFactory(code="RU-SMO")
    first, second = agreement_between(by, ru), agreement_between(by, ru)
    for agreement, file_name, title in ((first, "by.csv", "Поставка мебели"),
                                        (second, "ru.csv", "<b>Поставка</b>")):  # fmt: skip
        SourceRecord.objects.create(
            agreement=agreement, file_name=file_name, row=2, raw={"title": title}, row_hash=title
        )
    return ReviewItem.objects.create(
        agreement=second,
        candidate=first,
        score=0.6,
        evidence="why",
        reasons=["Not merged: the titles differ."],
        **fields,
    )


def test_review_item_page_shows_the_pair_and_takes_the_decision(client):
    item = review_pair()
    client.force_login(user_with_role("secretariat"))

    page = client.get(f"/imports/review/{item.pk}/").content.decode()

    assert "<h1>A pair that may be one agreement</h1>" in page
    assert '<ul class="reasons"><li>Not merged: the titles differ.</li></ul>' in page
    assert (
        '<tr class="differs"><th scope="row">Title</th><td>&lt;b&gt;Поставка&lt;/b&gt;</td>'
        "<td>Поставка мебели</td></tr>"
    ) in page
    assert f'<form method="post" action="/imports/review/{item.pk}/">' in page
    assert (
        f'<a href="/imports/review/{item.pk}/">#{item.pk}</a>'
        in client.get("/imports/review/").content.decode()
    )

    response = client.post(f"/imports/review/{item.pk}/", {"decision": "merge"}, follow=True)

    assert (
        f"Merged: agreement #{item.agreement_id} is now part of #{item.candidate_id}."
        in response.content.decode()
    )
    assert ReviewItem.objects.get().status == ReviewStatus.MERGED


def test_review_item_page_of_a_decided_pair_shows_the_decision(client):
    user = user_with_role("secretariat")
    item = review_pair(status=ReviewStatus.KEPT_APART, decided_by=user)
    client.force_login(user)

    page = client.get(f"/imports/review/{item.pk}/").content.decode()

    assert (
        f'<p data-status="kept apart">Decided: <strong>Kept apart</strong> · {user.username}'
        in (page)
    )
    assert "They are one agreement: merge" not in page
    assert client.get(f"/imports/review/{item.pk + 1}/").status_code == 404


def test_review_item_page_refused_to_coordinator(client):
    item = review_pair()
    client.force_login(user_with_role("coordinator"))
    assert client.get(f"/imports/review/{item.pk}/").status_code == 403


def test_job_whose_file_was_purged_still_shows_and_reports_no_wait(client, tmp_path, settings):
    settings.DATA_DIR = tmp_path
    user = user_with_role("coordinator")
    job = ImportJob.objects.create(
        file_name="old.csv", path="", status="done", progress=100, created_by=user
    )
    client.force_login(user)

    page = client.get(f"/imports/{job.pk}/")
    progress = client.get(f"/imports/{job.pk}/progress/").json()

    assert page.status_code == 200
    assert progress == {"status": "done", "progress": 100, "waiting": False, "stage": ""}
