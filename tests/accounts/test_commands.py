import pytest
from django.core.management import CommandError, call_command

from regionforum.accounts.models import ApiToken, Role, User
from regionforum.accounts.services import token_digest
from tests.factories import RegionFactory, UserFactory


@pytest.mark.django_db
def test_user_add_coordinator_with_regions(monkeypatch, capsys):
    RegionFactory(code="RU-SMO")
    RegionFactory(code="BY-HO")
    monkeypatch.setenv("REGIONFORUM_PASSWORD", "a long enough passphrase")

    call_command(
        "user", "add", "anna", "--role", "coordinator", "--region", "ru-smo", "--region", "BY-HO"
    )

    user = User.objects.get(username="anna")
    assert user.role == Role.COORDINATOR
    assert sorted(user.regions.values_list("code", flat=True)) == ["BY-HO", "RU-SMO"]
    assert user.check_password("a long enough passphrase")
    assert capsys.readouterr().out.strip() == "Created anna (coordinator)."


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--role", "coordinator"], "A coordinator needs at least one --region."),
        (["--role", "coordinator", "--region", "XX-NOPE"], "Unknown region code(s): XX-NOPE."),
        (["--role", "analyst", "--region", "RU-SMO"], "Only a coordinator is given regions."),
    ],
)
def test_user_add_refuses_bad_scope(monkeypatch, args, message):
    RegionFactory(code="RU-SMO")
    monkeypatch.setenv("REGIONFORUM_PASSWORD", "a long enough passphrase")

    with pytest.raises(CommandError) as error:
        call_command("user", "add", "bob", *args)

    assert (error.value.returncode, str(error.value)) == (2, message)
    assert not User.objects.filter(username="bob").exists()


@pytest.mark.django_db
def test_user_add_refuses_weak_password(monkeypatch):
    monkeypatch.setenv("REGIONFORUM_PASSWORD", "short")

    with pytest.raises(CommandError) as error:
        call_command("user", "add", "bob", "--role", "analyst")

    assert "too short" in str(error.value)
    assert not User.objects.filter(username="bob").exists()


@pytest.mark.django_db
def test_token_prints_new_token_and_keeps_only_digest(capsys):
    user = UserFactory(username="anna")

    call_command("token", "anna")

    token = capsys.readouterr().out.strip()
    stored = ApiToken.objects.get(user=user)
    assert len(token) >= 40
    assert stored.digest == token_digest(token)
    assert stored.prefix == token[:8]
    assert token not in {stored.digest, stored.prefix}


@pytest.mark.django_db
def test_token_unknown_user_exits_2():
    with pytest.raises(CommandError) as error:
        call_command("token", "nobody")

    assert (error.value.returncode, str(error.value)) == (2, "No active user named nobody.")


@pytest.mark.django_db
def test_user_factory_password_is_saved(client):
    user = UserFactory(username="kate")

    response = client.post(
        "/accounts/login/", {"username": "kate", "password": "correct horse battery"}
    )
    assert (response.status_code, response.url) == (302, "/")
    assert User.objects.get(pk=user.pk).check_password("correct horse battery")
