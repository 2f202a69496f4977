"""Performance benchmark suite (``make bench``): not part of ``make test``.

:mod:`bench.run` runs every measurement and writes ``reports/bench.json``;
:mod:`bench.metrics` holds the metric table and its JSON writer; :mod:`bench.cases` prepares the
scale case (generated once into a cache folder) and the portfolio projects;
:mod:`bench.measure` times subprocesses and samples their memory; :mod:`bench.plain_steps` and
:mod:`bench.workbook_throughput` are the child processes that the suite times.
"""
