"""VM0007 (REDD-MF) methodology math: one small function per equation, no orchestration.

Modules: ``vintages`` (vintage periods), ``emission_schedule`` (per-hectare schedules and cohort
sums, BL-UP / M-MON), ``fire`` (E-BB), ``leakage`` (LK-ASU), ``uncertainty`` (X-UNC), ``buffer``
(NPRT buffer withholding), ``net_reductions`` (NER, adjusted NER, VCUs), ``carbon_stocks``
(CP-AB from the inventory), ``accuracy`` (map accuracy, Olofsson et al. 2014),
``reconciliation`` (claimed versus recomputed) and ``engine`` (one period, end to end).
"""
