from __future__ import annotations

from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from regionforum.analytics.selectors import AgreementFilters
from regionforum.forums.models import Forum
from regionforum.gazetteer.models import Region
from regionforum.registry.history import AuditFilters
from regionforum.registry.models import AgreementKind, AgreementStatus, OrganisationKind
from regionforum.safetext import TextCheckedForm
from regionforum.web.templatetags.pages import localized_name


class AgreementFilterForm(TextCheckedForm, forms.Form):
    """The agreement list's query parameters. An invalid value narrows nothing and is reported."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    forum = forms.TypedChoiceField(label=_("Forum"), required=False, coerce=int, empty_value=None)
    # A range ("1-7") that a figure over several forums links to; the form offers no control.
    forums = forms.RegexField(
        label=_("Forums"),
        required=False,
        regex=r"^\s*\d{1,2}\s*-\s*\d{1,2}\s*$",
        widget=forms.HiddenInput,
    )
    region = forms.ChoiceField(label=_("Region"), required=False)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("Any kind")), *AgreementKind.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *AgreementStatus.choices],
    )
    sector = forms.ChoiceField(label=_("Sector"), required=False)
    # A pair's second region and a party type, which the figures pages link to.
    partner = forms.RegexField(
        label=_("Partner region"),
        required=False,
        regex=r"^\s*[A-Za-z]{2}(-[A-Za-z0-9]{1,3})?\s*$",
        widget=forms.HiddenInput,
    )
    party_type = forms.ChoiceField(
        label=_("Party type"),
        required=False,
        choices=[("", _("Any type")), *OrganisationKind.choices],
        widget=forms.HiddenInput,
    )
    date_from = forms.DateField(label=_("Signed from"), required=False, widget=forms.HiddenInput)
    date_to = forms.DateField(label=_("Signed to"), required=False, widget=forms.HiddenInput)

    def __init__(
        self,
        data: QueryDict,
        *,
        forums: list[Forum],
        regions: list[Region],
        years: list[int],
        sectors: list[str],
    ) -> None:
        data = data.copy()
        for name in ("region", "partner"):
            if data.get(name):
                # ISO writes region codes in capitals; a hand-typed link may not.
                data[name] = data[name].strip().upper()
        # The figures' own names for the dates, which the pages share with `figures`.
        for short, name in (("from", "date_from"), ("to", "date_to")):
            if data.get(short) and not data.get(name):
                data[name] = data[short]
        super().__init__(data)
        self.fields["forum"].choices = [
            ("", _("Any forum")),
            *((forum.number, f"{forum.roman} ({forum.year})") for forum in forums),
        ]
        by_country: dict[str, list[tuple[str, str]]] = {}
        for region in regions:
            by_country.setdefault(localized_name(region.country), []).append(
                (region.code, localized_name(region))
            )
        countries = sorted({(r.country.code, localized_name(r.country)) for r in regions})
        self.fields["region"].choices = [
            ("", _("Any region")),
            *((code, _("All of %(country)s") % {"country": name}) for code, name in countries),
            *(
                (country, sorted(choices, key=lambda c: c[1]))
                for country, choices in by_country.items()
            ),
        ]
        self.fields["year"].choices = [("", _("Any year")), *((y, str(y)) for y in years)]
        self.fields["sector"].choices = [("", _("Any sector")), *((s, s) for s in sectors)]

    def filters(self) -> AgreementFilters:
        """The valid parameters as filters; call after is_valid()."""
        data = self.cleaned_data
        span = None
        if data.get("forums"):
            first, last = (int(part) for part in data["forums"].split("-"))
            span = (first, last) if first <= last else None
        return AgreementFilters(
            forum=data.get("forum"),
            forums=span,
            region=data.get("region") or "",
            year=data.get("year"),
            kind=data.get("kind") or "",
            status=data.get("status") or "",
            sector=data.get("sector") or "",
            q=(data.get("q") or "").strip(),
            partner=(data.get("partner") or "").strip(),
            party_type=data.get("party_type") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )


class AgreementCorrectionForm(TextCheckedForm, forms.Form):
    """An agreement's fields as text, checked by the import's own row checks on save."""

    kind = forms.CharField(label=_("Kind"), max_length=200)
    title = forms.CharField(label=_("Title"), widget=forms.Textarea(attrs={"rows": 3}))
    signed_on = forms.CharField(label=_("Signed on"), max_length=100)
    status = forms.CharField(label=_("Status"), max_length=100, required=False)
    forum = forms.CharField(label=_("Forum"), max_length=100, required=False)
    sector = forms.CharField(label=_("Sector"), required=False)
    amount = forms.CharField(label=_("Amount"), max_length=100, required=False)
    currency = forms.CharField(label=_("Currency"), max_length=100, required=False)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class OrganisationCorrectionForm(TextCheckedForm, forms.Form):
    name = forms.CharField(label=_("Name"))
    name_ru = forms.CharField(label=_("Name in Russian"), required=False)
    name_be = forms.CharField(label=_("Name in Belarusian"), required=False)
    name_en = forms.CharField(label=_("Name in English"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=OrganisationKind.choices)

    def names(self) -> dict[str, str]:
        """The names per language as entered, by language code."""
        return {code: self.cleaned_data[f"name_{code}"] for code in ("ru", "be", "en")}


class AuditFilterForm(forms.Form):
    """The audit log's query parameters."""

    model = forms.ChoiceField(label=_("Record"), required=False)
    object = forms.IntegerField(label=_("Record number"), required=False, min_value=1)
    user = forms.CharField(label=_("User"), required=False, max_length=150)
    via = forms.ChoiceField(label=_("Changed via"), required=False)
    batch = forms.IntegerField(label=_("Import"), required=False, min_value=1)
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput({"type": "date"})
    )
    until = forms.DateField(label=_("To"), required=False, widget=forms.DateInput({"type": "date"}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from regionforum.registry.audit import Via

        super().__init__(*args, **kwargs)
        self.fields["model"].choices = [("", _("Any record")), *AUDITED_LABELS.items()]
        self.fields["via"].choices = [("", _("Anywhere")), *Via.choices]

    def filters(self) -> AuditFilters:
        data = self.cleaned_data
        return AuditFilters(
            model=data.get("model") or "",
            object_id=data.get("object"),
            user=(data.get("user") or "").strip(),
            via=data.get("via") or "",
            batch=data.get("batch"),
            since=data.get("since"),
            until=data.get("until"),
        )


AUDITED_LABELS = {
    "agreement": _("Agreement"),
    "organisation": _("Organisation"),
    "party": _("Party"),
    "money": _("Amount"),
    "review": _("Review decision"),
}
