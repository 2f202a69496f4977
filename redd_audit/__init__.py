"""redd-audit: the pure core (methodology math, readers, workbook description).

Nothing in this package imports Prefect or Great Expectations: tasks/ wraps it, flows/ wires
the tasks and the CLI sits on top.
"""

__version__ = "0.1.0"
