"""Class 2 of issue 21: the new tables under bad input. Duplicates, reversed or impossible
dates, overlapping periods, fractional or negative units, vintages outside the crediting period,
unknown codes (also with stray whitespace or another case), and markup, formula text and
``javascript:``/``file:`` links in free text (inert wherever the tool writes them).

One data-quality check (GX suites and the cycle's own checks) runs on a golden project with the
bad tables; reader-level cases need no check."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pytest

from flows.terminal import visible
from redd_audit.errors import InputError
from redd_audit.tables.read import read_table
from redd_audit.tables.schemas import SCHEMAS
from redd_audit.workbook.csv_safe import neutralise
from redd_audit.workbook.writer import _cell, _Styles
from tests.test_read import make_project

GOLDEN = Path(__file__).parents[1] / "golden" / "one-stratum"
START, END = dt.date(2019, 1, 1), dt.date(2020, 12, 31)
HISTORY = "issuance_history.csv"
REGISTER = "verification_findings.csv"
LINK = '=HYPERLINK("javascript:alert(1)","open")'
MARKUP = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory):
    from tasks.collect import collect
    from tasks.gx_docs import build_data_docs
    from tasks.quality import check

    root = tmp_path_factory.mktemp("new-tables")
    project = root / "project"
    shutil.copytree(GOLDEN, project)
    (project / HISTORY).write_text(
        "period_start,period_end,vintage,vcus_issued,buffer_tco2e\n"
        "2012-01-01,2012-12-31,2012,100.5,10\n"  # 2: a fraction of a VCU
        "2013-01-01,2013-12-31,2013,100,10\n"  # 3
        "2013-07-01,2014-06-30,2014,100,10\n"  # 4: overlaps row 3's period
        "2015-01-01,2015-12-31,2011,100,10\n"  # 5: vintage outside its period
        "2016-12-31,2016-01-01,2016,100,10\n"  # 6: reversed
        "2041-01-01,2041-12-31,2040,100,10\n"  # 7: outside the crediting period, after
        "2017-01-01,2018-12-31,2017,-3,10\n"  # 8: negative
        "2017-01-01,2018-12-31,2017,5,10\n",  # 9: duplicate key of row 8
        encoding="utf-8",
    )
    (project / REGISTER).write_text(
        "finding_id,type,status,raised_on,reference,description,response\n"
        f'F-1,NCR,open,2021-01-01,"{LINK.replace(chr(34), chr(34) * 2)}",{MARKUP},'
        "file:///etc/passwd\n"
        "F-2, car , CLOSED ,2021-01-02,MR 2,ok,done\n"
        f"F-3,{MARKUP},open,2021-01-03,MR 3,x,\n"
        "F-3,CL,pending,2021-01-04,MR 4,y,\n",
        encoding="utf-8",
    )
    outcome = check(collect(project), START, END)
    docs = build_data_docs(outcome.report, root / "docs")
    found = {(f.file, f.row, f.column, f.severity): f for f in outcome.findings}
    return found, outcome.findings, docs.parent


@pytest.mark.parametrize(
    ("row", "column", "severity", "words"),
    [
        (2, "vcus_issued", "error", "whole units"),
        (4, "period_start", "error", "double issuance in the history"),
        (5, "vintage", "warning", "outside its period"),
        (7, "period_end", "error", ""),
        (7, "period_start", "warning", "after the audited period"),
        (8, "vcus_issued", "error", ""),
    ],
)
def test_history_defects_are_findings_naming_row_and_column(checked, row, column, severity, words):
    found, _, _ = checked
    finding = found.get((HISTORY, row, column, severity))
    assert finding is not None, sorted(k for k in found if k[0] == HISTORY)
    assert words in finding.message


def test_reversed_and_duplicate_history_rows_are_errors(checked) -> None:
    found, _, _ = checked
    rows = {k[1] for k in found if k[0] == HISTORY and k[3] == "error"}
    assert {6, 8, 9} <= rows


def test_register_codes_trimmed_unknown_and_duplicates(checked) -> None:
    found, _, _ = checked
    assert not any(k[0] == REGISTER and k[1] == 3 for k in found)  # " car ", " CLOSED "
    assert (REGISTER, 4, "type", "error") in found
    assert (REGISTER, 5, "status", "error") in found
    assert {(REGISTER, 4, "finding_id", "error"), (REGISTER, 5, "finding_id", "error")} <= set(
        found
    )


def test_every_finding_names_file_and_column(checked) -> None:
    _, findings, _ = checked
    for f in findings:
        assert f.file and f.column, f


def test_markup_stays_inert_in_data_docs(checked) -> None:
    _, _, docs = checked
    pages = "".join(p.read_text("utf-8", "replace") for p in docs.rglob("*.html"))
    assert "onerror=alert" not in pages.replace("onerror=alert(1)&gt;", "")
    assert MARKUP not in pages


def test_markup_and_links_stay_inert_in_the_workbook_csv_and_terminal() -> None:
    sheet = openpyxl.Workbook(write_only=True).create_sheet()
    cell = _cell(sheet, _Styles(sheet), LINK, "input", None)
    assert cell is not None and cell.data_type == "s" and cell.quotePrefix
    cell = _cell(sheet, _Styles(sheet), "javascript:alert(1)", "label", None)
    assert cell is not None and cell.data_type == "s" and cell.hyperlink is None
    assert neutralise(LINK) == "'" + LINK
    assert neutralise("@SUM(1)") == "'@SUM(1)"
    assert visible("\x1b]8;;file:///etc/passwd\x07x") == "\\x1b]8;;file:///etc/passwd\\x07x"


@pytest.mark.parametrize(
    ("table", "header", "row", "column", "expected"),
    [
        (
            "deforestation_events",
            "event_id,zone,stratum_id,detected_on,area_ha,driver,source",
            "E-1, Project_Area ,TF,2021-03-01,2.5,agriculture,PRODES",
            "zone",
            "project_area",
        ),
        (
            "fire_events",
            "event_id,zone,stratum_id,burned_on,area_ha,land_cover",
            "F-1,LEAKAGE_BELT,TF,2021-03-01,2.5, Forest",
            "land_cover",
            "forest",
        ),
        (
            "inventory_trees",
            "plot_id,tree_id,dbh_cm,height_m,wood_density_g_cm3,species,status",
            "P-1,T-1,20,15,0.6,x,Dead_Standing ",
            "status",
            "dead_standing",
        ),
        (
            "baseline_exante",
            "zone,stratum_id,year,area_ha",
            "Leakage_Belt,TF,2020,3",
            "zone",
            "leakage_belt",
        ),
    ],
)
def test_closed_list_codes_are_trimmed_and_case_folded(
    tmp_path: Path, table: str, header: str, row: str, column: str, expected: str
) -> None:
    (tmp_path / f"{table}.csv").write_text(f"{header}\n{row}\n", "utf-8")
    loaded = read_table(tmp_path, make_project(), SCHEMAS[table])
    assert loaded is not None and loaded.frame[column].tolist() == [expected]


def test_unknown_code_is_kept_as_written_for_the_gate(tmp_path: Path) -> None:
    (tmp_path / "fire_events.csv").write_text(
        "event_id,zone,stratum_id,burned_on,area_ha,land_cover\nF-1,buffer,TF,2021-03-01,1,wet\n",
        "utf-8",
    )
    loaded = read_table(tmp_path, make_project(), SCHEMAS["fire_events"])
    assert loaded is not None
    assert loaded.frame[["zone", "land_cover"]].iloc[0].tolist() == ["buffer", "wet"]


@pytest.mark.parametrize(
    "day", ["2021-02-30", "2021-13-01", "0000-01-01", "2021-1-5", "9999-12-31"]
)
def test_impossible_dates_in_the_history_are_refused(tmp_path: Path, day: str) -> None:
    (tmp_path / HISTORY).write_text(
        f"period_start,period_end,vintage,vcus_issued,buffer_tco2e\n{day},2021-12-31,2021,1,1\n",
        "utf-8",
    )
    with pytest.raises(InputError) as caught:
        read_table(tmp_path, make_project(), SCHEMAS["issuance_history"])
    assert (caught.value.row, caught.value.column) == (2, "period_start")


def test_markup_and_overrides_stay_inert_in_prefect_artifacts() -> None:
    from tasks.artifacts import _cell as artifact_cell

    shown = artifact_cell(f"a|b\n{MARKUP} [x](javascript:alert(1)) `c` \u202eexe")
    assert "<" not in shown and "[x](" not in shown and "\u202e" not in shown
    assert shown == (
        "a\\|b &lt;img src=x onerror=alert(1)&gt; \\[x\\](javascript:alert(1)) \\`c\\` \\u202eexe"
    )


@pytest.mark.parametrize(
    ("periods", "words"),
    [
        (["2035-01-01, end: 2036-12-31", "2030-01-01, end: 2031-12-31"], "in order"),
        (["2019-01-01, end: 2020-12-31", "2020-06-01, end: 2021-12-31"], "overlaps"),
        (["2035-01-01, end: 2036-12-31"], "has ended"),
        (["2021-12-31, end: 2021-01-01"], "before start"),
        (["2005-01-01, end: 2006-12-31"], "outside the crediting period"),
    ],
)
def test_monitoring_periods_unordered_overlapping_or_none_ended(
    tmp_path: Path, periods: list[str], words: str
) -> None:
    """Refused with one message naming project.yaml (the CLI's exit 2), before any run."""
    from redd_audit.periods import latest_ended_period
    from redd_audit.project import load_project

    project = tmp_path / "project"
    shutil.copytree(GOLDEN, project)
    listed = "".join(f"  - {{start: {p}}}\n" for p in periods)
    with (project / "project.yaml").open("a", encoding="utf-8") as handle:
        handle.write(f"monitoring_periods:\n{listed}")
    with pytest.raises(InputError) as caught:
        latest_ended_period(load_project(project), dt.date(2026, 12, 8))
    assert words in str(caught.value)
