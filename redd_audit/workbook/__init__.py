"""The verifier workbook: a pure description (sheets, cells, names, formulas) and one writer."""
