from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Forum(models.Model):
    """One Forum of Regions, numbered from 1 (I, 2014)."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    year = models.PositiveSmallIntegerField(_("year"))
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    host_cities = models.CharField(_("host cities"), max_length=200, blank=True)
    theme = models.TextField(_("theme"), blank=True, help_text=_("As the source gave it"))
    theme_ru = models.TextField(_("theme (Russian)"), blank=True)
    theme_en = models.TextField(_("theme (English)"), blank=True)
    announced_agreements = models.PositiveIntegerField(
        _("announced agreements"), null=True, blank=True
    )
    announced_value = models.DecimalField(
        _("announced value"), max_digits=20, decimal_places=2, null=True, blank=True
    )
    announced_currency = models.CharField(_("announced currency"), max_length=3, blank=True)
    source = models.TextField(_("source"), blank=True)
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default="Europe/Minsk",
        help_text=_("The IANA time zone the forum's programme is held in"),
    )
    max_meetings_in_row = models.PositiveSmallIntegerField(
        _("most meetings in a row"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_(
            "How many meetings a participant has at most in consecutive slots before a pause; "
            "empty for no limit"
        ),
    )

    class Meta:
        ordering = ["number"]
        verbose_name = _("forum")
        verbose_name_plural = _("forums")

    def __str__(self) -> str:
        return f"{self.roman} ({self.year})"

    @property
    def roman(self) -> str:
        from regionforum.forums.numerals import to_roman

        return to_roman(self.number)


# --- The business programme of a forum ------------------------------------------------------


class ProgrammeDay(models.Model):
    """A day of a forum's business programme; its sessions are held in the forum's time zone."""

    forum = models.ForeignKey(
        Forum, on_delete=models.CASCADE, related_name="programme_days", verbose_name=_("forum")
    )
    on = models.DateField(_("date"))

    class Meta:
        ordering = ["forum", "on"]
        constraints = [
            models.UniqueConstraint(fields=["forum", "on"], name="unique_programme_day"),
        ]
        verbose_name = _("programme day")
        verbose_name_plural = _("programme days")

    def __str__(self) -> str:
        return self.on.isoformat()


class ProgrammeSession(models.Model):
    """A run of equal meeting slots within a day, such as the morning or the afternoon."""

    day = models.ForeignKey(
        ProgrammeDay, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("day")
    )
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.TimeField(_("starts at"))
    ends_at = models.TimeField(_("ends at"))
    slot_minutes = models.PositiveSmallIntegerField(_("minutes a slot"))

    class Meta:
        ordering = ["day", "starts_at"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    def __str__(self) -> str:
        return f"{self.day} {self.title}"


class Slot(models.Model):
    """One meeting slot. Its times are aware; the forum's time zone is how people read them."""

    forum = models.ForeignKey(
        Forum, on_delete=models.CASCADE, related_name="slots", verbose_name=_("forum")
    )
    session = models.ForeignKey(
        ProgrammeSession, on_delete=models.CASCADE, related_name="slots", verbose_name=_("session")
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))

    class Meta:
        ordering = ["forum", "starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["forum", "starts_at"], name="unique_slot_start"),
        ]
        verbose_name = _("slot")
        verbose_name_plural = _("slots")

    def __str__(self) -> str:
        return self.starts_at.isoformat()


class Table(models.Model):
    """A table or a room where one meeting is held at a time."""

    forum = models.ForeignKey(
        Forum, on_delete=models.CASCADE, related_name="tables", verbose_name=_("forum")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=200, blank=True)

    class Meta:
        ordering = ["forum", "number"]
        constraints = [
            models.UniqueConstraint(fields=["forum", "number"], name="unique_table_number"),
        ]
        verbose_name = _("table")
        verbose_name_plural = _("tables")

    def __str__(self) -> str:
        return self.name or str(self.number)


class LeaderRole(models.TextChoices):
    GOVERNOR = "governor", _("Governor")
    CHAIRMAN = "chairman", _("Chairman of the oblast executive committee")
    OTHER = "other", _("Other head of delegation")


class Delegation(models.Model):
    """A region's delegation to a forum, led by its governor or executive committee chairman."""

    forum = models.ForeignKey(
        Forum, on_delete=models.CASCADE, related_name="delegations", verbose_name=_("forum")
    )
    region = models.ForeignKey(
        "gazetteer.Region",
        on_delete=models.PROTECT,
        related_name="delegations",
        verbose_name=_("region"),
    )
    leader_name = models.CharField(_("led by"), max_length=300)
    leader_role = models.CharField(_("leader's office"), max_length=20, choices=LeaderRole.choices)

    class Meta:
        ordering = ["forum", "region__code"]
        constraints = [
            models.UniqueConstraint(fields=["forum", "region"], name="unique_delegation_region"),
        ]
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")

    def __str__(self) -> str:
        return f"{self.region_id}: {self.leader_name}"


def agenda_token() -> str:
    import secrets

    return secrets.token_urlsafe(24)


class Participant(models.Model):
    """A person of an organisation in the registry, taking part in a forum's business programme."""

    forum = models.ForeignKey(
        Forum, on_delete=models.CASCADE, related_name="participants", verbose_name=_("forum")
    )
    ref = models.CharField(
        _("reference"), max_length=100, help_text=_("The participant's reference in the forum")
    )
    name = models.CharField(_("name"), max_length=300)
    organisation = models.ForeignKey(
        "registry.Organisation",
        on_delete=models.PROTECT,
        related_name="participants",
        verbose_name=_("organisation"),
    )
    region = models.ForeignKey(
        "gazetteer.Region",
        on_delete=models.PROTECT,
        related_name="participants",
        verbose_name=_("region"),
    )
    delegation = models.ForeignKey(
        Delegation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
        verbose_name=_("delegation"),
    )
    user = models.ForeignKey(
        "accounts.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="participations",
        verbose_name=_("user"),
    )
    sectors = models.JSONField(_("sectors"), default=list, blank=True)
    offers = models.TextField(_("offers"), blank=True)
    seeks = models.TextField(_("seeks"), blank=True)
    languages = models.JSONField(
        _("languages"), default=list, blank=True, help_text=_("ISO 639-1 codes")
    )
    table = models.ForeignKey(
        Table,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="keepers",
        verbose_name=_("own table"),
        help_text=_("The table the participant keeps all day, such as an exhibitor's stand"),
    )
    max_meetings_in_row = models.PositiveSmallIntegerField(
        _("most meetings in a row"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Replaces the forum's limit for this participant; empty for the forum's"),
    )
    # The private link to the participant's agenda, opened without a password.
    agenda_token = models.CharField(max_length=64, unique=True, default=agenda_token)
    is_synthetic = models.BooleanField(
        _("synthetic"), default=False, help_text=_("Generated demo data, not a real person")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["forum", "ref"]
        constraints = [
            models.UniqueConstraint(fields=["forum", "ref"], name="unique_participant_ref"),
        ]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")

    def __str__(self) -> str:
        return f"{self.ref} {self.name}"

    def clean(self) -> None:
        if self.table is not None and self.table.forum_id != self.forum_id:
            raise ValidationError({"table": _("The table must belong to the participant's forum.")})


class Unavailability(models.Model):
    """A time when a participant cannot meet anyone."""

    participant = models.ForeignKey(
        Participant,
        on_delete=models.CASCADE,
        related_name="unavailable",
        verbose_name=_("participant"),
    )
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"))

    class Meta:
        ordering = ["participant", "starts_at"]
        verbose_name = _("unavailable time")
        verbose_name_plural = _("unavailable times")

    def __str__(self) -> str:
        return f"{self.starts_at.isoformat()}–{self.ends_at.isoformat()}"


class Priority(models.TextChoices):
    MUST = "must", _("Must meet")
    WOULD = "would", _("Would like to meet")


class RequestStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")


class MeetingRequest(models.Model):
    """One participant asks another for a business meeting; the other accepts or declines."""

    forum = models.ForeignKey(
        Forum, on_delete=models.CASCADE, related_name="meeting_requests", verbose_name=_("forum")
    )
    requester = models.ForeignKey(
        Participant,
        on_delete=models.CASCADE,
        related_name="requests_sent",
        verbose_name=_("requested by"),
    )
    invitee = models.ForeignKey(
        Participant,
        on_delete=models.CASCADE,
        related_name="requests_received",
        verbose_name=_("requested of"),
    )
    priority = models.CharField(
        _("priority"), max_length=10, choices=Priority.choices, default=Priority.WOULD
    )
    status = models.CharField(
        _("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.REQUESTED
    )
    message = models.TextField(_("message"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["forum", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["requester", "invitee"], name="unique_meeting_request_pair"
            ),
            models.CheckConstraint(
                condition=~models.Q(requester=models.F("invitee")),
                name="meeting_request_not_to_oneself",
            ),
        ]
        verbose_name = _("meeting request")
        verbose_name_plural = _("meeting requests")

    def __str__(self) -> str:
        return f"{self.requester_id} → {self.invitee_id} ({self.status})"


class Outcome(models.TextChoices):
    NONE = "", _("Not recorded")
    NO_INTEREST = "no interest", _("No interest")
    FOLLOW_UP = "follow-up", _("Follow-up")
    DEAL = "deal", _("Deal")


class Attendance(models.TextChoices):
    EXPECTED = "expected", _("Expected")
    HELD = "held", _("Held")
    NO_SHOW = "no-show", _("No-show")


class Meeting(models.Model):
    """An accepted request's meeting: its slot and table once scheduled, and its outcome."""

    request = models.OneToOneField(
        MeetingRequest, on_delete=models.CASCADE, related_name="meeting", verbose_name=_("request")
    )
    forum = models.ForeignKey(
        Forum, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("forum")
    )
    slot = models.ForeignKey(
        Slot,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meetings",
        verbose_name=_("slot"),
    )
    table = models.ForeignKey(
        Table,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meetings",
        verbose_name=_("table"),
    )
    locked = models.BooleanField(
        _("locked"), default=False, help_text=_("The scheduler keeps it in its slot and table")
    )
    unscheduled_reason = models.TextField(_("why it is not scheduled"), blank=True)
    attendance = models.CharField(
        _("attendance"), max_length=10, choices=Attendance.choices, default=Attendance.EXPECTED
    )
    outcome = models.CharField(
        _("outcome"), max_length=12, choices=Outcome.choices, default=Outcome.NONE, blank=True
    )
    outcome_note = models.TextField(_("outcome note"), blank=True)
    outcome_by = models.ForeignKey(
        Participant,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="outcomes_recorded",
        verbose_name=_("outcome recorded by"),
    )
    outcome_at = models.DateTimeField(_("outcome recorded at"), null=True, blank=True)
    agreement = models.ForeignKey(
        "registry.Agreement",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meetings",
        verbose_name=_("agreement"),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["forum", "slot__starts_at", "table__number", "id"]
        constraints = [
            models.UniqueConstraint(fields=["slot", "table"], name="unique_meeting_slot_table"),
        ]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return f"meeting {self.pk}"


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class RunPhase(models.TextChoices):
    QUEUED = "queued", _("waiting for a worker")
    READING = "reading", _("reading the programme")
    SCHEDULING = "scheduling", _("scheduling the meetings")
    WRITING = "writing", _("writing the schedule")
    DONE = "done", _("finished")


class ScheduleRun(models.Model):
    """One run of the scheduler over a forum's accepted meetings, done in the background."""

    forum = models.ForeignKey(
        Forum, on_delete=models.CASCADE, related_name="schedule_runs", verbose_name=_("forum")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    progress = models.FloatField(_("progress"), default=0.0, help_text=_("From 0 to 1"))
    stage = models.CharField(_("stage"), max_length=200, blank=True)
    phase = models.CharField(
        _("phase"), max_length=10, choices=RunPhase.choices, default=RunPhase.QUEUED
    )
    meetings = models.PositiveIntegerField(_("accepted meetings"), null=True, blank=True)
    placed = models.PositiveIntegerField(_("meetings placed"), null=True, blank=True)
    best_breaks = models.PositiveIntegerField(_("best breaks so far"), null=True, blank=True)
    bound = models.PositiveIntegerField(_("lower bound on breaks"), null=True, blank=True)
    time_limit = models.FloatField(_("time limit (s)"), default=60.0)
    requested_by = models.ForeignKey(
        "accounts.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="schedule_runs",
        verbose_name=_("requested by"),
    )
    task_id = models.CharField(max_length=100, blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    placements = models.JSONField(
        _("draft placements"),
        default=list,
        blank=True,
        help_text=_(
            "[meeting, slot, table, reason left out] for each accepted meeting; they become "
            "the meetings' places when the run is published"
        ),
    )
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        ordering = ["forum", "-created_at", "-id"]
        constraints = [
            # Two organisers who press the button at once get one run, not two.
            models.UniqueConstraint(
                fields=["forum"],
                condition=models.Q(status__in=["queued", "running"]),
                name="one_active_schedule_run",
            ),
        ]
        verbose_name = _("schedule run")
        verbose_name_plural = _("schedule runs")

    def __str__(self) -> str:
        return f"run {self.pk} ({self.status})"
