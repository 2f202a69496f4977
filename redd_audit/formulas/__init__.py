"""Workbook formula builders: one per equation, mirroring :mod:`redd_audit.methodology`.

``redd_audit.formulas.<module>.<name>`` builds the spreadsheet formula of
``redd_audit.methodology.<module>.<name>``: same name, same parameters in the same order, each
argument a cell reference, a range or a defined name (a string); the result is formula text
beginning with ``=``. Constants are never typed into a formula: a constant the Python function
reads from ``redd_audit/data/parameters.yaml`` (or a named constant such as the rounding guard)
is a keyword-only parameter whose default is the workbook's defined name of that constant
(``CO2_per_C``, ``t_gas_per_g_per_kg``, ``VCU_Rounding_Guard_Decimals`` …); the only numbers
inside formulas are 0 and 1. A test evaluates each builder in LibreOffice against its Python
function (tests/test_equation_parity.py); :mod:`redd_audit.equations` lists them all.

Pure text: no openpyxl here (the writer is the only module that imports it).
"""
