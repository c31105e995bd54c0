"""A deterministic synthetic registry for the demo.

Its agreements are invented, and flagged `is_synthetic`; only their number and value per forum
follow what the forums announced (the shipped calendar), so that the demo's figures look like the
real ones. Forums whose count was not confirmed get a plausible number, said so in DEMO_COUNTS.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from simple_history.utils import bulk_create_with_history

from regionforum.forums.models import Forum
from regionforum.gazetteer.models import Region
from regionforum.money import Money as Amount
from regionforum.names import organisation_key
from regionforum.registry.models import (
    Agreement,
    AgreementKind,
    AgreementStatus,
    Money,
    Organisation,
    OrganisationKind,
    Party,
    ReviewItem,
    SourceRecord,
)
from regionforum.registry.rates import rate_table

DEMO_FILE = "synthetic-demo-registry"
# Agreement counts for forums whose count no source confirms (the calendar leaves them empty),
# chosen so that forums I–VII add up to "more than 370", as quoted at the VIII forum in 2021.
DEMO_COUNTS = {1: 25, 2: 45, 4: 60, 8: 60, 12: 120}
SEED = 2014

_SECTORS = [
    ("industry", "промышленности"),
    ("agriculture", "сельского хозяйства"),
    ("education", "образования"),
    ("science", "науки"),
    ("healthcare", "здравоохранения"),
    ("tourism", "туризма"),
    ("energy", "энергетики"),
    ("transport", "транспорта"),
    ("information technology", "информационных технологий"),
    ("construction", "строительства"),
    ("culture", "культуры"),
]
_PRODUCTS = [
    "тракторов и сельхозтехники",
    "молочной продукции",
    "лифтового оборудования",
    "автобусов",
    "шин",
    "строительных материалов",
    "льняных тканей",
    "удобрений",
    "мебели",
    "станков",
    "электротехнической продукции",
    "древесных плит",
]
# An enterprise and its legal form in English, Russian and Belarusian.
_ENTERPRISES = [
    (
        ("Machine-Building Plant", "JSC"),
        ("Машиностроительный завод", "АО"),
        ("Машынабудаўнічы завод", "АТ"),
    ),
    (("Dairy Combine", "OJSC"), ("Молочный комбинат", "ОАО"), ("Малочны камбінат", "ААТ")),
    (("Textile Mill", "LLC"), ("Текстильная фабрика", "ООО"), ("Тэкстыльная фабрыка", "ТАА")),
    (("Agro Holding", "JSC"), ("Агрохолдинг", "АО"), ("Аграхолдынг", "АТ")),
    (("Glassworks", "OJSC"), ("Стекольный завод", "ОАО"), ("Шкляны завод", "ААТ")),
    (("Trading House", "LLC"), ("Торговый дом", "ООО"), ("Гандлёвы дом", "ТАА")),
]  # fmt: skip


@dataclass(frozen=True, slots=True)
class DemoResult:
    agreements: int
    organisations: int


def _forum_target_usd(forum: Forum, table) -> Decimal | None:
    if forum.announced_value is None or not forum.announced_currency or forum.starts_on is None:
        return None
    conversion = table.convert(
        Amount(value=forum.announced_value, currency=forum.announced_currency), forum.starts_on
    )
    return conversion.usd if conversion else None


def _organisations(regions: list[Region], rng: random.Random) -> dict[str, list[Organisation]]:
    """Five synthetic organisations a region, named in English (the name of record) and
    Russian, and in Belarusian too in Belarus, where organisations are named in both."""
    by_region: dict[str, list[Organisation]] = {}
    for region in regions:
        stem = region.name_en.split()[0].rstrip(",")
        belarusian = region.code.startswith("BY-")
        where = {"ru": region.name_ru, "be": region.name_be}
        names: list[tuple[dict[str, str], str]] = [
            (
                {
                    "en": f"{region.name_en} Executive Committee",
                    "ru": f"Исполнительный комитет ({where['ru']})",
                    "be": f"Выканаўчы камітэт ({where['be']})",
                }
                if belarusian
                else {
                    "en": f"Government of {region.name_en}",
                    "ru": f"Правительство ({where['ru']})",
                },
                OrganisationKind.GOVERNMENT,
            ),
            (
                {
                    "en": f"{stem} State University",
                    "ru": f"Государственный университет ({where['ru']})",
                    "be": f"Дзяржаўны ўніверсітэт ({where['be']})",
                },
                OrganisationKind.UNIVERSITY,
            ),
        ]
        for (product, form), (product_ru, form_ru), (product_be, form_be) in rng.sample(
            _ENTERPRISES, 3
        ):
            names.append(
                (
                    {
                        "en": f"{stem} {product} {form}",
                        "ru": f"{form_ru} «{product_ru}» ({where['ru']})",
                        "be": f"{form_be} «{product_be}» ({where['be']})",
                    },
                    OrganisationKind.ENTERPRISE,
                )
            )
        by_region[region.code] = [
            Organisation(
                name=named["en"],
                name_en=named["en"],
                name_ru=named["ru"] if where["ru"] else "",
                name_be=named.get("be", "") if belarusian and where["be"] else "",
                kind=kind,
                region=region,
                key=organisation_key(named["en"]),
                is_synthetic=True,
            )
            for named, kind in names
        ]
    return by_region


@transaction.atomic
def demo_registry_load() -> DemoResult:
    """Load the synthetic registry once; a second call finds it and changes nothing."""
    if Agreement.objects.filter(is_synthetic=True).exists():
        return DemoResult(agreements=0, organisations=0)
    rng = random.Random(SEED)  # noqa: S311 - reproducible demo data, not a secret
    table = rate_table()
    by_region = _organisations(list(Region.objects.filter(is_iso=True)), rng)
    Organisation.objects.bulk_create([org for orgs in by_region.values() for org in orgs])
    belarus = sorted(code for code in by_region if code.startswith("BY-"))
    # A fixed share of Russian regions are partners, as in "more than 70 regions of Russia".
    russia = sorted(code for code in by_region if code.startswith("RU-"))
    partners = rng.sample(russia, k=min(len(russia), 72))

    agreements: list[Agreement] = []
    plans: list[tuple[Agreement, list[Organisation], Decimal | None, str]] = []
    for forum in Forum.objects.filter(starts_on__isnull=False).order_by("number"):
        count = forum.announced_agreements or DEMO_COUNTS.get(forum.number)
        if count is None:
            if forum.announced_value is None:
                continue  # Nothing announced (a forum still planned): nothing to follow.
            count = 40
        target = _forum_target_usd(forum, table)
        weights = [rng.lognormvariate(0, 1.2) for _ in range(count)]
        with_amount = [rng.random() < 0.6 for _ in range(count)]
        weight_sum = sum(w for w, has in zip(weights, with_amount, strict=True) if has) or 1.0
        for index in range(count):
            sector_en, sector_ru = rng.choice(_SECTORS)
            has_amount = with_amount[index] and target is not None
            kind = (
                AgreementKind.CONTRACT
                if has_amount
                else rng.choice(
                    [AgreementKind.AGREEMENT, AgreementKind.MEMORANDUM, AgreementKind.PROGRAMME]
                )
            )
            title = (
                f"Договор поставки {rng.choice(_PRODUCTS)}"
                if kind == AgreementKind.CONTRACT
                else f"Соглашение о сотрудничестве в сфере {sector_ru}"
            )
            span = (forum.ends_on - forum.starts_on).days if forum.ends_on else 0
            signed_on = forum.starts_on + timedelta(days=rng.randint(0, span))
            agreement = Agreement(
                kind=kind,
                title=title,
                signed_on=signed_on,
                status=rng.choice(
                    [AgreementStatus.SIGNED] * 3
                    + [AgreementStatus.IN_PROGRESS, AgreementStatus.FULFILLED]
                ),
                sector=sector_en,
                forum=forum,
                is_synthetic=True,
            )
            parties = [
                rng.choice(by_region[rng.choice(belarus)]),
                rng.choice(by_region[rng.choice(partners)]),
            ]
            usd = (
                (target * Decimal(weights[index] / weight_sum)).quantize(Decimal("0.01"))
                if has_amount and target is not None
                else None
            )
            currency = rng.choice(["USD", "USD", "RUB", "RUB", "BYN"])
            agreements.append(agreement)
            plans.append((agreement, parties, usd, currency))
    bulk_create_with_history(agreements, Agreement, batch_size=500)

    parties_rows, money_rows, sources = [], [], []
    for row_number, (agreement, parties, usd, currency) in enumerate(plans, start=2):
        for order, organisation in enumerate(parties, start=1):
            parties_rows.append(Party(agreement=agreement, organisation=organisation, order=order))
        if usd is not None:
            money_rows.append(_money(agreement, usd, currency, table))
        sources.append(
            SourceRecord(
                agreement=agreement,
                file_name=DEMO_FILE,
                row=row_number,
                ref=f"DEMO-{agreement.forum.number}-{row_number - 1}",
                raw={"note": "synthetic demo row"},
                row_hash=f"demo-{row_number}",
                match_reason="Synthetic demo agreement: one source.",
            )
        )
    Party.objects.bulk_create(parties_rows, batch_size=1000)
    Money.objects.bulk_create(money_rows, batch_size=1000)
    SourceRecord.objects.bulk_create(sources, batch_size=1000)
    return DemoResult(
        agreements=len(agreements), organisations=sum(len(o) for o in by_region.values())
    )


def _money(agreement: Agreement, usd: Decimal, currency: str, table) -> Money:
    """The amount in its currency that is worth `usd` at the official rate of the signing day."""
    rate = table.rate_on(currency, agreement.signed_on)
    if rate is None:
        currency, rate = "USD", table.rate_on("USD", agreement.signed_on)
    value = (usd * rate.units_per_usd).quantize(Decimal("0.01"))
    conversion = table.convert(Amount(value=value, currency=currency), agreement.signed_on)
    return Money(
        agreement=agreement,
        value=value,
        currency=currency,
        value_date=agreement.signed_on,
        usd=conversion.usd,
        rate=conversion.rate,
        rate_date=conversion.rate_date,
        rate_source=conversion.source,
    )


@dataclass(frozen=True, slots=True)
class DemoRemoval:
    agreements: int
    organisations: int
    programmes: int


@transaction.atomic
def demo_remove() -> DemoRemoval:
    """Take the synthetic registry and strategy out, and leave everything imported as it is.

    An organisation made for the demo stays where an imported agreement names it (imports no
    longer match synthetic organisations, but an older registry may hold such a link), and is
    then no longer marked synthetic.
    """
    from regionforum.strategy.models import Programme

    synthetic = Agreement.all_objects.filter(is_synthetic=True)
    ReviewItem.objects.filter(Q(agreement__in=synthetic) | Q(candidate__in=synthetic)).delete()
    SourceRecord.all_objects.filter(agreement__in=synthetic).delete()
    _total, agreements = synthetic.delete()
    organisations = Organisation.objects.filter(is_synthetic=True)
    organisations.filter(parties__isnull=False).update(is_synthetic=False)
    _total, organisations_removed = organisations.filter(parties__isnull=True).delete()
    _total, programmes = Programme.objects.filter(is_synthetic=True).delete()
    return DemoRemoval(
        agreements=agreements.get(Agreement._meta.label, 0),
        organisations=organisations_removed.get(Organisation._meta.label, 0),
        programmes=programmes.get(Programme._meta.label, 0),
    )
