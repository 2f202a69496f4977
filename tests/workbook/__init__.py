"""Tests of the workbook package (redd_audit/workbook/sheets): exact id matching, rows a
verifier appends, the Equations sheet, sources and citations. The shared hand-made case and
read-back helpers live in tests/test_workbook.py."""
