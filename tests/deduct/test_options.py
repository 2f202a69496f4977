"""redd_audit.deduct.options: command-line options as checked rule settings."""

from __future__ import annotations

import pytest

from redd_audit.deduct.options import DeductOptions, deterministic_values, rule_settings
from redd_audit.errors import InputError


@pytest.mark.parametrize(
    ("rule", "center", "reference", "confidence"),
    [
        ("vcs-xunc", "mean", "mean", 0.95),
        ("art-trees", "mean", "mean", 0.9),
        ("fcpf", "median", "median", 0.9),
    ],
)
def test_rule_defaults(rule: str, center: str, reference: str, confidence: float) -> None:
    settings = rule_settings(DeductOptions(rule=rule))
    assert (settings.center, settings.half_width_reference) == (center, reference)
    assert settings.confidence == confidence
    assert settings.allowable_fraction == 0.15


def test_given_options_replace_the_defaults() -> None:
    settings = rule_settings(
        DeductOptions(rule="fcpf", center="mean", confidence=0.8, allowable_fraction=0.1)
    )
    assert (settings.center, settings.confidence, settings.allowable_fraction) == (
        "mean",
        0.8,
        0.1,
    )


def test_problems_name_the_option() -> None:
    with pytest.raises(
        InputError, match=r"^unknown rule 'x': use one of vcs-xunc, art-trees, fcpf"
    ):
        rule_settings(DeductOptions(rule="x"))
    with pytest.raises(InputError, match=r"--buffer-fraction: "):
        rule_settings(DeductOptions(rule="vcs-xunc", buffer_fraction=1.5))


def test_deterministic_values() -> None:
    assert deterministic_values(None, ["a"]) == {}
    assert deterministic_values(" a=1.5, ,b=-2 ", ["a", "b"]) == {"a": 1.5, "b": -2.0}
    for text in ("a", "a=inf", "a=x"):
        with pytest.raises(InputError, match="is not SERIES=NUMBER"):
            deterministic_values(text, ["a"])
    with pytest.raises(InputError, match=r"'c' is not a series of the table \(a, b\)"):
        deterministic_values("c=1", ["a", "b"])
