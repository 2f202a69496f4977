"""project.yaml settings of contract.md section 8.1 (VM0007 AUDD as verified reports apply it):
defaults, stocks in tCO2e/ha and the exit-2 cases of section 8.10."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from redd_audit.errors import InputError
from redd_audit.project import load_project

GOLDEN = Path(__file__).parent / "golden" / "one-stratum"
K = 44 / 12


CARBON = "    carbon_tc_per_ha: {above_ground: 100, below_ground: 20, dead_wood: 10, litter: 0}\n"


def _load(tmp_path: Path, edit) -> object:
    folder = tmp_path / "project"
    shutil.copytree(GOLDEN, folder)
    path = folder / "project.yaml"
    path.write_text(edit(path.read_text("utf-8")), "utf-8")
    return load_project(folder)


def _accounting(extra: str):
    return lambda t: t.replace(
        "  vintage_allocation: calendar_year\n", f"  vintage_allocation: calendar_year\n{extra}"
    )


def _project_year(extra: str):
    return lambda t: t.replace(
        "  vintage_allocation: calendar_year\n", f"  vintage_allocation: project_year\n{extra}"
    )


def _stratum(old: str, new: str):
    return lambda t: t.replace(old, new)


def test_defaults_leave_the_existing_conventions() -> None:
    acc = load_project(GOLDEN).accounting
    assert acc.vintage_allocation == "calendar_year" and acc.project_year_start is None
    assert acc.project_year_label == "end_year"
    assert acc.monitoring.annualize == "dated"
    assert acc.baseline.source == "exante_cohorts"
    assert acc.leakage.immigrants.enabled is False
    assert load_project(GOLDEN).strata[0].post_disturbance_tc_per_ha == 0.0


def test_project_year_settings(tmp_path: Path) -> None:
    project = _load(
        tmp_path,
        _project_year(
            '  project_year_start: "07-01"\n  project_year_label: start_year\n'
            "  monitoring: {annualize: even}\n  baseline: {source: fixed_table}\n"
        ),
    )
    acc = project.accounting
    assert (acc.project_year_start, acc.project_year_label) == ("07-01", "start_year")
    assert acc.monitoring.annualize == "even" and acc.baseline.source == "fixed_table"


@pytest.mark.parametrize(
    ("edit", "words"),
    [
        (_project_year('  project_year_start: "7-1"\n'), "MM-DD"),
        (_project_year('  project_year_start: "02-29"\n'), "02-29"),
        (_project_year('  project_year_start: "13-01"\n'), "not a day of the year"),
        (_project_year('  project_year_start: "04-31"\n'), "not a day of the year"),
        (_project_year(""), "needs project_year_start"),
        (_accounting('  project_year_start: "07-01"\n'), "calendar_year"),
        (_accounting("  monitoring: {annualize: monthly}\n"), "annualize"),
        (_accounting("  baseline: {source: pd}\n"), "source"),
    ],
)
def test_project_year_refusals(tmp_path: Path, edit, words: str) -> None:
    with pytest.raises(InputError) as caught:
        _load(tmp_path, edit)
    assert words in str(caught.value)


def test_stocks_in_tco2e_per_ha_are_converted_once(tmp_path: Path) -> None:
    project = _load(
        tmp_path,
        _stratum(
            CARBON + "    post_deforestation_tc_per_ha: 5\n",
            "    carbon_tco2e_per_ha: {above_ground: 400.0}\n"
            "    post_deforestation_tco2e_per_ha: 30.0\n"
            "    post_disturbance_tco2e_per_ha: 11.0\n",
        ),
    )
    s = project.strata[0]
    assert s.carbon_tc_per_ha.above_ground == pytest.approx(400.0 / K, rel=1e-15)
    assert s.carbon_tc_per_ha.below_ground == 0.0
    assert s.post_deforestation_tc_per_ha == pytest.approx(30.0 / K, rel=1e-15)
    assert s.post_disturbance_tc_per_ha == pytest.approx(3.0, rel=1e-15)
    assert K * (s.carbon_tc_per_ha.total - s.post_deforestation_tc_per_ha) == pytest.approx(370)
    assert s.carbon_tco2e_per_ha is not None and s.carbon_tco2e_per_ha.above_ground == 400.0


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        (
            "    post_deforestation_tc_per_ha: 5\n",
            "    post_deforestation_tc_per_ha: 5\n    post_deforestation_tco2e_per_ha: 18\n",
            "not both",
        ),
        (
            "    post_deforestation_tc_per_ha: 5\n",
            "    post_deforestation_tc_per_ha: 5\n    carbon_tco2e_per_ha: {above_ground: 1}\n",
            "not both",
        ),
        (
            CARBON,
            "",
            "carbon_tc_per_ha or carbon_tco2e_per_ha",
        ),
        (
            "    post_deforestation_tc_per_ha: 5\n",
            "    post_deforestation_tc_per_ha: 5\n    post_disturbance_tc_per_ha: -1\n",
            "post_disturbance_tc_per_ha",
        ),
    ],
)
def test_stock_refusals(tmp_path: Path, old: str, new: str, words: str) -> None:
    with pytest.raises(InputError) as caught:
        _load(tmp_path, _stratum(old, new))
    assert words in str(caught.value)


IMMIGRANTS = "  leakage:\n    immigrants: {enabled: true%s}\n"


def test_immigrant_settings(tmp_path: Path) -> None:
    project = _load(
        tmp_path,
        _accounting(
            IMMIGRANTS % ", prop_imm_fraction: 0.2, outside_belt_emission_tc_per_ha: 81.8182"
        ),
    )
    imm = project.accounting.leakage.immigrants
    assert imm.prop_imm_fraction == 0.2 and imm.actual_area == "project_and_belt"
    assert imm.floor_at_zero is True


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        (", outside_belt_emission_tco2e_per_ha: 300", "prop_imm_fraction"),
        (", prop_imm_fraction: 0.2", "neither"),
        (
            ", prop_imm_fraction: 0.2, outside_belt_emission_tco2e_per_ha: 300, "
            "outside_belt_emission_tc_per_ha: 81.8",
            "exactly one",
        ),
        (", prop_imm_fraction: 20, outside_belt_emission_tco2e_per_ha: 300", "percentage"),
        (", prop_imm_fraction: 0.2, outside_belt_emission_tco2e_per_ha: 3, actual_area: x", "x"),
    ],
)
def test_immigrant_refusals(tmp_path: Path, extra: str, words: str) -> None:
    with pytest.raises(InputError) as caught:
        _load(tmp_path, _accounting(IMMIGRANTS % extra))
    assert words in str(caught.value)
