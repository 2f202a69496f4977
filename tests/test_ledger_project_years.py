"""The row ledger under project years (contract 8.2): vintage and year columns hold labels, so
a claim for the project year that ends after the period's calendar year is used, not
"outside the period"."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from redd_audit.ledger import build_ledger
from tasks.collect import collect

DEMO = Path(__file__).parents[1] / "data" / "raw" / "audd-demo"


def test_claims_are_matched_by_project_year_label() -> None:
    collected = collect(DEMO)
    # 2019-07-01..2020-12-31: project years 2020 and 2021 (partial)
    ledger = build_ledger(
        collected.tables.values(),
        collected.project,
        dt.date(2019, 7, 1),
        dt.date(2020, 12, 31),
        {},
    )
    claims = next(e for e in ledger if e.table == "claimed_vintages")
    assert (claims.used, dict(claims.excluded)) == (2, {})
    exante = next(e for e in ledger if e.table == "baseline_exante")
    # labels 2020 and 2021 are used (2021 is not "after the period" although the period ends
    # in calendar 2020); 2018 and 2019 emit nothing in it on one-year schedules
    assert exante.used == 4
    assert dict(exante.excluded) == {"dated before the monitoring period": 4}
