"""Figures cached under the registry's version.

Triggers in the database raise `RegistryVersion` on every write to the tables the figures read
(migration 0001), so a key that holds the version can never serve figures of an older registry:
a write makes a new key, and the old entries age out. Reading the version is one row by its
primary key, so a page that is cached costs that one query instead of a pass over the registry.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.core.cache import cache
from django.db import connection

from regionforum.analytics.models import RegistryVersion

# A day: a version's entries are never stale, only unused once the registry changes.
TIMEOUT = 24 * 60 * 60


def registry_version() -> int | None:
    """The registry's version; None inside a transaction, whose own writes may yet be rolled
    back and whose reads must therefore not be cached under a version others will see."""
    if connection.in_atomic_block:
        return None
    found = RegistryVersion.objects.filter(pk=1).values_list("version", flat=True).first()
    return found or 0


def cached[T](name: str, key: object, compute: Callable[[], T]) -> T:
    """`compute()`'s result, cached under `name`, `key` (its repr names the inputs) and the
    registry's version. The results hold data, not translated text, so the language is not
    part of the key."""
    version = registry_version()
    if version is None:
        return compute()
    parts = [name, repr(key), str(version), connection.alias]
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
    cache_key = f"regionforum:analytics:{name}:{digest}"
    found = cache.get(cache_key)
    if found is None:
        found = compute()
        cache.set(cache_key, found, TIMEOUT)
    return found
