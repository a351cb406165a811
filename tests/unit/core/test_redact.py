"""redact(): any run of 8 characters of a secret goes, whole, cut short or split; nothing else."""

from __future__ import annotations

import string

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from numbering_async.errors import REDACTED, SECRET_RUN, redact
from tests.leaks import RUN, KeyScan

KEY = "ik_live_7H3s3cr3tK3yV4lu3Xq9Lm2Pz8Rt5Wy1"
SCAN = KeyScan(KEY)

KEY_ALPHABET = string.ascii_letters + string.digits + "-_.~+/="
"""What real keys are made of (base64 and URL-safe tokens); no '<' or '>' of the mark."""
keys = st.text(KEY_ALPHABET, min_size=SECRET_RUN, max_size=64).filter(
    lambda key: "redacted" not in key  # the mark itself would then look like a part of the key
)


def test_the_rule_is_eight_characters() -> None:
    assert SECRET_RUN == RUN == 8


def test_a_prefix_left_by_a_cut_is_redacted() -> None:
    page = '<pre>payload: {"apikey":"' + KEY[:13]  # what a 200-character cut left

    assert redact(page, [KEY]) == f'<pre>payload: {{"apikey":"{REDACTED}'


def test_any_eight_characters_of_the_key_are_redacted_wherever_they_are() -> None:
    for start in range(len(KEY) - RUN + 1):
        for end in range(start + RUN, len(KEY) + 1):
            text = f"echo [{KEY[start:end]}] done"
            assert redact(text, [KEY]) == f"echo [{REDACTED}] done", (start, end)


def test_seven_characters_are_too_few_to_tell_a_key_from_text() -> None:
    text = f"{KEY[:7]} and {KEY[-7:]}"

    assert redact(text, [KEY]) == text


def test_the_whole_key_and_its_neighbours() -> None:
    assert redact(f"{KEY}{KEY}", [KEY]) == REDACTED * 2
    assert redact(f"x{KEY}:{KEY[:9]}y", [KEY]) == f"x{REDACTED}:{REDACTED}y"
    assert redact(f"{KEY[:20]}{KEY[25:]}", [KEY]) == REDACTED * 2  # a key with a gap cut out


def test_a_secret_shorter_than_eight_characters_is_replaced_only_whole() -> None:
    assert redact("abc abcd abcdef", ["abcd"]) == f"abc {REDACTED} {REDACTED}ef"


def test_several_secrets_and_json() -> None:
    other = "tok_9f8e7d6c5b4a3210"
    body = {"note": f"{KEY[3:15]} / {other[2:]}", "list": [KEY[-8:]], KEY[:8]: 1}

    assert redact(body, [KEY, other, ""]) == {
        "note": f"{REDACTED} / {REDACTED}",
        "list": [REDACTED],
        REDACTED: 1,
    }


@settings(max_examples=200, deadline=None)
@given(
    key=keys,
    text=st.text(max_size=300),
    parts=st.lists(
        st.tuples(st.integers(0, 300), st.integers(0, 64), st.integers(SECRET_RUN, 64)),
        min_size=1,
        max_size=4,
    ),
)
def test_no_eight_characters_of_the_key_survive(
    key: str, text: str, parts: list[tuple[int, int, int]]
) -> None:
    for at, start, length in parts:
        start = min(start, len(key) - SECRET_RUN)
        part = key[start : start + length]  # the key, or a part of it of 8 characters or more
        text = text[:at] + part + text[at:]

    assert KeyScan(key).runs_in(redact(text, [key])) == []


@settings(max_examples=200, deadline=None)
@given(
    key=keys,
    text=st.text(max_size=300),
    fragments=st.lists(st.tuples(st.integers(0, 64), st.integers(1, SECRET_RUN - 1)), max_size=6),
)
def test_text_without_eight_characters_of_the_key_is_returned_unchanged(
    key: str, text: str, fragments: list[tuple[int, int]]
) -> None:
    # Near misses: pieces of the key of up to 7 characters, kept apart by a space.
    text = " ".join([text, *(key[start : start + length] for start, length in fragments)])
    assume(not KeyScan(key).runs_in(text))

    assert redact(text, [key]) == text


def test_a_large_body_with_many_cut_keys() -> None:
    body = ("x" * 99_990 + KEY[:12]) * 20  # 2 MB of text, a cut key every 100 kB

    redacted = redact(body, [KEY])

    assert SCAN.runs_in(redacted) == []
    assert redacted.count(REDACTED) == 20
