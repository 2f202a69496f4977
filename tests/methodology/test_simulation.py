"""The Monte Carlo engine (contract 7.2, 7.5.4, 7.7): streams, inverse-CDF sampling, the input
rows, the vectorised accounting and its draw-0 check, and the sensitivity.

Independent checks: the draw of a stock factor f equals the deterministic engine recomputed
with every pool of the stratum × f (a project built anew), to 1e-12 relative; the hand values of
the inverse CDFs are the textbook quantiles (median of a normal = its mean, of a symmetric
triangle = its mode, P25 of a uniform = lower + (upper − lower)/4).
"""

from __future__ import annotations

import copy
import dataclasses
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from redd_audit.errors import InputError
from redd_audit.methodology.emission_schedule import POOLS, emission_schedule_tco2e_per_ha
from redd_audit.methodology.engine import recompute
from redd_audit.methodology.simulation import (
    draw_inputs,
    draw_zero_check,
    input_cells,
    simulate,
    tornado,
    variance_shares,
)
from redd_audit.methodology.simulation_inputs import default_input_rows, input_row, input_rows
from redd_audit.methodology.simulation_model import propagate, simulation_model
from redd_audit.methodology.simulation_sampling import (
    Z_975,
    Distribution,
    derived_seed,
    distribution_problems,
    inverse_cdf,
    spawn_key,
    uniforms,
)
from redd_audit.project import Project
from tests.workbook.case import END, START, make_context, project_dict
from tests.workbook.case_frames import make_frames

# --------------------------------------------------------------------------- streams, sampling


def test_spawn_key_and_derived_seed_are_sha256_prefixes() -> None:
    assert spawn_key("a") == 0xCA978112 == 3398926610
    assert derived_seed("P", "2020-01-01", "2020-12-31", None) == int(
        __import__("hashlib").sha256(b"P|2020-01-01|2020-12-31|defaults").hexdigest()[:8], 16
    )


def test_a_stream_is_pcg64_with_the_spawn_key() -> None:
    expected = np.random.Generator(
        np.random.PCG64(np.random.SeedSequence(entropy=7, spawn_key=(spawn_key("x"),)))
    ).random(5)
    assert np.array_equal(uniforms(7, "x", 5), expected)
    assert (uniforms(7, "x", 1000) > 0.0).all()


@settings(max_examples=25, deadline=None)
@given(
    st.integers(0, 2**63 - 1),
    st.lists(
        st.from_regex(r"[A-Za-z0-9_]{1,12}", fullmatch=True), min_size=1, max_size=4, unique=True
    ),
    st.from_regex(r"[A-Za-z0-9_]{1,12}", fullmatch=True),
)
def test_same_seed_same_draws_and_another_row_changes_nothing(seed, names, extra) -> None:
    before = {n: uniforms(seed, n, 50) for n in names}
    again = {n: uniforms(seed, n, 50) for n in [*reversed(names), extra]}
    for n in names:
        assert np.array_equal(before[n], again[n])


@pytest.mark.parametrize(
    ("distribution", "u", "expected"),
    [
        (Distribution("normal", 10.0, 2.0), 0.5, 10.0),
        (Distribution("normal", 10.0, 2.0), 0.975, 10.0 + 2.0 * 1.959963984540054),
        (Distribution("uniform", lower=2.0, upper=6.0), 0.25, 3.0),
        (Distribution("triangular", lower=0.0, mode=1.0, upper=2.0), 0.5, 1.0),
        (Distribution("triangular", lower=0.0, mode=0.0, upper=1.0), 0.75, 0.5),  # 1 − √(1 − u)
        (Distribution("beta", alpha=1.0, beta=1.0), 0.3, 0.3),
        (Distribution("censored_normal", 1.0, 1.0, lower=0.0), 0.01, 0.0),
        (Distribution("truncated_normal", 0.0, 1.0, lower=0.0), 0.5, 0.6744897501960817),
    ],
)
def test_inverse_cdf_hand_values(distribution, u, expected) -> None:
    assert inverse_cdf(distribution, np.array([u]))[0] == pytest.approx(
        expected, rel=1e-9, abs=1e-12
    )


def test_the_lognormal_honours_its_arithmetic_mean_and_sd() -> None:
    d = Distribution("lognormal", 100.0, 30.0)
    x = inverse_cdf(d, uniforms(3, "ln", 400_000))
    assert x.mean() == pytest.approx(100.0, rel=5e-3) and x.std() == pytest.approx(30.0, rel=1e-2)
    # median exp(μ) with μ = ln(100) − ln(1 + 0.09)/2
    assert inverse_cdf(d, np.array([0.5]))[0] == pytest.approx(100 / math.sqrt(1.09), rel=1e-12)


@pytest.mark.parametrize(
    ("distribution", "message"),
    [
        (Distribution("normal", 1.0, 0.0), "sd must be > 0"),
        (Distribution("uniform", lower=2.0, upper=2.0), "below upper"),
        (Distribution("triangular", lower=0.0, mode=3.0, upper=2.0), "mode"),
        (Distribution("lognormal", 0.0, 1.0), "lognormal mean"),
        (Distribution("beta", alpha=0.0, beta=1.0), "alpha and beta"),
        (Distribution("truncated_normal", 0.0, 1.0, lower=9.0, upper=9.5), "probability"),
        (Distribution("weibull", 1.0, 1.0), "not one of"),
    ],
)
def test_bad_parameters_are_named(distribution, message) -> None:
    assert any(message in p for p in distribution_problems(distribution))


# --------------------------------------------------------------------------- input rows (7.1.2)

ROW = {
    "input_id": "agb_tf",
    "quantity": "carbon_stock",
    "stratum_id": "TF",
    "pool": "above_ground",
    "scale": "relative",
    "distribution": "normal",
    "half_width_95_fraction": 0.1,
}


def test_a_half_width_becomes_the_sd() -> None:
    row = input_row(ROW, 0)
    assert row.distribution.mean == 1.0 and row.distribution.sd == pytest.approx(0.1 / Z_975)
    assert row.selects("stratum_id") == "TF" and row.selects("zone") == "*"


@pytest.mark.parametrize(
    ("change", "column"),
    [
        ({"quantity": "stock"}, "quantity"),
        ({"scale": "percent"}, "scale"),
        ({"distribution": "gamma"}, "distribution"),
        ({"sd": 0.05}, "sd"),  # both sd and half_width_95_fraction
        ({"half_width_95_fraction": None}, "sd"),  # neither
        ({"quantity": "monitored_area", "scale": "absolute"}, "scale"),
        ({"distribution": "empirical"}, "draws_column"),
        ({"input_id": "bad id"}, "input_id"),
        ({"distribution": "uniform", "lower": 2, "upper": 1}, "distribution"),
    ],
)
def test_bad_rows_exit_2_naming_row_and_column(change, column) -> None:
    with pytest.raises(InputError) as caught:
        input_row({**ROW, **change}, 3)
    assert caught.value.row == 5 and caught.value.column == column
    assert "uncertainty_inputs" in str(caught.value)


def test_duplicate_ids_are_refused() -> None:
    with pytest.raises(InputError, match="also on row 2"):
        input_rows(pd.DataFrame([ROW, ROW]))


# --------------------------------------------------------------------------- the vectorised path


@pytest.fixture(scope="module")
def case():
    ctx = make_context()
    rc = ctx.recomputation
    model = simulation_model(ctx.project, ctx.frames, START, END, rc)
    rows = default_input_rows(
        [(r["stratum_id"], r["uncertainty_fraction"]) for r in rc.stocks.to_dict("records")]
    )
    return ctx, rc, model, rows


def test_draw_zero_reproduces_the_engine(case) -> None:
    _, rc, model, rows = case
    check = draw_zero_check(rows, model, rc)
    assert check.passed and check.max_relative_difference <= 1e-9


def test_draw_zero_fails_when_the_path_differs(case) -> None:
    _, rc, model, rows = case
    wrong = dataclasses.replace(model, fire_tco2e=tuple(f + 1.0 for f in model.fire_tco2e))
    check = draw_zero_check(rows, wrong, rc)
    assert not check.passed and check.worst.startswith("project_")


def test_a_drawn_stock_equals_the_engine_on_the_scaled_project(case) -> None:
    """Factors 0.9, 1.0, 1.17 on every pool of TF: three engine runs on projects built anew."""
    _, _, model, _ = case
    factors = np.array([0.9, 1.0, 1.17])
    stock = model.stocks["TF"]
    values = {("stock", "TF", p): stock[p] * factors for p in POOLS}
    drawn = propagate(model, values, 3)
    for d, f in enumerate(factors):
        data = copy.deepcopy(project_dict())
        pools = data["strata"][0]["carbon_tc_per_ha"]  # type: ignore[index]
        for p in list(pools):
            pools[p] = pools[p] * f
        rc = recompute(Project.model_validate(data), make_frames(), START, END)
        for i, v in enumerate(rc.vintages):
            assert drawn["ner_tco2e"][i, d] == pytest.approx(v.ner_tco2e, rel=1e-12)
            assert drawn["gross_er_tco2e"][i, d] == pytest.approx(
                v.baseline_tco2e - v.project_tco2e, rel=1e-12
            )


def test_an_array_schedule_equals_the_scalar_one_draw_by_draw() -> None:
    rng = np.random.default_rng(1)
    carbon = {p: rng.uniform(0, 200, 100) for p in POOLS}
    post = rng.uniform(0, 10, 100)
    years = {"above_ground": 1, "below_ground": 10, "dead_wood": 3, "litter": 1}
    table = emission_schedule_tco2e_per_ha(carbon, post, years, 10)
    assert table.shape == (100, 10)
    for d in range(100):
        one = emission_schedule_tco2e_per_ha({p: carbon[p][d] for p in POOLS}, post[d], years, 10)
        np.testing.assert_allclose(table[d], one, rtol=1e-12, atol=0)


def test_simulation_is_chunk_invariant_and_seeded(case) -> None:
    _, _, model, rows = case
    a = simulate(rows, model, seed=11, iterations=1000, chunk_draws=1000)
    b = simulate(rows, model, seed=11, iterations=1000, chunk_draws=137)
    c = simulate(rows, model, seed=12, iterations=1000)
    for name, x in a.series.items():
        assert np.array_equal(x, b.series[name]), name
    assert not np.array_equal(a.series["gross_er_tco2e_period"], c.series["gross_er_tco2e_period"])
    period = a.series["gross_er_tco2e_period"]
    vintages = [x for k, x in a.series.items() if k.startswith("gross_er_tco2e_2")]
    np.testing.assert_allclose(period, np.sum(vintages, axis=0), rtol=1e-15)


def test_adding_a_row_never_changes_another_rows_draws(case) -> None:
    _, _, model, rows = case
    extra = input_row(
        {
            **ROW,
            "input_id": "post_vf",
            "quantity": "post_deforestation_stock",
            "stratum_id": "VF",
            "pool": None,
        },
        0,
    )
    both = [*rows, extra]
    a = draw_inputs(rows, input_cells(rows, model), model, seed=5, iterations=200)
    b = draw_inputs(both, input_cells(both, model), model, seed=5, iterations=200)
    for row in rows:
        assert np.array_equal(a[row.input_id], b[row.input_id])


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([{**ROW, "stratum_id": "ZZ"}], "matches no cell"),
        ([ROW, {**ROW, "input_id": "again"}], "also varied by"),
        (
            [
                {
                    **ROW,
                    "pool": None,
                    "scale": "absolute",
                    "mean": 100,
                    "half_width_95_fraction": None,
                    "sd": 5,
                }
            ],
            "use scale: relative",
        ),
        ([{**ROW, "quantity": "fire_fuel", "pool": None}], "not simulated"),
    ],
)
def test_matching_problems_exit_2(case, rows, message) -> None:
    _, _, model, _ = case
    parsed = [input_row(r, i) for i, r in enumerate(rows)]
    with pytest.raises(InputError, match=message):
        input_cells(parsed, model)


def test_tornado_and_variance_shares(case) -> None:
    _, rc, model, rows = case
    bars = {b.input_id: b for b in tornado(rows, model)}
    deterministic = sum(v.baseline_tco2e - v.project_tco2e for v in rc.vintages)
    for bar in bars.values():
        assert bar.output_at_low_tco2e < deterministic < bar.output_at_high_tco2e
    assert sorted(b.rank for b in bars.values()) == [1, 2]
    sim = simulate(rows, model, seed=2, iterations=2000)
    shares = variance_shares(sim.inputs, sim.series["gross_er_tco2e_period"])
    assert sum(shares.values()) == pytest.approx(1.0)
    top = max(bars.values(), key=lambda b: b.swing_tco2e).input_id
    assert max(shares, key=lambda k: shares[k]) == top


@pytest.mark.parametrize("netting", ["per_vintage", "per_period"])
def test_a_drawn_belt_area_equals_the_engine_on_scaled_events(netting) -> None:
    """A relative monitored_area factor on the leakage belt = the events' areas × f."""
    project = Project.model_validate(
        {**project_dict(), "accounting": {**project_dict()["accounting"],  # type: ignore[dict-item]
                                          "rules": {"leakage_netting": netting}}}
    )  # fmt: skip
    frames = make_frames()
    rc = recompute(project, frames, START, END)
    model = simulation_model(project, frames, START, END, rc)
    row = input_row(
        {**ROW, "input_id": "belt", "quantity": "monitored_area", "zone": "leakage_belt",
         "stratum_id": "*", "pool": None}, 0
    )  # fmt: skip
    cells = input_cells([row], model)
    factors = np.array([0.5, 1.0, 1.3])
    values = {c: model.deterministic(c) * factors for c in cells["belt"]}
    drawn = propagate(model, values, 3)
    for d, f in enumerate(factors):
        scaled = {k: v.copy() for k, v in frames.items()}
        events = scaled["deforestation_events"]
        belt = events["zone"] == "leakage_belt"
        events.loc[belt, "area_ha"] = events.loc[belt, "area_ha"] * f
        expected = recompute(project, scaled, START, END)
        for i, v in enumerate(expected.vintages):
            assert drawn["leakage_tco2e"][i, d] == pytest.approx(v.leakage_tco2e, rel=1e-12)
            assert drawn["ner_tco2e"][i, d] == pytest.approx(v.ner_tco2e, rel=1e-12)


def _empirical(case, draws: pd.DataFrame, iterations: int = 4):
    _, _, model, _ = case
    row = input_row(
        {**ROW, "distribution": "empirical", "draws_column": "agb", "half_width_95_fraction": None},
        0,
    )
    return draw_inputs([row], input_cells([row], model), model, seed=1, iterations=iterations,
                       input_draws=draws)["agb_tf"]  # fmt: skip


def test_empirical_draws_are_read_row_by_row_or_resampled(case) -> None:
    draws = pd.DataFrame({"draw": [1, 2, 3, 4], "agb": [0.9, 1.0, 1.1, 1.2]})
    assert _empirical(case, draws).tolist() == [0.9, 1.0, 1.1, 1.2]  # M = iterations
    resampled = _empirical(case, draws, iterations=1000)
    assert set(resampled.tolist()) <= {0.9, 1.0, 1.1, 1.2} and len(set(resampled.tolist())) == 4


@pytest.mark.parametrize(
    ("draws", "message", "row"),
    [
        (pd.DataFrame({"draw": [1, 2], "agb": [1.0, float("nan")]}), "not a finite number", 3),
        (pd.DataFrame({"draw": [1, 2], "agb": [1.0, "x"]}), "not a finite number", 3),
        (pd.DataFrame({"draw": [1], "agb": [1.0]}), "at least 2 rows", None),
        (pd.DataFrame({"draw": [1, 2], "other": [1.0, 2.0]}), "no column 'agb'", 2),
    ],
)
def test_bad_input_draws_exit_2(case, draws, message, row) -> None:
    with pytest.raises(InputError, match=message) as caught:
        _empirical(case, draws)
    assert caught.value.row == row
