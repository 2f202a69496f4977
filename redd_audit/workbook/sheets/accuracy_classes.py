"""The "Accuracy by class" sheet: per-class accuracy and area-adjusted proportions (Olofsson et
al. 2014) with formulas, and the check of contract.md section 5.6.

Blocks (rows = map class i, columns = reference class j): sample counts ``n_ij`` (counted
over the Accuracy samples sheet, classes matched exactly), ``n_i·`` and the map-class weight
``W_i``; cell proportions
``p_ij = W_i n_ij / n_i·`` (Eq. 9); variance terms ``W_i² (n_ij/n_i·)(1 − n_ij/n_i·)/(n_i· − 1)``
(Eq. 10). Per class: user's accuracy ``n_jj/n_j·``, producer's accuracy ``p_jj/p_·j``, mapped
proportion ``W_j``, adjusted proportion ``p_·j`` and its 95 % half-width ``z_95·√Σ_i var``.
The equations are those of :mod:`redd_audit.methodology.accuracy`, written by the builders
of the same names in :mod:`redd_audit.formulas.accuracy`.
"""

from __future__ import annotations

from collections.abc import Callable

from redd_audit.formulas.accuracy import (
    area_proportion_ci95,
    area_proportion_fraction,
    area_proportion_variance_term,
    cell_proportion_fraction,
    overall_accuracy_fraction,
    producers_accuracy_fraction,
    proportion_outside_ci,
    users_accuracy_fraction,
)
from redd_audit.methodology.accuracy import change_class_of
from redd_audit.workbook.book import Book
from redd_audit.workbook.layout import SheetBuilder, fx, inp, label
from redd_audit.workbook.model import COUNT, FACTOR, FRACTION, Cell, column_letter
from redd_audit.workbook.sheets.accuracy_bias import bias_block
from redd_audit.workbook.sheets.criteria import (
    Condition,
    average_where,
    count_where,
    needs_exact,
)

SHEET = "Accuracy by class"


def _matrix(
    sh: SheetBuilder,
    top: int,
    title: str,
    classes: list[str],
    cell: Callable[[int, int, int, int], Cell],
) -> tuple[int, int]:
    """A k×k block with class labels; ``cell(i, j, r, c)`` gives each cell. Returns the rows of
    its first and last class."""
    sh.put(top, 1, title, "subtitle")
    sh.headers(top + 1, 1, ["Map class i \\ reference class j", *classes])
    for i, m in enumerate(classes):
        r = top + 2 + i
        sh.put(r, 1, m)
        for j in range(len(classes)):
            sh.cells[(r, 2 + j)] = cell(i, j, r, 2 + j)
    return top + 2, top + 1 + len(classes)


def build(book: Book) -> None:
    """The "Accuracy by class" sheet (contract.md 5.6)."""
    ctx = book.ctx
    sh = book.sheet(
        SHEET,
        "Map accuracy per class (Olofsson et al. 2014): user's, producer's, mapped and "
        "area-adjusted proportions",
        "A change class whose mapped proportion lies outside adjusted ± CI95 is a biased map "
        "(warning finding, contract 5.6).",
    )
    acc = ctx.recomputation.accuracy if ctx.recomputation is not None else None
    if acc is None:
        sh.put(4, 1, "accuracy_samples was not provided: no per-class assessment.", "note")
        return
    classes = list(acc.classes)
    k = len(classes)
    on_sheet = bool(book.data.get("accuracy_samples") and book.data["accuracy_samples"].on_sheet)
    sh.put(4, 1, "Change class (map_accuracy.change_class)", "key")
    sh.cells[(4, 3)] = inp(change_class_of(ctx.project))
    sh.define("Change_Class", 4, 3)
    last_col = column_letter(1 + k)
    n_col, w_col = 2 + k, 3 + k

    exact = needs_exact(classes)

    def mapped_as(r: int) -> list[Condition]:
        return [Condition("Acc_Map", f"$A{r}", is_id=True), Condition("Acc_Included", "1")]

    def count_cell(i: int, j: int, r: int, c: int) -> Cell:
        if on_sheet:
            ref = Condition("Acc_Ref", f"{column_letter(c)}${top + 1}", is_id=True)
            return fx("=" + count_where([*mapped_as(r), ref], exact), COUNT)
        return inp(int(acc.counts[i, j]), COUNT)

    top = 6
    c_first, c_last = _matrix(sh, top, "Sample counts n_ij", classes, count_cell)
    sh.put(top + 1, n_col, "n_i· (samples mapped as i)", "header")
    sh.put(top + 1, w_col, "W_i: mapped area share (stratum_weight)", "header")
    sh.put(top + 1, w_col + 1, "Source", "header")
    source = (
        "Accuracy samples (count and mean where the class matches exactly)"
        if on_sheet
        else "accuracy_samples (engine)"
    )
    for i in range(k):
        r = c_first + i
        sh.cells[(r, n_col)] = fx(f"=SUM(B{r}:{last_col}{r})", COUNT)
        if on_sheet:
            sh.cells[(r, w_col)] = fx(
                "=" + average_where("Acc_Weight", mapped_as(r), exact), FACTOR
            )
        else:
            sh.cells[(r, w_col)] = inp(float(acc.weights[i]), FACTOR)
        sh.put(r, w_col + 1, source)
    N, W = column_letter(n_col), column_letter(w_col)

    def share(i: int, j: int, r: int, c: int) -> Cell:
        n_ij = f"{column_letter(c)}{c_first + i}"
        return fx(
            cell_proportion_fraction(f"${W}{c_first + i}", n_ij, f"${N}{c_first + i}"), FACTOR
        )

    p_top = c_last + 2
    p_first, p_last = _matrix(
        sh, p_top, "Estimated proportions p_ij = W_i n_ij / n_i· (Eq. 9)", classes, share
    )

    def variance(i: int, j: int, r: int, c: int) -> Cell:
        n_i, w_i = f"${N}{c_first + i}", f"${W}{c_first + i}"
        n_ij = f"{column_letter(c)}{c_first + i}"
        return fx(area_proportion_variance_term(w_i, n_ij, n_i), FACTOR)

    v_top = p_last + 2
    v_first, v_last = _matrix(
        sh,
        v_top,
        "Variance terms W_i² (n_ij/n_i·)(1 − n_ij/n_i·)/(n_i· − 1) (Eq. 10)",
        classes,
        variance,
    )
    s_top = v_last + 2
    sh.put(s_top, 1, "Per class", "subtitle")
    sh.headers(
        s_top + 1,
        1,
        [
            "Class",
            "User's accuracy n_jj/n_j·",
            "Producer's accuracy p_jj/p_·j",
            "Mapped proportion W_j",
            "Adjusted proportion p_·j",
            "Adjusted CI95 z_95·SE",
            "Mapped outside adjusted ± CI95",
            "Source",
            "Is the change class (1/0, exact text)",
        ],
    )
    for j, cls in enumerate(classes):
        r = s_top + 2 + j
        col = column_letter(2 + j)
        diag_n = f"{col}{c_first + j}"
        diag_p = f"{col}{p_first + j}"
        sh.put(r, 1, cls)
        sh.put_row(
            r,
            2,
            [
                fx(users_accuracy_fraction(diag_n, f"{N}{c_first + j}"), FRACTION),
                fx(producers_accuracy_fraction(diag_p, f"E{r}"), FRACTION),
                fx(f"={W}{c_first + j}", FRACTION),
                fx(area_proportion_fraction(f"{col}{p_first}:{col}{p_last}"), FRACTION),
                fx(area_proportion_ci95(f"{col}{v_first}:{col}{v_last}"), FRACTION),
                fx(proportion_outside_ci(f"D{r}", f"E{r}", f"F{r}")),
                label("blocks above (Olofsson et al. 2014 Eq. 9-10)"),
                fx(f"=IF(EXACT($A{r},Change_Class),1,0)", COUNT),
            ],
        )
    first, last = s_top + 2, s_top + 1 + k
    r = last + 2
    diag = ",".join(f"{column_letter(2 + i)}{p_first + i}" for i in range(k))
    sh.put(r, 1, "Overall accuracy Σ p_ii", "key")
    sh.cells[(r, 3)] = fx(overall_accuracy_fraction(diag), FRACTION)
    lookups = [
        ("Change class: mapped proportion", "D", "Change_Class_Mapped_Proportion"),
        ("Change class: adjusted proportion", "E", "Change_Class_Adjusted_Proportion"),
        ("Change class: adjusted CI95", "F", "Change_Class_Adjusted_CI95"),
        ("Change class biased (mapped outside adjusted ± CI95)", "G", "Change_Class_Biased"),
    ]
    # the change class's position: MATCH on the class text would read * ? ~ as wildcards and
    # ignore case (issue 14), so it looks for the 1 of the EXACT column (classes are distinct)
    r += 1
    sh.put(r, 1, "Change class: position in the per-class table (0 = no sample)", "label")
    sh.cells[(r, 3)] = fx(f"=IFERROR(MATCH(1,$I${first}:$I${last},0),0)", COUNT)
    position = f"$C${r}"
    sh.put(r, 4, "per-class table (above)")
    for i, (text, col, name) in enumerate(lookups, start=1):
        sh.put(r + i, 1, text, "key")
        sh.cells[(r + i, 3)] = fx(
            f'=IF({position}>0,INDEX(${col}${first}:${col}${last},{position}),"")',
            None if col == "G" else FRACTION,
        )
        sh.define(name, r + i, 3)
        sh.put(r + i, 4, "per-class table (above)")
    bias_block(book, sh, r + len(lookups) + 2)  # the size of a map bias (contract 5.9)
    sh.widths_from(1, [34, *[16] * (k + 6)])
    sh.freeze = "B5"
    sh.title_rows = "1:2"
