"""Readers and typed schemas of the raw monitoring tables (contract section 2.2)."""

from redd_audit.tables.schemas import SCHEMAS, TableSchema

__all__ = ["SCHEMAS", "TableSchema"]
