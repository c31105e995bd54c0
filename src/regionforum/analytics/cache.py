"""Figures cached under the registry's version.

Triggers in the database raise `RegistryVersion` on every write to the tables the figures read
(migration 0001), so a key that holds the version can never serve figures of an older registry:
a write makes a new key, and the old entries age out. Reading the version is one row by its
primary key, so a page that is cached costs that one query instead of a pass over the registry.

The cache is Django's default: local memory in each process, or Redis shared by every process
when `REGIONFORUM_CACHE_URL` is set. A shared cache sees several databases and the same
database across a flush, so the key also holds the row's epoch, which the database draws at
random whenever it creates the row (migration 0002).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable

from django.core.cache import cache
from django.db import connection
from redis.exceptions import RedisError

from regionforum.analytics.models import RegistryVersion

logger = logging.getLogger(__name__)

# A day: a version's entries are never stale, only unused once the registry changes.
TIMEOUT = 24 * 60 * 60


def registry_version() -> tuple[int, str] | None:
    """The registry's version and epoch; None inside a transaction, whose own writes may yet
    be rolled back and whose reads must therefore not be cached under a version others will
    see, and None when the row is missing (a flushed database before its first write, or one
    restored without it), which no key could tell apart from another database's."""
    if connection.in_atomic_block:
        return None
    found = RegistryVersion.objects.filter(pk=1).values_list("version", "epoch").first()
    if found is None or not found[1]:
        return None
    return found


def cached[T](name: str, key: object, compute: Callable[[], T]) -> T:
    """`compute()`'s result, cached under `name`, `key` (its repr names the inputs) and the
    registry's version and epoch. The results hold data, not translated text, so the language
    is not part of the key. A cache that can't be reached costs the computation, not the page."""
    version = registry_version()
    if version is None:
        return compute()
    number, epoch = version
    parts = [name, repr(key), str(number), epoch]
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
    cache_key = f"regionforum:analytics:{name}:{digest}"
    try:
        found = cache.get(cache_key)
    except RedisError:
        logger.warning("the cache can't be read; computing %s", name, exc_info=True)
        return compute()
    if found is None:
        found = compute()
        try:
            cache.set(cache_key, found, TIMEOUT)
        except RedisError:
            logger.warning("the cache can't be written; %s not kept", name, exc_info=True)
    return found
