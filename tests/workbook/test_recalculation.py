"""(a) Recalculated by LibreOffice, the workbook reproduces the engine: the hand-made case and
scenarios exercising each rule option."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook

from redd_audit.workbook.context import WorkbookContext
from tests.recalc import recalculate_many, require_soffice
from tests.workbook.case import make_context, make_project, odd_ids, odd_project
from tests.workbook.case_frames import make_frames
from tests.workbook.readback import assert_matches_engine, close, name_cell, write


@pytest.mark.slow
def test_recalculated_workbook_reproduces_the_engine(
    main_ctx: WorkbookContext, main_recalculated: Path
) -> None:
    rc = main_ctx.recomputation
    assert rc is not None
    # the case covers what it should: a partial first vintage, leakage, fires, a material claim
    assert rc.vintages[0].days == 184 and rc.vintages[0].year_fraction < 1
    assert any(f.leakage_tco2e > 0 for f in rc.vintages) and any(
        f.leakage_tco2e == 0 for f in rc.vintages
    )
    assert rc.totals["project_fire_tco2e"] > 0
    assert sum(line.material for line in rc.reconciliation) == 1
    assert_matches_engine(main_recalculated, rc)


@pytest.mark.slow
def test_recalculated_inventory_accuracy_and_exante_match_the_engine(
    main_ctx: WorkbookContext, main_recalculated: Path
) -> None:
    rc = main_ctx.recomputation
    assert rc is not None and rc.inventory is not None and rc.accuracy is not None
    wb = load_workbook(main_recalculated, data_only=True)
    strata = wb["Strata"]
    rows = {r[0]: r for r in strata.iter_rows(min_row=11, max_row=12, values_only=True)}
    for s in rc.inventory.strata.itertuples(index=False):
        got = rows[s.stratum_id]
        for value, expected in (
            (got[1], s.n_plots),
            (got[2], s.above_ground_tc_per_ha),
            (got[3], s.below_ground_tc_per_ha),
            (got[4], s.tree_carbon_tc_per_ha),
            (got[5], s.sd_tc_per_ha),
            (got[7], s.t_975),  # LibreOffice TINV against scipy: agree to ~1e-13
            (got[9], s.uncertainty_fraction),
        ):
            assert close(value, expected), (s.stratum_id, value, expected)
    acc = wb["Accuracy assessment"]
    assert close(name_cell(wb, "Overall_Accuracy_Fraction").value, rc.accuracy.overall_accuracy)
    table = rc.accuracy.class_table().set_index("class")
    per_class = {
        r[0]: r
        for r in acc.iter_rows(values_only=True)
        if r[0] in table.index and isinstance(r[1], float)
    }
    for cls, row in table.iterrows():
        got = per_class[cls]
        assert close(got[1], row["users_accuracy_fraction"])
        assert close(got[3], row["users_accuracy_ci95"])
        assert close(got[4], row["producers_accuracy_fraction"])
        assert close(got[6], row["producers_accuracy_ci95"])
        assert close(got[7], row["area_proportion_fraction"])
        assert close(got[8], row["area_proportion_ci95"])
    exante = wb["Ex-ante vs achieved"]
    got_rows = [r for r in exante.iter_rows(min_row=5, values_only=True) if isinstance(r[0], int)]
    assert rc.exante_comparison is not None and len(got_rows) == len(rc.exante_comparison)
    for got, row in zip(got_rows, rc.exante_comparison.itertuples(index=False), strict=True):
        assert close(got[9], row.exante_net_tco2e)
        assert close(got[14], row.difference_fraction)
    # no error value anywhere
    for ws in wb:
        for r in ws.iter_rows(values_only=True):
            assert not any(
                isinstance(v, str) and v.startswith("#") and v.endswith(("!", "?", "A")) for v in r
            ), ws.title


SCENARIOS = {
    # X-UNC deduction applies: NER_ERROR above the allowable 15 %
    "deduction": lambda: (make_project(uncertainty_tf=0.6), make_frames()),
    # a reversal vintage: monitored project-area deforestation far above the baseline in 2020
    "reversal": lambda: (make_project(), make_frames(pa_2020=25.0)),
    # a reversal caused by leakage while the deduction applies, with the factor applied to it
    "reversal_apply_factor": lambda: (
        make_project(uncertainty_tf=0.5, rules={"reversal_deduction": "apply_factor"}),
        make_frames(lb_2020=10.0),
    ),
    # given uncertainty fractions, leakage netted once per period, other rule options
    "given_per_period": lambda: (
        make_project(
            uncertainty={
                "allowable_fraction": 0.1,
                "baseline_fraction": 0.2,
                "project_fraction": 0.3,
            },
            rules={
                "leakage_netting": "per_period",
                "buffer_base": "adjusted_stock_change",
                "uncertainty_project_weights": "stock_emissions",
            },
        ),
        make_frames(),
    ),
    # the accounting uses the inventory stocks (Chave 2014 trees -> plots -> strata, TINV)
    "inventory_stocks": lambda: (make_project(carbon_stock_source="inventory"), make_frames()),
}


@pytest.mark.slow
def test_scenarios_recalculate_to_the_engine(tmp_path: Path) -> None:
    require_soffice()
    contexts, paths = {}, []
    # one short vintage inside a leap year, stratum ids that are not names
    ctx = make_context(
        odd_project(), odd_ids(make_frames()), start=dt.date(2020, 2, 10), end=dt.date(2020, 3, 9)
    )
    contexts["short_period_odd_ids"] = ctx
    paths.append(write(ctx, tmp_path / "short.xlsx"))
    for name, make in SCENARIOS.items():
        project, frames = make()
        ctx = make_context(project, frames)
        contexts[name] = ctx
        paths.append(write(ctx, tmp_path / f"{name}.xlsx"))
    rcs = {n: c.recomputation for n, c in contexts.items()}
    # each scenario exercises its rule
    assert rcs["deduction"].totals["deduction_factor"] < 1
    assert any(f.reversal for f in rcs["reversal"].vintages)
    assert any(f.vcus > 0 for f in rcs["reversal"].vintages)
    rev = [f for f in rcs["reversal_apply_factor"].vintages if f.reversal]
    assert rev and rev[0].adjusted_ner_tco2e != rev[0].ner_tco2e
    assert rcs["given_per_period"].uncertainty.baseline_fraction_source == "given"
    assert all(f.leakage_tco2e > 0 for f in rcs["given_per_period"].vintages)
    assert rcs["inventory_stocks"].stocks["stock_source"].eq("inventory").all()
    for path, (name, rc) in zip(
        recalculate_many(paths, tmp_path / "recalc"), rcs.items(), strict=True
    ):
        assert rc is not None
        try:
            assert_matches_engine(path, rc)
        except AssertionError as exc:
            raise AssertionError(f"scenario {name}: {exc}") from None
