"""``numbering-async sandbox``: serve the sandbox of both APIs over HTTP."""

from __future__ import annotations

import asyncio

import click

from numbering_async.cli._base import _note, cli
from numbering_async.cli._running import _run, _stopped


async def _serve(
    host: str, port: int, seed: int, latency_ms: int, api_key: str | None, strict: bool
) -> int:
    from numbering_async.sandbox import serve

    def ready(telnyx_url: str, inumbering_url: str) -> None:
        click.echo(f"Telnyx:     {telnyx_url}")
        click.echo(f"iNumbering: {inumbering_url}")
        click.echo("Stop with Ctrl-C.")

    try:
        await serve(
            host,
            port,
            seed=seed,
            latency_ms=latency_ms,
            api_key=api_key,
            strict=strict,
            ready=ready,
        )
    except asyncio.CancelledError:
        _stopped()
    except OSError as exc:  # the address: taken, unknown, not ours
        raise click.ClickException(f"cannot listen on {host}:{port}: {exc}") from None
    _note("sandbox stopped")
    return 0


@cli.command("sandbox")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8765,
    show_default=True,
    help="Port to listen on (0: any free port).",
)
@click.option("--seed", type=int, default=1, show_default=True, help="Seed of the inventory.")
@click.option(
    "--latency-ms",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Delay added to every answer.",
)
@click.option("--api-key", help="Accept only this key (by default any key is accepted).")
@click.option(
    "--strict",
    is_flag=True,
    help="Refuse query parameters and body fields the specs do not declare "
    "(by default they are ignored, with an X-Sandbox-Warning header).",
)
def sandbox_command(
    host: str, port: int, seed: int, latency_ms: int, api_key: str | None, strict: bool
) -> int:
    """Serve the sandbox of both APIs over HTTP until Ctrl-C or SIGTERM.

    Point a client at it with base_url (or TELNYX_BASE_URL / INUMBERING_BASE_URL).
    """
    return _run(_serve(host, port, seed, latency_ms, api_key, strict))
