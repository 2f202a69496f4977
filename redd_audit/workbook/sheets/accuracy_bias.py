"""The size of a map bias on the "Accuracy by class" sheet (contract 5.9).

Below the per-class figures: the project-area strata (area from the Strata sheet, net stock
``Σ pools − C_post`` from the stocks used), the map's area ``A_map`` (``Map_Area_ha``), the
area-weighted emission factor, ``T``, and the named results ``Map_Bias_Implied_Area_ha``
(``_Low_ha``, ``_High_ha``) and ``Map_Bias_Implied_tCO2e`` with the draft finding's type. The
equations are :mod:`redd_audit.methodology.map_bias`, written by the builders of
:mod:`redd_audit.formulas.map_bias`; :mod:`redd_audit.cycle.map_bias` gives the same figures
to summary.json ``accuracy.bias``.
"""

from __future__ import annotations

from redd_audit.cycle.map_bias import mapped_area_source
from redd_audit.formulas.map_bias import (
    area_weighted_emission_factor_tco2e_per_ha,
    implied_emissions_tco2e,
    implied_unrecorded_area_ha,
)
from redd_audit.formulas.monetary_unit import tolerable_misstatement_tco2e
from redd_audit.workbook.book import Book
from redd_audit.workbook.layout import FIRST_ROW, SheetBuilder, fx, inp, label, link
from redd_audit.workbook.model import FACTOR, HA, TC_PER_HA, TCO2E, Cell

ADJUSTED, MAPPED = "Change_Class_Adjusted_Proportion", "Change_Class_Mapped_Proportion"
CI = "Change_Class_Adjusted_CI95"
NOTE = (
    "Sign: + = deforestation the map leaves out (emissions too low, VCUs overstated), as on "
    "the Evidence sample and Period materiality. Draft finding: NCR when even the low end of "
    "the implied emissions exceeds T, else CL."
)


def _known(formula: str) -> str:
    """The formula when the change class has figures, else blank."""
    return f'=IF(ISNUMBER({CI}),{formula[1:]},"")'


def bias_block(book: Book, sh: SheetBuilder, top: int) -> int:
    """Write the block from row ``top``; returns its last row."""
    ctx = book.ctx
    sh.put(top, 1, "Size of the map bias (contract 5.9)", "subtitle")
    sh.headers(
        top + 1, 1, ["Project-area stratum", "Area (ha)", "Net stock Σ C − C_post (tC ha⁻¹)"]
    )
    first = top + 2
    for i, s in enumerate(book.strata):
        r = first + i
        sh.put(r, 1, s.id)
        # the Strata sheet lists the validated strata from FIRST_ROW in project.yaml order
        area = link(f"=Strata!$C${FIRST_ROW + i}", HA)
        net = fx(f"={s.n('AG')}+{s.n('BG')}+{s.n('DW')}+{s.n('LI')}-{s.n('Cpost')}", TC_PER_HA)
        sh.put_row(r, 2, [area, net])
    last = first + max(len(book.strata), 1) - 1
    r = last + 2
    setting = ctx.project.map_accuracy.mapped_area_ha
    rows: list[tuple[str, Cell, str | None, str]] = [
        (
            "Map area A_map (ha)",
            inp(setting, HA, minimum=0.0) if setting is not None else link("=Project_Area_ha", HA),
            "Map_Area_ha",
            mapped_area_source(setting),
        ),
        (
            "Emission factor EF = 44/12 × Σ A (Σ C − C_post) / Σ A (tCO2e ha⁻¹)",
            fx(
                area_weighted_emission_factor_tco2e_per_ha(
                    f"$B${first}:$B${last}", f"$C${first}:$C${last}"
                ),
                FACTOR,
            ),
            "Map_Bias_Emission_Factor_tCO2e_per_ha",
            "strata (above)",
        ),
        (
            "Tolerable misstatement T = materiality × NER (tCO2e)",
            fx(tolerable_misstatement_tco2e("Materiality_Fraction", "Total_NER_tCO2e"), TCO2E),
            "Map_Bias_Tolerable_Misstatement_tCO2e",
            "Parameters, Vintages",
        ),
    ]
    implied = [
        ("Implied unrecorded area (p_adjusted − p_mapped) × A_map (ha)", ADJUSTED, ""),
        ("  low end of the 95 % interval (ha)", f"{ADJUSTED}-{CI}", "_Low"),
        ("  high end of the 95 % interval (ha)", f"{ADJUSTED}+{CI}", "_High"),
    ]
    for text, proportion, suffix in implied:
        formula = implied_unrecorded_area_ha(proportion, MAPPED, "Map_Area_ha")
        rows.append(
            (text, fx(_known(formula), HA), f"Map_Bias_Implied_Area{suffix}_ha", "per class")
        )
    for text, suffix in (
        ("Implied emissions area × EF (tCO2e)", ""),
        ("  low end (tCO2e)", "_Low"),
        ("  high end (tCO2e)", "_High"),
    ):
        formula = implied_emissions_tco2e(
            f"Map_Bias_Implied_Area{suffix}_ha", "Map_Bias_Emission_Factor_tCO2e_per_ha"
        )
        rows.append((text, fx(_known(formula), TCO2E), f"Map_Bias_Implied{suffix}_tCO2e", ""))
    t = "Map_Bias_Tolerable_Misstatement_tCO2e"
    rows += [
        (
            "Implied emissions / T",
            fx(f'=IF(AND(ISNUMBER(Map_Bias_Implied_tCO2e),{t}>0),Map_Bias_Implied_tCO2e/{t},"")'),
            "Map_Bias_Ratio_To_Tolerable",
            "",
        ),
        (
            "Draft finding type (biased change class only)",
            fx(f'=IF(Change_Class_Biased=TRUE,IF(Map_Bias_Implied_Low_tCO2e>{t},"NCR","CL"),"")'),
            "Map_Bias_Finding_Type",
            "Findings (draft)",
        ),
    ]
    for i, (text, cell, name, source) in enumerate(rows):
        sh.put(r + i, 1, text, "key")
        sh.cells[(r + i, 3)] = cell
        if name:
            sh.define(name, r + i, 3)
        sh.put_row(r + i, 4, [label(source)])
    end = r + len(rows)
    sh.put(end, 1, NOTE, "note")
    return end
