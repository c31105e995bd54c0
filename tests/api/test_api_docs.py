"""docs/api.md's examples, run as written against a live server: the shell blocks with bash
(curl), the Python blocks one after another in one namespace."""

import contextlib
import io
import json
import re
import subprocess
from pathlib import Path

import pytest

from regionforum.accounts.models import Role
from regionforum.accounts.services import token_create
from regionforum.forums.models import MeetingRequest, RequestStatus
from regionforum.gazetteer.services import gazetteer_load
from regionforum.registry.models import Agreement, ImportJob
from tests.factories import ForumFactory, OrganisationFactory, UserFactory
from tests.forums.factories import ParticipantFactory

DOC = Path(__file__).resolve().parents[2] / "docs" / "api.md"
BLOCK = re.compile(r"^```(sh|python)\n(.*?)^```$", re.M | re.S)


def blocks():
    return BLOCK.findall(DOC.read_text(encoding="utf-8"))


def test_api_doc_has_curl_and_python_examples():
    kinds = [kind for kind, _ in blocks()]

    assert (kinds.count("sh"), kinds.count("python")) == (4, 4)
    assert all("curl" in code for kind, code in blocks() if kind == "sh")


@pytest.mark.django_db(transaction=True)
def test_api_doc_examples_run_against_a_live_server(live_server, tmp_path, settings):
    settings.DATA_DIR = tmp_path / "data"
    gazetteer_load()
    from regionforum.gazetteer.models import Region

    forum = ForumFactory(number=8)
    gomel, smolensk = Region.objects.get(code="BY-HO"), Region.objects.get(code="RU-SMO")
    ParticipantFactory(forum=forum, ref="A", organisation=OrganisationFactory(region=gomel))
    invitee = ParticipantFactory(
        forum=forum,
        ref="B",
        organisation=OrganisationFactory(region=smolensk),
        user=UserFactory(role=Role.PARTICIPANT),
    )
    env = {
        "API": f"{live_server.url}/api/v1",
        "TOKEN": token_create(user=UserFactory(role=Role.SECRETARIAT)),
        "PARTICIPANT_TOKEN": token_create(user=invitee.user),
        "PATH": "/usr/bin:/bin",
    }
    namespace: dict = {}
    printed = io.StringIO()

    for kind, code in blocks():
        if kind == "sh":
            done = subprocess.run(  # noqa: S603 - the doc's own commands
                ["/bin/bash", "-euo", "pipefail", "-c", code],
                cwd=tmp_path,
                env=env,
                capture_output=True,
                text=True,
                timeout=60,
                check=False,
            )
            assert done.returncode == 0, f"{code}\n{done.stdout}\n{done.stderr}"
            answers = [json.loads(line) for line in done.stdout.replace("}{", "}\n{").splitlines()]
            assert answers
        else:
            with pytest.MonkeyPatch.context() as patch, contextlib.redirect_stdout(printed):
                for name, value in env.items():
                    patch.setenv(name, value)
                exec(compile(code, str(DOC), "exec"), namespace)  # noqa: S102 - the doc's code

    agreement = Agreement.objects.get(title="Supply of dairy equipment")
    assert (agreement.status, agreement.forum.number) == ("in progress", 8)
    job = ImportJob.objects.get()
    assert (job.status, job.result["created"], job.result["rejected"]) == ("done", 1, 1)
    assert Agreement.objects.filter(title="Поставка сельхозтехники").count() == 1
    request = MeetingRequest.objects.get()
    assert (request.requester.ref, request.invitee.ref, request.status) == (
        "A",
        "B",
        RequestStatus.ACCEPTED,
    )
    lines = printed.getvalue().splitlines()
    assert "200 in progress" in lines
    assert "400 invalid ['body', 'payload', 'title']" in lines
    assert "200 A -> B accepted" in lines
