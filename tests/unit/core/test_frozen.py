"""``_frozen.maker``: the instance ``__init__`` makes, frozen, without ``__init__``'s cost."""

from __future__ import annotations

import attrs
import pytest
from multidict import CIMultiDict
from yarl import URL

from numbering_async._frozen import maker, slot_filled
from numbering_async._http import HttpRequest, HttpResponse, fixed_headers, make_response
from numbering_async.pagination import Page, PageMeta


@attrs.frozen(kw_only=True)
class Plain:
    name: str
    count: int = 0
    _hidden: str | None = attrs.field(default=None, alias="_hidden")


@attrs.frozen
class Checked:
    count: int = attrs.field(validator=attrs.validators.ge(0))


@attrs.frozen(slots=False)
class WithDict:
    name: str


def test_made_instances_are_the_ones_init_makes() -> None:
    made = maker(Plain)("a", 3, "h")
    assert type(made) is Plain
    assert made == Plain(name="a", count=3, _hidden="h")
    assert hash(made) == hash(Plain(name="a", count=3, _hidden="h"))
    assert repr(made) == repr(Plain(name="a", count=3, _hidden="h"))


def test_made_instances_stay_frozen() -> None:
    made = maker(Plain)("a", 3, None)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        made.name = "b"  # type: ignore[misc]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        del made.count  # type: ignore[misc]


@attrs.frozen(kw_only=True)
class Clashing:
    """Fields named like the generated code's own names."""

    r: int
    _cl: int = attrs.field(alias="_cl")
    _twin: int = attrs.field(alias="_twin")
    v0: int


@attrs.frozen
class CheckedKeywords:
    count: int = attrs.field(validator=attrs.validators.ge(0))
    _next: int | None = attrs.field(default=None, kw_only=True, alias="_next")


def test_field_names_never_clash_with_the_generated_code() -> None:
    assert slot_filled(Clashing)
    assert maker(Clashing)(1, 2, 3, 4) == Clashing(r=1, _cl=2, _twin=3, v0=4)


def test_a_class_init_does_more_for_is_made_by_its_init() -> None:
    assert not slot_filled(Checked)
    assert maker(Checked)(3) == Checked(3)
    with pytest.raises(ValueError, match="count"):
        maker(Checked)(-1)  # the validator still runs
    assert maker(WithDict)("a") == WithDict("a")
    # Keyword-only fields are passed by their alias, as on the twin.
    assert maker(CheckedKeywords)(1, 2) == CheckedKeywords(1, _next=2)


def test_responses_and_pages_are_made_as_their_init_makes_them() -> None:
    request = HttpRequest("GET", URL("https://api.example.test/v2/x"))
    response = make_response(200, {"a": "b"}, b"{}", request)
    assert type(response) is HttpResponse
    assert response == HttpResponse(status=200, headers={"a": "b"}, body=b"{}", request=request)
    page = maker(Page)([1, 2], PageMeta(page_number=1), None)
    assert type(page) is Page
    assert page == Page(items=[1, 2], meta=PageMeta(page_number=1))
    assert not page.has_next


def test_fixed_headers_are_read_only_and_case_insensitive() -> None:
    headers = fixed_headers({"Authorization": "Bearer x", "Accept": "application/json"})
    assert headers["authorization"] == "Bearer x"
    assert dict(headers) == {"Authorization": "Bearer x", "Accept": "application/json"}
    with pytest.raises(TypeError):
        headers["Accept"] = "text/csv"  # type: ignore[index]
    source = CIMultiDict({"Accept": "text/csv"})
    copied = fixed_headers(source)
    source["Accept"] = "application/json"
    assert copied["Accept"] == "text/csv"  # a copy: later changes to the source don't show
