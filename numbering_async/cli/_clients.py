"""The options every provider-facing command shares (``--providers``, ``--sandbox``, ...) and
the clients they open: all on the real APIs, or all on the embedded sandbox."""

from __future__ import annotations

import contextlib
import os
from collections.abc import AsyncIterator, Callable, Sequence
from typing import Any, Final

import attrs
import click

from numbering_async.cli._base import PROVIDERS, Client, _note, _Provider, _renamed, _split
from numbering_async.cli._output import FORMATS, SANDBOX
from numbering_async.errors import InvalidRequestError

_SANDBOX_KEY: Final = "sandbox-key-0000"
"""The key the commands' clients send to the embedded sandbox (which accepts any key)."""


def _provider_list(
    ctx: click.Context, param: click.Parameter, value: str | None
) -> list[str] | None:
    if value is None:
        return None
    names = _split([value])
    if not names or any(name not in PROVIDERS for name in names):
        raise click.BadParameter(
            f"expected a comma-separated list of {', '.join(PROVIDERS)}, got {value!r}"
        )
    return list(dict.fromkeys(names))


_CLIENT_OPTIONS: Final = (
    click.option(
        "--providers",
        callback=_provider_list,
        metavar="LIST",
        help="Comma-separated providers to ask: telnyx, inumbering.  [default: those with a "
        "key; both on the sandbox]",
    ),
    click.option(
        "--output",
        "-o",
        type=click.Path(dir_okay=False, writable=True),
        help="Write the output to this file instead of stdout.",
    ),
    click.option(
        "--sandbox", is_flag=True, help="Use the embedded sandbox for every provider, keys or not."
    ),
    click.option(
        "--seed",
        type=int,
        default=1,
        show_default=True,
        help="Seed of the embedded sandbox's inventory.",
    ),
    click.option(
        "--sandbox-day",
        type=click.IntRange(min=0),
        default=0,
        show_default=True,
        help="Day the embedded sandbox's market is at: its stock sells and restocks daily.",
    ),
)


def _client_options(
    formats: Sequence[str] = FORMATS,
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """The options every provider-facing command shares, ``--format`` taking ``formats``."""

    def decorate(command: Callable[..., Any]) -> Callable[..., Any]:
        for option in reversed(_CLIENT_OPTIONS):
            command = option(command)
        return click.option(
            "--format",
            "fmt",
            type=click.Choice(formats),
            default="table",
            show_default=True,
            help="Output format.",
        )(command)

    return decorate


@attrs.frozen(slots=True)
class _Target:
    """Which providers to ask, and where: the shared options, parsed."""

    providers: list[str] | None
    """``None`` when ``--providers`` was not given: every provider that has a key."""
    sandbox: bool
    seed: int
    day: int = 0
    """The embedded sandbox's market day."""


@attrs.frozen(slots=True)
class _Opened:
    """The open clients of a command, and where each provider's data comes from."""

    clients: list[Client]
    sources: dict[str, str]
    """Provider -> its base URL, or :data:`SANDBOX` for the embedded sandbox."""


@contextlib.asynccontextmanager
async def _clients(target: _Target) -> AsyncIterator[_Opened]:
    """One open client per provider: all on the real APIs, or all on the embedded sandbox.

    Real and sandbox data are never mixed: with ``--sandbox``, or with no key set at all,
    every provider is the sandbox; otherwise a provider named in ``--providers`` without its
    key is an error naming the variable, and without ``--providers`` the providers that have
    a key are asked (the others are skipped with a note).
    """
    wanted = {name: PROVIDERS[name] for name in target.providers or PROVIDERS}
    keys = {name: os.environ.get(p.key_env, "").strip() for name, p in PROVIDERS.items()}
    async with contextlib.AsyncExitStack() as stack:
        clients: list[Client] = []
        if target.sandbox or not any(keys.values()):
            from numbering_async.sandbox import Sandbox

            why = "--sandbox" if target.sandbox else "no TELNYX_API_KEY or INUMBERING_API_KEY set"
            _note(f"{why}: using the embedded sandbox (seed {target.seed}, no network)")
            box = await stack.enter_async_context(Sandbox(seed=target.seed, day=target.day))
            clients = [
                # the default URL, not $..._BASE_URL: the in-process transport ignores it
                p.client(api_key=_SANDBOX_KEY, base_url=p.default_url, transport=box.transport())
                for p in wanted.values()
            ]
            sources = dict.fromkeys(wanted, SANDBOX)
        else:
            for name, provider in wanted.items():
                if keys[name]:
                    clients.append(_client_with_key(provider, keys[name]))
                elif target.providers is not None:
                    raise click.UsageError(
                        f"--providers: {name} needs ${provider.key_env}, which is not set "
                        "(or give --sandbox to use the sandbox for every provider)"
                    )
                else:
                    _note(f"skipping {provider.label}: ${provider.key_env} is not set")
            sources = {client.provider: str(client.base_url) for client in clients}
        for client in clients:
            await stack.enter_async_context(client)
        yield _Opened(clients, sources)


def _client_with_key(provider: _Provider, key: str) -> Client:
    """``provider``'s client with ``key``; a refused key is named as the user knows it."""
    try:
        return provider.client(api_key=key)
    except InvalidRequestError as exc:
        if exc.argument != "api_key":
            raise
        raise _renamed(exc, f"${provider.key_env}") from None
