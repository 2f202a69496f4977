"""Draws tables for the deduct tests, written as CSV (optionally with a BOM), XLSX or Parquet."""

from __future__ import annotations

from pathlib import Path

import numpy as np

CONTRACT_SERIES_KEYS = {
    "name", "n", "mean_tco2e", "sd_tco2e", "median_tco2e", "p05_tco2e", "p95_tco2e",
    "p025_tco2e", "p975_tco2e", "half_width_fraction", "adjustment_fraction",
    "uncertainty_deduction_tco2e", "buffer_tco2e", "leakage_tco2e", "credited_tco2e",
    "negative_draws", "convergence",
}  # fmt: skip


def draws(n: int = 1200, seed: int = 11) -> dict[str, np.ndarray]:
    """Two vintages and their period sum (gross ER draws, tCO2e), to 4 decimals: openpyxl
    stores 16 significant digits, so every format then holds the same numbers."""
    rng = np.random.default_rng(seed)
    a = np.round(rng.normal(1.0e5, 1.5e4, n), 4)
    b = np.round(rng.normal(2.0e5, 4.0e4, n), 4)
    return {
        "gross_er_tco2e_2021": a,
        "gross_er_tco2e_2022": b,
        "gross_er_tco2e_period": np.round(a + b, 4),
    }


def write_csv(path: Path, columns: dict[str, np.ndarray], *, bom: bool = False) -> Path:
    lines = [",".join(["draw", *columns])]
    n = len(next(iter(columns.values())))
    for i in range(n):
        lines.append(",".join([str(i + 1), *(repr(float(c[i])) for c in columns.values())]))
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + ("\n".join(lines) + "\n").encode())
    return path


def write_rows(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    """A CSV from raw rows (for the malformed cases)."""
    text = "\n".join(",".join(str(v) for v in r) for r in [header, *rows]) + "\n"
    path.write_text(text, encoding="utf-8")
    return path


def write_xlsx(path: Path, columns: dict[str, np.ndarray]) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["draw", *columns])
    n = len(next(iter(columns.values())))
    for i in range(n):
        sheet.append([i + 1, *(float(c[i]) for c in columns.values())])
    book.create_sheet("notes").append(["not read"])
    book.save(path)
    return path


def write_parquet(path: Path, columns: dict[str, np.ndarray]) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    n = len(next(iter(columns.values())))
    table = pa.table({"draw": pa.array(np.arange(1, n + 1, dtype=np.int32)), **columns})
    pq.write_table(table, path)
    return path
