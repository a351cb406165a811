"""Static checks of the public API's types (run by mypy from test_public_api_types.py)."""
