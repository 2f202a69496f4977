"""Accuracy assessment (Olofsson et al. 2014): confusion matrix, area proportions, variances,
UA/PA per class with 95 % intervals and the overall accuracy against its threshold."""

from __future__ import annotations

from dataclasses import dataclass

from redd_audit.workbook.book import Book
from redd_audit.workbook.layout import HEADER_ROW, SheetBuilder, fx, label, link
from redd_audit.workbook.model import COUNT, FRACTION, FRACTION_FINE, column_letter
from redd_audit.workbook.sheets.criteria import (
    Condition,
    average_where,
    count_where,
    needs_exact,
)

NAME = "Accuracy assessment"
C0 = 2  # first class column
PROPORTION = FRACTION_FINE  # proportions and weights are fractions: shown as percentages
VARIANCE = "0.000E+00"
CLASS_HEADERS = [
    "Class",
    "User's accuracy UA",
    "var(UA)",
    "UA CI 95 %",
    "Producer's accuracy PA",
    "var(PA)",
    "PA CI 95 %",
    "Area proportion p_·j",
    "Area proportion CI 95 %",
    "W_i²·var(UA_i)",
    "Source",
]


@dataclass(frozen=True)
class Matrix:
    """Row of the first class of a k × k block (columns from C0)."""

    first: int
    k: int

    def cell(self, i: int, j: int) -> str:
        return f"{column_letter(C0 + j)}{self.first + i}"

    def column(self, j: int) -> str:
        c = column_letter(C0 + j)
        return f"{c}{self.first}:{c}{self.first + self.k - 1}"


def _matrix_header(sh: SheetBuilder, top: int, title: str, classes: list[str]) -> int:
    sh.put(top, 1, title, "subtitle")
    sh.put(top + 1, 1, "Map class i \\ reference class j", "header")
    sh.headers(top + 1, C0, classes)
    return top + 1


def _counts(book: Book, sh: SheetBuilder, classes: list[str]) -> tuple[Matrix, int]:
    acc, k = book.rc.accuracy, len(classes)
    assert acc is not None
    samples = book.data["accuracy_samples"]
    exact = needs_exact(classes)
    h1 = _matrix_header(sh, HEADER_ROW - 1, "1. Sample counts n_ij", classes)
    sh.headers(h1, C0 + k, ["n_i· (map)", "W_i (weight)", "Source"])
    for i, ci in enumerate(classes):
        r = h1 + 1 + i
        sh.put(r, 1, ci)
        mapped = [Condition("Acc_Map", f"$A{r}", is_id=True), Condition("Acc_Included", "1")]
        for j in range(k):
            if samples.on_sheet:
                ref = Condition("Acc_Ref", f"{column_letter(C0 + j)}${h1}", is_id=True)
                text = "=" + count_where([mapped[0], ref, mapped[1]], exact)
                sh.put(r, C0 + j, fx(text).value, "formula", COUNT)
            else:
                sh.put(r, C0 + j, float(acc.counts[i, j]), "input", COUNT)
        a, z = column_letter(C0), column_letter(C0 + k - 1)
        sh.put(r, C0 + k, fx(f"=SUM({a}{r}:{z}{r})").value, "formula", COUNT)
        if samples.on_sheet:
            weight = "=" + average_where("Acc_Weight", mapped, exact)
            sh.put(r, C0 + k + 1, fx(weight).value, "formula", PROPORTION)
        else:
            sh.put(r, C0 + k + 1, float(acc.weights[i]), "input", PROPORTION)
        sh.put(r, C0 + k + 2, "Accuracy samples" if samples.on_sheet else "engine (companion)")
    nrow = h1 + 1 + k
    sh.put(nrow, 1, "n_·j (reference)", "key")
    for j in range(k + 1):
        col = column_letter(C0 + j)
        sh.put(nrow, C0 + j, fx(f"=SUM({col}{h1 + 1}:{col}{h1 + k})").value, "formula", COUNT)
    return Matrix(h1 + 1, k), nrow


def _derived(
    sh: SheetBuilder, classes: list[str], n: Matrix, nrow: int
) -> tuple[Matrix, int, Matrix]:
    """Proportions p_ij = W_i·n_ij/n_i· and variance terms V_ij; returns (p, p_·j row, V)."""
    k = n.k

    def ni(i: int) -> str:
        return f"${column_letter(C0 + k)}${n.first + i}"

    def wi(i: int) -> str:
        return f"${column_letter(C0 + k + 1)}${n.first + i}"

    h2 = _matrix_header(
        sh, nrow + 2, "2. Estimated area proportions p_ij = W_i · n_ij / n_i·", classes
    )
    for i, ci in enumerate(classes):
        sh.put(h2 + 1 + i, 1, ci)
        for j in range(k):
            text = f"=IF({ni(i)}>0,{wi(i)}*({n.cell(i, j)}/{ni(i)}),0)"
            sh.put(h2 + 1 + i, C0 + j, fx(text).value, "formula", PROPORTION)
    prow = h2 + 1 + k
    sh.put(prow, 1, "p_·j", "key")
    p = Matrix(h2 + 1, k)
    for j in range(k):
        sh.put(prow, C0 + j, fx(f"=SUM({p.column(j)})").value, "formula", PROPORTION)
    h3 = _matrix_header(
        sh,
        prow + 2,
        "3. Variance terms V_ij = W_i² · r_ij · (1 − r_ij) / (n_i· − 1), r_ij = n_ij / n_i·",
        classes,
    )
    for i, ci in enumerate(classes):
        sh.put(h3 + 1 + i, 1, ci)
        for j in range(k):
            rij = f"({n.cell(i, j)}/{ni(i)})"
            text = f"=IF({ni(i)}>1,{wi(i)}*{wi(i)}*{rij}*(1-{rij})/({ni(i)}-1),0)"
            sh.put(h3 + 1 + i, C0 + j, fx(text).value, "formula", VARIANCE)
    return p, prow, Matrix(h3 + 1, k)


def _per_class(
    sh: SheetBuilder, classes: list[str], n: Matrix, p: Matrix, prow: int, v: Matrix
) -> int:
    k = n.k
    top = v.first + k + 1
    sh.put(
        top,
        1,
        "4. Accuracy per class (fractions; CI = half-width of the 95 % interval)",
        "subtitle",
    )
    sh.headers(top + 1, 1, CLASS_HEADERS)

    def ni(i: int) -> str:
        return f"${column_letter(C0 + k)}${n.first + i}"

    def wi(i: int) -> str:
        return f"${column_letter(C0 + k + 1)}${n.first + i}"

    for j, cj in enumerate(classes):
        r = top + 2 + j
        pj = f"{column_letter(C0 + j)}{prow}"
        others = [v.cell(i, j) for i in range(k) if i != j]
        term2 = f"SUM({','.join(others)})" if others else "0"
        sh.put_row(
            r,
            1,
            [
                label(cj),
                fx(f'=IF({ni(j)}>0,{n.cell(j, j)}/{ni(j)},"")', FRACTION),
                fx(f'=IF({ni(j)}>1,B{r}*(1-B{r})/({ni(j)}-1),"")', VARIANCE),
                fx(f'=IF(ISNUMBER(C{r}),z_95*SQRT(C{r}),"")', FRACTION),
                fx(f'=IF({pj}<>0,{p.cell(j, j)}/{pj},"")', FRACTION),
                fx(
                    f"=IF({pj}>0,(IF(ISNUMBER(C{r}),{wi(j)}*{wi(j)}*((1-E{r})*(1-E{r}))*C{r},0)"
                    f'+E{r}*E{r}*{term2})/({pj}*{pj}),"")',
                    VARIANCE,
                ),
                fx(f'=IF(ISNUMBER(F{r}),z_95*SQRT(F{r}),"")', FRACTION),
                link(f"={pj}", FRACTION),
                fx(f"=z_95*SQRT(SUM({v.column(j)}))", FRACTION),
                fx(f"=IF(ISNUMBER(C{r}),{wi(j)}*{wi(j)}*C{r},0)", VARIANCE),
                label("blocks 1 to 3 of this sheet"),
            ],
        )
    return top + 1 + k


def _overall(sh: SheetBuilder, n: Matrix, p: Matrix, nrow: int, first4: int, last4: int) -> int:
    k = n.k
    diag = "+".join(p.cell(i, i) for i in range(k))
    trace = "+".join(n.cell(i, i) for i in range(k))
    total_n = f"{column_letter(C0 + k)}{nrow}"
    rows = [
        ("Overall accuracy OA = Σ p_ii", f"={diag}", FRACTION, "Overall_Accuracy_Fraction"),
        ("OA CI 95 %", f"=z_95*SQRT(SUM(J{first4}:J{last4}))", FRACTION, None),
        ("Unweighted OA = Σ n_ii / n", f'=IF({total_n}>0,({trace})/{total_n},"")', FRACTION, None),
        ("Threshold (minimum OA)", "=Min_Overall_Accuracy_Fraction", FRACTION, None),
        (
            "OA meets the threshold",
            "=Overall_Accuracy_Fraction>=Min_Overall_Accuracy_Fraction",
            None,
            None,
        ),
    ]
    top = last4 + 2
    sh.put(top, 1, "5. Overall", "subtitle")
    for m, (text, formula, fmt, name) in enumerate(rows):
        r = top + 1 + m
        sh.put(r, 1, text, "key" if name else "label")
        sh.put(r, 3, "Source: blocks 1, 2 and 4 of this sheet; Parameters (threshold)")
        is_link = formula.count("(") == 0 and "+" not in formula
        sh.put(r, 2, fx(formula).value, "link" if is_link else "formula", fmt)
        if name:
            sh.define(name, r, 2)
    return top


def build(book: Book) -> None:
    sh = book.sheet(
        NAME,
        "Map accuracy assessment (Olofsson et al. 2014): confusion matrix, OA, UA, PA with 95 % CI",
        "Rows: map class i; columns: reference class j. p_ij = W_i·n_ij/n_i·; OA = Σ p_ii; "
        "UA_i = n_ii/n_i·; PA_j = p_jj/p_·j; CIs = z_95·√var (Eq. 5, 6, 7, 10; weights in place "
        "of mapped areas).",
    )
    samples = book.data.get("accuracy_samples")
    acc = book.rc.accuracy
    if acc is None or samples is None:
        sh.put(HEADER_ROW, 1, "accuracy_samples was not provided: no accuracy assessment.", "note")
        return
    classes = list(acc.classes)
    n, nrow = _counts(book, sh, classes)
    p, prow, v = _derived(sh, classes, n, nrow)
    last4 = _per_class(sh, classes, n, p, prow, v)
    top5 = _overall(sh, n, p, nrow, last4 - len(classes) + 1, last4)
    if not samples.on_sheet and samples.companion is not None:
        sh.put(
            top5 + 7,
            1,
            f"Counts and weights are input cells: the samples are in {samples.companion.name}.",
            "note",
        )
    sh.widths_from(1, [34] + [16] * (len(classes) + 9))
    sh.title_rows = "1:2"
