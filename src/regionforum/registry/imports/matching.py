"""The import's third stage: which rows the registry has seen, and which rows are one agreement.

Rows are first matched to the records of earlier imports of the same file (unchanged or
corrected). The new rows are then given their organisations, converted to USD and handed, with
the registry's agreements of the same signing dates, to `regionforum.linkage`, which decides
which of them are reports of one agreement.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from regionforum.linkage import Evidence, Record, kind_family, link
from regionforum.money import Money as MoneyValue
from regionforum.registry.models import Agreement, SourceRecord
from regionforum.registry.selectors import organisation_index

if TYPE_CHECKING:
    from regionforum.money import RateTable
    from regionforum.registry.imports.pipeline import Progress
    from regionforum.registry.imports.rows import ParsedRow


# Rows seen before -----------------------------------------------------------------------


@dataclass(slots=True)
class EarlierRows:
    """The rows of a file set against the records of its earlier imports."""

    unchanged: int
    # Unchanged records whose row moved up or down the sheet, with their new row numbers set.
    moved: list[SourceRecord]
    corrected: list[tuple[ParsedRow, SourceRecord]]
    # Withdrawn records whose row is back in the file as it was.
    restored: list[SourceRecord]
    # Records of rows the file no longer holds.
    removed: list[SourceRecord]
    new: list[ParsedRow]


def earlier_rows_match(rows: list[ParsedRow], *, file_name: str, reporter: str) -> EarlierRows:
    """Match rows to the records of earlier imports of this file.

    A row with the same content is unchanged; a row with the same reference, or at the place
    of a row that has gone (when their references do not say otherwise), is a correction of
    that row. A record that no row matches is a row the file no longer holds. A withdrawn
    record whose row comes back, as it was or corrected, is restored; its place in the sheet
    was given up when it was withdrawn.
    """
    earlier = list(
        SourceRecord.all_objects.filter(file_name=file_name, reporter=reporter).only(
            "id", "row", "ref", "row_hash", "agreement_id", "withdrawn_at"
        )
    )
    result = EarlierRows(unchanged=0, moved=[], corrected=[], restored=[], removed=[], new=[])
    if not earlier:
        result.new = rows
        return result
    # Withdrawn records first: a row matches the current record of its content or reference,
    # when there is one, before a withdrawn one (hashes are popped from the end).
    earlier.sort(key=lambda record: record.withdrawn_at is None)
    by_hash: dict[str, list[SourceRecord]] = defaultdict(list)
    for record in earlier:
        by_hash[record.row_hash].append(record)
    hashes = {row.row_hash for row in rows}
    by_ref = {record.ref: record for record in earlier if record.ref}
    by_row = {
        record.row: record
        for record in earlier
        if record.row_hash not in hashes and record.withdrawn_at is None
    }
    claimed: set[int] = set()
    for row in rows:
        same = by_hash.get(row.row_hash)
        if same:
            record = same.pop()
            claimed.add(record.id)
            if record.withdrawn_at is not None:
                record.row = row.number
                result.restored.append(record)
                continue
            result.unchanged += 1
            if record.row != row.number:
                record.row = row.number
                result.moved.append(record)
            continue
        record = by_ref.get(row.ref) if row.ref else None
        if record is None:
            record = by_row.get(row.number)
            if record is not None and row.ref and record.ref and row.ref != record.ref:
                record = None
        if record is not None and record.id not in claimed and record.row_hash not in hashes:
            claimed.add(record.id)
            result.corrected.append((row, record))
        else:
            result.new.append(row)
    result.removed = [
        record for record in earlier if record.id not in claimed and record.withdrawn_at is None
    ]
    return result


# New rows ---------------------------------------------------------------------------------


@dataclass(slots=True)
class NewRow:
    """A new row on its way into the registry."""

    parsed: ParsedRow
    parties: list[tuple[str, str]]  # (region code, identity): "o<id>" or "k<region>|<key>"
    usd: Decimal | None
    conversion: Any
    keys: tuple[str, ...]  # the parties' matching keys, for comparing names
    usd_market: float | None = None


@dataclass(slots=True)
class Candidate:
    """An agreement already in the registry that a new row may be a further report of."""

    agreement: Agreement
    codes: list[str]
    identities: list[str]
    names: tuple[str, ...]
    usd: float | None
    sources: frozenset[str]
    usd_market: float | None = None
    currency: str = ""

    def record(self, key: int) -> Record:
        return Record(
            key=key,
            sources=self.sources,
            signed_on=self.agreement.signed_on,
            family=kind_family(self.agreement.kind),
            regions=frozenset(self.codes),
            parties=frozenset(self.identities),
            usd=self.usd,
            title=_latin(self.agreement.title),
            names=self.names,
            existing=True,
            script=_script(self.agreement.title),
            usd_market=self.usd_market,
            currency=self.currency,
        )


@dataclass(slots=True)
class Linked:
    """What linkage made of the new rows: groups of keys, rows first and then candidates.

    Keys below `offset` are `rows`; key `offset + i` is `existing[i]`.
    """

    rows: list[NewRow]
    existing: list[Candidate]
    offset: int
    groups: list[list[int]]
    joined: dict[int, Evidence]
    doubts: list[Evidence]

    def agreement_of(self, key: int, new_agreements: dict[int, Agreement]) -> Agreement:
        """The agreement of a key: a new row's from `new_agreements`, a candidate's own."""
        return (
            new_agreements[key] if key < self.offset else self.existing[key - self.offset].agreement
        )


def rows_link(
    parsed_rows: list[ParsedRow], *, file_name: str, rates: RateTable, progress: Progress | None
) -> Linked:
    """Give the new rows their organisations and USD values, and link them with the registry."""
    regions = {code for row in parsed_rows for _name, code in row.parties}
    known = organisation_index(regions=regions)
    key_of = _OrganisationKeys()
    rows: list[NewRow] = []
    for parsed in parsed_rows:
        parties = []
        for party_name, code in parsed.parties:
            key = key_of(party_name)
            organisation_id = known.get((code, key))
            parties.append((code, f"o{organisation_id}" if organisation_id else f"k{code}|{key}"))
        conversion = None
        assert parsed.signed_on is not None
        if parsed.money is not None:
            conversion = rates.convert(parsed.money, parsed.signed_on)
        usd = conversion.usd if conversion is not None else None
        keys = tuple(key_of(party_name) for party_name, _code in parsed.parties)
        rows.append(
            NewRow(
                parsed=parsed,
                parties=parties,
                usd=usd,
                conversion=conversion,
                keys=keys,
                usd_market=_market_usd(parsed.money, parsed.signed_on),
            )
        )
    if progress:
        progress("link", len(rows), len(rows))
    existing = _existing_candidates(rows)
    records = [_record(index, row, file_name) for index, row in enumerate(rows)]
    offset = len(rows)
    records.extend(
        candidate.record(offset + position) for position, candidate in enumerate(existing)
    )
    linkage = link(records)
    return Linked(
        rows=rows,
        existing=existing,
        offset=offset,
        groups=linkage.groups,
        joined=linkage.joined,
        doubts=linkage.doubts,
    )


class _OrganisationKeys:
    """Party names' matching keys, each name keyed once per file."""

    def __init__(self) -> None:
        self.keys: dict[str, str] = {}

    def __call__(self, name: str) -> str:
        key = self.keys.get(name)
        if key is None:
            from regionforum.names import organisation_key

            # Stored keys are cut to the column's 500 characters; look them up the same way.
            key = (organisation_key(name) or name.casefold())[:500]
            self.keys[name] = key
        return key


def _existing_candidates(rows: list[NewRow]) -> list[Candidate]:
    dates = {row.parsed.signed_on for row in rows}
    agreements = (
        # A real row is never reconciled with the demo's synthetic agreements.
        Agreement.objects.filter(signed_on__in=dates, is_synthetic=False)
        .select_related("money")
        .prefetch_related("parties__organisation__region", "sources")
    )
    candidates = []
    for agreement in agreements:
        parties = list(agreement.parties.all())
        money = getattr(agreement, "money", None)
        candidates.append(
            Candidate(
                agreement=agreement,
                codes=[party.organisation.region.code for party in parties],
                identities=[f"o{party.organisation_id}" for party in parties],
                names=tuple(party.organisation.key for party in parties),
                usd=float(money.usd) if money is not None and money.usd is not None else None,
                sources=frozenset(source.file_name for source in agreement.sources.all()),
                usd_market=_market_usd(
                    MoneyValue(money.value, money.currency) if money is not None else None,
                    money.value_date if money is not None else agreement.signed_on,
                ),
                currency=money.currency if money is not None else "",
            )
        )
    return candidates


@lru_cache(maxsize=1)
def _shipped_table() -> RateTable:
    from regionforum.money import RateTable, shipped_rates

    return RateTable(shipped_rates())


def _market_usd(money: MoneyValue | None, on: date) -> float | None:
    """The amount in USD at the shipped monthly rates, whatever table is in force.

    Sides convert at the rate of the day they knew, not at the secretariat's table; comparing
    the amounts on this basis as well means a loaded annual table cannot break a merge.
    """
    if money is None:
        return None
    conversion = _shipped_table().convert(money, on)
    return float(conversion.usd) if conversion is not None else None


def _record(key: int, row: NewRow, file_name: str) -> Record:
    parsed = row.parsed
    assert parsed.signed_on is not None
    return Record(
        key=key,
        sources=frozenset({file_name}),
        signed_on=parsed.signed_on,
        family=kind_family(parsed.kind),
        regions=frozenset(code for code, _identity in row.parties),
        parties=frozenset(identity for _code, identity in row.parties),
        usd=float(row.usd) if row.usd is not None else None,
        title=_latin(parsed.title),
        names=row.keys,
        script=_script(parsed.title),
        usd_market=row.usd_market,
        currency=parsed.money.currency if parsed.money is not None else "",
    )


@lru_cache(maxsize=65536)
def _latin(text: str) -> str:
    from regionforum.names import normalise_text, transliterate

    return normalise_text(transliterate(text))


_CYRILLIC = re.compile("[\u0400-\u04ff]")


def _script(text: str) -> str:
    return "cyrillic" if _CYRILLIC.search(text) else "latin"


def explain(evidence: Evidence) -> str:
    """Why two reports were taken for one agreement, in a sentence for the agreement page."""
    return _("Matched on: %(evidence)s (score %(score)s).") % {
        "evidence": "; ".join(reasons(evidence)),
        "score": f"{evidence.score:.2f}",
    }


def doubt_reason(evidence: Evidence) -> str:
    """Why a pair was left to a person rather than merged."""
    if not evidence.plausible:
        return _(
            "Not merged: the titles or the organisations differ too much for one agreement, "
            "though date, kind and regions agree."
        )
    return _(
        "Not merged: another row scores nearly as well against one of these, so either pairing "
        "could be the right one."
    )


def reasons(evidence: Evidence) -> list[str]:
    """The signs for and against a pair, one phrase each."""
    parts = [
        _("same signing date (%(date)s)") % {"date": evidence.signed_on.isoformat()},
        _("same kind of document (%(family)s)") % {"family": evidence.family.value},
        _("parties in the same regions (%(regions)s)")
        % {"regions": ", ".join(sorted(evidence.regions))},
    ]
    if evidence.shared_parties == evidence.parties:
        parts.append(_("the same organisations"))
    else:
        parts.append(
            _("%(shared)s of %(total)s organisations by name, names %(similar)s%% alike")
            % {
                "shared": evidence.shared_parties,
                "total": evidence.parties,
                "similar": round(evidence.party_similarity * 100),
            }
        )
    gap = evidence.amount_gap
    if gap is None:
        parts.append(_("an amount on one side only"))
    else:
        parts.append(
            _("amounts %(a)s and %(b)s USD, %(gap)s%% apart")
            % {
                "a": f"{evidence.usd_a:,.0f}",
                "b": f"{evidence.usd_b:,.0f}",
                "gap": round(gap * 100, 1),
            }
        )
    parts.append(
        _("titles %(similar)s%% alike") % {"similar": round(evidence.title_similarity * 100)}
    )
    return parts
