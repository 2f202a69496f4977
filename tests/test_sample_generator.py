"""The sample generator's pieces (data/samplegen/): strata and species as data, the core's
equations, and the verification cycle of the sample (issuances before 2021, the verifier's
findings, documents and monitoring periods in project.yaml)."""

from __future__ import annotations

import datetime as dt
import itertools
import re
import sys
from pathlib import Path

import pandas as pd
import pytest

from redd_audit.project import load_project

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"
SAMPLE = DATA / "raw" / "vcs-868"
sys.path.insert(0, str(DATA))  # data/samplegen (data is not a package)

from samplegen import spec  # noqa: E402
from samplegen.cycle import ALL_PERIODS, ISSUED_PERIODS  # noqa: E402

AUDITED_START = dt.date(2021, 1, 1)


def test_strata_and_species_are_data_files():
    assert [s.id for s in spec.SAMPLE_STRATA] == ["TF", "BB", "FP", "PS"]
    assert spec.SCALE_EXTRA_STRATUM.id == "TS"
    for stratum in spec.ALL_STRATA:
        assert stratum.species, stratum.id
        for name, weight in stratum.species:
            assert name in spec.SPECIES and weight > 0
    assert spec.SPECIES["Mauritia flexuosa"] == (0.40, (25.0, 50.0))
    assert spec.SPECIES["Bertholletia excelsa"] == (0.71, None)


def test_below_ground_stock_is_the_core_mokany_equation():
    tf = spec.SAMPLE_STRATA[0]
    agb = tf.above_ground / 0.47
    assert tf.below_ground == round(0.47 * 0.489 * agb**0.890, 1) == 33.1


def test_no_module_retypes_core_equations_or_is_too_long():
    sources = [DATA / "generate_sample.py", *sorted((DATA / "samplegen").glob("*.py"))]
    for path in sources:
        text = path.read_text(encoding="utf-8")
        assert len(text.splitlines()) <= 400, path.name
        assert not re.search(r"round\([^()]*,\s*6\)", text), f"literal rounding guard in {path}"
        assert "0.0673" not in text and "44.0 / 12.0" not in text, path.name


def test_issued_periods_are_ordered_and_end_the_day_before_the_audited_period():
    for (_, end), (start, _) in itertools.pairwise(ALL_PERIODS):
        assert start == end + dt.timedelta(days=1)
    assert ISSUED_PERIODS[-1][1] + dt.timedelta(days=1) == AUDITED_START


def test_issuance_history_matches_the_claims_of_the_issued_period():
    history = pd.read_csv(SAMPLE / "issuance_history.csv")
    assert list(history.columns) == [
        "period_start",
        "period_end",
        "vintage",
        "vcus_issued",
        "buffer_tco2e",
    ]
    assert history["vintage"].tolist() == list(range(2010, 2021))
    assert history["period_end"].max() == "2020-12-31"
    assert (history["vcus_issued"] > 0).all() and (history["buffer_tco2e"] > 0).all()
    claimed = pd.read_csv(SAMPLE / "claimed_vintages.csv").set_index("vintage")
    mp3 = history[history["period_start"] == "2019-01-01"].set_index("vintage")
    assert mp3["vcus_issued"].to_dict() == claimed.loc[[2019, 2020], "vcus"].to_dict()
    assert mp3["buffer_tco2e"].to_dict() == claimed.loc[[2019, 2020], "buffer_tco2e"].to_dict()


def test_verification_findings_are_scs_style():
    findings = pd.read_csv(SAMPLE / "verification_findings.csv", keep_default_na=False)
    assert set(findings["type"]) <= {"NCR", "NIR", "OFI", "CAR", "CL", "FAR"}
    assert {"NCR", "NIR", "OFI", "CL"} <= set(findings["type"])
    open_ = findings[findings["status"] == "open"]
    assert open_["type"].tolist() == ["NIR"]
    closed = findings[findings["status"] == "closed"]
    assert (closed["response"].str.len() > 0).all()
    assert findings["finding_id"].is_unique


def test_project_yaml_lists_documents_and_monitoring_periods():
    project = load_project(SAMPLE)
    assert [d.id for d in project.documents] == ["PD", "MR-MP4", "VR-MP3"]
    periods = [(p.start, p.end) for p in project.monitoring_periods]
    assert periods == list(ALL_PERIODS)


@pytest.mark.parametrize("name", ["issuance_history", "verification_findings"])
def test_new_tables_are_read_by_the_core(name):
    from redd_audit.tables.read import load_tables

    tables = load_tables(SAMPLE, load_project(SAMPLE))
    assert name in tables and tables[name].rows > 0
