"""Errors that end a run with exit code 2: bad invocation or unreadable/invalid input."""

from __future__ import annotations


class InputError(Exception):
    """An input that cannot be read or is invalid as a whole (exit code 2).

    The message names the file and, where they apply, the row and the column, so that the
    user can fix the input without reading a traceback.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        self.file = file
        self.row = row
        self.column = column
        self.detail = message
        super().__init__(self._render())

    def _render(self) -> str:
        where = []
        if self.file:
            where.append(self.file)
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column '{self.column}'")
        return f"{', '.join(where)}: {self.detail}" if where else self.detail

    def __reduce__(self):  # keep the keyword arguments through pickling (Dask, Prefect results)
        return (_rebuild_input_error, (self.detail, self.file, self.row, self.column))


def _rebuild_input_error(
    message: str, file: str | None, row: int | None, column: str | None
) -> InputError:
    return InputError(message, file=file, row=row, column=column)


class QualityGateFailed(Exception):
    """The data-quality gate found blocking (error) findings (exit code 1)."""

    def __init__(self, errors: int, output_dir: str) -> None:
        self.errors = errors
        self.output_dir = output_dir
        super().__init__(
            f"data-quality gate failed with {errors} blocking finding(s); see {output_dir}"
        )

    def __reduce__(self):
        return (QualityGateFailed, (self.errors, self.output_dir))
