"""VM0007 (REDD-MF) methodology math: one small function per equation, rules in their leaf modules.

Equations: ``vintages`` (vintage periods), ``emission_schedule`` (per-hectare schedules and
cohort terms, BL-UP / M-MON), ``baseline`` (ΔC_BSL), ``project_emissions`` (ΔC_P), ``fire``
(E-BB), ``leakage`` (LK-ASU, netting rule), ``uncertainty`` (X-UNC, weighting and given-fraction
rules), ``buffer`` (NPRT buffer, buffer-base rule), ``net_reductions`` (NER, reversals, adjusted
NER, VCUs, rounding guard), ``carbon_stocks`` (CP-AB from the inventory), ``accuracy`` (map
accuracy, Olofsson et al. 2014), ``reconciliation`` (claimed versus recomputed).

Orchestration: ``strata`` (stocks and schedules per stratum), ``cohorts`` (activity data as
cohorts and their emissions), ``period`` (vintage sums to VCUs), ``exante`` (ex-ante comparison),
``figures`` (result records) and ``engine`` (one period, end to end). The registry of every
equation, with its workbook formula builder (``redd_audit.formulas``), is ``redd_audit.equations``.
"""
