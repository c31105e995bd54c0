"""Template helpers for the pages: localised names, money, Roman numerals and permissions."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.conf import settings
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext as _

from regionforum.analytics import text
from regionforum.analytics.selectors import registry_has_synthetic_data
from regionforum.forums.numerals import to_roman
from regionforum.registry.models import AgreementKind, Organisation
from regionforum.registry.naming import DisplayName, organisation_name
from regionforum.registry.sectors import sector_label

register = template.Library()


@register.filter
def localized_name(place: Any) -> str:
    """A region's or country's name in the current language. Where the gazetteer has no
    Belarusian name (a region added without one), a Belarusian page shows the Russian one, which
    its readers read, rather than the English; anything else falls back to English."""
    language = (get_language() or "en").split("-")[0]
    name = getattr(place, f"name_{language}", "")
    if not name and language == "be":
        name = getattr(place, "name_ru", "")
    return name or place.name_en


@register.filter
def org_name(organisation: Organisation | DisplayName | None) -> str:
    """An organisation's name in the current language. Where the registry has none in it, the
    name it has stands in, with its own `lang` and a mark that it is not a translation."""
    if organisation is None:
        return ""
    shown = (
        organisation if isinstance(organisation, DisplayName) else organisation_name(organisation)
    )
    if shown.translated:
        return format_html("{}", shown.text)
    return format_html(
        '<span class="name-untranslated" lang="{}" title="{}">{}</span>',
        shown.lang,
        _("The registry has no name of this organisation in this language"),
        shown.text,
    )


@register.simple_tag(takes_context=True)
def language_links(context: template.Context) -> list[dict[str, Any]]:
    """Links from a print page to itself in each language: its query string with `language`
    set. None where the page is not served (a file, a PDF)."""
    request = context.get("request")
    if request is None:
        return []
    current = (get_language() or "en").split("-")[0]
    links = []
    for code, _name in settings.LANGUAGES:
        query = request.GET.copy()
        query["language"] = code
        links.append(
            {
                "code": code,
                "name": get_language_info(code)["name_local"],
                "url": f"{request.path}?{query.urlencode()}",
                "current": code == current,
            }
        )
    return links


@register.filter
def forum_theme(forum: Any) -> str:
    """A forum's theme in the current language where the calendar has it. The calendar has no
    Belarusian themes, so a Belarusian page shows the Russian one, marked with its language;
    without either, the theme stands as the source gave it."""
    language = (get_language() or "en").split("-")[0]
    if language == "en" and forum.theme_en:
        return str(forum.theme_en)
    if language == "ru" and forum.theme_ru:
        return str(forum.theme_ru)
    if language == "be" and forum.theme_ru:
        return format_html('<span lang="ru">{}</span>', forum.theme_ru)
    return str(forum.theme)


@register.filter
def usd(value: Decimal | None) -> str:
    """A USD amount in whole dollars, as the current language writes it."""
    return "—" if value is None else text.usd(value)


@register.filter
def usd_short(value: Decimal | None) -> str:
    """A USD amount shortened for a chart label: $1.2B, 314,5 млн $, $12K."""
    return "—" if value is None else text.usd_short(value)


@register.filter
def money(value: Decimal | None, currency: str) -> str:
    """An amount in its own currency, to the cent: 1 234,50 RUB."""
    return "—" if value is None else text.money(value, currency)


@register.filter
def whole(value: Decimal | None) -> str:
    """An announced, round amount: whole units, grouped for the current language."""
    return "—" if value is None else text.number(value)


@register.filter
def rate(value: Decimal | None) -> str:
    """An exchange rate with as many decimals as it has, and no trailing zeros."""
    if value is None:
        return "—"
    exponent = value.normalize().as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return number_format(value, decimal_pos=places)


@register.filter
def kind_label(kind: str) -> str:
    """An agreement kind's name, as the registry's choices give it."""
    return str(dict(AgreementKind.choices).get(kind, kind))


register.filter("sector_label", sector_label)


@register.filter
def roman(number: int) -> str:
    return to_roman(number)


@register.filter
def is_within(path: str, section: str) -> bool:
    """Whether a request path lies in a section of the site, for the nav's current page."""
    return bool(section) and path.startswith(section)


@register.simple_tag
def registry_is_synthetic() -> bool:
    return registry_has_synthetic_data()


@register.simple_tag(takes_context=True)
def has_perm(context: template.Context, perm: str, obj: Any = None) -> bool:
    """`user.has_perm(perm, obj)` for templates, which `perms` answers only without an object."""
    return bool(context["user"].has_perm(perm, obj))


@register.simple_tag(takes_context=True)
def download_url(context: template.Context, table: str, fmt: str) -> str:
    """The current page's address with its filters, asking for one table as a file."""
    query = context["request"].GET.copy()
    query.pop("page", None)
    query["table"] = table
    query["format"] = fmt
    return "?" + query.urlencode()


@register.filter
def percent(value: float | None) -> str:
    """A fraction as a whole percentage: 0.257 is 26%."""
    return "—" if value is None else text.percent(value)


@register.filter
def get_item(mapping: dict[str, Any], key: str) -> Any:
    """`mapping[key]` for a key a template cannot spell, such as "in progress"."""
    return mapping.get(key)
