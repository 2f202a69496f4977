"""Tests of the verifier workbook (redd_audit/workbook): recalculation against the engine,
determinism, injection safety, structure, companion files, the data-quality workbook, exact id
matching, rows a verifier appends, the Equations sheet, sources and citations. The hand-made case
is in case.py and case_frames.py, the read-back helpers in readback.py, the fixtures in
conftest.py."""
