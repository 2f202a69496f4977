"""redd_audit.cycle.json_values: typed views of JSON-like values."""

from __future__ import annotations

import pytest

from redd_audit.cycle.json_values import as_float, as_int, items, mapping, mappings


def test_containers_read_empty_when_missing() -> None:
    assert mapping(None) == {} and mapping([1]) == {}
    assert mapping({"a": 1}) == {"a": 1}
    assert items(None) == [] and items({"a": 1}) == [] and items((1, 2)) == [1, 2]
    assert mappings([{"a": 1}, 2, None, {"b": 2}]) == [{"a": 1}, {"b": 2}]


def test_numbers_convert_like_the_builtins() -> None:
    assert as_int("12") == 12 and as_int(3.9) == 3 and as_int(True) == 1
    assert as_float("1.5") == 1.5 and as_float(2) == 2.0
    with pytest.raises(ValueError):
        as_int("1.5")


@pytest.mark.parametrize("value", [None, [1], {"a": 1}])
def test_other_values_raise_type_error(value: object) -> None:
    kind = type(value).__name__
    with pytest.raises(TypeError, match=f"not '{kind}'"):
        as_int(value)
    with pytest.raises(TypeError, match=f"not '{kind}'"):
        as_float(value)
