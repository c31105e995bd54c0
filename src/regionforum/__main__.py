"""The `regionforum` console entry point: Django's management commands plus our own."""

from __future__ import annotations

import os
import sys

# Commands that serve requests and so need a real, stable secret key outside debug mode.
SERVING_COMMANDS = frozenset({"runserver", "serve"})


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "regionforum.settings")
    args = list(sys.argv if argv is None else ["regionforum", *argv])
    if len(args) > 1 and args[1] == "schedule":
        # The scheduler is a pure package: it starts faster without Django and its settings.
        from regionforum.scheduling.cli import run

        try:
            return run(args[2:])
        except KeyboardInterrupt:
            return 130
    if len(args) > 1 and args[1] == "demo":
        # The demo is a development server on the embedded database: debug defaults apply.
        os.environ.setdefault("REGIONFORUM_DEBUG", "1")
    from regionforum import config
    from regionforum.config import ConfigError

    command = args[1] if len(args) > 1 else ""
    config.allow_ephemeral_secret_key = command not in SERVING_COMMANDS
    try:
        import django

        django.setup()
    except ConfigError as exc:
        print(f"regionforum: configuration error: {exc}", file=sys.stderr)
        return 2
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(args)
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
