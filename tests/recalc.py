"""Recalculate a workbook with LibreOffice headless (the independent spreadsheet engine of the
tests; openpyxl stores no cached values, so formulas must be evaluated by a real engine).

Each call uses its own LibreOffice profile and HOME in a temporary folder, so concurrent calls
do not collide (one profile admits one soffice process). Tests that need LibreOffice call
:func:`require_soffice` first: without ``soffice`` on PATH they are skipped locally, but fail in
CI (``CI=true``), where a missing LibreOffice must not hide an untested workbook.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

import pytest

TIMEOUT_SECONDS = 180

#: LibreOffice keeps the values cached in an .xlsx unless told to recalculate on load; the
#: workbook carries cached values (contract 5.7), so the profile forces a full recalculation
#: (Tools > Options > Calc > Formula > "Recalculation on file load": Always).
PROFILE_SETTINGS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
<prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
<prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def _profile(tmp: str) -> str:
    """A fresh LibreOffice profile in ``tmp`` that recalculates every file on load."""
    user = Path(tmp) / "lo_profile" / "user"
    user.mkdir(parents=True)
    (user / "registrymodifications.xcu").write_text(PROFILE_SETTINGS, encoding="utf-8")
    return f"file://{tmp}/lo_profile"


def soffice() -> str | None:
    return shutil.which("soffice")


def require_soffice() -> None:
    """Skip (locally) or fail (in CI) when LibreOffice is not installed."""
    if soffice() is not None:
        return
    if os.environ.get("CI") == "true":
        pytest.fail("LibreOffice (soffice) is required in CI for the recalculation tests")
    pytest.skip("LibreOffice (soffice) not on PATH")


def recalculate_many(paths: Sequence[Path], out_dir: Path) -> list[Path]:
    """Open each workbook in LibreOffice, recalculate and save it as .xlsx into ``out_dir``.

    Returns the recalculated copies (same file names), in the order of ``paths``.
    """
    binary = soffice()
    if binary is None:
        raise RuntimeError("soffice not found on PATH")
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="redd_audit_lo_") as tmp:
        env = dict(os.environ, HOME=tmp)
        command = [
            binary,
            "--headless",
            "--norestore",
            f"-env:UserInstallation={_profile(tmp)}",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out_dir),
            *(str(p) for p in paths),
        ]
        result = subprocess.run(
            command, env=env, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False
        )
    outputs = [out_dir / Path(p).name for p in paths]
    missing = [str(p) for p in outputs if not p.is_file()]
    if result.returncode != 0 or missing:
        raise RuntimeError(
            f"LibreOffice failed (exit {result.returncode}); missing {missing}\n"
            f"stdout: {result.stdout}\nstderr: {result.stderr}"
        )
    return outputs


def recalculate(path: Path, out_dir: Path) -> Path:
    """Recalculate one workbook with LibreOffice; returns the recalculated copy in ``out_dir``."""
    return recalculate_many([path], out_dir)[0]
