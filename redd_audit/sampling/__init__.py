"""Re-performable evidence samples for the verifier (pure: no Prefect, no GX, no openpyxl).

``monetary_unit``: the monetary-unit sample of project-area deforestation events (contract.md
section 5.5) and the projection of the misstatement the verifier observes in it.
``recheck``: seeded random selections of inventory plots to remeasure and of accuracy samples
to re-interpret.
"""
