"""The headline figures written as the sentences a secretariat quotes."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.utils.translation import get_language, ngettext, to_locale
from django.utils.translation import gettext as _

from regionforum.analytics.selectors import Figures, ForumFigures, RateBasis, Target
from regionforum.forums.numerals import to_roman
from regionforum.money import display


def current_locale() -> str:
    """The Babel locale of the active language, for every number and amount a user reads."""
    return to_locale(get_language() or settings.LANGUAGE_CODE)


def number(value: Decimal | int, *, digits: int = 0) -> str:
    return display.number_text(value, locale=current_locale(), digits=digits)


def money(value: Decimal, currency: str) -> str:
    """An amount in its own currency, as "1 234,50 RUB" or "1,234.50 RUB"."""
    return display.money_text(value, currency, locale=current_locale())


def usd(value: Decimal) -> str:
    """Whole US dollars, as "$6,679,400,095" or "6 679 400 095 $"."""
    return display.usd_text(value, locale=current_locale())


def usd_short(value: Decimal) -> str:
    """US dollars shortened for a label from a million up: "$314.5M", "314,5 млн $", "$8,000"."""
    if value < 1_000_000:
        return usd(value)
    return display.usd_compact(value, locale=current_locale())


def percent(fraction: float) -> str:
    return display.percent_text(fraction, locale=current_locale())


def signed_percent(fraction: float) -> str:
    """A change with its sign, as "+26%" or "+26 %"."""
    return display.signed_percent_text(fraction, locale=current_locale())


def usd_phrase(amount: Decimal) -> str:
    if amount >= 1_000_000_000:
        return _("$%(value)s billion") % {"value": number(amount / 1_000_000_000, digits=2)}
    if amount >= 1_000_000:
        return _("$%(value)s million") % {"value": number(amount / 1_000_000, digits=1)}
    return usd(amount)


@dataclass(frozen=True, slots=True)
class Rounded:
    """A figure as it is quoted: a round number and the word that keeps it true."""

    qualifier: str  # "more than", "nearly", "about" or "exactly"
    value: Decimal


def _round_down(value: Decimal, digits: int) -> Decimal:
    exponent = max(0, len(str(int(value))) - digits)
    step = Decimal(10) ** exponent
    return (value // step) * step


def rounded(value: Decimal | int, *, digits: int = 2) -> Rounded:
    """The round figure a secretariat would quote for `value`, with a qualifier that the
    claims check confirms: "nearly" a round number of one digit within 3% above it ("nearly
    3,000" for 2,934), else "nearly" a round number of `digits` digits within a fifth of a
    step above it ("nearly 380" for 378), else "more than" the one below ("more than 370" for
    374); the value itself when it is round or small."""
    value = Decimal(value)
    if value < 20:
        return Rounded("exactly", value)
    step = Decimal(10) ** max(0, len(str(int(value))) - digits)
    below = (value // step) * step
    if below == value:
        return Rounded("exactly", value)
    coarse = Decimal(10) ** (len(str(int(value))) - 1)
    coarse_above = (value // coarse + 1) * coarse
    if value / coarse_above >= Decimal("0.97"):
        return Rounded("nearly", coarse_above)
    if value >= below + step * Decimal("0.8"):
        return Rounded("nearly", below + step)
    return Rounded("more than", below)


def rounded_share(share: float) -> Rounded:
    """A share as "about" a whole percentage, which the claims check reads within 10%."""
    return Rounded("about", Decimal(round(share * 100)))


def _quoted(figure: Rounded, text: str) -> str:
    if figure.qualifier == "more than":
        return _("more than %(value)s") % {"value": text}
    if figure.qualifier == "nearly":
        return _("nearly %(value)s") % {"value": text}
    if figure.qualifier == "about":
        return _("about %(value)s") % {"value": text}
    return text


def count_phrase(count: int) -> str:
    """A count as quoted: "more than 370", "nearly 380", "12"."""
    figure = rounded(count)
    return _quoted(figure, number(figure.value))


def usd_quoted(amount: Decimal) -> str:
    """A USD amount as quoted: "nearly $3.0 billion", "more than $250 million"."""
    if amount < 1_000_000:
        figure = rounded(amount, digits=2)
        return _quoted(figure, usd(figure.value))
    unit, label = (
        (Decimal(1_000_000_000), _("$%(value)s billion"))
        if amount >= 1_000_000_000
        else (Decimal(1_000_000), _("$%(value)s million"))
    )
    scaled = amount / unit
    figure = rounded(scaled * 100, digits=2)
    value = figure.value / 100
    exponent = value.normalize().as_tuple().exponent
    digits = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return _quoted(figure, label % {"value": number(value, digits=digits)})


def share_phrase(share: float) -> str:
    return _quoted(rounded_share(share), percent(share))


def figures_sentences(figures: Figures) -> list[str]:
    rows = figures.by_forum
    if rows:
        span = (
            f"{to_roman(rows[0].forum)}–{to_roman(rows[-1].forum)} ({rows[0].year}–{rows[-1].year})"
            if len(rows) > 1
            else f"{to_roman(rows[0].forum)} ({rows[0].year})"
        )
        scope = _("At forums %(span)s") % {"span": span}
    else:
        scope = _("In the registry")
    sentences = [*_narrowed_sentences(figures.narrowed)]
    sentences += [
        ngettext(
            "%(scope)s, %(count)s agreement or contract was signed, worth %(total)s in total.",
            "%(scope)s, %(count)s agreements and contracts were signed, worth %(total)s in total.",
            figures.agreements,
        )
        % {
            "scope": scope,
            "count": count_phrase(figures.agreements),
            "total": usd_quoted(figures.total_usd),
        }
    ]
    if figures.agreements:
        sentences.append(
            _("Exactly: %(count)s, worth $%(total)s; %(with)s of them state an amount.")
            % {
                "count": number(figures.agreements),
                "total": number(figures.total_usd, digits=2),
                "with": number(figures.with_amount),
            }
        )
        rates = figures.implementation
        sentences.append(
            _(
                "Implementation: %(fulfilled)s fulfilled (%(fulfilled_share)s), %(progress)s in "
                "progress (%(progress_share)s), %(terminated)s terminated "
                "(%(terminated_share)s), %(signed)s signed with no report since."
            )
            % {
                "fulfilled": number(figures.by_status.get("fulfilled", 0)),
                "fulfilled_share": percent(rates.get("fulfilled", 0)),
                "progress": number(figures.by_status.get("in progress", 0)),
                "progress_share": percent(rates.get("in progress", 0)),
                "terminated": number(figures.by_status.get("terminated", 0)),
                "terminated_share": percent(rates.get("terminated", 0)),
                "signed": number(figures.by_status.get("signed", 0)),
            }
        )
    if len(rows) > 1:
        last, before = rows[-1], rows[-2]
        sentences.append(
            _(
                "The latest forum, %(forum)s (%(year)s), added %(count)s of them, worth "
                "%(total)s: %(share)s of the total."
            )
            % {
                "forum": to_roman(last.forum),
                "year": last.year,
                "count": number(last.agreements),
                "total": usd_phrase(last.total_usd),
                "share": share_phrase(last.share_of_total),
            }
        )
        sentences.append(_growth_sentence(before.forum, last))
    if figures.target is not None:
        sentences.extend(target_sentences(figures.target, figures))
    sentences.append(
        _(
            "Partners: %(by)s regions of Belarus and %(ru)s regions of Russia, "
            "%(orgs)s organisations in all."
        )
        % {
            "by": figures.partner_regions.get("BY", 0),
            "ru": figures.partner_regions.get("RU", 0),
            "orgs": number(figures.organisations),
        }
    )
    for item in figures.unconverted:
        sentences.append(
            _("Not converted for want of a rate, and not counted above: %(amount)s %(currency)s.")
            % {"amount": number(item.amount, digits=2), "currency": item.currency}
        )
    sentences.extend(basis_sentences(figures.basis))
    return sentences


def _change(growth: float | None) -> str:
    if growth is None:
        return _("no comparison")
    if growth >= 0:
        return _("%(share)s more") % {"share": percent(growth)}
    return _("%(share)s less") % {"share": percent(-growth)}


def _growth_sentence(previous: int, row: ForumFigures) -> str:
    return _("Against forum %(previous)s: %(agreements)s agreements and %(value)s value.") % {
        "previous": to_roman(previous),
        "agreements": _change(row.agreements_growth),
        "value": _change(row.usd_growth),
    }


def target_sentences(target: Target, figures: Figures) -> list[str]:
    """The forum's announced target, and how much of it the registry holds."""
    sentences = []
    if target.agreements is not None:
        sentences.append(
            _(
                "Announced for forum %(forum)s: %(announced)s agreements; the registry holds "
                "%(held)s of them (%(progress)s)."
            )
            % {
                "forum": to_roman(target.forum),
                "announced": number(target.agreements),
                "held": number(figures.agreements),
                "progress": percent(target.agreements_progress or 0),
            }
        )
    if target.value is not None:
        in_usd = (
            _(" (%(usd)s at the rate of the forum's first day)")
            % {"usd": usd_phrase(target.value_usd)}
            if target.value_usd is not None and target.currency != "USD"
            else ""
        )
        progress = (
            _("the registry holds %(share)s of it") % {"share": percent(target.value_progress)}
            if target.value_progress is not None
            else _("it could not be converted to USD")
        )
        sentences.append(
            _("Announced value: %(value)s %(currency)s%(usd)s; %(progress)s.")
            % {
                "value": number(target.value),
                "currency": target.currency,
                "usd": in_usd,
                "progress": progress,
            }
        )
    return sentences


def _narrowed_sentences(narrowed: dict[str, str]) -> list[str]:
    """What the figures are narrowed to, said first so that nobody quotes them for the whole."""
    if not narrowed:
        return []
    parts = []
    if "region" in narrowed:
        parts.append(_("with a party in %(region)s") % {"region": narrowed["region"]})
    if "pair" in narrowed:
        first, second = narrowed["pair"].split(",")
        parts.append(_("between %(first)s and %(second)s") % {"first": first, "second": second})
    if "sector" in narrowed:
        parts.append(_("in the sector «%(sector)s»") % {"sector": narrowed["sector"]})
    if "kind" in narrowed:
        parts.append(_("of the kind %(kind)s") % {"kind": narrowed["kind"]})
    if "party_type" in narrowed:
        parts.append(_("with a party of the type %(type)s") % {"type": narrowed["party_type"]})
    return [_("These figures count only the agreements %(parts)s.") % {"parts": ", ".join(parts)}]


def basis_sentences(basis: RateBasis) -> list[str]:
    """Which rates the USD values rest on, as the figures' last sentences."""
    if not basis.loaded:
        return [
            _("Converted to US dollars at the rate of each signing date: %(table)s.")
            % {"table": _("the shipped table of approximate monthly averages")}
        ]
    spans = "; ".join(
        _("%(currency)s from %(first)s to %(last)s (%(source)s)")
        % {
            "currency": item.currency,
            "first": item.first.isoformat(),
            "last": item.last.isoformat(),
            "source": item.file or item.source,
        }
        for item in basis.loaded
    )
    return [
        _(
            "Converted to US dollars at the rate of each signing date: loaded rates alone for "
            "%(spans)s, and the shipped table of approximate monthly averages elsewhere."
        )
        % {"spans": spans}
    ]
