"""Prefect flows (wiring only) and the command line."""
