"""NANP geography: the US and Canadian NPA-NXX blocks and where each one is.

::

    from numbering_async import nanp

    nanp.blocks(state="NJ")  # [NanpBlock(npa='201', nxx='200', locality='Jersey City', ...), ...]
    nanp.blocks(npa="973")  # every block of one area code
    nanp.blocks(state="nj", npa=201)  # both filters; case and str/int do not matter

The data is the geocoding prefix table of the ``phonenumbers`` package (English names), which
comes with the ``sandbox`` extra (``pip install -e ".[sandbox]"`` in a clone of the
repository). It is imported on the first call, not with this module, and the table is built
once per process (a few tenths of a second).

Its NANP keys are ``1`` + an NPA + the first zero to three digits of an NXX, mapped to
``"Locality, ST"`` or to a state's name alone. A block is every US (50 states and DC) or
Canadian NPA-NXX whose longest matching prefix names a locality; prefixes that name only a
state or province, and NPAs the table does not know (such as 202), give no blocks. So this is
what ``phonenumbers`` knows, not NANPA's full assignment table: recent overlays may be absent.

Filters are checked before anything is loaded: a ``state`` that is not two letters, or is not
a US state, DC or a Canadian province or territory (``PR``, ``ZZ``), and an ``npa`` that is not
three digits starting with 2-9 raise :class:`~numbering_async.errors.InvalidRequestError`. A
well-formed NPA with no known blocks gives an empty list.
"""

from __future__ import annotations

import functools
import importlib.util
import itertools
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from numbering_async._validate import check_nanp_code, check_state
from numbering_async.errors import InvalidRequestError

__all__ = ["CA_PROVINCES", "US_STATES", "NanpBlock", "blocks", "country_of"]

# One string per table reads better than 64 quoted items.
US_STATES = frozenset(
    "AK AL AR AZ CA CO CT DC DE FL GA HI IA ID IL IN KS KY LA MA MD ME MI MN MO MS MT NC ND NE "  # noqa: SIM905
    "NH NJ NM NV NY OH OK OR PA RI SC SD TN TX UT VA VT WA WI WV WY".split()
)
"""The 50 US states and DC, as two-letter codes."""

CA_PROVINCES = frozenset("AB BC MB NB NL NS NT NU ON PE QC SK YT".split())  # noqa: SIM905
"""The 10 Canadian provinces and 3 territories, as two-letter codes."""

_INSTALL = 'pip install -e ".[sandbox]" in a clone of numbering_async'
_ABSENT = ("", "")  # no such prefix (a place is never this very tuple)

# The NXX digits a prefix of 1 + NPA + k NXX digits leaves open (an NXX starts with 2-9).
_TAILS = {
    0: ("",),
    1: tuple(str(digit) for digit in range(10)),
    2: tuple(f"{n:02d}" for n in range(100)),
    3: tuple(f"{n:03d}" for n in range(200, 1000)),
}


class NanpBlock(NamedTuple):
    """One NPA-NXX block: the 10,000 numbers sharing an area code and an exchange.

    ``npa`` and ``nxx`` are three-digit strings, ``locality`` the place as ``phonenumbers``
    names it (``Jersey City``), ``state`` the two-letter state, DC or province code,
    ``country`` ``US`` or ``CA``.
    """

    npa: str
    nxx: str
    locality: str
    state: str
    country: str


def country_of(state: str) -> str:
    """``CA`` for a Canadian province or territory code, ``US`` for any other."""
    return "CA" if state in CA_PROVINCES else "US"


def blocks(*, state: str | None = None, npa: str | int | None = None) -> list[NanpBlock]:
    """The known blocks, sorted by NPA then NXX, keeping those of ``state`` and/or ``npa``.

    ``state`` is a two-letter code in any case (``"nj"``); ``npa`` three digits as a string or
    an int. With neither, every block (about 49,000). Raises
    :class:`~numbering_async.errors.InvalidRequestError` for a malformed ``npa`` or ``state``
    or a ``state`` that is not a US state, DC or a Canadian province or territory, and
    :class:`ImportError` when ``phonenumbers`` is not installed.
    """
    code = None if state is None else _known_state(state)
    area = None if npa is None else check_nanp_code("npa", npa)
    if code is not None:
        found = _by_state().get(code, ())
        return [block for block in found if area is None or block.npa == area]
    if area is not None:
        return list(_by_npa().get(area, ()))
    return list(_table())


def _known_state(value: str) -> str:
    code = check_state("state", value)
    if code not in US_STATES and code not in CA_PROVINCES:
        raise InvalidRequestError(
            "state", f"not a US state, DC or Canadian province or territory: {value!r}"
        )
    return code


@functools.cache
def _by_state() -> dict[str, tuple[NanpBlock, ...]]:
    return _group(_table(), 3)


@functools.cache
def _by_npa() -> dict[str, tuple[NanpBlock, ...]]:
    return _group(_table(), 0)


def _group(items: Iterable[NanpBlock], field: int) -> dict[str, tuple[NanpBlock, ...]]:
    grouped: dict[str, list[NanpBlock]] = {}
    for block in items:
        grouped.setdefault(block[field], []).append(block)
    return {key: tuple(group) for key, group in grouped.items()}


def _place(names: dict[str, str]) -> tuple[str, str] | None:
    """``("Jersey City", "NJ")`` from ``{"en": "Jersey City, NJ"}``, or ``None``."""
    locality, sep, state = names.get("en", "").rpartition(", ")
    if not sep or not locality or (state not in US_STATES and state not in CA_PROVINCES):
        return None
    return locality, state


@functools.cache
def _table() -> tuple[NanpBlock, ...]:
    """Every known block, sorted; built once per process."""
    # Prefixes without the leading "1": the NPA and 0-3 NXX digits.
    places = {key[1:]: _place(names) for key, names in _geodata().items() if 4 <= len(key) <= 7}
    candidates: set[str] = set()
    for prefix, place in places.items():
        if place is not None:
            candidates.update(prefix + tail for tail in _TAILS[6 - len(prefix)])
    made: dict[tuple[str, str], tuple[str, str, str]] = {}
    table: list[NanpBlock] = []
    for digits in sorted(candidates):
        # The longest prefix present decides (it may name only a state: no block then).
        for cut in (6, 5, 4, 3):
            place = places.get(digits[:cut], _ABSENT)
            if place is not _ABSENT:
                break
        if place is None:
            continue
        detail = made.get(place)
        if detail is None:
            detail = made[place] = (place[0], place[1], country_of(place[1]))
        table.append(NanpBlock(digits[:3], digits[3:], *detail))
    return tuple(table)


def _geodata() -> dict[str, dict[str, str]]:
    """The ``1``-prefixed entries of ``phonenumbers``' geocoding table.

    The table is split over ``geodata/dataN.py`` modules sorted by prefix, so the NANP part is
    in the first few: load only those (a tenth of the time of the whole table), and fall back
    to the whole table if the package is laid out differently.
    """
    try:
        import phonenumbers
    except ImportError as exc:
        raise ImportError(
            f"NANP geography needs the phonenumbers package: {_INSTALL}", name=exc.name
        ) from exc
    folder = Path(phonenumbers.__file__).parent / "geodata"
    nanp: dict[str, dict[str, str]] = {}
    for index in itertools.count():
        path = folder / f"data{index}.py"
        spec = importlib.util.spec_from_file_location(f"phonenumbers.geodata.data{index}", path)
        if spec is None or spec.loader is None or not path.is_file():
            break
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        chunk: dict[str, dict[str, str]] = module.data
        ones = {key: names for key, names in chunk.items() if key[0] == "1"}
        nanp.update(ones)
        if len(ones) < len(chunk):
            return nanp
    from phonenumbers.geodata import GEOCODE_DATA

    return {key: names for key, names in GEOCODE_DATA.items() if key[0] == "1"}
