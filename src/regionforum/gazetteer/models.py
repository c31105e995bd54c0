from django.db import models
from django.utils.translation import gettext_lazy as _


class Country(models.Model):
    code = models.CharField(_("code"), max_length=2, unique=True, help_text=_("ISO 3166-1 alpha-2"))
    name_en = models.CharField(_("English name"), max_length=100)
    name_ru = models.CharField(_("Russian name"), max_length=100)
    name_be = models.CharField(_("Belarusian name"), max_length=100, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self) -> str:
        return self.name_en


class Region(models.Model):
    code = models.CharField(
        _("code"), max_length=12, unique=True, help_text=_("ISO 3166-2, or the secretariat's own")
    )
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="regions")
    name_en = models.CharField(_("English name"), max_length=150)
    name_ru = models.CharField(_("Russian name"), max_length=150)
    name_be = models.CharField(_("Belarusian name"), max_length=150, blank=True)
    kind = models.CharField(_("kind"), max_length=60, blank=True)
    is_iso = models.BooleanField(_("in ISO 3166-2"), default=True)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        ordering = ["country__code", "name_en"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return f"{self.name_en} ({self.code})"


class RegionName(models.Model):
    """A further spelling of a region's name that the resolver accepts."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="extra_names")
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="unique_region_name"),
        ]
        verbose_name = _("region name")
        verbose_name_plural = _("region names")

    def __str__(self) -> str:
        return self.name
