"""The ``numbering-async`` command group and what all its commands share: the program's name
and exit statuses, the providers and the variables of their keys, and one-line notes on stderr.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Final

import attrs
import click

from numbering_async import INumberingClient, TelnyxClient, inumbering, telnyx
from numbering_async.errors import SECRET_RUN, InvalidRequestError, redact

PROG: Final = "numbering-async"
EXIT_FAILED: Final = 1
EXIT_USAGE: Final = 2
EXIT_INTERRUPTED: Final = 130
DEBUG_ENV: Final = "NUMBERING_ASYNC_DEBUG"

Client = TelnyxClient | INumberingClient


@attrs.frozen(slots=True)
class _Provider:
    label: str
    client: type[TelnyxClient] | type[INumberingClient]
    default_url: str

    @property
    def key_env(self) -> str:
        """The variable holding its API key."""
        return self.client.api_key_env


PROVIDERS: Final = {
    "telnyx": _Provider("Telnyx", TelnyxClient, telnyx.DEFAULT_BASE_URL),
    "inumbering": _Provider("iNumbering", INumberingClient, inumbering.DEFAULT_BASE_URL),
}


def _note(message: str) -> None:
    """One line on stderr, with any part of a key from the environment redacted."""
    keys = (os.environ.get(provider.key_env, "").strip() for provider in PROVIDERS.values())
    shown = redact(message, [key for key in keys if len(key) >= SECRET_RUN])
    click.echo(f"{PROG}: {shown}", err=True)


def _split(values: Sequence[str]) -> list[str]:
    """``("201,973", "908")`` -> ``["201", "973", "908"]``."""
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def _renamed(exc: InvalidRequestError, argument: str) -> InvalidRequestError:
    """``exc`` as if raised for ``argument`` (an option name rather than a field name)."""
    message = str(exc).removeprefix(f"{exc.argument}: ")
    return InvalidRequestError(argument, message)


@click.group(context_settings={"help_option_names": ["-h", "--help"]}, invoke_without_command=True)
@click.version_option(package_name="numbering_async", prog_name=PROG)
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Scan and compare number coverage across Telnyx and iNumbering.

    Keys come from TELNYX_API_KEY and INUMBERING_API_KEY; with neither set, commands run
    against the embedded sandbox (no account, no network).
    """
    if ctx.invoked_subcommand is None:
        click.echo(ctx.get_help())
