"""Pages of agreements whose count is already known (from the figures, or cached under the
registry's version), so that a page costs its own rows rather than a count of every match."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

from regionforum.registry.models import Agreement

PAGE_SIZE = 25


class CountedPaginator(Paginator):
    """A paginator told its count."""

    def __init__(self, object_list: QuerySet[Agreement], per_page: int, *, count: int) -> None:
        super().__init__(object_list, per_page)
        self._known_count = count

    @cached_property
    def count(self) -> int:
        return self._known_count
