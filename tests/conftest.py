"""Shared test configuration."""

from tests.aioresponses_compat import mock_aiohttp

__all__ = ["mock_aiohttp"]
