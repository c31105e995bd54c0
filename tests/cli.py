"""Running the `regionforum` console entry point inside a test, as a user runs it."""

import pytest

from regionforum.__main__ import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int | str | None, str, str]:
    """Run `regionforum ARGS...` and return its exit code, its output and its errors."""
    try:
        code = main(list(args))
    except SystemExit as exit_:
        code = exit_.code
    captured = capsys.readouterr()
    return code, captured.out, captured.err
