"""A JSON export read back into the registry: the backup path.

`regionforum export --format json` writes agreements that are already reconciled, each with the
rows that reported it. Imported again (into an empty registry, after a move or a loss), each
entry becomes one agreement again with its sources, parties, amount and the USD value at the
rate it was converted at, and the loaded exchange rates come back, so that the figures and the
merges are those of the registry that was exported. Nothing is linked anew: the entries are the
outcome of earlier reconciliation and review, which a second linkage could undo.

Two stages, in the order `pipeline.import_run` calls them: `backup_read` checks every entry and
reports the bad ones the way a sheet's rows are reported (the entry's position as the row, the
field as the column); `backup_write` stores them. An entry whose rows the registry already holds
is left as it is, so restoring the same file twice changes nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.translation import gettext as _

from regionforum.names.languages import LANGUAGES
from regionforum.registry.errors import ImportFailed, RowError
from regionforum.registry.imports.bulk import (
    insert_history,
    insert_objects,
    insert_rows,
    reserve_ids,
)
from regionforum.registry.imports.writing import MONEY_FIELDS, SOURCE_FIELDS, _region_ids
from regionforum.registry.models import (
    Agreement,
    AgreementKind,
    AgreementStatus,
    ExchangeRate,
    ImportBatch,
    Money,
    Organisation,
    OrganisationKind,
    Party,
    RateLoad,
    SourceRecord,
)
from regionforum.registry.selectors import organisation_index

if TYPE_CHECKING:
    from collections.abc import Callable

    from regionforum.accounts.models import User
    from regionforum.registry.imports.pipeline import ForumNumbers, ImportReport


@dataclass(frozen=True, slots=True)
class BackupParty:
    organisation: str
    region: str
    kind: str
    # The organisation's names per language as exported, as model fields (name_ru, ...).
    names: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class BackupSource:
    file: str
    row: int
    ref: str
    reporter: str
    row_hash: str


@dataclass(frozen=True, slots=True)
class BackupAgreement:
    kind: str
    title: str
    signed_on: date
    forum: int | None
    status: str
    sector: str
    notes: str
    # value, currency, usd, units per USD, rate date, rate source
    money: tuple[Decimal, str, Decimal | None, Decimal | None, date | None, str] | None
    parties: list[BackupParty]
    sources: list[BackupSource]


@dataclass(frozen=True, slots=True)
class Backup:
    agreements: list[BackupAgreement]
    rates: list[ExchangeRate]
    loads: list[RateLoad]


def backup_is(name: str) -> bool:
    return name.lower().endswith(".json")


class _Bad(Exception):
    def __init__(self, column: str, value: object, message: str) -> None:
        super().__init__(message)
        self.column, self.value, self.message = column, value, message


def _text(entry: dict[str, Any], key: str, *, column: str = "", required: bool = False) -> str:
    value = entry.get(key, "")
    value = "" if value is None else value
    if not isinstance(value, str) or (required and not value.strip()):
        raise _Bad(column or key, value, _("A text is required here."))
    return value


def _names(value: object, column: str) -> tuple[tuple[str, str], ...]:
    """An organisation's names per language, `{"ru": ..., "be": ..., "en": ...}`, the missing
    ones null; a file written before the names were exported has none."""
    if value is None:
        return ()
    if not isinstance(value, dict):
        raise _Bad(column, value, _("The names must be a JSON object by language."))
    names = []
    for code in value:
        if code not in LANGUAGES:
            raise _Bad(f"{column}.{code}", code, _("This is not one of the languages ru, be, en."))
        text = _text(value, code, column=f"{column}.{code}")
        if text:
            names.append((f"name_{code}", text[:500]))
    return tuple(names)


def _date(value: object, column: str) -> date:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise _Bad(column, value, _("The date must be given as YYYY-MM-DD.")) from None


def _decimal(value: object, column: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        number = Decimal("NaN")
    if isinstance(value, bool) or not number.is_finite():
        raise _Bad(column, value, _("A number is required here."))
    return number


def _choice(value: object, column: str, choices: list[str]) -> str:
    if value not in choices:
        raise _Bad(
            column,
            value,
            _("This is not one of: %(choices)s.") % {"choices": ", ".join(choices)},
        )
    return str(value)


def _agreement(
    entry: object, *, known_region: Callable[[str], bool], known_forum: Callable[[int], bool]
) -> BackupAgreement:
    if not isinstance(entry, dict):
        raise _Bad("", entry, _("Each agreement must be a JSON object."))
    forum = entry.get("forum")
    if forum is not None and (not isinstance(forum, int) or not known_forum(forum)):
        raise _Bad("forum", forum, _("This is not the number of a known forum."))
    money = None
    amount = entry.get("amount")
    if amount is not None:
        if not isinstance(amount, dict):
            raise _Bad("amount", amount, _('The amount must be {"value", "currency"} or null.'))
        currency = amount.get("currency")
        if not isinstance(currency, str) or len(currency) != 3 or not currency.isupper():
            raise _Bad("amount.currency", currency, _("An ISO 4217 code is required here."))
        usd = entry.get("usd")
        rate = entry.get("rate") or {}
        if not isinstance(rate, dict):
            raise _Bad("rate", rate, _('The rate must be {"units_per_usd", "date", "source"}.'))
        money = (
            _decimal(amount.get("value"), "amount.value"),
            currency,
            None if usd is None else _decimal(usd, "usd").quantize(Decimal("0.01")),
            None if rate.get("units_per_usd") is None else _decimal(rate["units_per_usd"], "rate"),
            None if rate.get("date") is None else _date(rate["date"], "rate.date"),
            _text(rate, "source", column="rate.source")[:200],
        )
    parties = entry.get("parties")
    if not isinstance(parties, list) or not parties:
        raise _Bad("parties", parties, _("An agreement needs its parties."))
    restored_parties = []
    for number, party in enumerate(parties, start=1):
        column = f"parties[{number}]"
        if not isinstance(party, dict):
            raise _Bad(column, party, _("Each party must be a JSON object."))
        region = _text(party, "region", column=f"{column}.region", required=True)
        if not known_region(region):
            raise _Bad(f"{column}.region", region, _("This is not a known region code."))
        restored_parties.append(
            BackupParty(
                organisation=_text(
                    party, "organisation", column=f"{column}.organisation", required=True
                ),
                region=region,
                kind=_choice(
                    party.get("kind", OrganisationKind.OTHER),
                    f"{column}.kind",
                    OrganisationKind.values,
                ),
                names=_names(party.get("names"), f"{column}.names"),
            )
        )
    sources = entry.get("sources")
    if not isinstance(sources, list):
        raise _Bad("sources", sources, _("The sources must be a list (empty for none)."))
    restored_sources = []
    for number, source in enumerate(sources, start=1):
        column = f"sources[{number}]"
        if not isinstance(source, dict):
            raise _Bad(column, source, _("Each source must be a JSON object."))
        row = source.get("row")
        if not isinstance(row, int) or isinstance(row, bool) or row < 1:
            raise _Bad(f"{column}.row", row, _("A row number (1 or more) is required here."))
        restored_sources.append(
            BackupSource(
                file=_text(source, "file", column=f"{column}.file", required=True)[:300],
                row=row,
                ref=_text(source, "ref", column=f"{column}.ref")[:200],
                reporter=_text(source, "reporter", column=f"{column}.reporter")[:12],
                row_hash=_text(source, "row_hash", column=f"{column}.row_hash")[:64],
            )
        )
    return BackupAgreement(
        kind=_choice(entry.get("kind"), "kind", AgreementKind.values),
        title=_text(entry, "title", required=True),
        signed_on=_date(entry.get("signed_on"), "signed_on"),
        forum=forum,
        status=_choice(
            entry.get("status", AgreementStatus.SIGNED), "status", AgreementStatus.values
        ),
        sector=_text(entry, "sector")[:200],
        notes=_text(entry, "notes"),
        money=money,
        parties=restored_parties,
        sources=restored_sources,
    )


def _rates(document: dict[str, Any], name: str) -> tuple[list[ExchangeRate], list[RateLoad]]:
    """The loaded rates and the spans they stand for; a malformed one fails the whole file."""
    rates, loads = [], []
    try:
        for item in document.get("rates") or []:
            rates.append(
                ExchangeRate(
                    on=date.fromisoformat(item["date"]),
                    currency=str(item["currency"])[:3],
                    units_per_usd=Decimal(str(item["units_per_usd"])),
                    source=str(item["source"])[:200],
                )
            )
        for item in (document.get("basis") or {}).get("loaded") or []:
            loads.append(
                RateLoad(
                    currency=str(item["currency"])[:3],
                    first=date.fromisoformat(item["from"]),
                    last=date.fromisoformat(item["to"]),
                    rates=int(item["rates"]),
                    file_name=str(item["file"])[:255],
                    source=str(item["source"])[:200],
                )
            )
    except (KeyError, TypeError, ValueError, InvalidOperation, AttributeError) as exc:
        raise ImportFailed(
            name,
            _("The exchange rates of this export are malformed (%(reason)s).")
            % {"reason": f"{type(exc).__name__}: {exc}"},
        ) from None
    return rates, loads


def backup_read(
    path: Path, *, name: str, report: ImportReport, known_forum: Callable[[int], bool]
) -> Backup:
    """Check a JSON export; bad entries go into the report as rejected rows."""
    from regionforum.gazetteer.models import Region
    from regionforum.names import shipped_regions

    try:
        with path.open(encoding="utf-8") as source:
            document = json.load(source)
    except OSError as exc:
        raise ImportFailed(
            name, _("The file cannot be read: %(reason)s") % {"reason": exc.strerror or exc}
        ) from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise ImportFailed(
            name, _("The file is not valid JSON (%(reason)s).") % {"reason": exc}
        ) from None
    entries = document.get("agreements") if isinstance(document, dict) else None
    if not isinstance(entries, list):
        raise ImportFailed(
            name,
            _(
                'A JSON file is read as a regionforum export: an object with an "agreements" '
                "list, as `regionforum export --format json` writes."
            ),
        )
    codes = {region.code for region in shipped_regions()} | set(
        Region.objects.values_list("code", flat=True)
    )
    agreements = []
    for number, entry in enumerate(entries, start=1):
        report.rows += 1
        try:
            agreements.append(
                _agreement(entry, known_region=codes.__contains__, known_forum=known_forum)
            )
        except _Bad as bad:
            report.rejected += 1
            report.errors.append(
                RowError(
                    file=name,
                    row=number,
                    column=bad.column,
                    value=str(bad.value)[:200],
                    message=bad.message,
                )
            )
    rates, loads = _rates(document, name)
    return Backup(agreements=agreements, rates=rates, loads=loads)


def backup_write(
    backup: Backup,
    *,
    report: ImportReport,
    name: str,
    sha256: str,
    forums: ForumNumbers,
    user: User | None,
) -> None:
    """Store the checked entries, in the caller's transaction."""
    now = timezone.now()
    reason = _("Restored from the export %(file)s") % {"file": name}
    user_id = user.pk if user else None
    _rates_write(backup)
    held = {
        (file_name, row, reporter)
        for file_name, row, reporter in SourceRecord.objects.values_list(
            "file_name", "row", "reporter"
        )
    }
    # An agreement entered on a page or through the API has no rows: it is known by what the
    # registry refuses a twin of (agreement_create): its kind, title and day.
    entered = set(
        Agreement.all_objects.filter(sources__isnull=True).values_list("kind", "title", "signed_on")
    )
    new = []
    for entry in backup.agreements:
        rows = {(source.file, source.row, source.reporter) for source in entry.sources}
        plain = (entry.kind, entry.title, entry.signed_on)
        if (rows & held) if rows else plain in entered:
            report.unchanged += 1
            continue
        new.append(entry)
        held |= rows
        if not rows:
            entered.add(plain)
    batch = ImportBatch.objects.create(
        file_name=name, sha256=sha256, reporter="", imported_by=user, stats={}
    )
    organisation_of = _organisations(new, now=now, user_id=user_id, reason=reason)
    agreements = [
        Agreement(
            kind=entry.kind,
            title=entry.title,
            signed_on=entry.signed_on,
            status=entry.status,
            sector=entry.sector,
            forum_id=forums.ids[entry.forum] if entry.forum is not None else None,
            notes=entry.notes,
            created_at=now,
            updated_at=now,
        )
        for entry in new
    ]
    for agreement, pk in zip(agreements, reserve_ids(Agreement, len(agreements)), strict=True):
        agreement.pk = agreement.id = pk
    insert_objects(Agreement, agreements)
    insert_history(Agreement, agreements, when=now, user_id=user_id, reason=reason)
    parties, money, sources = [], [], []
    for agreement, entry in zip(agreements, new, strict=True):
        seen: list[int] = []
        for party in entry.parties:
            organisation_id = organisation_of[(party.region, party.organisation)]
            if organisation_id not in seen:
                seen.append(organisation_id)
                parties.append((agreement.pk, organisation_id, len(seen), ""))
        if entry.money is not None:
            value, currency, usd, rate, rate_date, rate_source = entry.money
            money.append(
                (agreement.pk, value, currency, entry.signed_on, usd, rate, rate_date, rate_source)
            )
        for source in entry.sources:
            sources.append(
                (
                    agreement.pk,
                    batch.pk,
                    source.file,
                    source.row,
                    source.ref,
                    source.reporter,
                    {},
                    source.row_hash,
                    reason,
                    now,
                )
            )
        report.created += 1
        report.merged += max(0, len(entry.sources) - 1)
    insert_rows(Party, ("agreement_id", "organisation_id", "order", "role"), parties)
    insert_rows(Money, ("agreement_id", *MONEY_FIELDS), money)
    insert_rows(SourceRecord, SOURCE_FIELDS, sources)
    stats = report.as_dict()
    del stats["errors"], stats["warnings"], stats["preview"], stats["removals"]
    batch.stats = stats
    batch.save(update_fields=["stats"])


def _organisations(
    entries: list[BackupAgreement], *, now: Any, user_id: int | None, reason: str
) -> dict[tuple[str, str], int]:
    """Organisation ids by (region, name): those the registry knows by name or alias, and the
    rest created with their kinds."""
    from regionforum.names import organisation_key

    named = {
        (party.region, party.organisation): party.kind
        for entry in entries
        for party in entry.parties
    }
    names = {
        (party.region, party.organisation): dict(party.names)
        for entry in entries
        for party in entry.parties
        if party.names
    }
    keys = {
        # as the import stores keys
        (region, name): (organisation_key(name) or name.casefold())[:500]
        for region, name in named
    }
    index = organisation_index(regions={region for region, _name in named})
    region_ids = _region_ids({region for region, _name in named})
    created: dict[tuple[str, str], Organisation] = {}
    for (region, name), kind in named.items():
        key = keys[(region, name)]
        if (region, key) not in index and (region, key) not in created:
            created[(region, key)] = Organisation(
                name=name[:500],
                region_id=region_ids[region],
                key=key,
                kind=kind,
                **names.get((region, name), {}),
            )
    organisations = list(created.values())
    ids = reserve_ids(Organisation, len(organisations))
    for organisation, pk in zip(organisations, ids, strict=True):
        organisation.pk = organisation.id = pk
    insert_objects(Organisation, organisations)
    insert_history(Organisation, organisations, when=now, user_id=user_id, reason=reason)
    found = index | {key: organisation.pk for key, organisation in created.items()}
    return {(region, name): found[(region, keys[(region, name)])] for region, name in named}


def _rates_write(backup: Backup) -> None:
    """The export's loaded rates and their spans, where the registry does not hold them."""
    have = set(ExchangeRate.objects.values_list("currency", "on"))
    ExchangeRate.objects.bulk_create(
        [rate for rate in backup.rates if (rate.currency, rate.on) not in have], batch_size=1000
    )
    spans = set(RateLoad.objects.values_list("currency", "first", "last"))
    RateLoad.objects.bulk_create(
        [load for load in backup.loads if (load.currency, load.first, load.last) not in spans]
    )
