"""Open-data exports of the registry: JSON, CSV and XLSX, each agreement with its sources.

Text cells that a spreadsheet would take for a formula are neutralised in CSV and XLSX: a sheet
sent in by a region must not run code on the machine of whoever opens the export.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.db.models import Prefetch, QuerySet

from regionforum.analytics.selectors import rate_basis_get
from regionforum.names.languages import LANGUAGES
from regionforum.registry.models import Agreement, ExchangeRate, Party, SourceRecord
from regionforum.registry.naming import organisation_names_data

FORMATS = ("json", "csv", "xlsx")
COLUMNS = (
    "id",
    "kind",
    "title",
    "signed_on",
    "forum",
    "status",
    "sector",
    "amount",
    "currency",
    "usd",
    "parties",
    "regions",
    "sources",
    # The rate basis of each `usd`: a CSV has no room for a note beside the rows.
    "rate",
    "rate_date",
    "rate_source",
    # The parties' names per language, in the order of `parties`; blank where the registry has
    # none in that language.
    "parties_ru",
    "parties_be",
    "parties_en",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def agreement_export_list(agreements: QuerySet[Agreement] | None = None) -> QuerySet[Agreement]:
    """Every agreement (or those of `agreements`) with what the export shows, fetched in a
    fixed number of queries."""
    base = Agreement.objects.all() if agreements is None else agreements
    return (
        base.select_related("forum", "money")
        .prefetch_related(
            Prefetch(
                "parties",
                queryset=Party.objects.select_related("organisation__region").order_by("order"),
            ),
            Prefetch(
                "sources",
                queryset=SourceRecord.objects.only(
                    "id", "agreement_id", "file_name", "row", "ref", "reporter", "row_hash"
                ).order_by("file_name", "row"),
            ),
        )
        .order_by("id")
    )


def agreement_export_data(agreement: Agreement) -> dict[str, Any]:
    money = getattr(agreement, "money", None)
    return {
        "id": agreement.pk,
        "kind": agreement.kind,
        "title": agreement.title,
        "signed_on": agreement.signed_on.isoformat(),
        "forum": agreement.forum.number if agreement.forum else None,
        "status": agreement.status,
        "sector": agreement.sector,
        "amount": {"value": float(money.value), "currency": money.currency} if money else None,
        "usd": float(money.usd) if money is not None and money.usd is not None else None,
        "parties": [
            {
                "organisation": party.organisation.name,
                "region": party.organisation.region.code,
                "names": organisation_names_data(party.organisation),
            }
            for party in agreement.parties.all()
        ],
        "sources": [
            {"file": source.file_name, "row": source.row, "ref": source.ref}
            for source in agreement.sources.all()
        ],
    }


def agreement_backup_data(agreement: Agreement) -> dict[str, Any]:
    """The JSON export's agreement: the open-data fields, and what a restore needs besides to
    give the same figures and the same merges (`registry.imports.restore`)."""
    data = agreement_export_data(agreement)
    money = getattr(agreement, "money", None)
    data["notes"] = agreement.notes
    data["rate"] = (
        {
            "units_per_usd": str(money.rate),
            "date": money.rate_date.isoformat() if money.rate_date else None,
            "source": money.rate_source,
        }
        if money is not None and money.rate is not None
        else None
    )
    for party, out in zip(agreement.parties.all(), data["parties"], strict=True):
        out["kind"] = party.organisation.kind
    for source, out in zip(agreement.sources.all(), data["sources"], strict=True):
        out["reporter"] = source.reporter
        out["row_hash"] = source.row_hash
    return data


def _agreements() -> Iterator[Agreement]:
    return agreement_export_list().iterator(chunk_size=2000)


def neutralise(value: str) -> str:
    """A text cell that cannot run as a formula when the file is opened."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def _flat(agreement: Agreement) -> list[Any]:
    data = agreement_export_data(agreement)
    amount = data["amount"]
    money = getattr(agreement, "money", None)
    return [
        data["id"],
        data["kind"],
        neutralise(data["title"]),
        data["signed_on"],
        data["forum"] if data["forum"] is not None else "",
        data["status"],
        neutralise(data["sector"]),
        amount["value"] if amount else "",
        amount["currency"] if amount else "",
        data["usd"] if data["usd"] is not None else "",
        neutralise("; ".join(party["organisation"] for party in data["parties"])),
        "; ".join(party["region"] for party in data["parties"]),
        neutralise(
            "; ".join(
                f"{source['file']}:{source['row']}"
                + (f" [{source['ref']}]" if source["ref"] else "")
                for source in data["sources"]
            )
        ),
        float(money.rate) if money is not None and money.rate is not None else "",
        money.rate_date.isoformat() if money is not None and money.rate_date is not None else "",
        neutralise(money.rate_source) if money is not None else "",
        *(
            neutralise("; ".join(party["names"][code] or "" for party in data["parties"]))
            for code in LANGUAGES
        ),
    ]


def agreement_rows(agreements: QuerySet[Agreement]) -> Iterator[list[Any]]:
    """The export's flat rows (COLUMNS) for some agreements, formulas neutralised."""
    for agreement in agreement_export_list(agreements).iterator(chunk_size=2000):
        yield _flat(agreement)


def _basis_sheet(sheet: Any) -> None:
    """The rate basis of the USD column as a whole, beside the agreements."""
    basis = rate_basis_get().as_json()
    sheet.append(["table", basis["table"]])
    sheet.append(["shipped", basis["shipped"]])
    sheet.append(["currency", "from", "to", "rates", "file", "source"])
    for item in basis["loaded"]:
        sheet.append(
            [neutralise(str(item[key])) for key in ("currency", "from", "to")]
            + [item["rates"], neutralise(item["file"]), neutralise(item["source"])]
        )


def export_write(*, fmt: str, path: Path) -> int:
    """Write the registry to `path` in `fmt`; returns the number of agreements written."""
    count = 0
    if fmt == "json":
        with path.open("w", encoding="utf-8") as out:
            out.write('{"agreements": [')
            for agreement in _agreements():
                out.write(",\n" if count else "\n")
                out.write(json.dumps(agreement_backup_data(agreement), ensure_ascii=False))
                count += 1
            basis = json.dumps(rate_basis_get().as_json(), ensure_ascii=False)
            # The loaded rates themselves, so that a restored registry converts new rows alike.
            rates = json.dumps(
                [
                    {
                        "date": rate.on.isoformat(),
                        "currency": rate.currency,
                        "units_per_usd": str(rate.units_per_usd),
                        "source": rate.source,
                    }
                    for rate in ExchangeRate.objects.order_by("currency", "on")
                ],
                ensure_ascii=False,
            )
            out.write(f'\n], "basis": {basis}, "rates": {rates}}}\n')
    elif fmt == "csv":
        with path.open("w", encoding="utf-8-sig", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(COLUMNS)
            for agreement in _agreements():
                writer.writerow(_flat(agreement))
                count += 1
    elif fmt == "xlsx":
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("agreements")
        sheet.append(list(COLUMNS))
        for agreement in _agreements():
            # openpyxl takes any string starting with "=" for a formula; the quote keeps it text.
            sheet.append(_flat(agreement))
            count += 1
        _basis_sheet(workbook.create_sheet("basis"))
        workbook.save(path)
    else:
        raise ValueError(fmt)
    return count
