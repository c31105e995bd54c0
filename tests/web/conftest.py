from collections.abc import Iterator

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """Undo the language a request activated: LocaleMiddleware leaves it active in the test
    thread, where it would translate the next test's strings."""
    yield
    translation.deactivate()
