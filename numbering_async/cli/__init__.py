"""The ``numbering-async`` command: coverage scans, number searches and the sandbox server.

::

    numbering-async scan --state NJ                     # every NJ block, on both providers
    numbering-async scan --npa 201,973 --format csv
    numbering-async search --npa 201 --limit 5
    numbering-async sandbox --port 8765
    numbering-async scan --state NJ --save              # then history, diff, map, watch

Keys come from ``TELNYX_API_KEY`` and ``INUMBERING_API_KEY`` (``TELNYX_BASE_URL`` and
``INUMBERING_BASE_URL`` point a client elsewhere, such as at ``numbering-async sandbox``). With
no key at all, or with ``--sandbox``, every provider runs on the embedded in-process sandbox;
real and sandbox data are never mixed (a provider named in ``--providers`` needs its key).
Errors are one line on stderr and a non-zero exit status: 1 for failures, 2 for bad usage,
130 when interrupted. Needs the ``cli`` extra (click, rich).

This module is the entry point; each command lives in a module of its own here.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

import click

# importing a command's module adds the command to the group
from numbering_async.cli import _history, _sandbox, _scan, _search, _watch  # noqa: F401
from numbering_async.cli._base import (
    DEBUG_ENV,
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    EXIT_USAGE,
    PROG,
    _note,
    cli,
)
from numbering_async.errors import NumberingError

__all__ = ["DEBUG_ENV", "EXIT_FAILED", "EXIT_INTERRUPTED", "EXIT_USAGE", "cli", "main"]


def _invoke(args: Sequence[str] | None) -> int:
    """Run the command line and turn every error into one line and an exit status."""
    try:
        code = cli.main(args=args, prog_name=PROG, standalone_mode=False)
    except click.UsageError as exc:
        hint = f" (see {exc.ctx.command_path} --help)" if exc.ctx is not None else ""
        _note(f"error: {exc.format_message()}{hint}")
        return EXIT_USAGE
    except click.ClickException as exc:
        _note(f"error: {exc.format_message()}")
        return exc.exit_code
    except (click.Abort, KeyboardInterrupt):
        _note("interrupted")
        return EXIT_INTERRUPTED
    except (NumberingError, OSError) as exc:
        _note(f"error: {exc}")
        return EXIT_FAILED
    except Exception as exc:
        if os.environ.get(DEBUG_ENV):
            raise
        _note(f"internal error: {type(exc).__name__}: {exc} (set {DEBUG_ENV}=1 for details)")
        return EXIT_FAILED
    return code if isinstance(code, int) else 0


def main(args: Sequence[str] | None = None) -> None:
    """Run ``numbering-async`` (the console script) and exit with its status."""
    sys.exit(_invoke(args))
