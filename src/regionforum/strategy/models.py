from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Programme(models.Model):
    """An integration programme: a set of projects with a horizon (to 2030)."""

    title = models.CharField(_("title"), max_length=300)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    description = models.TextField(_("description"), blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    is_synthetic = models.BooleanField(_("synthetic"), default=False)

    class Meta:
        ordering = ["starts_on", "title"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self) -> str:
        return self.title


class Priority(models.TextChoices):
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


class ProjectStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in progress", _("In progress")
    DONE = "done", _("Done")
    SUSPENDED = "suspended", _("Suspended")


class Theme(models.Model):
    """A priority of the strategy ("microelectronics", "artificial intelligence" …), in three
    languages, under which its projects and the agreements that serve them are gathered."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_ru = models.CharField(_("name (Russian)"), max_length=200)
    name_be = models.CharField(_("name (Belarusian)"), max_length=200, blank=True)
    # Agreement sectors that serve the priority, as the sheets write them (any language).
    sectors = models.JSONField(_("sectors"), default=list, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("strategic priority")
        verbose_name_plural = _("strategic priorities")

    def __str__(self) -> str:
        return self.name_en


class Project(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="projects")
    theme = models.ForeignKey(
        Theme,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
        verbose_name=_("strategic priority"),
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    priority = models.CharField(
        _("priority"), max_length=10, choices=Priority.choices, default=Priority.MEDIUM
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.PLANNED
    )
    sector = models.CharField(_("sector"), max_length=200, blank=True)
    regions = models.ManyToManyField(
        "gazetteer.Region", blank=True, related_name="projects", verbose_name=_("regions")
    )
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "title"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")

    def __str__(self) -> str:
        return self.title


class LinkStatus(models.TextChoices):
    SUGGESTED = "suggested", _("Suggested")
    CONFIRMED = "confirmed", _("Confirmed")
    REJECTED = "rejected", _("Rejected")


class ProjectAgreement(models.Model):
    """An agreement that serves a project: linked by hand, or suggested and then decided."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="links", verbose_name=_("project")
    )
    agreement = models.ForeignKey(
        "registry.Agreement",
        on_delete=models.CASCADE,
        related_name="project_links",
        verbose_name=_("agreement"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=LinkStatus.choices, default=LinkStatus.SUGGESTED
    )
    score = models.FloatField(_("score"), null=True, blank=True)
    reason = models.TextField(_("why it was suggested"), blank=True)
    decided_by = models.ForeignKey(
        "accounts.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "-score", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "agreement"], name="unique_project_agreement"
            ),
        ]
        verbose_name = _("project agreement")
        verbose_name_plural = _("project agreements")

    def __str__(self) -> str:
        return f"{self.project_id} ← {self.agreement_id} ({self.status})"


class ProjectMilestone(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("title"), max_length=300)
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self) -> str:
        return self.title


class Indicator(models.Model):
    """A measurable target of a project, with its baseline and the values reported since."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("name"), max_length=300)
    unit = models.CharField(_("unit"), max_length=50)
    baseline = models.DecimalField(_("baseline"), max_digits=20, decimal_places=2)
    target = models.DecimalField(_("target"), max_digits=20, decimal_places=2)
    target_year = models.PositiveSmallIntegerField(_("target year"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return self.name


class IndicatorValue(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    on = models.DateField(_("date"))
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=2)
    source = models.CharField(_("source"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["on"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "on"], name="unique_indicator_value"),
        ]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value} ({self.on})"
