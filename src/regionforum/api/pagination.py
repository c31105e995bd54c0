"""One page of a list, as every list endpoint answers: `{"count", "page", "pages", "results"}`."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Annotated, Any

from django.db.models import QuerySet
from pydantic import Field

PAGE_SIZE = 50

# Bounds on numbers from a request, so that no value overflows a database integer.
Page = Annotated[int, Field(ge=1, le=1_000_000)]
Id = Annotated[int, Field(ge=1, le=2**62)]
Number = Annotated[int, Field(ge=1, le=10_000)]


def page_of(
    rows: QuerySet[Any] | Sequence[Any], *, page: int, render: Callable[[Any], dict[str, Any]]
) -> dict[str, Any]:
    """The `page`-th page (from 1) of `PAGE_SIZE` rows, each rendered; past the last, empty."""
    count = rows.count() if isinstance(rows, QuerySet) else len(rows)
    shown = rows[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    return {
        "count": count,
        "page": page,
        "pages": max(1, math.ceil(count / PAGE_SIZE)),
        "results": [render(row) for row in shown],
    }
