"""The correction pages on bad input: the import's message beside the field, nothing saved."""

import pytest
from django.utils import translation
from django.utils.html import escape

from regionforum.accounts.models import Role
from regionforum.registry.models import Agreement, Organisation
from regionforum.registry.services import agreement_row_values
from regionforum.safetext import text_problem
from tests.factories import ForumFactory, RegionFactory, UserFactory, agreement_between

pytestmark = pytest.mark.django_db


@pytest.fixture
def own(client):
    ForumFactory(number=8)
    gomel = RegionFactory(code="BY-HO", name_be="Гомельская вобласць")
    smolensk = RegionFactory(code="RU-SMO")
    agreement = agreement_between(gomel, smolensk, title="Gomel dairy")
    client.force_login(UserFactory(role=Role.COORDINATOR, regions=[gomel]))
    return agreement


def _post(client, agreement, **changes):
    values = agreement_row_values(agreement)
    body = {name: values.get(name, "") for name in ("kind", "title", "signed_on", "status")}
    body |= {name: values.get(name, "") for name in ("forum", "sector", "amount", "currency")}
    return client.post(f"/agreements/{agreement.pk}/edit/", body | changes)


def _snapshot(agreement):
    fresh = Agreement.all_objects.select_related("money").get(pk=agreement.pk)
    money = getattr(fresh, "money", None)
    return (
        fresh.title,
        fresh.signed_on,
        fresh.notes,
        money and money.value,
        fresh.history.count(),
    )


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        (
            "signed_on",
            "31.02.2021",
            "There is no such date as 31.02.2021 (check the day and the month).",
        ),
        ("amount", "-5 млн", 'The amount "-5 млн" is negative; an amount must be zero or more.'),
        ("title", "x" * 6000, "The text holds 6,000 characters; at most 5,000 are allowed."),
        (
            "title",
            "Gomel\x00dairy",
            "The text holds a control character (U+0000) at position 6; remove it.",
        ),
        (
            "notes",
            "a\x00b",
            "The text holds a control character (U+0000) at position 2; remove it.",
        ),
    ],
)
def test_agreement_edit_bad_input_shows_message_and_saves_nothing(
    client, own, field, value, message
):
    before = _snapshot(own)
    response = _post(client, own, **{field: value})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors.get(field) == [message], errors
    assert escape(message) in response.content.decode()
    assert _snapshot(own) == before


def test_organisation_edit_empty_name_shows_message_and_saves_nothing(client, own):
    organisation = own.parties.first().organisation
    before = (organisation.name, organisation.kind, organisation.history.count())
    response = client.post(
        f"/organisations/{organisation.pk}/edit/", {"name": "   ", "kind": "enterprise"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {"name": ["This field is required."]}
    assert "This field is required." in response.content.decode()
    fresh = Organisation.objects.get(pk=organisation.pk)
    assert (fresh.name, fresh.kind, fresh.history.count()) == before


def test_agreement_edit_nul_message_is_the_import_message_in_the_users_language(client, own):
    from regionforum.registry.imports.pipeline import row_check

    client.cookies["django_language"] = "ru"
    before = _snapshot(own)
    response = _post(client, own, title="Gomel\x00dairy")

    with translation.override("ru"):
        imported = row_check(values=agreement_row_values(own) | {"title": "Gomel\x00dairy"})
    message = "Текст содержит управляющий символ (U+0000) в позиции 6; удалите его."
    assert [error.message for error in imported.errors] == [message]
    assert response.context["form"].errors == {"title": [message]}
    assert escape(message) in response.content.decode()
    assert _snapshot(own) == before


def test_organisation_edit_nul_in_name_shows_the_import_message(client, own):
    organisation = own.parties.first().organisation
    before = (organisation.name, organisation.history.count())
    client.cookies["django_language"] = "be"
    response = client.post(
        f"/organisations/{organisation.pk}/edit/", {"name": "Gomel\x00", "kind": "enterprise"}
    )
    assert response.status_code == 200
    with translation.override("be"):
        message = text_problem("Gomel\x00", limit=500)
    assert message.startswith("Тэкст")
    assert response.context["form"].errors == {"name": [message]}
    fresh = Organisation.objects.get(pk=organisation.pk)
    assert (fresh.name, fresh.history.count()) == before
