"""redd_audit.equations: the registry of equations, their homes and their citations."""

from __future__ import annotations

import pytest

from redd_audit.equations import (
    EQUATION_NUMBERS,
    EQUATIONS,
    HOMES,
    UNCONFIRMED,
    VERSION_UNCONFIRMED,
    by_function,
    by_id,
    citation_of,
)


def test_registry_keys() -> None:
    assert len(by_id()) == len(EQUATIONS)
    assert len(by_function()) == len(EQUATIONS)
    for equation in EQUATIONS:
        assert by_function()[equation.function] is equation


@pytest.mark.parametrize("equation", EQUATIONS, ids=lambda e: e.id)
def test_both_faces_are_defined_in_modules_of_the_same_name(equation) -> None:
    assert equation.function.__name__ == equation.formula.__name__ == equation.id
    python_home = equation.function.__module__.rsplit(".", 1)[-1]
    formula_home = equation.formula.__module__
    assert formula_home == f"redd_audit.formulas.{python_home}"
    assert any(getattr(p, equation.id, None) is equation.function for p, _ in HOMES.values())


def test_citation_from_the_numbers_table() -> None:
    assert citation_of("tree_agb_with_height_kg", "VMD0001 CP-AB", "anything") == (
        VERSION_UNCONFIRMED,
        "Chave et al. 2014, Eq. 4",
    )
    assert by_id()["tree_agb_with_height_kg"].citation == (
        "VMD0001 CP-AB version [unconfirmed], Chave et al. 2014, Eq. 4"
    )


def test_citation_from_the_reference_text_is_marked_unconfirmed() -> None:
    assert citation_of("x", "VMD0007 BL-UP", "BL-UP eq. 4") == (
        VERSION_UNCONFIRMED,
        f"Eq. 4 {UNCONFIRMED}",
    )
    assert citation_of("x", "VMD0010 LK-ASU", "LK-ASU Eq. 7 – 9")[1] == f"Eq. 7 – 9 {UNCONFIRMED}"


def test_unnumbered_sources_have_no_number() -> None:
    assert citation_of("x", "VCS Standard v4 verification", "materiality") == ("", "")
    assert citation_of("x", "VMD0007 BL-UP", "no number here") == (
        VERSION_UNCONFIRMED,
        f"Eq. {UNCONFIRMED}",
    )
    assert citation_of("x", "Unknown source", "") == ("", "")


def test_numbered_table_names_registered_equations() -> None:
    assert set(EQUATION_NUMBERS) <= set(by_id())
