"""A figures scope read from text, as the `figures` command, the API and the pages receive it."""

from __future__ import annotations

import re
from datetime import date

from django.utils.translation import gettext as _

from regionforum.analytics.selectors import Scope
from regionforum.registry.models import AgreementKind, OrganisationKind

_CODE = re.compile(r"(?:BY|RU)-[A-Z0-9]{1,3}")
_RANGE = re.compile(r"\s*(\d+)\s*[-–]\s*(\d+)\s*")


class ScopeError(ValueError):
    """A scope argument that can't be read; the message names the argument and the value."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def scope_parse(
    *,
    forum: int | None = None,
    forums: str = "",
    date_from: str = "",
    date_to: str = "",
    region: str = "",
    pair: str = "",
    sector: str = "",
    kind: str = "",
    party_type: str = "",
    flag: str = "--",
) -> Scope:
    """Each argument as written; `flag` prefixes the argument names in messages ("--" for the
    command, "" for the API's query parameters)."""
    span = None
    if forum is not None:
        if forum < 1:
            raise ScopeError(_("%(flag)sforum takes a forum number from 1") % {"flag": flag})
        span = (forum, forum)
    elif forums:
        match = _RANGE.fullmatch(forums)
        if not match or int(match[1]) > int(match[2]) or int(match[1]) < 1:
            raise ScopeError(
                _("%(flag)sforums takes a range such as 1-8; got %(value)r")
                % {"flag": flag, "value": forums}
            )
        span = (int(match[1]), int(match[2]))
    sides = None
    if pair:
        parts = [side for side in pair.split(",") if side.strip()]
        if len(parts) != 2:
            raise ScopeError(
                _("%(flag)spair takes two regions, such as BY-HO,RU-SMO; got %(value)r")
                % {"flag": flag, "value": pair}
            )
        sides = (_region(parts[0], f"{flag}pair"), _region(parts[1], f"{flag}pair"))
    return Scope(
        forums=span,
        date_from=_date(date_from, f"{flag}from") if date_from else None,
        date_to=_date(date_to, f"{flag}to") if date_to else None,
        region=_region(region, f"{flag}region") if region else "",
        pair=sides,
        sector=sector.strip(),
        kind=_choice(kind, f"{flag}kind", AgreementKind.values) if kind else "",
        party_type=(
            _choice(party_type, f"{flag}party-type", OrganisationKind.values) if party_type else ""
        ),
    )


def _date(text: str, flag: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ScopeError(
            _("%(flag)s takes a date as YYYY-MM-DD; got %(value)r") % {"flag": flag, "value": text}
        ) from None


def _region(text: str, flag: str) -> str:
    """A region's code from its code or any spelling of its name, or a country's code."""
    from regionforum.gazetteer.selectors import region_resolver

    value = text.strip()
    if value.upper() in {"BY", "RU"} or _CODE.fullmatch(value.upper()):
        return value.upper()
    code = region_resolver().resolve(value).code
    if code is None:
        raise ScopeError(
            _("%(flag)s: %(value)r names no region; give its ISO 3166-2 code, such as BY-HO")
            % {"flag": flag, "value": text}
        )
    return code


def _choice(text: str, flag: str, choices: list[str]) -> str:
    value = text.strip().lower()
    if value not in choices:
        raise ScopeError(
            _("%(flag)s takes one of %(choices)s; got %(value)r")
            % {"flag": flag, "choices": ", ".join(choices), "value": text}
        )
    return value
