"""Issue 21, classes 2 and 6 end to end: one ``redd-audit run`` on the sample with hostile but
readable text in free-text columns and names (markup, formula text, ``javascript:`` and ``file:``
links, a right-to-left override). The run completes; nothing it writes holds live markup, a
live formula built from input text, or a raw bidi control; nothing is written outside --out."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from redd_audit.workbook.csv_safe import unsafe_fields
from tests.conftest import ROOT, SAMPLE, SAMPLE_END, SAMPLE_START, _quiet_env, executable

pytestmark = pytest.mark.slow

LINK = '=HYPERLINK("javascript:alert(1)","x")'
MARKUP = "<script>alert(1)</script>"
RLO = "\u202e"


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, str, Path, Path]:
    root = tmp_path_factory.mktemp("hostile-run")
    project = root / "project"
    shutil.copytree(SAMPLE, project)
    register = project / "verification_findings.csv"
    with register.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[1][4], rows[1][5], rows[1][6] = LINK, MARKUP, f"file:///etc/passwd {RLO}txt.exe"
    with register.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    yaml_text = (project / "project.yaml").read_text("utf-8")
    yaml_text = yaml_text.replace(
        "name: REDD Project", f'name: "=cmd|calc!A1 <b>x</b> {RLO}REDD Project', 1
    ).replace("(synthetic sample)\n", '(synthetic sample)"\n', 1)
    (project / "project.yaml").write_text(yaml_text, "utf-8")
    out = root / "out"
    before = sorted(p.name for p in root.iterdir())
    done = subprocess.run(
        [executable("redd-audit"), "run", "--project", str(project), "--start", SAMPLE_START,
         "--end", SAMPLE_END, "--out", str(out)],
        cwd=root, env=_quiet_env(root / "prefect-home"), capture_output=True, text=True,
        timeout=600, check=False,
    )  # fmt: skip
    after = sorted(p.name for p in root.iterdir())
    assert set(after) - set(before) <= {"out", "prefect-home"}, after
    return done.returncode, done.stdout + done.stderr, out, project


def test_the_run_completes_without_a_traceback(run) -> None:
    code, output, _, _ = run
    assert code in (0, 1), output
    assert "Traceback" not in output and RLO not in output


def test_no_input_text_becomes_a_live_formula_or_markup(run) -> None:
    _, _, out, _ = run
    books = list(out.rglob("*.xlsx"))
    assert books
    for book in books:
        with zipfile.ZipFile(book) as archive:
            for name in archive.namelist():
                if not name.endswith(".xml"):
                    continue
                text = archive.read(name).decode("utf-8")
                assert "javascript:alert" not in text.split("<f>")[-1].split("</f>")[0]
                for formula in text.split("<f>")[1:]:
                    body = formula.split("</f>", 1)[0]
                    assert "javascript" not in body and "cmd|" not in body, (book, name, body)
                assert RLO not in text, (book, name)
                assert "<script>" not in text, (book, name)


def test_data_docs_csvs_and_json_are_inert(run) -> None:
    _, _, out, _ = run
    for page in out.rglob("*.html"):
        assert "<script>alert(1)" not in page.read_text("utf-8", "replace"), page
    for table in out.rglob("*.csv"):
        if "inputs" in table.parts:  # the lossless input snapshot keeps the bytes as given
            continue
        with table.open(encoding="utf-8", newline="") as handle:
            assert unsafe_fields(csv.reader(handle)) == [], table
    for document in out.rglob("*.json"):
        json.loads(document.read_text("utf-8"))


def test_the_input_snapshot_keeps_the_text_as_given(run) -> None:
    _, _, out, project = run
    snapshots = [p for p in out.rglob("verification_findings.csv") if "inputs" in p.parts]
    assert snapshots
    assert snapshots[0].read_bytes() == (project / "verification_findings.csv").read_bytes()


def test_root_is_untouched() -> None:
    assert not (ROOT / "out").exists()
