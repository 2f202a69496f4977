"""redd_audit.nomenclature: docs/nomenclature.md generated from the registries."""

from __future__ import annotations

from pathlib import Path

from redd_audit.equations import EQUATIONS
from redd_audit.nomenclature import INTRO, default_path, render_nomenclature, write_nomenclature
from redd_audit.quantities import QUANTITIES, TERMS


def _section(text: str, title: str) -> list[str]:
    part = text.split(f"## {title}\n", 1)[1].split("\n## ", 1)[0]
    return [line for line in part.splitlines() if line.startswith("|")]


def test_one_table_row_per_registry_entry() -> None:
    text = render_nomenclature()
    assert text.startswith(INTRO) and text.endswith("\n")
    # header and separator lines, then one row each
    assert len(_section(text, "Reported quantities")) == 2 + len(QUANTITIES)
    assert len(_section(text, "Inputs and settings")) == 2 + len(TERMS)
    assert len(_section(text, "Equations")) == 2 + len(EQUATIONS)


def test_equation_rows_name_module_and_function() -> None:
    rows = _section(render_nomenclature(), "Equations")
    assert rows[2].startswith(f"| `{EQUATIONS[0].function.__module__.rsplit('.', 1)[-1]}.")
    assert any(
        row.startswith("| `baseline.baseline_emissions_tco2e` | VMD0007 BL-UP |") for row in rows
    )


def test_pipes_in_cells_are_escaped() -> None:
    for row in _section(render_nomenclature(), "Equations")[2:]:
        cells = row.replace("\\|", "").strip("|").split("|")
        assert len(cells) == 10


def test_write_to_a_given_path(tmp_path: Path) -> None:
    target = write_nomenclature(tmp_path / "n.md")
    assert target.read_text("utf-8") == render_nomenclature()
    assert default_path().name == "nomenclature.md" and default_path().parent.name == "docs"
