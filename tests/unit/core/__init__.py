"""Tests of the shared core: transports, errors, query encoding, pagination, retries, pipeline."""
