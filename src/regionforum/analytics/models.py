"""The registry's version: a counter that database triggers raise on every change to what the
figures read, so that computed figures can be cached under it and never served stale."""

from __future__ import annotations

from django.db import models

# The tables the figures read; a trigger on each raises the version (migration 0001).
WATCHED_TABLES = (
    "registry_agreement",
    "registry_party",
    "registry_money",
    "registry_organisation",
    "registry_rateload",
    "forums_forum",
    "gazetteer_region",
)


class RegistryVersion(models.Model):
    """One row (id 1), raised by triggers in the database itself, so that bulk writes, raw SQL
    and every other process count as well as the services' own writes."""

    version = models.BigIntegerField(default=0)
    # Random, set by the database whenever the row is created (migration 0002): a flushed
    # database starts its version again from 1, and a cache shared across processes and
    # databases must not take that for the version it counted before.
    epoch = models.CharField(max_length=32, default="")

    class Meta:
        verbose_name = "registry version"
        verbose_name_plural = "registry version"

    def __str__(self) -> str:
        return str(self.version)
