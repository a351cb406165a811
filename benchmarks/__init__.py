"""Benchmarks of ``numbering_async`` against a raw-aiohttp baseline (``python -m benchmarks``).

Not part of the package and not tests: nothing here asserts on timing. See README.md in this
folder for what each workload measures.
"""
