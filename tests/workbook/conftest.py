"""Fixtures of the workbook tests: the hand-made case, its workbook and its recalculation."""

from __future__ import annotations

from pathlib import Path

import pytest

from redd_audit.workbook.context import WorkbookContext
from tests.recalc import recalculate, require_soffice
from tests.workbook.case import make_context
from tests.workbook.readback import write


@pytest.fixture(scope="session")
def main_ctx() -> WorkbookContext:
    return make_context()


@pytest.fixture(scope="session")
def main_file(main_ctx: WorkbookContext, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write(
        main_ctx, tmp_path_factory.mktemp("wb") / "TEST-1_2019-07-01_2020-12-31_verification.xlsx"
    )


@pytest.fixture(scope="session")
def main_recalculated(main_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    require_soffice()
    return recalculate(main_file, tmp_path_factory.mktemp("recalc"))
