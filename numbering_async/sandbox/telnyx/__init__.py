"""The sandbox's Telnyx API (``/v2/...``).

- :mod:`.routes`: the router, one handler per operation of the spec;
- :mod:`.schema`: the query parameters and body fields each route accepts;
- :mod:`.requests`: reading and checking bodies, path ids and filters;
- :mod:`.search`: inventory coverage and available numbers;
- :mod:`.render`: records as JSON, pages, the error envelope, the report CSV;
- :mod:`.account` and :mod:`.records`: the account's state, with no wire format;
- :mod:`.summary`: the account as JSON-ready data, for debugging.
"""
