"""The factor table of the Evidence sample sheet: the Poisson upper limits ``F_k`` of the
monetary-unit evaluation and their increments ``ΔF_k`` (``MUS_Incremental_Factors``), which each
ranked overstatement tainting looks up (:func:`redd_audit.sampling.monetary_unit.
upper_misstatement_limit_tco2e` is the Python face of the same bound)."""

from __future__ import annotations

from redd_audit.sampling.monetary_unit import poisson_upper_factor
from redd_audit.workbook.layout import SheetBuilder, fx, inp, link
from redd_audit.workbook.model import COUNT, FACTOR


def factor_table(sh: SheetBuilder, top: int, n: int) -> None:
    """Rows k = 0..n: k, F_k (χ²_0.95(2k+2)/2, F_0 = R as a link) and ΔF_k = F_k − F_(k−1)."""
    sh.headers(top, 1, ["k (rank)", "F_k Poisson upper limit", "ΔF_k = F_k − F_(k−1)"])
    sh.put(top + 1, 1, 0, "label", COUNT)
    sh.put(top + 1, 2, link("=MUS_Reliability_Factor", FACTOR).value, "link", FACTOR)
    for k in range(1, max(n, 1) + 1):
        r = top + 1 + k
        sh.put(r, 1, k, "label", COUNT)
        sh.put_row(r, 2, [inp(poisson_upper_factor(k), FACTOR), fx(f"=B{r}-B{r - 1}", FACTOR)])
    sh.define_range("MUS_Incremental_Factors", top + 2, 3, top + 1 + max(n, 1), 3)
