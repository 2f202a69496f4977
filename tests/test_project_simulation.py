"""The settings of the deduction rule and the simulation (contract 7.1.1, 7.7):
redd_audit/project_simulation.py. Out-of-domain values fail project.yaml (exit 2) naming the
line and the setting; the defaults change nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pydantic import ValidationError

from redd_audit.errors import InputError
from redd_audit.project import load_project
from redd_audit.project_settings import UncertaintySettings
from redd_audit.project_simulation import (
    ArtTreesRule,
    FcpfRule,
    SimulationSettings,
    draws_missing,
)
from tasks.collect import collect

GOLDEN = Path(__file__).parent / "golden" / "one-stratum"
UNCERTAINTY = (
    "  uncertainty: {allowable_fraction: 0.15, baseline_fraction: null, project_fraction: null}"
)


def _load(tmp_path: Path, uncertainty: str = "", simulation: str = ""):
    folder = tmp_path / "project"
    shutil.copytree(GOLDEN, folder)
    path = folder / "project.yaml"
    text = path.read_text("utf-8")
    assert UNCERTAINTY in text
    replacement = (
        "  uncertainty: {allowable_fraction: 0.15, baseline_fraction: null, "
        f"project_fraction: null{uncertainty}}}"
    )
    if simulation:
        replacement += f"\n  simulation: {{{simulation}}}"
    path.write_text(text.replace(UNCERTAINTY, replacement), "utf-8")
    return load_project(folder)


def test_the_defaults_are_vcs_xunc_by_propagation_without_simulation(tmp_path: Path) -> None:
    acc = _load(tmp_path).accounting
    assert acc.uncertainty.rule == "vcs-xunc" and acc.uncertainty.vcs_xunc.source == "propagation"
    assert not acc.uncertainty.needs_draws
    sim = acc.simulation
    assert (sim.enabled, sim.iterations, sim.seed, sim.chunk_draws) == (False, 10_000, None, 2000)
    assert (sim.percentile_method, sim.store_draws, sim.draws_in_workbook) == (
        "linear",
        "parquet",
        "auto",
    )
    assert sim.convergence.window == 1000 and sim.convergence.running_mean_band_fraction == 0.005
    assert acc.uncertainty.art_trees.ua_scale == 0.524417 and acc.uncertainty.art_trees.t90 == (
        1.645006
    )
    assert acc.uncertainty.fcpf.bounds == (0.15, 0.30, 0.60, 1.00)
    assert acc.uncertainty.fcpf.factors == (0.0, 0.04, 0.08, 0.12, 0.15)


@pytest.mark.parametrize(
    ("uncertainty", "simulation", "setting"),
    [
        (", rule: gcf", "", "accounting.uncertainty.rule"),
        (", art_trees: {confidence: 1.0}", "", "accounting.uncertainty.art_trees.confidence"),
        (", art_trees: {leakage_fraction: 1.5}", "", "art_trees.leakage_fraction"),
        (", fcpf: {bounds: [0.3, 0.2, 0.6, 1.0]}", "", "accounting.uncertainty.fcpf"),
        (", fcpf: {factors: [0.0, 0.04]}", "", "accounting.uncertainty.fcpf"),
        (", fcpf: {factors: [0.0, 0.04, 0.08, 0.12, 1.5]}", "", "fcpf.factors"),
        (", vcs_xunc: {source: bootstrap}", "", "vcs_xunc.source"),
        ("", "iterations: 999", "accounting.simulation.iterations"),
        ("", "iterations: 1000001", "accounting.simulation.iterations"),
        ("", "seed: -1", "accounting.simulation.seed"),
        ("", "seed: 9223372036854775808", "accounting.simulation.seed"),
        ("", "seed: 1.5", "accounting.simulation.seed"),
        ("", "percentile_method: nearest", "accounting.simulation.percentile_method"),
        ("", "store_draws: feather", "accounting.simulation.store_draws"),
    ],
)
def test_out_of_domain_settings_exit_2_naming_the_setting(
    tmp_path: Path, uncertainty: str, simulation: str, setting: str
) -> None:
    with pytest.raises(InputError) as caught:
        _load(tmp_path, uncertainty, simulation)
    message = str(caught.value)
    assert "project.yaml" in message and setting in message and "line" in message


@pytest.mark.parametrize(
    ("uncertainty", "simulation", "refused"),
    [
        (", rule: art-trees", "", "uncertainty.rule art-trees"),
        (", rule: fcpf", "", "uncertainty.rule fcpf"),
        (", vcs_xunc: {source: simulation}", "", "vcs_xunc.source: simulation"),
        (", rule: fcpf", "enabled: true", None),
        (", rule: art-trees", "enabled: true", None),
        ("", "", None),
    ],
)
def test_a_rule_that_needs_draws_without_draws_is_exit_2(
    tmp_path: Path, uncertainty: str, simulation: str, refused: str | None
) -> None:
    """Contract 7.1.1/7.7: art-trees or fcpf (or X-UNC from the simulation) without a
    simulation and without simulation_draws -> exit 2, naming project.yaml and the setting;
    with either source of draws the project is accepted."""
    acc = _load(tmp_path, uncertainty, simulation).accounting
    message = draws_missing(acc.uncertainty, acc.simulation, ["deforestation_events"])
    if refused is None:
        assert message is None
    else:
        assert message is not None and refused in message and "simulation_draws" in message
        assert draws_missing(acc.uncertainty, acc.simulation, ["simulation_draws"]) is None


def test_collect_refuses_art_trees_without_draws(tmp_path: Path) -> None:
    _load(tmp_path, ", rule: art-trees")
    with pytest.raises(InputError) as caught:
        collect(tmp_path / "project")
    message = str(caught.value)
    assert "project.yaml" in message and "accounting.uncertainty.rule" in message


def test_the_fcpf_tiers_and_the_selected_rule() -> None:
    fcpf = FcpfRule(bounds=(0.1, 0.2), factors=(0.0, 0.05, 0.1))
    assert fcpf.factors[-1] == 0.1
    with pytest.raises(ValidationError, match="strictly increasing"):
        FcpfRule(bounds=(0.1, 0.1, 0.6, 1.0))
    with pytest.raises(ValidationError, match="len\\(bounds\\) \\+ 1"):
        FcpfRule(factors=(0.0, 0.04, 0.08, 0.12))
    settings = UncertaintySettings(rule="art-trees", art_trees={"ua_decimals": 4})
    assert isinstance(settings.selected(), ArtTreesRule) and settings.selected().ua_decimals == 4
    assert settings.needs_draws
    assert draws_missing(UncertaintySettings(), SimulationSettings(), []) is None
    with pytest.raises(ValidationError):
        ArtTreesRule(ua_decimals=16)


def test_a_simulation_under_vcs_xunc_by_propagation_is_accepted(tmp_path: Path) -> None:
    acc = _load(tmp_path, "", "enabled: true, iterations: 2000, seed: 7").accounting
    assert acc.simulation.enabled and acc.simulation.seed == 7
