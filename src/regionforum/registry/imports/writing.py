"""The import's last stage: matched rows go into the registry, in the caller's transaction.

They become agreements, organisations, parties, money, sources, history rows and review items.
New rows are written with plain multi-row inserts (`bulk.py`), so that a sheet of a hundred
thousand rows takes seconds; corrections of rows seen before are few and saved one by one.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from regionforum.names import organisation_kind
from regionforum.registry.audit import audit_fields
from regionforum.registry.imports.bulk import (
    insert_history,
    insert_objects,
    insert_rows,
    insert_with_history,
    reserve_ids,
)
from regionforum.registry.imports.matching import doubt_reason, explain, reasons
from regionforum.registry.models import (
    Agreement,
    ImportBatch,
    Money,
    Organisation,
    OrganisationAlias,
    OrganisationKind,
    Party,
    ReviewItem,
    SourceRecord,
)
from regionforum.registry.naming import organisation_names_fill, organisation_names_seen
from regionforum.registry.services import money_values

if TYPE_CHECKING:
    from regionforum.accounts.models import User
    from regionforum.linkage import Evidence
    from regionforum.money import RateTable
    from regionforum.registry.imports.matching import Candidate, EarlierRows, Linked, NewRow
    from regionforum.registry.imports.pipeline import ForumNumbers, ImportReport, Progress
    from regionforum.registry.imports.rows import ParsedRow

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


class Writer:
    """Writes one file's matched rows, and its batch, into the registry."""

    def __init__(
        self,
        *,
        report: ImportReport,
        file_name: str,
        reporter: str,
        user: User | None,
        forums: ForumNumbers,
        rates: RateTable,
        progress: Progress | None,
        sha256: str,
    ) -> None:
        self.report = report
        self.file_name = file_name
        self.reporter = reporter
        self.user = user
        self.forums = forums
        self.rates = rates
        self.progress = progress
        self.reason = _("Imported from %(file)s") % {"file": file_name}
        self.batch = ImportBatch.objects.create(
            file_name=file_name, sha256=sha256, reporter=reporter, imported_by=user, stats={}
        )
        # The rows this import creates carry the batch's time, which sets them apart from the
        # earlier rows it corrects (a revert of the import removes the first, not the second).
        self.now = self.batch.created_at

    def close(self) -> None:
        """Keep the report's figures with the batch."""
        stats = self.report.as_dict()
        del stats["errors"], stats["warnings"], stats["preview"], stats["removals"]
        self.batch.stats = stats
        self.batch.save(update_fields=["stats"])

    # Rows seen before -------------------------------------------------------------------

    def earlier_rows(self, earlier: EarlierRows) -> None:
        """Apply what changed since the file's earlier imports.

        Unchanged rows are counted and followed when they moved; corrections update their
        records and agreements; rows that came back are restored; rows the file no longer holds
        are withdrawn, unless rows of this file were rejected: a row that failed its checks is
        still in the file, and a typo must not take an agreement out of the registry.
        """
        self.report.unchanged += earlier.unchanged
        SourceRecord.objects.bulk_update(earlier.moved, ["row"], batch_size=BATCH)
        for row, record in earlier.corrected:
            self._correct(row, record)
            self.report.outcomes[row.number] = {
                "outcome": "updated",
                "agreement": record.agreement_id,
            }
        for record in earlier.restored:
            self._restore(record)
            self.report.updated += 1
        if earlier.removed and self.report.rejected:
            self.report.warnings.append(
                _(
                    "%(count)s rows of the earlier import of this file are no longer in it; they "
                    "were kept because rows were rejected. Import the file without errors to "
                    "withdraw them."
                )
                % {"count": len(earlier.removed)}
            )
        elif earlier.removed:
            self._withdraw(earlier.removed)

    def _correct(self, row: ParsedRow, record: SourceRecord) -> None:
        """Apply a corrected row to its record and to the agreement it was part of.

        The agreement takes the row's values when the row founded it (its first current
        report); a further report's correction changes its status when the row's status changed,
        and its amount when it had none.
        """
        status_changed = record.raw.get("status", "") != row.raw.get("status", "")
        record.row = row.number
        record.ref = row.ref
        record.raw = row.raw
        record.row_hash = row.row_hash
        record.batch = self.batch
        record.save(update_fields=["row", "ref", "raw", "row_hash", "batch"])
        self.report.updated += 1
        if record.withdrawn_at is not None:
            self._restore(record)
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
        elif status_changed:
            agreement.status = row.status
        self._save(agreement, _("Corrected in %(file)s") % {"file": self.file_name})
        if row.money is not None and (first == record.id or not hasattr(agreement, "money")):
            conversion = self.rates.convert(row.money, row.signed_on)
            Money.objects.update_or_create(
                agreement=agreement, defaults=_money_fields(row, conversion)
            )

    def _restore(self, record: SourceRecord) -> None:
        """A withdrawn row is back: it reports its agreement again, which counts again."""
        record.withdrawn_at = None
        record.withdrawn_by = None
        record.batch = self.batch
        record.save(update_fields=["row", "withdrawn_at", "withdrawn_by", "batch"])
        agreement = record.agreement
        if agreement is not None and agreement.withdrawn:
            agreement.withdrawn = False
            self._save(
                agreement, _("Restored: its row is back in %(file)s") % {"file": self.file_name}
            )

    def _withdraw(self, records: list[SourceRecord]) -> None:
        """Withdraw the records of rows the file no longer holds, and the agreements that no
        current row reports any more; both are kept, with their history, and listed."""
        for record in records:
            record.withdrawn_at = self.now
            record.withdrawn_by = self.batch
        SourceRecord.all_objects.bulk_update(
            records, ["withdrawn_at", "withdrawn_by"], batch_size=BATCH
        )
        affected = {record.agreement_id for record in records if record.agreement_id}
        still_reported = set(
            SourceRecord.objects.filter(agreement_id__in=affected).values_list(
                "agreement_id", flat=True
            )
        )
        withdrawn: set[int] = set()
        reason = _("Withdrawn: its rows are no longer in %(file)s") % {"file": self.file_name}
        for agreement in Agreement.objects.filter(pk__in=affected - still_reported):
            agreement.withdrawn = True
            self._save(agreement, reason)
            withdrawn.add(agreement.pk)
        titles = dict(
            SourceRecord.all_objects.filter(pk__in=[record.pk for record in records]).values_list(
                "pk", "raw__title"
            )
        )
        self.report.removed += len(records)
        self.report.removals.extend(
            {
                "file": self.file_name,
                "row": record.row,
                "ref": record.ref,
                "title": titles.get(record.pk) or "",
                "agreement": record.agreement_id,
                "agreement_withdrawn": record.agreement_id in withdrawn,
            }
            for record in sorted(records, key=lambda record: record.row)
        )

    def _save(self, agreement: Agreement, reason: str) -> None:
        agreement._change_reason = reason  # type: ignore[attr-defined]
        agreement._history_user = self.user  # type: ignore[attr-defined]
        agreement.save()

    # New rows ---------------------------------------------------------------------------

    def new_rows(self, linked: Linked) -> None:
        """Write the new rows: each group of them joins an agreement or founds one."""
        rows, existing, offset = linked.rows, linked.existing, linked.offset
        organisation_of = self._organisations(linked)
        agreement_of_row: dict[int, Agreement] = {}
        new_agreements: list[tuple[Agreement, list[int]]] = []
        fills: list[tuple[Agreement, NewRow]] = []
        completed: list[Agreement] = []
        further: list[tuple[Candidate, list[int]]] = []
        for members in linked.groups:
            old = [key for key in members if key >= offset]
            new = [key for key in members if key < offset]
            if not new:
                continue
            if old:
                candidate = existing[old[0] - offset]
                agreement = candidate.agreement
                for key in new:
                    agreement_of_row[key] = agreement
                    self.report.merged += 1
                    self.report.outcomes[rows[key].parsed.number] = {
                        "outcome": "merged",
                        "agreement": agreement.pk,
                    }
                further.append((candidate, new))
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
            for position, key in enumerate(new):
                agreement_of_row[key] = agreement
                self.report.outcomes[rows[key].parsed.number] = {
                    "outcome": "merged" if position else "new",
                    "agreement": None,
                    # New agreements do not outlive a dry run: name the row they start from.
                    **({"with_row": founder.number} if position else {}),
                }
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
        # A further report may name a party the first one left out (a third party, often).
        for candidate, members in further:
            seen = {int(identity[1:]) for identity in candidate.identities}
            for key in members:
                for _code, identity in rows[key].parties:
                    organisation_id = organisation_of[identity]
                    if organisation_id not in seen:
                        seen.add(organisation_id)
                        parties.append((candidate.agreement.pk, organisation_id, len(seen), ""))
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
        history = {
            "when": self.now,
            "user_id": self.user.pk if self.user else None,
            "reason": self.reason,
        }
        insert_with_history(
            Party, ("agreement_id", "organisation_id", "order", "role"), parties, **history
        )
        insert_with_history(Money, ("agreement_id", *MONEY_FIELDS), money, **history)
        # A row that others joined is explained by the first pair it was part of.
        paired: dict[int, Evidence] = {}
        for evidence in linked.joined.values():
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
                    if (found := linked.joined.get(key) or paired.get(key)) is not None
                    else first_report,
                    self.now,
                )
                for key, row in enumerate(rows)
            ),
        )
        reviews = []
        for doubt in linked.doubts:
            left = linked.agreement_of(doubt.a, agreement_of_row)
            right = linked.agreement_of(doubt.b, agreement_of_row)
            if left.pk == right.pk:
                continue
            for key, other in ((doubt.a, doubt.b), (doubt.b, doubt.a)):
                if key < offset:
                    outcome = self.report.outcomes[rows[key].parsed.number]
                    outcome["outcome"] = "review"
                    if other < offset:
                        outcome["pair_row"] = rows[other].parsed.number
                    else:
                        outcome["pair_agreement"] = existing[other - offset].agreement.pk
            reviews.append(
                ReviewItem(
                    agreement=left,
                    candidate=right,
                    batch=self.batch,
                    score=round(doubt.score, 3),
                    evidence=explain(doubt),
                    reasons=[doubt_reason(doubt), *reasons(doubt)],
                )
            )
        bulk_create_with_history(
            reviews,
            ReviewItem,
            batch_size=BATCH,
            default_user=self.user,
            default_change_reason=self.reason,
            default_date=self.now,
            custom_historical_attrs=audit_fields(),
        )
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

    def _organisations(self, linked: Linked) -> dict[str, int]:
        """Organisation ids for every party identity, creating the organisations not yet known.

        When the rows of one agreement each name one organisation in a region, the names are
        one organisation's names in different languages: the first known one keeps them as
        aliases rather than a twin organisation being created.
        """
        rows, existing, offset = linked.rows, linked.existing, linked.offset
        same_as: dict[str, str] = {}
        for members in linked.groups:
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
        # What the body is, from the first of its names that says so ("ОАО «МТЗ»" rather than
        # "МТЗ").
        kinds: dict[str, str] = {}
        for identity, (_code, party_name) in pending.items():
            root = _root(same_as, identity)
            if kinds.get(root, OrganisationKind.OTHER) == OrganisationKind.OTHER:
                kinds[root] = organisation_kind(party_name)
        created: dict[str, Organisation] = {}
        for identity, (code, party_name) in pending.items():
            if _root(same_as, identity) == identity:
                created[identity] = Organisation(
                    name=party_name[:500],
                    kind=kinds[identity],
                    region_id=region_ids[code],
                    key=identity.split("|", 1)[1][:500],
                    **organisation_names_seen(party_name, region_code=code),
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
        # Each organisation records the spellings it was seen under as its names in their
        # languages, where it has none yet: one found under its English name gains that.
        seen: dict[int, list[str]] = defaultdict(list)
        for row in rows:
            for (_code, identity), (party_name, _region) in zip(
                row.parties, row.parsed.parties, strict=True
            ):
                seen[result[identity]].append(party_name)
        organisation_names_fill(seen=seen, user=self.user, reason=self.reason)
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
    return money_values(row.money, row.signed_on, conversion)
