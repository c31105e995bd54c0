from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from regionforum.registry.audit import AuditedHistory


class OrganisationKind(models.TextChoices):
    GOVERNMENT = "government", _("Government body")
    ENTERPRISE = "enterprise", _("Enterprise")
    UNIVERSITY = "university", _("University")
    RESEARCH = "research", _("Research institute")
    OTHER = "other", _("Other")


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=500)
    # The name in each language where the registry has one: as a sheet spelt it in that
    # language, or as a person entered it. Blank where no sheet wrote it in that language.
    name_ru = models.CharField(_("name in Russian"), max_length=500, blank=True)
    name_be = models.CharField(_("name in Belarusian"), max_length=500, blank=True)
    name_en = models.CharField(_("name in English"), max_length=500, blank=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=OrganisationKind.choices, default=OrganisationKind.OTHER
    )
    region = models.ForeignKey(
        "gazetteer.Region", on_delete=models.PROTECT, related_name="organisations"
    )
    key = models.CharField(
        _("matching key"), max_length=500, db_index=True, help_text=_("The normalised name")
    )
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged"
    )
    is_synthetic = models.BooleanField(
        _("synthetic"), default=False, help_text=_("Generated demo data, not a real organisation")
    )
    history = HistoricalRecords(bases=[AuditedHistory])

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        indexes = [models.Index(fields=["region", "key"])]

    def __str__(self) -> str:
        return self.name


class OrganisationAlias(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(_("name"), max_length=500)
    key = models.CharField(_("matching key"), max_length=500, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "key"], name="unique_alias_key"),
        ]
        verbose_name = _("organisation alias")
        verbose_name_plural = _("organisation aliases")

    def __str__(self) -> str:
        return self.name


class AgreementKind(models.TextChoices):
    AGREEMENT = "agreement", _("Agreement")
    CONTRACT = "contract", _("Contract")
    MEMORANDUM = "memorandum", _("Memorandum")
    PROTOCOL = "protocol", _("Protocol")
    ROADMAP = "roadmap", _("Roadmap")
    PROGRAMME = "programme", _("Programme")


class AgreementStatus(models.TextChoices):
    SIGNED = "signed", _("Signed")
    IN_PROGRESS = "in progress", _("In progress")
    FULFILLED = "fulfilled", _("Fulfilled")
    TERMINATED = "terminated", _("Terminated")


class CountedAgreements(models.Manager["Agreement"]):
    """The agreements the registry counts.

    A withdrawn one is kept for its history only, and a draft (a deal recorded at a business
    meeting, not yet confirmed by the secretariat) counts once it is confirmed.
    """

    def get_queryset(self) -> models.QuerySet[Agreement]:
        return super().get_queryset().filter(withdrawn=False, is_draft=False)


class Agreement(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=AgreementKind.choices)
    title = models.TextField(_("title"))
    signed_on = models.DateField(_("signed on"), db_index=True)
    status = models.CharField(
        _("status"), max_length=20, choices=AgreementStatus.choices, default=AgreementStatus.SIGNED
    )
    sector = models.CharField(_("sector"), max_length=200, blank=True)
    forum = models.ForeignKey(
        "forums.Forum",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agreements",
        verbose_name=_("forum"),
    )
    notes = models.TextField(_("notes"), blank=True)
    is_synthetic = models.BooleanField(
        _("synthetic"), default=False, help_text=_("Generated demo data, not a real agreement")
    )
    withdrawn = models.BooleanField(
        _("withdrawn"),
        default=False,
        help_text=_("Every row that reported it was withdrawn by a corrected file"),
    )
    is_draft = models.BooleanField(
        _("draft"),
        default=False,
        help_text=_(
            "Recorded from a business meeting's deal; counts once the secretariat confirms it"
        ),
    )
    organisations = models.ManyToManyField(Organisation, through="Party", related_name="agreements")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(bases=[AuditedHistory])

    # Figures, lists, exports and the API read `objects`, so a withdrawn agreement counts
    # nowhere without each of them having to remember it; the import reads `all_objects`.
    objects = CountedAgreements()
    all_objects = models.Manager()  # noqa: DJ012 - ruff takes a plain Manager for a field

    class Meta:
        ordering = ["-signed_on", "id"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")

    def __str__(self) -> str:
        return self.title


class Party(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="parties")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="parties")
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    role = models.CharField(_("role"), max_length=100, blank=True)
    history = HistoricalRecords(bases=[AuditedHistory])

    class Meta:
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "organisation"], name="unique_party_organisation"
            ),
        ]
        verbose_name = _("party")
        verbose_name_plural = _("parties")

    def __str__(self) -> str:
        return f"{self.organisation} — {self.agreement}"


class Money(models.Model):
    """An agreement's amount as reported, and its USD value at the official rate."""

    agreement = models.OneToOneField(Agreement, on_delete=models.CASCADE, related_name="money")
    value = models.DecimalField(_("value"), max_digits=24, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3)
    value_date = models.DateField(_("value date"))
    usd = models.DecimalField(_("USD"), max_digits=24, decimal_places=2, null=True, blank=True)
    rate = models.DecimalField(
        _("units per USD"), max_digits=24, decimal_places=8, null=True, blank=True
    )
    rate_date = models.DateField(_("rate date"), null=True, blank=True)
    rate_source = models.CharField(_("rate source"), max_length=200, blank=True)
    history = HistoricalRecords(bases=[AuditedHistory])

    class Meta:
        verbose_name = _("money")
        verbose_name_plural = _("money")

    def __str__(self) -> str:
        return f"{self.value} {self.currency}"


class Milestone(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("title"), max_length=300)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self) -> str:
        return self.title


class ImportBatch(models.Model):
    """One file as imported: who sent it, what it held and what came of it."""

    file_name = models.CharField(_("file name"), max_length=300)
    sha256 = models.CharField(max_length=64, db_index=True)
    reporter = models.CharField(_("reporter"), max_length=12, blank=True)
    imported_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="imports"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    stats = models.JSONField(_("statistics"), default=dict)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return self.file_name


class CurrentSources(models.Manager["SourceRecord"]):
    """The rows that still report their agreements: a withdrawn row is kept for its history."""

    def get_queryset(self) -> models.QuerySet[SourceRecord]:
        return super().get_queryset().filter(withdrawn_at__isnull=True)


class SourceRecord(models.Model):
    """A spreadsheet row as read, and the agreement it became part of."""

    agreement = models.ForeignKey(
        Agreement, null=True, blank=True, on_delete=models.SET_NULL, related_name="sources"
    )
    batch = models.ForeignKey(
        ImportBatch, null=True, blank=True, on_delete=models.SET_NULL, related_name="records"
    )
    file_name = models.CharField(_("file"), max_length=300)
    row = models.PositiveIntegerField(_("row"))
    ref = models.CharField(_("reference"), max_length=200, blank=True)
    reporter = models.CharField(_("reporter"), max_length=12, blank=True)
    raw = models.JSONField(_("cells as read"), default=dict)
    row_hash = models.CharField(max_length=64, db_index=True)
    match_reason = models.TextField(_("why it was matched"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # A row that a corrected file no longer holds; the import of that file withdrew it.
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        ImportBatch,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="withdrawals",
        verbose_name=_("withdrawn by"),
    )

    objects = CurrentSources()
    all_objects = models.Manager()  # noqa: DJ012 - ruff takes a plain Manager for a field

    class Meta:
        ordering = ["file_name", "row"]
        indexes = [models.Index(fields=["file_name", "reporter"])]
        verbose_name = _("source record")
        verbose_name_plural = _("source records")

    def __str__(self) -> str:
        return f"{self.file_name}:{self.row}"


class ExchangeRate(models.Model):
    """An official rate loaded from a central bank's file; it overrides the shipped table."""

    on = models.DateField(_("date"))
    currency = models.CharField(_("currency"), max_length=3)
    units_per_usd = models.DecimalField(_("units per USD"), max_digits=24, decimal_places=10)
    source = models.CharField(_("source"), max_length=200)

    class Meta:
        ordering = ["currency", "on"]
        constraints = [
            models.UniqueConstraint(fields=["currency", "on"], name="unique_rate_per_day"),
        ]
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")

    def __str__(self) -> str:
        return f"{self.on} {self.currency} {self.units_per_usd}"


class RateLoad(models.Model):
    """The span over which a loaded file's rates of one currency replace the shipped table."""

    currency = models.CharField(_("currency"), max_length=3)
    first = models.DateField(_("from"))
    last = models.DateField(_("to"), help_text=_("The end of the period its last rate stands for"))
    rates = models.PositiveIntegerField(_("rates"))
    file_name = models.CharField(_("file"), max_length=255, blank=True)
    source = models.CharField(_("source"), max_length=200)
    loaded_at = models.DateTimeField(_("loaded at"), auto_now_add=True)

    class Meta:
        ordering = ["currency", "first"]
        verbose_name = _("rate load")
        verbose_name_plural = _("rate loads")

    def __str__(self) -> str:
        return f"{self.currency} {self.first}–{self.last}"


class ReviewStatus(models.TextChoices):
    OPEN = "open", _("Open")
    MERGED = "merged", _("Merged")
    KEPT_APART = "kept apart", _("Kept apart")


class ReviewItem(models.Model):
    """A pair of agreements that may be one: the import was not sure enough to merge them."""

    agreement = models.ForeignKey(
        Agreement,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reviews",
        verbose_name=_("agreement"),
    )
    candidate = models.ForeignKey(
        Agreement,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="candidate_reviews",
        verbose_name=_("possibly the same as"),
    )
    batch = models.ForeignKey(
        ImportBatch, null=True, blank=True, on_delete=models.SET_NULL, related_name="reviews"
    )
    score = models.FloatField(_("score"))
    evidence = models.TextField(_("evidence"))
    # The same evidence as phrases, and why the pair was not merged, for the review page.
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.OPEN
    )
    decided_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords(bases=[AuditedHistory])

    class Meta:
        ordering = ["status", "-score", "id"]
        verbose_name = _("review item")
        verbose_name_plural = _("review items")

    def __str__(self) -> str:
        return f"{self.agreement_id} ~ {self.candidate_id}"


class ImportJobStatus(models.TextChoices):
    UPLOADED = "uploaded", _("Uploaded")
    PREVIEWED = "previewed", _("Checked")
    RUNNING = "running", _("Importing")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Failed")


class ImportJob(models.Model):
    """A file uploaded on the web: checked first, then imported by a background task."""

    file_name = models.CharField(_("file name"), max_length=300)
    path = models.CharField(_("stored at"), max_length=500)
    reporter = models.CharField(_("reporter"), max_length=12, blank=True)
    partial = models.BooleanField(_("import the valid rows only"), default=False)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ImportJobStatus.choices,
        default=ImportJobStatus.UPLOADED,
    )
    progress = models.PositiveSmallIntegerField(_("progress, %"), default=0)
    result = models.JSONField(_("result"), default=dict)
    created_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")

    def __str__(self) -> str:
        return self.file_name
