"""The sandbox's iNumbering API (``/v2/iNumbering/...``) and gateways (``/v2.1/gateways/...``).

- :mod:`.routes`: the router, one handler per operation, with its checks and searches;
- :mod:`.requests`: reading required fields, item lists, references and routes from bodies;
- :mod:`.render`: success and partial bodies, numbers and coverage rows;
- :mod:`.account`: the account's state, with no wire format.
"""
