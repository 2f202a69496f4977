"""Prefect tasks: collect, check, compute, assemble. Each wraps the core once.

Every module exposes the plain function (used by tests and by portfolio runs on Dask) and the
Prefect task built from it.
"""
