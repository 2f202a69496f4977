"""The evidence sample through the CLI on the bundled sample, checked against a computation
written from the words of contract.md section 5.5 (pandas, numpy and hashlib only: no call into
redd_audit.sampling), for the default seed and for ``--sample-seed``."""

from __future__ import annotations

import hashlib
import json
import math
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "raw" / "vcs-868"
START, END = "2021-01-01", "2022-12-31"


def contract_selection(summary: dict, seed: int) -> dict:
    """Contract 5.5, literally."""
    project = yaml.safe_load((SAMPLE / "project.yaml").read_text())
    net = {
        s["id"]: sum(s["carbon_tc_per_ha"].values()) - s.get("post_deforestation_tc_per_ha", 0)
        for s in project["strata"]
    }
    events = pd.read_csv(SAMPLE / "deforestation_events.csv", parse_dates=["detected_on"])
    pop = events[
        (events["zone"] == "project_area")
        & (events["detected_on"] >= START)
        & (events["detected_on"] <= END)
        & (events["area_ha"] > 0)
    ].sort_values(["detected_on", "event_id"])
    values = [a * 44 / 12 * net[s] for a, s in zip(pop["area_ha"], pop["stratum_id"], strict=True)]
    tolerable = project["materiality_fraction"] * summary["totals"]["ner_tco2e"]
    interval = tolerable / 3.0
    u = np.random.default_rng(seed).random()
    total = sum(values)
    points, k = [], 0
    while u * interval + k * interval < total:
        points.append(u * interval + k * interval)
        k += 1
    selected, cum, p = [], 0.0, 0
    for event_id, v in zip(pop["event_id"], values, strict=True):
        before, cum = cum, cum + v
        while p < len(points) and points[p] <= before:
            p += 1
        if p < len(points) and points[p] <= cum:
            selected.append(event_id)
    return {
        "tolerable": tolerable,
        "interval": interval,
        "population": total,
        "selected": selected,
        "max_size": math.ceil(total / interval),
    }


def run_cli(out: Path, *extra: str) -> dict:
    env = dict(os.environ, PREFECT_HOME=str(out / "prefect_home"))
    command = [
        sys.executable,
        "-m",
        "flows.cli",
        "run",
        "--project",
        str(SAMPLE),
        "--start",
        START,
        "--end",
        END,
        "--out",
        str(out),
        *extra,
    ]
    result = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    folder = out / "VCS-868" / f"{START}_{END}"
    return json.loads((folder / "summary.json").read_text("utf-8"))


@pytest.mark.slow
@pytest.mark.parametrize("seed_option", [None, 20261128])
def test_cli_sample_equals_the_contract_computation(tmp_path, seed_option):
    extra = ("--sample-seed", str(seed_option)) if seed_option is not None else ()
    summary = run_cli(tmp_path, *extra)
    digest = hashlib.sha256((SAMPLE / "deforestation_events.csv").read_bytes()).hexdigest()
    seed = seed_option if seed_option is not None else int(digest[:8], 16)
    s = summary["sampling"]
    expected = contract_selection(summary, seed)
    assert s["method"] == "monetary_unit" and s["seed"] == seed
    assert s["confidence"] == 0.95 and s["reliability_factor"] == 3.0
    assert s["tolerable_misstatement_tco2e"] == pytest.approx(expected["tolerable"], rel=1e-12)
    assert s["interval_tco2e"] == pytest.approx(expected["interval"], rel=1e-12)
    assert s["population_tco2e"] == pytest.approx(expected["population"], rel=1e-9)
    assert s["selected"] == expected["selected"]
    assert s["size"] == len(expected["selected"]) <= expected["max_size"]
    assert s["plots"]["seed"] == seed and s["accuracy_samples"]["seed"] == seed
    # contract 5.9: the seed's source; a first revision has no changes
    assert s["seed_source"] == ("cli" if seed_option is not None else "events_sha256")
    assert s["changes"] is None
    # contract 5.5 amended: nothing observed yet, so both limits are R·J = T and the flag waits
    assert s["observations"] == 0 and s["projected_misstatement_tco2e"] == 0
    for side in ("overstatement", "understatement"):
        limit = s[f"upper_limit_vcu_{side}_tco2e"]
        assert limit == pytest.approx(expected["tolerable"], rel=1e-12)
    assert s["supports_vcus"] is None
    accuracy = summary["accuracy"]
    assert accuracy["change_class_biased"] is True
    assert {c["class"] for c in accuracy["classes"]} == {"deforestation", "forest", "non_forest"}
    assert any(
        f["severity"] == "warning" and f["record"] == "class=deforestation"
        for f in summary["quality"]["findings"]
    )
