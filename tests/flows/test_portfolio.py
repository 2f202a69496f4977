"""Portfolio outcomes as single runs' (issue 24 item 3): a project with a material
misstatement is named so (not "passed"), with its misstatement, in the outcome, the state and
the portfolio table; a project on unchanged inputs says so."""

from __future__ import annotations

from flows.portfolio import EXIT_OK, _summary_outcome
from tasks.artifacts import portfolio_markdown
from tests.test_prefect_outcome import MATERIAL, _summary


def test_a_material_misstatement_is_named_in_the_outcome():
    outcome = _summary_outcome("a", _summary(materiality=MATERIAL), "/out/A")
    assert outcome["exit_code"] == EXIT_OK  # the gate passed: exit code 0, as a single run
    assert outcome["outcome"] == "material-misstatement"
    assert outcome["misstatement"].startswith("VCUs overstated by 34,067")
    assert "material" in outcome["message"] and outcome["message"] != "passed"
    unchanged = _summary_outcome("a", _summary(materiality=MATERIAL), "/out/A", 2)
    assert unchanged["message"].startswith("unchanged since revision 2; ")


def test_a_failed_gate_keeps_exit_code_1():
    outcome = _summary_outcome("a", _summary(status="failed_quality_gate", errors=3), "/out/A")
    assert outcome["exit_code"] == 1 and outcome["outcome"] == "failed"


def test_the_portfolio_table_has_conclusion_and_misstatement_columns():
    outcome = _summary_outcome("a", _summary(materiality=MATERIAL), "/out/A")
    text = portfolio_markdown([outcome], "2021-01-01", "2022-12-31")
    header = next(line for line in text.splitlines() if line.startswith("| project"))
    assert "| conclusion | misstatement |" in header
    assert "material-misstatement" in text and "VCUs overstated by 34,067" in text


def test_without_dates_each_project_takes_its_latest_ended_period():
    import datetime as dt
    from pathlib import Path

    from flows.portfolio import project_period
    from redd_audit.periods import resolve_period
    from tasks.collect import collect
    from tests.conftest import SAMPLE

    collected = collect(Path(SAMPLE))
    expected = resolve_period(collected.project, None, None, dt.date.today())
    assert tuple(project_period(collected, None, None)) == tuple(expected)
    given = (dt.date(2021, 1, 1), dt.date(2022, 12, 31))
    assert tuple(project_period(collected, *given)) == given
