"""Contract 5.1-5.5 (revisions, materiality, cumulative position, findings register, evidence
sample) and section 2 (BOM, xlsx) on small crafted copies of the golden one-stratum project,
run through the CLI; expectations re-derived from the contract text (tests/contract_oracle.py).
"""

from __future__ import annotations

import json

import pytest

from tests.contract_oracle import (
    CLAIMS_OK,
    GOLDEN,
    HEADER,
    HISTORY,
    QUANTITIES,
    REGISTER,
    G,
    K,
    cli_fixture,  # noqa: F401 (the module-scoped cli fixture)
    close,
    edit,
    folder,
    golden_copy,
    mus_expected,
    olofsson,
    rows,
    run,
    sha,
    summary_of,
    text_of,
    xlsx_copy,
)


@pytest.fixture(scope="module")
def cycle(cli, tmp_path_factory):
    """Golden project: run 1, then run 2 (E2 2 -> 2.5 ha, --reason), then a fresh rerun of 1."""
    root = tmp_path_factory.mktemp("cycle")
    project = golden_copy(root, "p", issuance_history=HISTORY, verification_findings=REGISTER)
    out = root / "out"
    first = run(cli, project, out)
    where = folder(out, "GOLD-1", G)
    before = {p.relative_to(where): sha(p) for p in where.rglob("*") if p.is_file()}
    first_summary = summary_of(where)
    fresh = run(cli, project, root / "fresh")
    edit(
        project / "deforestation_events.csv",
        "E2,project_area,S1,2019-06-01,2,",
        "E2,project_area,S1,2019-06-01,2.5,",
    )
    second = run(cli, project, out, G, "--reason", "proponent corrected E2")
    second_summary = summary_of(where)
    second_files = {
        p.relative_to(where): sha(p)
        for p in where.rglob("*")
        if p.is_file() and "revisions" not in p.relative_to(where).parts
    }
    third = run(cli, project, out, G, "--reason", "rerun, nothing changed")
    return {
        "second_summary": second_summary,
        "second_files": second_files,
        "third": third,
        "project": project,
        "out": out,
        "where": where,
        "first": first,
        "second": second,
        "fresh": fresh,
        "before": before,
        "first_summary": first_summary,
    }


@pytest.fixture(scope="module")
def ready(cli, tmp_path_factory):
    """Corrected claims, no open NCR/CAR, events with a UTF-8 BOM, --sample-seed 7."""
    root = tmp_path_factory.mktemp("ready")
    project = golden_copy(
        root,
        "p",
        claimed_vintages=CLAIMS_OK,
        issuance_history=HISTORY,
        verification_findings=REGISTER,
    )
    events = project / "deforestation_events.csv"
    events.write_bytes(b"\xef\xbb\xbf" + events.read_bytes())
    xlsx_copy(project, "fire_events")  # the same table as .xlsx (first sheet, header row 1)
    result = run(cli, project, root / "out", G, "--sample-seed", "7")
    return result, project, folder(root / "out", "GOLD-1", G)


@pytest.fixture(scope="module")
def variants(cli, tmp_path_factory):
    """Small runs of 2020 alone (leakage recomputed 0) and of partial claims / gaps / CAR."""
    root = tmp_path_factory.mktemp("variants")
    year = ("2020-01-01", "2020-12-31")
    head = CLAIMS_OK.splitlines()[0]
    zero = golden_copy(root, "zero", claimed_vintages=f"{head}\n2020,4070,113.84,0,404.8,3551\n")
    null = golden_copy(root, "null", claimed_vintages=f"{head}\n2020,4070,113.84,5,404.8,3551\n")
    gap_history = HISTORY.replace("2017-01-01,2018-12-31,2018,1300,130\n", "")
    car = HEADER + "C-01,CAR,open,2021-03-01,MR 2.1,Correct the map,\n"
    partial = golden_copy(
        root,
        "partial",
        claimed_vintages=CLAIMS_OK.rsplit("2020,", 1)[0],
        issuance_history=gap_history.replace("2017-01-01,2018-12-31", "2017-01-01,2017-12-31"),
        verification_findings=car,
    )
    overlap = golden_copy(
        root,
        "overlap",
        issuance_history=HISTORY.replace(
            "2017-01-01,2018-12-31,2018", "2018-01-01,2019-01-01,2018"
        ),
    )
    noclaims = golden_copy(root, "noclaims", accuracy_samples=LOSS_SAMPLES)
    (noclaims / "claimed_vintages.csv").unlink()
    fires = rows(noclaims / "fire_events.csv")
    square = [[[-69.5, -11.5], [-69.49, -11.5], [-69.49, -11.49], [-69.5, -11.49], [-69.5, -11.5]]]
    shape = {"type": "Polygon", "coordinates": square}
    (noclaims / "fire_events.geojson").write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {"type": "Feature", "properties": r, "geometry": shape} for r in fires
                ],
            }
        ),
        "utf-8",
    )  # contract 2: events as GeoJSON, the columns as feature properties
    (noclaims / "fire_events.csv").unlink()
    with (noclaims / "project.yaml").open("a", encoding="utf-8") as f:
        f.write("map_accuracy: {change_class: loss}\n")
    res = {}
    for name, project, period in (
        ("noclaims", noclaims, G),
        ("zero", zero, year),
        ("null", null, year),
        ("partial", partial, G),
        ("overlap", overlap, G),
    ):
        out = root / f"out-{name}"
        res[name] = (run(cli, project, out, period), folder(out, "GOLD-1", period), project)
    return res


# 50 samples mapped "loss" (W 0.02), 45 confirmed; 100 mapped forest (W 0.98), 6 of them loss
LOSS_SAMPLES = "sample_id,map_class,reference_class,stratum_weight\n" + "".join(
    f"S{i:03d},{m},{r},{w}\n"
    for i, (m, r, w) in enumerate(
        [("loss", "loss", 0.02)] * 45
        + [("loss", "forest", 0.02)] * 5
        + [("forest", "loss", 0.98)] * 6
        + [("forest", "forest", 0.98)] * 94
    )
)


# ---------------------------------------------------------------- section 5.1 on the golden project


@pytest.mark.slow
def test_revisions_5_1(cycle):
    c = cycle
    assert c["first"].exit_code == 0, text_of(c["first"])
    assert c["second"].exit_code == 0, text_of(c["second"])
    where = c["where"]
    old = where / "revisions" / "001"
    assert old.is_dir(), "the first run moves to revisions/001"
    moved = {p.relative_to(old): sha(p) for p in old.rglob("*") if p.is_file()}
    assert moved == c["before"], "revisions/001 holds the first run unchanged"
    s = c["second_summary"]
    r = s["revision"]
    assert set(r) >= {"number", "reason", "previous", "changes"}
    assert r["number"] == 2 and r["reason"] == "proponent corrected E2"
    assert r["previous"]["number"] == 1
    assert r["previous"]["summary_sha256"] == sha(old / "summary.json")
    assert c["first_summary"]["revision"]["number"] == 1
    assert c["first_summary"]["revision"]["previous"] is None
    assert c["first_summary"]["revision"]["reason"] is None
    changes = r["changes"]
    assert set(changes) >= {"inputs", "figures", "records"}
    files = {i["file"]: i for i in changes["inputs"]}
    assert set(files) == {"deforestation_events.csv"}
    changed = files["deforestation_events.csv"]
    assert changed["previous_sha256"] == sha(old / "inputs" / "deforestation_events.csv")
    assert changed["sha256"] == sha(c["project"] / "deforestation_events.csv")
    recs = [x for x in changes["records"] if x["table"] == "deforestation_events"]
    assert len(recs) == 1 and recs[0]["record"].endswith("E2") and recs[0]["change"] == "changed"
    assert recs[0]["columns"] == ["area_ha"] or [
        col if isinstance(col, str) else col.get("column") for col in recs[0]["columns"]
    ] == ["area_ha"]
    said = json.dumps(recs[0])  # issue 11: the changed event with its old and new area
    assert "2.5" in said and ("2.0" in said or '"2"' in said or ": 2," in said or ": 2}" in said)
    figures = {(f["vintage"], f["quantity"]): f for f in changes["figures"]}
    for f in changes["figures"]:
        assert set(f) >= {"vintage", "quantity", "previous", "current", "difference"}
        assert f["quantity"] in QUANTITIES
        assert close(f["difference"], f["current"] - f["previous"], abs_=1e-6)
    assert close(figures[2019, "project_tco2e"]["difference"], 0.5 * 107 * K, abs_=1e-6)
    assert close(figures[2020, "project_tco2e"]["difference"], 0.5 * 2 * K, abs_=1e-6)
    from openpyxl import load_workbook

    second_book = where / "revisions" / "002" / s["workbook"]["file"]
    sheet = load_workbook(second_book, read_only=True)["Revisions"]
    shown = " ".join(str(v) for row in sheet.iter_rows(values_only=True) for v in row if v)
    assert "proponent corrected E2" in shown and "E2" in shown and "area_ha" in shown
    # the snapshot: lossless copies of the inputs, listed with their SHA-256 in the manifest
    manifest = json.dumps(json.loads((where / "manifest.json").read_text("utf-8")))
    for p in c["project"].iterdir():
        copies = [q for q in where.rglob(p.name) if "revisions" not in q.parts]
        assert any(sha(q) == sha(p) for q in copies), f"no lossless snapshot of {p.name}"
        assert sha(p) in manifest, f"{p.name} not listed with its SHA-256"


@pytest.mark.slow
def test_third_run_keeps_both_earlier_revisions(cycle):
    assert cycle["third"].exit_code == 0, text_of(cycle["third"])
    where = cycle["where"]
    first = {
        p.relative_to(where / "revisions" / "001"): sha(p)
        for p in (where / "revisions" / "001").rglob("*")
        if p.is_file()
    }
    second = {
        p.relative_to(where / "revisions" / "002"): sha(p)
        for p in (where / "revisions" / "002").rglob("*")
        if p.is_file()
    }
    assert first == cycle["before"] and second == cycle["second_files"]
    r = summary_of(where)["revision"]
    assert r["number"] == 3 and r["reason"] == "rerun, nothing changed"
    assert r["previous"] == {
        "number": 2,
        "summary_sha256": sha(where / "revisions/002/summary.json"),
    }
    assert r["changes"]["inputs"] == [] and r["changes"]["records"] == []
    assert all(f["difference"] == 0 for f in r["changes"]["figures"])


@pytest.mark.slow
def test_rerun_in_fresh_folder_is_byte_identical(cycle):
    assert cycle["fresh"].exit_code == 0, text_of(cycle["fresh"])
    old = cycle["where"] / "revisions" / "001"
    new = folder(cycle["out"].parent / "fresh", "GOLD-1", G)
    for name in ("summary.json", "GOLD-1_2019-01-01_2020-12-31_verification.xlsx"):
        assert sha(new / name) == sha(old / name), name


# ---------------------------------------------------------------- 5.2-5.5 on crafted golden copies


@pytest.mark.slow
def test_golden_first_run_materiality_and_default_seed(cycle):
    s = cycle["first_summary"]
    got = {m["quantity"]: m for m in s["materiality"]}
    # claims 792 + 100 = 892 against 792 + 22 + 91.84 = 905.84: understated, 1.53 % > 1 %
    assert close(got["project_tco2e"]["misstatement"], 892 - 905.84, abs_=1e-3)
    assert got["project_tco2e"]["direction"] == "understated" and got["project_tco2e"]["material"]
    # VCUs 1743 + 3600 = 5343 against 1743 + 3551 = 5294: 0.93 %, not material over the period
    assert got["vcus"]["misstatement"] == 49 and got["vcus"]["material"] is False
    assert s["verification"]["material_misstatement"] is True
    assert s["verification"]["ready_for_opinion"] is False
    assert s["cumulative"]["periods"] == 2
    assert s["cumulative"]["vcus_to_date"] == 3500 + s["totals"]["vcus"]
    seed = int(sha(GOLDEN / "deforestation_events.csv")[:8], 16)
    assert s["sampling"]["seed"] == seed
    exp = mus_expected(GOLDEN, *G, s["totals"]["ner_tco2e"], seed)
    assert s["sampling"]["selected"] == exp["selected"] == ["E2"]


@pytest.mark.slow
def test_bom_seed_and_ready_for_opinion(ready):
    result, project, where = ready
    assert result.exit_code == 0, text_of(result)
    s = summary_of(where)
    assert all(m["material"] is False for m in s["materiality"]) and len(s["materiality"]) == 5
    assert s["verification"]["material_misstatement"] is False
    assert s["verification"]["ready_for_opinion"] is True  # open CL and OFI do not block
    assert s["sampling"]["seed"] == 7
    exp = mus_expected(project, *G, s["totals"]["ner_tco2e"], 7)
    assert s["sampling"]["selected"] == exp["selected"]
    # golden README: fire F1 91.84 tCO2e in 2020, VCUs 1,743 + 3,551 (fire table read from xlsx)
    assert close(s["totals"]["project_fire_tco2e"], 91.84, abs_=1e-6)
    assert s["totals"]["vcus"] == 1743 + 3551
    # issue 14: the byte-order mark is accepted and recorded in the provenance
    manifest = json.loads((where / "manifest.json").read_text("utf-8"))
    entry = next(i for i in manifest["inputs"] if i["file"] == "deforestation_events.csv")
    assert entry.get("bom") is True, entry


@pytest.mark.slow
def test_materiality_zero_recomputed(variants):
    result, where, _ = variants["zero"]
    assert result.exit_code == 0, text_of(result)
    leak = next(m for m in summary_of(where)["materiality"] if m["quantity"] == "leakage_tco2e")
    assert leak["recomputed"] == 0 and leak["claimed"] == 0
    assert leak["misstatement_fraction"] == 0 and leak["material"] is False
    assert leak["direction"] == "none"


@pytest.mark.slow
def test_empty_mus_population_draws_no_sample(variants):
    # golden 2020: no project-area event is dated in 2020 (E2 2019, E4 2021)
    _, where, project = variants["zero"]
    s = summary_of(where)
    assert (
        mus_expected(project, "2020-01-01", "2020-12-31", s["totals"]["ner_tco2e"], 1)["selected"]
        == []
    )
    assert s["sampling"]["size"] == 0 and s["sampling"]["selected"] == []
    warned = [
        f
        for f in s["quality"]["findings"]
        if f["severity"] == "warning" and "sampl" in json.dumps(f).lower()
    ]
    assert warned, "a warning says why no sample was drawn"


@pytest.mark.slow
def test_no_claims_and_a_named_change_class(variants):
    result, where, project = variants["noclaims"]
    assert result.exit_code == 0, text_of(result)
    s = summary_of(where)
    assert s["materiality"] == []
    assert close(s["totals"]["project_fire_tco2e"], 91.84, abs_=1e-6), "GeoJSON fire F1"
    claims = [
        f
        for f in s["quality"]["findings"]
        if f["severity"] == "warning"
        and "2019" in json.dumps(f)
        and "2020" in json.dumps(f)
        and "claim" in json.dumps(f).lower()
    ]
    assert claims, "a warning names the vintages without a claim"
    exp = olofsson(project / "accuracy_samples.csv")
    got = {c["class"]: c for c in s["accuracy"]["classes"]}
    for k, e in exp["classes"].items():
        for key, value in e.items():
            assert close(got[k][key], value, rel=1e-9, abs_=1e-12), (k, key)
    loss = exp["classes"]["loss"]
    biased = abs(loss["mapped_proportion"] - loss["adjusted_proportion"]) > loss["adjusted_ci95"]
    assert biased and s["accuracy"]["change_class_biased"] is True
    assert any(
        f["severity"] == "warning" and "loss" in json.dumps(f) for f in s["quality"]["findings"]
    )
    kind = s["accuracy"]["bias"]["finding_type"]  # sized by contract 5.9: NCR or CL
    assert kind in ("NCR", "CL")
    assert any(d["type"] == kind for d in s["verification"]["draft_findings"])
    # no claims, no register: no material misstatement and no open NCR/CAR (contract 5.4)
    assert s["verification"]["material_misstatement"] is False
    assert s["verification"]["ready_for_opinion"] is True


@pytest.mark.slow
def test_materiality_claim_against_zero_is_null_and_material(variants):
    result, where, _ = variants["null"]
    assert result.exit_code == 0, text_of(result)
    s = summary_of(where)
    leak = next(m for m in s["materiality"] if m["quantity"] == "leakage_tco2e")
    assert leak["recomputed"] == 0 and leak["claimed"] == 5
    assert leak["misstatement_fraction"] is None and leak["material"] is True
    assert leak["direction"] == "overstated"
    assert s["verification"]["material_misstatement"] is True
    assert any(  # leakage claimed above the recomputation: an NCR that says it is conservative
        "leakage" in d["reference"] and "conservative" in d["description"]
        for d in s["verification"]["draft_findings"]
        if d["type"] == "NCR"
    )


@pytest.mark.slow
def test_partial_claims_gap_warning_and_open_car(variants):
    result, where, _ = variants["partial"]
    assert result.exit_code == 0, text_of(result)
    s = summary_of(where)
    assert s["materiality"] == []
    warnings = [f for f in s["quality"]["findings"] if f["severity"] == "warning"]
    claims = [f for f in warnings if "claimed_vintages" in json.dumps(f)]
    assert claims and "2020" in json.dumps(claims), "a warning names the vintage without a claim"
    gap = [f for f in warnings if "issuance_history" in json.dumps(f)]
    assert gap, "a gap of a year before the period is a warning"
    assert s["verification"]["open_by_type"]["CAR"] == 1
    assert s["verification"]["ready_for_opinion"] is False  # open CAR


@pytest.mark.slow
def test_history_sharing_a_day_is_double_issuance(variants):
    result, where, _ = variants["overlap"]
    assert result.exit_code == 1, text_of(result)
    assert "Traceback" not in text_of(result)
    s = summary_of(where)
    assert s["status"] == "failed_quality_gate"
    errors = [f for f in s["quality"]["findings"] if f["severity"] == "error"]
    assert any("issuance_history" in json.dumps(f) for f in errors)
    assert any(p.suffix == ".xlsx" for p in where.iterdir()), "a data-quality workbook explains"
    assert not any(s.get("totals") or {}), "no emission figures when the gate fails"
    assert not s.get("vintages")
