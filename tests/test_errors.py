"""redd_audit.errors: messages that name file, line, row, record and column; pickling."""

from __future__ import annotations

import pickle

from redd_audit.errors import InputError, QualityGateFailed


def test_message_names_where() -> None:
    error = InputError(
        "expected a number", file="a.csv", row=4, record="event_id=E-1", column="area_ha"
    )
    assert str(error) == "a.csv, row 4, event_id=E-1, column 'area_ha': expected a number"
    assert error.detail == "expected a number"
    assert str(InputError("bad", file="project.yaml", line=7)) == "project.yaml, line 7: bad"
    assert str(InputError("no file at all")) == "no file at all"


def test_details_are_listed_below_the_file() -> None:
    error = InputError(
        "2 problems", file="a.csv", row=2, column="x", details=["row 2: a", "row 3: b"]
    )
    assert str(error) == "a.csv: 2 problems\n  - row 2: a\n  - row 3: b"
    assert error.row == 2 and error.details == ("row 2: a", "row 3: b")


def test_pickling_keeps_the_keywords() -> None:
    error = InputError("m", file="f", row=1, column="c", record="r", line=3, details=["d"])
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.file, copy.row, copy.column, copy.record, copy.line, copy.details) == (
        "f", 1, "c", "r", 3, ("d",),
    )  # fmt: skip
    assert str(copy) == str(error)
    gate = pickle.loads(pickle.dumps(QualityGateFailed(3, "out/")))
    assert (gate.errors, gate.output_dir) == (3, "out/")
    assert str(gate) == "data-quality gate failed with 3 blocking finding(s); see out/"
