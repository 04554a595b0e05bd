"""Alert lists in the domain: members and moving them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from beredskap_desktop.domain.alerts import AlertMember, AlertMethod, move


def test_a_member_is_a_contact_or_a_role_not_both_nor_neither():
    assert AlertMember("1", contact_id="c").method is AlertMethod.CALL
    assert AlertMember("2", role_id="r").use_deputy
    with pytest.raises(ValueError):
        AlertMember("3", contact_id="c", role_id="r")
    with pytest.raises(ValueError):
        AlertMember("4")


def test_every_method_has_a_label():
    assert all(method.label for method in AlertMethod)


@pytest.mark.parametrize(("index", "offset", "expected"), [
    (2, -1, ["a", "c", "b", "d"]),
    (0, 1, ["b", "a", "c", "d"]),
    (0, -1, ["a", "b", "c", "d"]),
    (3, 1, ["a", "b", "c", "d"]),
    (3, -10, ["d", "a", "b", "c"]),
    (0, 10, ["b", "c", "d", "a"]),
])
def test_move_clamps_at_the_ends(index, offset, expected):
    items = ["a", "b", "c", "d"]
    assert move(items, index, offset) == expected
    assert items == ["a", "b", "c", "d"]


@given(st.lists(st.integers(), min_size=1, unique=True), st.data())
def test_move_keeps_every_item(items, data):
    index = data.draw(st.integers(0, len(items) - 1))
    offset = data.draw(st.integers(-len(items), len(items)))
    moved = move(items, index, offset)
    assert sorted(moved) == sorted(items)
    assert moved.index(items[index]) == max(0, min(len(items) - 1, index + offset))
