"""Errors that end a run with exit code 2: bad invocation or unreadable/invalid input."""

from __future__ import annotations

from collections.abc import Sequence


class InputError(Exception):
    """An input that cannot be read or is invalid as a whole (exit code 2).

    The message names the file and, where they apply, the row (or, for ``project.yaml``, the
    line), the record (``event_id=E-1``) and the column, so that the user can fix the input
    without reading a traceback. ``details`` lists further problems of the same file, one per
    line (e.g. every unreadable value, up to a cap); ``row``/``record``/``column`` then name
    the first of them.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        row: int | None = None,
        column: str | None = None,
        record: str | None = None,
        line: int | None = None,
        details: Sequence[str] = (),
    ) -> None:
        self.file = file
        self.row = row
        self.column = column
        self.record = record
        self.line = line
        self.details = tuple(details)
        self.detail = message
        super().__init__(self._render())

    def _render(self) -> str:
        if self.details:  # the list names rows and columns itself
            where = [self.file] if self.file else []
        else:
            where = [self.file] if self.file else []
            if self.line is not None:
                where.append(f"line {self.line}")
            if self.row is not None:
                where.append(f"row {self.row}")
            if self.record:
                where.append(self.record)
            if self.column:
                where.append(f"column '{self.column}'")
        text = f"{', '.join(where)}: {self.detail}" if where else self.detail
        return "\n".join([text, *(f"  - {d}" for d in self.details)])

    def __reduce__(
        self,
    ) -> tuple[object, ...]:  # keep the keyword arguments through pickling (Dask, Prefect results)
        return (
            _rebuild_input_error,
            (
                self.detail,
                self.file,
                self.row,
                self.column,
                self.record,
                self.line,
                self.details,
            ),
        )


def _rebuild_input_error(
    message: str,
    file: str | None,
    row: int | None,
    column: str | None,
    record: str | None = None,
    line: int | None = None,
    details: Sequence[str] = (),
) -> InputError:
    return InputError(
        message, file=file, row=row, column=column, record=record, line=line, details=details
    )


class QualityGateFailed(Exception):
    """The data-quality gate found blocking (error) findings (exit code 1)."""

    def __init__(self, errors: int, output_dir: str) -> None:
        self.errors = errors
        self.output_dir = output_dir
        super().__init__(
            f"data-quality gate failed with {errors} blocking finding(s); see {output_dir}"
        )

    def __reduce__(self) -> tuple[object, ...]:
        return (QualityGateFailed, (self.errors, self.output_dir))
