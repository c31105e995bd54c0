from collections.abc import Iterator

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    """Each test starts with an empty cache: a flushed or rolled-back database starts its
    registry version again, under which another test's figures could still be cached."""
    cache.clear()
    yield
    cache.clear()
