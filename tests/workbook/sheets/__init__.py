"""Tests mirroring redd_audit/workbook/sheets/: one test file per sheet module."""
