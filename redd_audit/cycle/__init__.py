"""The verification cycle (contract.md section 5.1–5.4): revisions that are never lost, period
materiality, the cumulative issuance position and the findings register. Pure functions; the
assemble task wires them into the run's outputs."""
