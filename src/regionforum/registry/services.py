"""Writes to the registry: importing sheets, deciding doubtful matches, merging organisations."""

from __future__ import annotations

import hashlib
import itertools
import re
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from regionforum.linkage import Evidence, Record, kind_family, link
from regionforum.registry.bulk import insert_history, insert_objects, insert_rows, reserve_ids
from regionforum.registry.errors import ImportFailed, RegistryError, RowError
from regionforum.registry.models import (
    Agreement,
    ImportBatch,
    ImportJob,
    ImportJobStatus,
    Money,
    Organisation,
    OrganisationAlias,
    Party,
    ReviewItem,
    ReviewStatus,
    SourceRecord,
)
from regionforum.registry.readers import Sheet, sheet_open
from regionforum.registry.rows import Columns, ParsedRow, RowParser, cell_text, columns_map

if TYPE_CHECKING:
    from regionforum.accounts.models import User
    from regionforum.money import RateTable

BATCH = 2000
MONEY_FIELDS = ("value", "currency", "value_date", "usd", "rate", "rate_date", "rate_source")
SOURCE_FIELDS = (
    "agreement_id",
    "batch_id",
    "file_name",
    "row",
    "ref",
    "reporter",
    "raw",
    "row_hash",
    "match_reason",
    "created_at",
)
PROGRESS_EVERY = 2000
PREVIEW_FIRST = 50
PREVIEW_LIMIT = 1000
PREVIEW_CELL = 300

Progress = Callable[[str, int, int | None], None]


@dataclass(slots=True)
class ImportReport:
    """What an import did (or, in a dry run, would do) with one file."""

    file: str
    rows: int = 0
    created: int = 0
    merged: int = 0
    unchanged: int = 0
    updated: int = 0
    review: int = 0
    rejected: int = 0
    written: bool = False
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # The first rows and every rejected row (up to a limit), as read, for the web preview.
    preview: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "rows": self.rows,
            "created": self.created,
            "merged": self.merged,
            "unchanged": self.unchanged,
            "updated": self.updated,
            "review": self.review,
            "rejected": self.rejected,
            "written": self.written,
            "errors": [error.as_dict() for error in self.errors],
            "warnings": self.warnings,
            "preview": self.preview,
        }


class _DryRun(Exception):
    """Raised at the end of a dry run to roll its writes back."""


def reporter_country(*, code: str) -> str | None:
    """The country of a reporter code (BY, RU, RU-SMO), or None for no reporter.

    An unknown code is refused: a wrong reporter would silently turn roubles into the other
    country's roubles.
    """
    from regionforum.gazetteer.models import Region
    from regionforum.names import shipped_regions

    value = code.strip().upper()
    if not value:
        return None
    if value in {"BY", "RU"}:
        return value
    known = Region.objects.filter(code=value).exists() or any(
        region.code == value for region in shipped_regions()
    )
    if not known or value[:2] not in {"BY", "RU"}:
        raise RegistryError(
            _(
                '"%(code)s" is not a reporter code. Use BY or RU (ISO 3166-1) or a region '
                "code such as RU-SMO (ISO 3166-2)."
            )
            % {"code": code}
        )
    return value[:2]


def import_run(
    *,
    path: Path,
    file_name: str | None = None,
    reporter: str = "",
    partial: bool = False,
    dry_run: bool = False,
    user: User | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Read, check, reconcile and store one file.

    Without `partial`, one rejected row means nothing is written. A dry run does all the work,
    reports it, and rolls it back. Raises ImportFailed for a file that cannot be read at all.
    """
    country = reporter_country(code=reporter)
    reporter = reporter.strip().upper()
    name = file_name or path.name
    report = ImportReport(file=name)
    sheet = sheet_open(path, name=name, accept=_is_agreement_header)
    columns = _find_header(sheet, name, report)
    report.warnings.extend(
        _('The column "%(column)s" is not part of the agreement sheet and was ignored.')
        % {"column": column}
        for column in columns.ignored
    )
    from regionforum.gazetteer.selectors import region_resolver

    forums = _ForumNumbers()
    parser = RowParser(
        file=name,
        columns=columns,
        resolver=region_resolver(),
        reporter_country=country,
        forum_numbers=forums.known,
    )
    parsed: list[ParsedRow] = []
    for number, cells in sheet.rows:
        if not any(cell not in (None, "") and str(cell).strip() for cell in cells):
            continue
        row = parser.parse(number, cells)
        report.rows += 1
        if (report.rows <= PREVIEW_FIRST or row.errors) and len(report.preview) < PREVIEW_LIMIT:
            report.preview.append(
                {
                    "row": number,
                    "cells": {name: value[:PREVIEW_CELL] for name, value in row.raw.items()},
                    "errors": [error.as_dict() for error in row.errors],
                }
            )
        if row.errors:
            report.rejected += 1
            report.errors.extend(row.errors)
        else:
            parsed.append(row)
        if progress and report.rows % PROGRESS_EVERY == 0:
            progress("read", report.rows, None)
    if report.rows == 0:
        raise ImportFailed(name, _("The file has a header row but no agreements below it."))
    if report.rejected and not partial:
        return report
    try:
        with transaction.atomic():
            forums.ensure(number for row in parsed if (number := row.forum) is not None)
            _Import(
                report=report,
                rows=parsed,
                file_name=name,
                reporter=reporter,
                user=user,
                forums=forums,
                progress=progress,
                sha256=_digest(path),
            ).run()
            if dry_run:
                raise _DryRun
    except _DryRun:
        return report
    report.written = True
    return report


def _is_agreement_header(header: list[str]) -> bool:
    try:
        columns_map(header, file="")
    except ImportFailed:
        return False
    return True


# Offices often put a title or a date above the table; look this far down for the header.
HEADER_SEARCH_ROWS = 5


def _find_header(sheet: Sheet, name: str, report: ImportReport) -> Columns:
    """The sheet's columns, from its first row or, failing that, from a header a few rows down."""
    try:
        return columns_map(sheet.header, file=name)
    except ImportFailed as first_failure:
        for number, cells in itertools.islice(sheet.rows, HEADER_SEARCH_ROWS):
            try:
                columns = columns_map([cell_text(cell) for cell in cells], file=name)
            except ImportFailed:
                continue
            report.warnings.append(
                _("The header is on row %(row)s; the rows above it were ignored.") % {"row": number}
            )
            return columns
        raise first_failure from None


def _digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


class _ForumNumbers:
    """The forum numbers a row may name: those in the registry and in the shipped calendar."""

    def __init__(self) -> None:
        from regionforum.forums.models import Forum

        self.ids = dict(Forum.objects.values_list("number", "id"))
        self.calendar: set[int] | None = None

    def known(self, number: int) -> bool:
        if number in self.ids:
            return True
        if self.calendar is None:
            from regionforum.forums.services import _calendar_rows

            self.calendar = {int(row["number"]) for row in _calendar_rows()}
        return number in self.calendar

    def ensure(self, numbers: Iterable[int]) -> None:
        """Load the forum calendar when a row names a forum the registry does not hold yet."""
        if set(numbers) - set(self.ids):
            from regionforum.forums.models import Forum
            from regionforum.forums.services import forum_calendar_load

            forum_calendar_load()
            self.ids = dict(Forum.objects.values_list("number", "id"))


@lru_cache(maxsize=65536)
def _latin(text: str) -> str:
    from regionforum.names import normalise_text, transliterate

    return normalise_text(transliterate(text))


@dataclass(slots=True)
class _Row:
    """A new row on its way into the registry."""

    parsed: ParsedRow
    parties: list[tuple[str, str]]  # (region code, identity): "o<id>" or "k<region>|<key>"
    usd: Decimal | None
    conversion: Any
    keys: tuple[str, ...]  # the parties' matching keys, for comparing names


class _Import:
    """One file's rows written into the registry inside the caller's transaction."""

    def __init__(
        self,
        *,
        report: ImportReport,
        rows: list[ParsedRow],
        file_name: str,
        reporter: str,
        user: User | None,
        forums: _ForumNumbers,
        progress: Progress | None,
        sha256: str,
    ) -> None:
        from regionforum.registry.rates import rate_table

        self.report = report
        self.rows = rows
        self.file_name = file_name
        self.reporter = reporter
        self.user = user
        self.forums = forums
        self.progress = progress
        self.rates: RateTable = rate_table()
        self.keys: dict[str, str] = {}
        self.batch = ImportBatch(
            file_name=file_name, sha256=sha256, reporter=reporter, imported_by=user, stats={}
        )
        self.now = timezone.now()
        self.reason = _("Imported from %(file)s") % {"file": file_name}

    def run(self) -> None:
        self.batch.save()
        new_rows = self._reconcile_known_rows()
        if new_rows:
            self._add(new_rows)
        stats = self.report.as_dict()
        del stats["errors"], stats["warnings"], stats["preview"]
        self.batch.stats = stats
        self.batch.save(update_fields=["stats"])

    # Rows seen before -------------------------------------------------------------------

    def _reconcile_known_rows(self) -> list[ParsedRow]:
        """Match rows to the records of earlier imports of this file; return the new ones.

        A row with the same content is unchanged; a row with the same reference, or at the place
        of a row that has gone, is a correction of that row.
        """
        earlier = list(
            SourceRecord.objects.filter(file_name=self.file_name, reporter=self.reporter).only(
                "id", "row", "ref", "row_hash", "agreement_id"
            )
        )
        if not earlier:
            return self.rows
        by_hash: dict[str, list[SourceRecord]] = defaultdict(list)
        for record in earlier:
            by_hash[record.row_hash].append(record)
        hashes = {row.row_hash for row in self.rows}
        by_ref = {record.ref: record for record in earlier if record.ref}
        by_row = {record.row: record for record in earlier if record.row_hash not in hashes}
        claimed: set[int] = set()
        moved: list[SourceRecord] = []
        corrected: list[tuple[ParsedRow, SourceRecord]] = []
        new: list[ParsedRow] = []
        for row in self.rows:
            same = by_hash.get(row.row_hash)
            if same:
                record = same.pop()
                claimed.add(record.id)
                self.report.unchanged += 1
                if record.row != row.number:
                    record.row = row.number
                    moved.append(record)
                continue
            record = by_ref.get(row.ref) if row.ref else None
            if record is None:
                record = by_row.get(row.number)
            if record is not None and record.id not in claimed and record.row_hash not in hashes:
                claimed.add(record.id)
                corrected.append((row, record))
            else:
                new.append(row)
        SourceRecord.objects.bulk_update(moved, ["row"], batch_size=BATCH)
        for row, record in corrected:
            self._correct(row, record)
        return new

    def _correct(self, row: ParsedRow, record: SourceRecord) -> None:
        """Apply a corrected row to its record and to the agreement it was part of."""
        record.row = row.number
        record.ref = row.ref
        record.raw = row.raw
        record.row_hash = row.row_hash
        record.batch = self.batch
        record.save(update_fields=["row", "ref", "raw", "row_hash", "batch"])
        self.report.updated += 1
        agreement = record.agreement
        if agreement is None or row.signed_on is None:
            return
        first = agreement.sources.order_by("id").values_list("id", flat=True).first()
        if first == record.id:
            agreement.kind = row.kind
            agreement.title = row.title
            agreement.signed_on = row.signed_on
            agreement.sector = row.sector
            agreement.notes = row.notes
            agreement.forum_id = self.forums.ids.get(row.forum) if row.forum else None
        agreement.status = row.status
        agreement.save()
        if row.money is not None and (first == record.id or not hasattr(agreement, "money")):
            conversion = self.rates.convert(row.money, row.signed_on)
            Money.objects.update_or_create(
                agreement=agreement, defaults=_money_fields(row, conversion)
            )

    # New rows ---------------------------------------------------------------------------

    def _organisation_key(self, name: str) -> str:
        key = self.keys.get(name)
        if key is None:
            from regionforum.names import organisation_key

            # Stored keys are cut to the column's 500 characters; look them up the same way.
            key = (organisation_key(name) or name.casefold())[:500]
            self.keys[name] = key
        return key

    def _add(self, parsed_rows: list[ParsedRow]) -> None:
        regions = {code for row in parsed_rows for _name, code in row.parties}
        known = _organisation_index(regions)
        rows: list[_Row] = []
        for parsed in parsed_rows:
            parties = []
            for party_name, code in parsed.parties:
                key = self._organisation_key(party_name)
                organisation_id = known.get((code, key))
                parties.append(
                    (code, f"o{organisation_id}" if organisation_id else f"k{code}|{key}")
                )
            conversion = None
            assert parsed.signed_on is not None
            if parsed.money is not None:
                conversion = self.rates.convert(parsed.money, parsed.signed_on)
            usd = conversion.usd if conversion is not None else None
            keys = tuple(self._organisation_key(party_name) for party_name, _code in parsed.parties)
            rows.append(
                _Row(parsed=parsed, parties=parties, usd=usd, conversion=conversion, keys=keys)
            )
        if self.progress:
            self.progress("link", len(rows), len(rows))
        existing = _existing_candidates(rows)
        records = [_record(index, row, self.file_name) for index, row in enumerate(rows)]
        offset = len(rows)
        records.extend(
            candidate.record(offset + position) for position, candidate in enumerate(existing)
        )
        linkage = link(records)
        self._write(rows, existing, offset, linkage.groups, linkage.joined, linkage.doubts)

    def _write(
        self,
        rows: list[_Row],
        existing: list[_Candidate],
        offset: int,
        groups: list[list[int]],
        joined: dict[int, Evidence],
        doubts: list[Evidence],
    ) -> None:
        organisation_of = self._organisations(rows, groups, offset, existing)
        agreement_of_row: dict[int, Agreement] = {}
        new_agreements: list[tuple[Agreement, list[int]]] = []
        fills: list[tuple[Agreement, _Row]] = []
        completed: list[Agreement] = []
        for members in groups:
            old = [key for key in members if key >= offset]
            new = [key for key in members if key < offset]
            if not new:
                continue
            if old:
                agreement = existing[old[0] - offset].agreement
                for key in new:
                    agreement_of_row[key] = agreement
                    self.report.merged += 1
                with_money = [key for key in new if rows[key].parsed.money is not None]
                if with_money:
                    fills.append((agreement, rows[with_money[0]]))
                if self._complete(agreement, [rows[key].parsed for key in new]):
                    completed.append(agreement)
                continue
            founder = rows[new[0]].parsed
            assert founder.signed_on is not None
            agreement = Agreement(
                kind=founder.kind,
                title=founder.title,
                signed_on=founder.signed_on,
                status=founder.status,
                sector=next((rows[k].parsed.sector for k in new if rows[k].parsed.sector), ""),
                forum_id=next(
                    (self.forums.ids[rows[k].parsed.forum] for k in new if rows[k].parsed.forum),
                    None,
                ),
                notes=founder.notes,
            )
            new_agreements.append((agreement, new))
            self.report.created += 1
            self.report.merged += len(new) - 1
            for key in new:
                agreement_of_row[key] = agreement
        if self.progress:
            self.progress("write", 0, len(rows))
        agreements = [agreement for agreement, _members in new_agreements]
        for agreement, pk in zip(agreements, reserve_ids(Agreement, len(agreements)), strict=True):
            agreement.pk = agreement.id = pk
            agreement.created_at = agreement.updated_at = self.now
        insert_objects(Agreement, agreements)
        insert_history(
            Agreement,
            agreements,
            when=self.now,
            user_id=self.user.pk if self.user else None,
            reason=self.reason,
        )
        parties: list[tuple[int, int, int, str]] = []
        money: list[list[Any]] = []
        for agreement, members in new_agreements:
            seen: set[int] = set()
            for key in members:
                for _code, identity in rows[key].parties:
                    organisation_id = organisation_of[identity]
                    if organisation_id not in seen:
                        seen.add(organisation_id)
                        parties.append((agreement.pk, organisation_id, len(seen), ""))
            priced = next((rows[key] for key in members if rows[key].parsed.money), None)
            if priced is not None:
                money.append(
                    [agreement.pk, *_money_fields(priced.parsed, priced.conversion).values()]
                )
        filled: set[int] = set()
        for agreement, row in fills:
            # The agreement was fetched with its money (select_related): no query here.
            if agreement.pk in filled or hasattr(agreement, "money"):
                continue
            filled.add(agreement.pk)
            money.append([agreement.pk, *_money_fields(row.parsed, row.conversion).values()])
        if completed:
            Agreement.objects.bulk_update(
                completed, ["forum", "sector", "updated_at"], batch_size=BATCH
            )
            insert_history(
                Agreement,
                completed,
                when=self.now,
                user_id=self.user.pk if self.user else None,
                reason=self.reason,
                change="~",
            )
        insert_rows(Party, ("agreement_id", "organisation_id", "order", "role"), parties)
        insert_rows(Money, ("agreement_id", *MONEY_FIELDS), money)
        # A row that others joined is explained by the first pair it was part of.
        paired: dict[int, Evidence] = {}
        for evidence in joined.values():
            paired.setdefault(evidence.a, evidence)
            paired.setdefault(evidence.b, evidence)
        first_report = _("The first report of this agreement.")
        insert_rows(
            SourceRecord,
            SOURCE_FIELDS,
            (
                (
                    agreement_of_row[key].pk,
                    self.batch.pk,
                    self.file_name,
                    row.parsed.number,
                    row.parsed.ref,
                    self.reporter,
                    row.parsed.raw,
                    row.parsed.row_hash,
                    explain(found)
                    if (found := joined.get(key) or paired.get(key)) is not None
                    else first_report,
                    self.now,
                )
                for key, row in enumerate(rows)
            ),
        )
        reviews = []
        for doubt in doubts:
            left = self._agreement_for(doubt.a, agreement_of_row, existing, offset)
            right = self._agreement_for(doubt.b, agreement_of_row, existing, offset)
            if left.pk == right.pk:
                continue
            reviews.append(
                ReviewItem(
                    agreement=left,
                    candidate=right,
                    batch=self.batch,
                    score=round(doubt.score, 3),
                    evidence=explain(doubt),
                )
            )
        ReviewItem.objects.bulk_create(reviews, batch_size=BATCH)
        self.report.review += len(reviews)

    def _complete(self, agreement: Agreement, parsed: list[ParsedRow]) -> bool:
        """Fill an agreement's empty forum and sector from further reports of it."""
        changed = False
        if agreement.forum_id is None:
            forum = next((row.forum for row in parsed if row.forum), None)
            if forum is not None:
                agreement.forum_id = self.forums.ids[forum]
                changed = True
        if not agreement.sector:
            sector = next((row.sector for row in parsed if row.sector), "")
            if sector:
                agreement.sector = sector
                changed = True
        if changed:
            agreement.updated_at = self.now
        return changed

    @staticmethod
    def _agreement_for(
        key: int, agreement_of_row: dict[int, Agreement], existing: list[_Candidate], offset: int
    ) -> Agreement:
        return agreement_of_row[key] if key < offset else existing[key - offset].agreement

    def _organisations(
        self, rows: list[_Row], groups: list[list[int]], offset: int, existing: list[_Candidate]
    ) -> dict[str, int]:
        """Organisation ids for every party identity, creating the organisations not yet known.

        When the rows of one agreement each name one organisation in a region, the names are
        one organisation's names in different languages: the first known one keeps them as
        aliases rather than a twin organisation being created.
        """
        same_as: dict[str, str] = {}
        for members in groups:
            if len(members) < 2:
                continue
            by_region: dict[str, list[list[str]]] = defaultdict(list)
            for key in members:
                identities = (
                    [identity for _code, identity in rows[key].parties]
                    if key < offset
                    else existing[key - offset].identities
                )
                codes = (
                    [code for code, _identity in rows[key].parties]
                    if key < offset
                    else existing[key - offset].codes
                )
                per_region: dict[str, list[str]] = defaultdict(list)
                for code, identity in zip(codes, identities, strict=True):
                    per_region[code].append(identity)
                for code, names in per_region.items():
                    by_region[code].append(names)
            for slots in by_region.values():
                if len(slots) < 2 or any(len(names) != 1 for names in slots):
                    continue
                names = [names[0] for names in slots]
                known_ids = {name for name in names if name.startswith("o")}
                if len(known_ids) > 1:
                    continue
                target = next(iter(known_ids)) if known_ids else _root(same_as, names[0])
                for name in names:
                    # Only names still waiting for an organisation are pointed elsewhere: an
                    # organisation already decided is never remapped (that could close a loop).
                    root = _root(same_as, name)
                    if root.startswith("k") and root != target:
                        same_as[root] = target
        pending: dict[str, tuple[str, str]] = {}
        for row in rows:
            for (code, identity), (party_name, _region) in zip(
                row.parties, row.parsed.parties, strict=True
            ):
                if identity.startswith("k") and identity not in pending:
                    pending[identity] = (code, party_name)
        region_ids = _region_ids({code for code, _name in pending.values()})
        created: dict[str, Organisation] = {}
        for identity, (code, party_name) in pending.items():
            if _root(same_as, identity) == identity:
                created[identity] = Organisation(
                    name=party_name[:500],
                    region_id=region_ids[code],
                    key=identity.split("|", 1)[1][:500],
                )
        organisations = list(created.values())
        ids = reserve_ids(Organisation, len(organisations))
        for organisation, pk in zip(organisations, ids, strict=True):
            organisation.pk = organisation.id = pk
        insert_objects(Organisation, organisations)
        insert_history(
            Organisation,
            organisations,
            when=self.now,
            user_id=self.user.pk if self.user else None,
            reason=self.reason,
        )
        result: dict[str, int] = {}
        aliases: list[OrganisationAlias] = []
        for identity, (_code, party_name) in pending.items():
            root = _root(same_as, identity)
            organisation_id = int(root[1:]) if root.startswith("o") else created[root].pk
            result[identity] = organisation_id
            if root != identity:
                aliases.append(
                    OrganisationAlias(
                        organisation_id=organisation_id,
                        name=party_name[:500],
                        key=identity.split("|", 1)[1][:500],
                    )
                )
        for row in rows:
            for _code, identity in row.parties:
                if identity.startswith("o"):
                    result[identity] = int(identity[1:])
        OrganisationAlias.objects.bulk_create(aliases, batch_size=BATCH, ignore_conflicts=True)
        return result


def _region_ids(codes: set[str]) -> dict[str, int]:
    """Region ids by code; the resolver knows the shipped gazetteer even before it is loaded
    into the database, so load it when a row names a region the database does not hold yet."""
    from regionforum.gazetteer.models import Region
    from regionforum.gazetteer.services import gazetteer_load

    ids = dict(Region.objects.filter(code__in=codes).values_list("code", "id"))
    if codes - set(ids):
        gazetteer_load()
        ids = dict(Region.objects.filter(code__in=codes).values_list("code", "id"))
    return ids


def _root(same_as: dict[str, str], identity: str) -> str:
    while identity in same_as:
        identity = same_as[identity]
    return identity


def _money_fields(row: ParsedRow, conversion: Any) -> dict[str, Any]:
    assert row.money is not None and row.signed_on is not None
    return _money_values(row.money, row.signed_on, conversion)


def _money_values(amount: Any, value_date: date, conversion: Any) -> dict[str, Any]:
    """A Money row's fields: `amount` (a money.Money) and its USD `conversion`, if any."""
    fields: dict[str, Any] = {
        "value": amount.value,
        "currency": amount.currency,
        "value_date": value_date,
        "usd": None,
        "rate": None,
        "rate_date": None,
        "rate_source": "",
    }
    if conversion is not None:
        fields.update(
            usd=conversion.usd.quantize(Decimal("0.01")),
            rate=conversion.rate,
            rate_date=conversion.rate_date,
            rate_source=conversion.source[:200],
        )
    return fields


def _organisation_index(regions: set[str]) -> dict[tuple[str, str], int]:
    """(region code, matching key) → organisation, through names and aliases, after merges."""
    index: dict[tuple[str, str], int] = {}
    survivors: dict[int, int] = {}
    for organisation_id, code, key, merged_into in Organisation.objects.filter(
        region__code__in=regions
    ).values_list("id", "region__code", "key", "merged_into_id"):
        survivors[organisation_id] = merged_into or organisation_id
        index.setdefault((code, key), organisation_id)
    for organisation_id, code, key in OrganisationAlias.objects.filter(
        organisation__region__code__in=regions
    ).values_list("organisation_id", "organisation__region__code", "key"):
        index.setdefault((code, key), organisation_id)
    for place, organisation_id in index.items():
        seen = 0
        while survivors.get(organisation_id, organisation_id) != organisation_id and seen < 20:
            organisation_id = survivors[organisation_id]
            seen += 1
        index[place] = organisation_id
    return index


@dataclass(slots=True)
class _Candidate:
    """An agreement already in the registry that a new row may be a further report of."""

    agreement: Agreement
    codes: list[str]
    identities: list[str]
    names: tuple[str, ...]
    usd: float | None
    sources: frozenset[str]

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
        )


def _existing_candidates(rows: list[_Row]) -> list[_Candidate]:
    dates = {row.parsed.signed_on for row in rows}
    agreements = (
        Agreement.objects.filter(signed_on__in=dates)
        .select_related("money")
        .prefetch_related("parties__organisation__region", "sources")
    )
    candidates = []
    for agreement in agreements:
        parties = list(agreement.parties.all())
        money = getattr(agreement, "money", None)
        candidates.append(
            _Candidate(
                agreement=agreement,
                codes=[party.organisation.region.code for party in parties],
                identities=[f"o{party.organisation_id}" for party in parties],
                names=tuple(party.organisation.key for party in parties),
                usd=float(money.usd) if money is not None and money.usd is not None else None,
                sources=frozenset(source.file_name for source in agreement.sources.all()),
            )
        )
    return candidates


def _record(key: int, row: _Row, file_name: str) -> Record:
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
    )


_CYRILLIC = re.compile("[\u0400-\u04ff]")


def _script(text: str) -> str:
    return "cyrillic" if _CYRILLIC.search(text) else "latin"


def explain(evidence: Evidence) -> str:
    """Why two reports were taken for one agreement, in a sentence for the agreement page."""
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
    return _("Matched on: %(evidence)s (score %(score)s).") % {
        "evidence": "; ".join(parts),
        "score": f"{evidence.score:.2f}",
    }


# Web uploads ---------------------------------------------------------------------------


def import_job_create(
    *, file_name: str, chunks: Iterable[bytes], reporter: str, partial: bool, user: User | None
) -> ImportJob:
    """Store an uploaded file for checking and importing; the reporter is checked now."""
    from django.conf import settings

    reporter_country(code=reporter)
    folder = Path(settings.DATA_DIR) / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    safe_name = Path(file_name).name[:200] or "upload"
    path = folder / f"{uuid.uuid4().hex}-{safe_name}"
    with path.open("wb") as out:
        for chunk in chunks:
            out.write(chunk)
    return ImportJob.objects.create(
        file_name=safe_name,
        path=str(path),
        reporter=reporter.strip().upper(),
        partial=partial,
        created_by=user,
    )


def import_job_run(*, job: ImportJob, commit: bool) -> ImportJob:
    """Check the job's file (a dry run), or import it; the outcome goes into the job."""
    job.status = ImportJobStatus.RUNNING if commit else job.status
    job.progress = 0
    job.save(update_fields=["status", "progress"])

    def progress(phase: str, done: int, total: int | None) -> None:
        share = {"read": 40, "link": 60, "write": 80}[phase]
        if share > job.progress:
            ImportJob.objects.filter(pk=job.pk).update(progress=share)
            job.progress = share

    try:
        report = import_run(
            path=Path(job.path),
            file_name=job.file_name,
            reporter=job.reporter,
            partial=job.partial,
            dry_run=not commit,
            user=job.created_by,
            progress=progress,
        )
    except RegistryError as exc:
        job.status = ImportJobStatus.FAILED
        job.result = {"failure": exc.message}
    else:
        job.result = report.as_dict()
        if commit:
            job.status = ImportJobStatus.DONE if report.written else ImportJobStatus.FAILED
        else:
            job.status = ImportJobStatus.PREVIEWED
    job.progress = 100
    job.save(update_fields=["status", "progress", "result"])
    return job


# Review and organisation merges ---------------------------------------------------------


@transaction.atomic
def agreement_merge(*, agreement: Agreement, into: Agreement, user: User | None = None) -> None:
    """Fold one agreement into another: its sources, parties and missing fields move over."""
    if agreement.pk == into.pk:
        raise RegistryError(_("An agreement cannot be merged into itself."))
    reason = _("Merged by %(user)s from agreement %(id)s.") % {
        "user": user.get_username() if user else _("the secretariat"),
        "id": agreement.pk,
    }
    for source in agreement.sources.all():
        source.agreement = into
        source.match_reason = f"{source.match_reason} {reason}".strip()
        source.save(update_fields=["agreement", "match_reason"])
    present = set(into.parties.values_list("organisation_id", flat=True))
    order = len(present)
    for party in agreement.parties.exclude(organisation_id__in=present):
        order += 1
        Party.objects.create(
            agreement=into, organisation_id=party.organisation_id, order=order, role=party.role
        )
    if not Money.objects.filter(agreement=into).exists():
        Money.objects.filter(agreement=agreement).update(agreement=into)
    if into.forum_id is None and agreement.forum_id is not None:
        into.forum_id = agreement.forum_id
    if not into.sector:
        into.sector = agreement.sector
    into._change_reason = reason  # type: ignore[attr-defined]
    into.save()
    ReviewItem.objects.filter(candidate=agreement).update(candidate=into)
    ReviewItem.objects.filter(agreement=agreement).update(agreement=into)
    agreement.delete()


@transaction.atomic
def review_decide(*, item: ReviewItem, merge: bool, user: User | None = None) -> ReviewItem:
    """Merge the pair, or record that they are two agreements; either way the item is closed."""
    if item.status != ReviewStatus.OPEN:
        raise RegistryError(_("This pair has already been decided."))
    if merge:
        if item.agreement is None or item.candidate is None:
            raise RegistryError(_("One of the two agreements no longer exists."))
        agreement_merge(agreement=item.agreement, into=item.candidate, user=user)
        item.refresh_from_db()
        item.status = ReviewStatus.MERGED
    else:
        item.status = ReviewStatus.KEPT_APART
    item.decided_by = user
    item.decided_at = timezone.now()
    item.save()
    return item


@transaction.atomic
def organisation_merge(
    *, organisation: Organisation, into: Organisation, user: User | None = None
) -> Organisation:
    """Make `organisation` a name of `into`: its parties move over and its names become aliases.

    The merged organisation stays, marked with `merged_into`, so that its history and any link
    to it can still be followed.
    """
    if organisation.pk == into.pk:
        raise RegistryError(_("An organisation cannot be merged into itself."))
    if organisation.region_id != into.region_id:
        raise RegistryError(_("Only organisations of the same region can be merged."))
    for party in Party.objects.filter(organisation=organisation).select_related("agreement"):
        if Party.objects.filter(agreement=party.agreement, organisation=into).exists():
            party.delete()
        else:
            party.organisation = into
            party.save(update_fields=["organisation"])
    names = [(organisation.name, organisation.key)] + [
        (alias.name, alias.key) for alias in organisation.aliases.all()
    ]
    OrganisationAlias.objects.bulk_create(
        [OrganisationAlias(organisation=into, name=name, key=key) for name, key in names],
        ignore_conflicts=True,
    )
    organisation.merged_into = into
    organisation.save(update_fields=["merged_into"])
    Organisation.objects.filter(merged_into=organisation).update(merged_into=into)
    return into


# --- Single agreements, as the API writes them ------------------------------------------------


class AgreementExists(RegistryError):
    """The agreement is in the registry already; `agreement_id` names it."""

    def __init__(self, agreement_id: int) -> None:
        super().__init__(_("This agreement is in the registry already."))
        self.agreement_id = agreement_id


@dataclass(frozen=True, slots=True)
class PartySpec:
    """A party named by its organisation's name and its region's code."""

    organisation: str
    region: str


def organisation_resolve(*, name: str, region_code: str) -> Organisation:
    """The organisation of that name (or alias) in the region, created when there is none."""
    from regionforum.gazetteer.models import Region
    from regionforum.names import organisation_key

    key = (organisation_key(name) or name.casefold())[:500]  # as the import stores keys
    found = _organisation_index({region_code}).get((region_code, key))
    if found is not None:
        return Organisation.objects.get(pk=found)
    try:
        region = Region.objects.get(code=region_code)
    except Region.DoesNotExist:
        raise RegistryError(_("Unknown region code %(code)s.") % {"code": region_code}) from None
    return Organisation.objects.create(name=name[:500], region=region, key=key)


def _agreement_fields(fields: dict[str, Any]) -> dict[str, Any]:
    from regionforum.forums.models import Forum
    from regionforum.registry.models import AgreementKind, AgreementStatus

    checked = dict(fields)
    if "kind" in checked and checked["kind"] not in AgreementKind.values:
        raise RegistryError(
            _("Unknown kind %(kind)s; use one of %(kinds)s.")
            % {"kind": checked["kind"], "kinds": ", ".join(AgreementKind.values)}
        )
    if "status" in checked and checked["status"] not in AgreementStatus.values:
        raise RegistryError(
            _("Unknown status %(status)s; use one of %(statuses)s.")
            % {"status": checked["status"], "statuses": ", ".join(AgreementStatus.values)}
        )
    if "title" in checked and not str(checked["title"]).strip():
        raise RegistryError(_("An agreement needs a title."))
    if "forum" in checked:
        number = checked.pop("forum")
        if number is None:
            checked["forum"] = None
        else:
            forum = Forum.objects.filter(number=number).first()
            if forum is None:
                raise RegistryError(_("There is no forum %(number)s.") % {"number": number})
            checked["forum"] = forum
    return checked


def _agreement_parties(agreement: Agreement, parties: list[PartySpec]) -> None:
    if len(parties) < 2:
        raise RegistryError(_("An agreement needs at least two parties."))
    organisations = [
        organisation_resolve(name=party.organisation, region_code=party.region.upper())
        for party in parties
    ]
    if len({organisation.pk for organisation in organisations}) < len(organisations):
        raise RegistryError(_("The same organisation is named twice among the parties."))
    agreement.parties.all().delete()
    Party.objects.bulk_create(
        Party(agreement=agreement, organisation=organisation, order=order)
        for order, organisation in enumerate(organisations, start=1)
    )


def _agreement_money(agreement: Agreement, amount: Any | None, rates: RateTable) -> None:
    """Replace the agreement's amount; `amount` is a money.Money or None for no amount."""
    Money.objects.filter(agreement=agreement).delete()
    if amount is None:
        return
    if amount.value < 0:
        raise RegistryError(_("An amount cannot be negative."))
    conversion = rates.convert(amount, agreement.signed_on)
    Money.objects.create(
        agreement=agreement, **_money_values(amount, agreement.signed_on, conversion)
    )


@transaction.atomic
def agreement_create(
    *,
    user: User | None,
    fields: dict[str, Any],
    parties: list[PartySpec],
    amount: Any | None,
) -> Agreement:
    """One agreement with its parties and amount (a money.Money), as a person enters it."""
    from regionforum.registry.rates import rate_table

    agreement = Agreement(**_agreement_fields(fields))
    agreement._history_user = user  # type: ignore[attr-defined]
    agreement.save()
    _agreement_parties(agreement, parties)
    twin = (
        Agreement.objects.filter(
            signed_on=agreement.signed_on, kind=agreement.kind, title__iexact=agreement.title
        )
        .exclude(pk=agreement.pk)
        .filter(parties__organisation__in=agreement.organisations.all())
        .annotate(shared=Count("parties", distinct=True))
        .filter(shared=len(parties))
        .first()
    )
    if twin is not None:
        raise AgreementExists(twin.pk)
    _agreement_money(agreement, amount, rate_table())
    return agreement


_UNSET: Any = object()


@transaction.atomic
def agreement_update(
    *,
    agreement: Agreement,
    user: User | None,
    fields: dict[str, Any],
    parties: list[PartySpec] | None = None,
    amount: Any = _UNSET,
) -> Agreement:
    """Change the given fields; parties and amount are replaced only when given."""
    from regionforum.registry.rates import rate_table

    for name, value in _agreement_fields(fields).items():
        setattr(agreement, name, value)
    agreement._history_user = user  # type: ignore[attr-defined]
    agreement.save()
    if parties is not None:
        _agreement_parties(agreement, parties)
    current = getattr(agreement, "money", None)
    if amount is _UNSET and "signed_on" in fields and current is not None:
        from regionforum.money import Money as Amount

        # The same amount, converted again at the rate of the new signing date.
        amount = Amount(value=current.value, currency=current.currency)
    if amount is not _UNSET:
        _agreement_money(agreement, amount, rate_table())
    return agreement
