"""Contract conformance on the bundled sample (VCS-868, 2021-2022), from contract.md sections 1,
4 and 5.2-5.7 and issues 11-12 only; expectations come from tests/contract_oracle.py, which
re-derives them from the input files.
"""

from __future__ import annotations

import json

import pytest
import yaml

from tests.contract_oracle import (
    QUANTITIES,
    SAMPLE,
    SECTION4_NAMES,
    P,
    cli_fixture,  # noqa: F401 (the module-scoped cli fixture)
    close,
    folder,
    mus_expected,
    olofsson,
    rows,
    run,
    sha,
    summary_of,
    text_of,
)


@pytest.fixture(scope="module")
def sample(cli, tmp_path_factory):
    out = tmp_path_factory.mktemp("sample_out")
    result = run(cli, SAMPLE, out, P)
    where = folder(out, "VCS-868", P)
    return result, where, summary_of(where)


@pytest.fixture(scope="module")
def book(sample):
    from openpyxl import load_workbook

    _, where, summary = sample
    path = where / summary["workbook"]["file"]
    return load_workbook(path), load_workbook(path, data_only=True)


# ---------------------------------------------------------------- section 1 and 4 on the sample


@pytest.mark.slow
def test_sample_run_exit_and_summary_shape(sample):
    result, where, s = sample
    assert result.exit_code == 0, text_of(result)
    assert "Traceback" not in text_of(result)
    assert s["project_id"] == "VCS-868" and s["period"] == {"start": P[0], "end": P[1]}
    assert s["status"] in ("passed", "failed_quality_gate") and s["status"] == "passed"
    assert set(s["totals"]) >= {
        "baseline_tco2e",
        "project_tco2e",
        "project_stock_tco2e",
        "leakage_tco2e",
        "ner_tco2e",
        "ner_error_fraction",
        "deduction_factor",
        "adjusted_ner_tco2e",
        "buffer_tco2e",
        "vcus",
    }
    for v in s["vintages"]:
        assert set(v) >= {"vintage", "start", "end", *QUANTITIES, "ner_tco2e", "adjusted_ner_tco2e"}
    assert set(s["quality"]) >= {"errors", "warnings", "findings"}
    for r in s["reconciliation"]:
        assert set(r) >= {
            "vintage",
            "quantity",
            "claimed",
            "recomputed",
            "difference_fraction",
            "material",
        }
    for i in s["inputs"]:
        assert i["sha256"] == sha(SAMPLE / i["file"])
        assert i["rows"] == len(rows(SAMPLE / i["file"]))
    assert s["workbook"]["file"] == "VCS-868_2021-01-01_2022-12-31_verification.xlsx"
    assert s["workbook"]["sha256"] == sha(where / s["workbook"]["file"])
    assert (where / "manifest.json").is_file() and (where / "data_docs").is_dir()
    assert {"revision", "materiality", "cumulative", "verification", "sampling", "accuracy"} <= set(
        s
    )


@pytest.mark.slow
def test_sample_materiality_5_2(sample):
    _, _, s = sample
    spec = yaml.safe_load((SAMPLE / "project.yaml").read_text("utf-8"))
    claims = [
        r
        for r in rows(SAMPLE / "claimed_vintages.csv")
        if int(r["vintage"]) in {v["vintage"] for v in s["vintages"]}
    ]
    assert len(claims) == len(s["vintages"])
    got = {m["quantity"]: m for m in s["materiality"]}
    assert set(got) == set(QUANTITIES)
    for q in QUANTITIES:
        m = got[q]
        assert set(m) >= {
            "quantity",
            "claimed",
            "recomputed",
            "misstatement",
            "misstatement_fraction",
            "direction",
            "material",
        }
        claimed = sum(float(r[q]) for r in claims)
        recomputed = sum(v[q] for v in s["vintages"])
        mis = claimed - recomputed
        assert close(m["claimed"], claimed) and close(m["recomputed"], recomputed, abs_=1e-4)
        assert close(m["misstatement"], mis, rel=1e-7, abs_=1e-4)
        frac = mis / abs(recomputed)
        assert close(m["misstatement_fraction"], frac, rel=1e-6, abs_=1e-9)
        assert m["material"] is (abs(frac) > spec["materiality_fraction"])
        assert m["direction"] == ("overstated" if mis > 0 else "understated" if mis < 0 else "none")
    # issue 11: 34,067 VCUs, 1.35 % overstated over the period
    assert got["vcus"]["misstatement"] == 34067 and got["vcus"]["direction"] == "overstated"


@pytest.mark.slow
def test_sample_cumulative_5_3(sample):
    _, _, s = sample
    history = rows(SAMPLE / "issuance_history.csv")
    c = s["cumulative"]
    assert set(c) >= {
        "periods",
        "vcus_issued_before",
        "buffer_before",
        "vcus_to_date",
        "buffer_to_date",
    }
    assert c["periods"] == len({(r["period_start"], r["period_end"]) for r in history})
    before_v = sum(float(r["vcus_issued"]) for r in history)
    before_b = sum(float(r["buffer_tco2e"]) for r in history)
    assert close(c["vcus_issued_before"], before_v) and close(c["buffer_before"], before_b)
    assert close(c["vcus_to_date"], before_v + s["totals"]["vcus"])
    assert close(c["buffer_to_date"], before_b + s["totals"]["buffer_tco2e"], abs_=1e-4)
    # the sample's history ends 2020-12-31, the period starts 2021-01-01: neither error nor gap
    assert not [f for f in s["quality"]["findings"] if "issuance_history" in str(f.get("file"))]


@pytest.mark.slow
def test_sample_verification_5_4(sample):
    _, _, s = sample
    register = rows(SAMPLE / "verification_findings.csv")
    v = s["verification"]
    assert set(v) >= {
        "findings_open",
        "findings_closed",
        "open_by_type",
        "draft_findings",
        "material_misstatement",
        "ready_for_opinion",
    }
    assert v["findings_open"] == sum(r["status"] == "open" for r in register)
    assert v["findings_closed"] == sum(r["status"] == "closed" for r in register)
    for t in ("NCR", "NIR", "OFI", "CAR", "CL", "FAR"):
        count = sum(r["status"] == "open" and r["type"] == t for r in register)
        assert v["open_by_type"].get(t, 0) == count, t
    material = [m["quantity"] for m in s["materiality"] if m["material"]]
    assert v["material_misstatement"] is bool(material)
    for d in v["draft_findings"]:
        assert set(d) >= {"type", "reference", "description"}
    # contract 5.4: each material quantity is drafted as an NCR (a conservative one says so)
    drafted = {d["reference"]: d["type"] for d in v["draft_findings"]}
    for m in s["materiality"]:
        if m["material"]:
            assert drafted.get(f"materiality:{m['quantity']}") == "NCR", (m, drafted)
    if s["accuracy"]["change_class_biased"]:  # sized by contract 5.9: NCR or CL
        kind = s["accuracy"]["bias"]["finding_type"]
        assert any(
            d["type"] == kind and d["reference"].startswith("accuracy:")
            for d in v["draft_findings"]
        )
    open_blocking = any(r["status"] == "open" and r["type"] in ("NCR", "CAR") for r in register)
    assert v["ready_for_opinion"] is (not material and not open_blocking)


@pytest.mark.slow
def test_sample_mus_5_5(sample):
    _, _, s = sample
    seed = int(sha(SAMPLE / "deforestation_events.csv")[:8], 16)
    exp = mus_expected(SAMPLE, *P, s["totals"]["ner_tco2e"], seed)
    m = s["sampling"]
    assert set(m) >= {
        "method",
        "seed",
        "confidence",
        "reliability_factor",
        "tolerable_misstatement_tco2e",
        "interval_tco2e",
        "population_tco2e",
        "size",
        "selected",
    }
    assert m["method"] == "monetary_unit" and m["seed"] == seed
    assert m["confidence"] == 0.95 and m["reliability_factor"] == 3.0
    assert close(m["tolerable_misstatement_tco2e"], exp["tolerable"], rel=1e-9)
    assert close(m["interval_tco2e"], exp["interval"], rel=1e-9)
    assert close(m["population_tco2e"], exp["population"], rel=1e-9)
    assert m["selected"] == exp["selected"]
    assert m["size"] == len(exp["selected"]) > 0
    big = [e for e, val in exp["values"].items() if val >= exp["interval"]]
    assert set(big) <= set(m["selected"])


@pytest.mark.slow
def test_sample_accuracy_5_6(sample):
    _, _, s = sample
    exp = olofsson(SAMPLE / "accuracy_samples.csv")
    a = s["accuracy"]
    assert set(a) >= {"overall", "classes", "change_class_biased"}
    assert close(a["overall"], exp["overall"], rel=1e-9)
    got = {c["class"]: c for c in a["classes"]}
    assert set(exp["classes"]) <= set(got)
    for k, e in exp["classes"].items():
        for key in (
            "users",
            "producers",
            "mapped_proportion",
            "adjusted_proportion",
            "adjusted_ci95",
        ):
            assert close(got[k][key], e[key], rel=1e-9, abs_=1e-12), (k, key)
    d = exp["classes"]["deforestation"]  # map_accuracy.change_class defaults to deforestation
    biased = abs(d["mapped_proportion"] - d["adjusted_proportion"]) > d["adjusted_ci95"]
    assert a["change_class_biased"] is biased is True
    warnings = [
        f
        for f in s["quality"]["findings"]
        if f["severity"] == "warning" and "deforestation" in json.dumps(f)
    ]
    assert warnings, "a warning finding says the change class is biased"
    said = json.dumps(warnings)
    assert ("0.0362" in said or "3.62" in said) and ("0.01" in said or "1.0" in said)


@pytest.mark.slow
def test_sample_workbook_names_are_formulas_with_cached_values(sample, book):
    _, _, s = sample
    formulas, values = book
    names = dict(SECTION4_NAMES)
    names["Period_VCU_Misstatement"] = None
    names["Period_VCU_Misstatement_Fraction"] = None
    names["Cumulative_VCUs_To_Date"] = ("cumulative", "vcus_to_date")
    names["Cumulative_Buffer_To_Date"] = ("cumulative", "buffer_to_date")
    names["Projected_Misstatement_tCO2e"] = None
    vcu = next(m for m in s["materiality"] if m["quantity"] == "vcus")
    expected_extra = {
        "Period_VCU_Misstatement": vcu["misstatement"],
        "Period_VCU_Misstatement_Fraction": vcu["misstatement_fraction"],
    }
    problems = []
    for name, where in names.items():
        defined = formulas.defined_names.get(name)
        if defined is None:
            problems.append(f"{name}: not defined")
            continue
        (sheet, ref), *_rest = list(defined.destinations)
        cell = ref.replace("$", "")
        formula = formulas[sheet][cell].value
        cached = values[sheet][cell].value
        if not (isinstance(formula, str) and formula.startswith("=")):
            problems.append(f"{name}: {sheet}!{cell} holds {formula!r}, not a formula")
        if not isinstance(cached, (int, float)):
            problems.append(f"{name}: no cached value ({cached!r})")
            continue
        want = s[where[0]][where[1]] if where else expected_extra.get(name)
        if want is not None and not close(cached, want, rel=1e-9, abs_=1e-6):
            problems.append(f"{name}: cached {cached} != summary {want}")
    assert not problems, problems


def _sheet_text(sheet) -> str:
    return " ".join(
        str(c) for row in sheet.iter_rows(values_only=True) for c in row if c is not None
    )


@pytest.mark.slow
def test_sample_manifest_lists_every_output_with_its_sha256(sample):
    _, where, _ = sample
    manifest = json.loads((where / "manifest.json").read_text("utf-8"))
    assert {"inputs", "outputs", "software", "rule_set"} <= set(manifest)
    listed = {o["file"]: o["sha256"] for o in manifest["outputs"]}
    on_disk = {
        p.relative_to(where).as_posix(): sha(p)
        for p in where.rglob("*")
        if p.is_file()
        and p.name not in ("manifest.json", "bundle.intoto.jsonl")  # contract 9.3, check 1
        and "revisions" not in p.parts
    }
    missing = {f for f in on_disk if f not in listed and not f.startswith("inputs/")}
    assert not missing, missing
    assert all(listed[f] == on_disk[f] for f in listed if f in on_disk)
    for i in manifest["inputs"]:
        assert i["sha256"] == sha(SAMPLE / i["file"])
    assert not [p for p in where.parent.iterdir() if p.name.startswith(".")], "staging left"


@pytest.mark.slow
def test_sample_cycle_and_desk_sheets(sample, book):
    _, _, s = sample
    formulas, _ = book
    for name in ("Revisions", "Findings", "Cumulative position", "Evidence sample"):
        assert name in formulas.sheetnames, name
    evidence = _sheet_text(formulas["Evidence sample"])
    columns = list(rows(SAMPLE / "deforestation_events.csv")[0])
    assert all(c in evidence for c in columns), "every input column, coordinates included"
    assert all(e in evidence for e in s["sampling"]["selected"])
    assert "observed" in evidence.lower()
    findings = _sheet_text(formulas["Findings"])
    for r in rows(SAMPLE / "verification_findings.csv"):
        assert r["finding_id"] in findings and r["status"] in findings
    for d in s["verification"]["draft_findings"]:
        assert d["reference"] in findings or d["description"][:40] in findings
    carried = any(
        "distance_to_highway_km" in _sheet_text(formulas[n])
        for n in formulas.sheetnames
        if n != "Evidence sample"
    )
    assert carried, "columns beyond the required ones are carried into the data sheets"


@pytest.mark.slow
def test_every_formula_cell_carries_a_value(sample):
    """5.7: each <c> holding an <f> also holds a <v> (an empty one only for a "" result)."""
    import re
    import zipfile

    _, where, s = sample
    bare = []
    with zipfile.ZipFile(where / s["workbook"]["file"]) as z:
        for name in z.namelist():
            if not name.startswith("xl/worksheets/sheet"):
                continue
            xml = z.read(name).decode("utf-8")
            for cell in re.findall(r"<c [^>]*>(?:(?!</c>).)*<f[ >/](?:(?!</c>).)*</c>", xml):
                if "<v>" not in cell and "<v/>" not in cell and "<v></v>" not in cell:
                    bare.append((name, cell[:120]))
                elif "<v></v>" in cell or "<v/>" in cell:
                    assert 't="str"' in cell, (name, cell[:120])
    assert not bare, bare[:5]


def test_sample_simulates_beside_the_propagation_7_5_3(sample, book):
    """The bundled sample simulates under vcs-xunc by propagation (issue 18 item 8): the
    figures stay the propagation's, and the Uncertainty sheet shows the simulated E (95 %)
    beside the propagated NER_ERROR as a formula over the Monte Carlo sheet's statistics."""
    _, _, s = sample
    formulas, values = book
    assert s["simulation"]["enabled"] and s["deduction"]["rule"] == "vcs-xunc"
    assert s["totals"]["ner_error_fraction"] == s["uncertainty"].get(
        "ner_error_fraction", s["totals"]["ner_error_fraction"]
    )
    ((sheet, ref),) = list(formulas.defined_names["Simulated_NER_Error_Fraction"].destinations)
    cell = ref.replace("$", "")
    assert str(formulas[sheet][cell].value).startswith("=IF(MC_Period_Mean_tCO2e>0")
    assert close(values[sheet][cell].value, s["deduction"]["period"]["half_width_fraction"])
    assert {"Monte Carlo", "MC draws", "Sensitivity"} <= set(formulas.sheetnames)
