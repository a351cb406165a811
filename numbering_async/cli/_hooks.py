"""What ``numbering-async watch`` does when a ``--when`` condition hits: run a command, or
post JSON to a webhook. A hook that fails is one line on stderr; the watch goes on."""

from __future__ import annotations

import asyncio
import json
import os
from typing import Any, Final

import aiohttp
from yarl import URL

from numbering_async.cli._history_output import summary_record
from numbering_async.errors import InvalidRequestError
from numbering_async.history import Hit, ScanDiff

__all__ = ["check_webhook", "payload", "post_webhook", "run_command"]

HOOK_TIMEOUT: Final = 30.0
"""Seconds a command or a webhook may take."""
SCAN_ID_ENV: Final = "NUMBERING_ASYNC_SCAN_ID"


def check_webhook(url: str) -> str:
    """``url`` if it is an absolute http(s) URL; :class:`InvalidRequestError` otherwise."""
    parsed = URL(url)
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise InvalidRequestError("--webhook", f"expected an http:// or https:// URL, got {url!r}")
    return url


def payload(diff: ScanDiff, found: list[Hit]) -> dict[str, Any]:
    """The JSON a hook gets: both scans, the level, and each row that met a condition."""
    return {
        "event": "numbering-async.watch",
        "scan": summary_record(diff.new),
        "previous": summary_record(diff.old),
        "level": diff.level,
        "hits": [
            {
                "condition": str(hit.condition),
                **hit.row.fields,
                "provider": hit.row.provider,
                "old": hit.row.old,
                "new": hit.row.new,
                "change": hit.row.change,
            }
            for hit in found
        ],
    }


async def run_command(command: str, body: dict[str, Any]) -> str | None:
    """Run ``command`` in the shell with ``body`` as JSON on stdin; an error line or ``None``."""
    env_id = str(body["scan"]["id"])
    try:
        process = await asyncio.create_subprocess_shell(
            command,
            stdin=asyncio.subprocess.PIPE,
            env={**os.environ, SCAN_ID_ENV: env_id},
        )
    except OSError as exc:
        return f"--run could not start: {exc}"
    try:
        async with asyncio.timeout(HOOK_TIMEOUT):
            await process.communicate(json.dumps(body).encode())
    except TimeoutError:
        process.kill()
        await process.wait()
        return f"--run took over {HOOK_TIMEOUT:g} s and was stopped"
    if process.returncode:
        return f"--run exited with status {process.returncode}"
    return None


async def post_webhook(url: str, body: dict[str, Any]) -> str | None:
    """POST ``body`` as JSON to ``url``; an error line or ``None``."""
    timeout = aiohttp.ClientTimeout(total=HOOK_TIMEOUT)
    try:
        async with (
            aiohttp.ClientSession(timeout=timeout) as session,
            session.post(url, json=body) as answer,
        ):
            if answer.status >= 300:
                return f"--webhook {url} answered {answer.status} {answer.reason or ''}".rstrip()
    except (aiohttp.ClientError, TimeoutError) as exc:
        return f"--webhook {url} failed: {type(exc).__name__}: {exc}"
    return None
