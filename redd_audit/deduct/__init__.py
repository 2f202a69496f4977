"""``redd-audit deduct``: a deduction rule re-performed on a draws table (contract 7.6).

:mod:`.table` reads the draws (CSV, XLSX or Parquet) into checked series, :mod:`.options`
turns the command's options into :class:`~redd_audit.methodology.deductions.RuleSettings`,
:mod:`.figures` applies the rule and builds ``deduction.json``, :mod:`.sheets` describes
``deduction.xlsx`` and :mod:`.outputs` writes the three files. No Prefect.
"""
