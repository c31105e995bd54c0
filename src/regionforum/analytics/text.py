"""The headline figures written as the sentences a secretariat quotes."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from regionforum.analytics.selectors import Figures, RateBasis
from regionforum.forums.numerals import to_roman


def usd_phrase(amount: Decimal) -> str:
    if amount >= 1_000_000_000:
        return _("$%(value)s billion") % {"value": f"{amount / 1_000_000_000:,.2f}"}
    if amount >= 1_000_000:
        return _("$%(value)s million") % {"value": f"{amount / 1_000_000:,.1f}"}
    return f"${amount:,.0f}"


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
            "count": f"{figures.agreements:,}",
            "total": usd_phrase(figures.total_usd),
        }
    ]
    if figures.agreements:
        sentences.append(
            _("%(with)s of them state an amount.") % {"with": f"{figures.with_amount:,}"}
        )
    if figures.agreements:
        sentences.append(
            _(
                "Implementation: %(fulfilled)s fulfilled, %(progress)s in progress, "
                "%(terminated)s terminated, %(signed)s signed with no report since."
            )
            % {
                "fulfilled": f"{figures.by_status.get('fulfilled', 0):,}",
                "progress": f"{figures.by_status.get('in progress', 0):,}",
                "terminated": f"{figures.by_status.get('terminated', 0):,}",
                "signed": f"{figures.by_status.get('signed', 0):,}",
            }
        )
    if len(rows) > 1:
        last = rows[-1]
        sentences.append(
            _(
                "The latest forum, %(forum)s (%(year)s), added %(count)s of them, worth "
                "%(total)s: %(share)s of the total."
            )
            % {
                "forum": to_roman(last.forum),
                "year": last.year,
                "count": f"{last.agreements:,}",
                "total": usd_phrase(last.total_usd),
                "share": f"{last.share_of_total:.0%}",
            }
        )
    sentences.append(
        _(
            "Partners: %(by)s regions of Belarus and %(ru)s regions of Russia, "
            "%(orgs)s organisations in all."
        )
        % {
            "by": figures.partner_regions.get("BY", 0),
            "ru": figures.partner_regions.get("RU", 0),
            "orgs": f"{figures.organisations:,}",
        }
    )
    for item in figures.unconverted:
        sentences.append(
            _("Not converted for want of a rate, and not counted above: %(amount)s %(currency)s.")
            % {"amount": f"{item.amount:,.2f}", "currency": item.currency}
        )
    sentences.extend(basis_sentences(figures.basis))
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
