from django.db import models
from django.utils.translation import gettext_lazy as _


class Forum(models.Model):
    """One Forum of Regions, numbered from 1 (I, 2014)."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    year = models.PositiveSmallIntegerField(_("year"))
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    host_cities = models.CharField(_("host cities"), max_length=200, blank=True)
    theme = models.TextField(_("theme"), blank=True)
    announced_agreements = models.PositiveIntegerField(
        _("announced agreements"), null=True, blank=True
    )
    announced_value = models.DecimalField(
        _("announced value"), max_digits=20, decimal_places=2, null=True, blank=True
    )
    announced_currency = models.CharField(_("announced currency"), max_length=3, blank=True)
    source = models.TextField(_("source"), blank=True)

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
