"""Generate the bundled SYNTHETIC sample project ``data/raw/vcs-868/`` (and a scale case).

The sample imitates the "REDD Project in Brazil Nut Concessions in Madre de Dios" (VCS 868,
Peru): four forest strata along the Interoceanic Highway, an ex-ante baseline calibrated to the
published estimate (2,086,089 tCO2e a year, 64,688,764 tCO2e over 2010–2040), monitored
deforestation and fires 2010–2024, a 2021 forest inventory, a map-accuracy sample, the
proponent's claimed vintages 2019–2022 (with one planted discrepancy), CCB indicators, the
issuances of the monitoring periods before 2019 and the verifier's findings on the draft.
**Every figure is synthetic**; only the published totals and the setting are real.

Usage::

    python data/generate_sample.py                      # -> data/raw/vcs-868/
    python data/generate_sample.py --out DIR --seed 868
    python data/generate_sample.py --scale --out /tmp/scale-case   # benchmark case

The output is deterministic: the same seed gives byte-identical files (rows sorted, floats
rounded to fixed decimals, no timestamps). Each table draws from its own random stream
(``numpy.random.default_rng([seed, k])``), so changing one table leaves the others unchanged.

The strata and species are data (``data/sample_spec/strata.yaml``, ``species.csv``); the
equations are the core's (``redd_audit.methodology``: emission schedule and cohort term, Chave
et al. 2014, Mokany et al. 2006, NER, buffer, VCUs with the rounding guard), and
``claimed_vintages.csv`` comes from the core's readers and engine. The pieces live in
``data/samplegen/``.

Importable from tests through ``importlib`` (``data`` is not a package)::

    spec = importlib.util.spec_from_file_location("generate_sample", path)
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))  # data/samplegen

from samplegen.baseline import (
    baseline_table,
    calibrated_baseline,
    cohort_emissions,
    emission_schedule,
    exante_table,
)
from samplegen.claims import claimed_vintages, read_frames
from samplegen.cycle import issuance_history, verification_findings
from samplegen.events import deforestation_events, fire_events, monitored_targets
from samplegen.inventory import inventory
from samplegen.project_file import project_yaml
from samplegen.spec import (
    MONITORING_PERIODS,
    SAMPLE_STRATA,
    SCALE_EXTRA_STRATUM,
    ScaleOptions,
)
from samplegen.tables import accuracy_samples, ccb_indicators, uncertainty_inputs

__all__ = [
    "MONITORING_PERIODS",
    "SAMPLE_STRATA",
    "ScaleOptions",
    "cohort_emissions",
    "emission_schedule",
    "generate",
    "main",
    "read_frames",
]

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = REPO_ROOT / "data" / "raw" / "vcs-868"
DEFAULT_SCALE_OUT = Path("/tmp/scale-case")
DEFAULT_SEED = 868


def _write_csv(frame: pd.DataFrame, path: Path) -> None:
    frame.to_csv(path, index=False, lineterminator="\n", encoding="utf-8")


def generate(out_dir: Path, *, seed: int = DEFAULT_SEED, scale: ScaleOptions | None = None) -> None:
    """Write the sample project (or, with ``scale``, the benchmark case) into ``out_dir``."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    strata = SAMPLE_STRATA
    if scale is not None and scale.extra_stratum:
        strata = (*SAMPLE_STRATA, SCALE_EXTRA_STRATUM)
    project_id = "VCS-868" if scale is None else "VCS-868-SCALE"
    (out_dir / "project.yaml").write_bytes(
        project_yaml(strata, project_id=project_id, scale=scale is not None).encode("utf-8")
    )

    belt_ratio = 0.55 if scale is None else 1.05
    pa, lb = calibrated_baseline(strata, seed, belt_ratio)
    _write_csv(baseline_table(strata, pa, lb), out_dir / "baseline_exante.csv")
    _write_csv(exante_table(strata, pa), out_dir / "exante_estimates.csv")

    targets = monitored_targets(strata, pa, lb, seed)
    events = deforestation_events(strata, targets, seed, scale)
    _write_csv(events, out_dir / "deforestation_events.csv")
    n_fires = 300 if scale is None else scale.fire_events
    _write_csv(fire_events(strata, seed, n_fires), out_dir / "fire_events.csv")

    plots, trees = inventory(strata, seed, scale)
    _write_csv(plots, out_dir / "inventory_plots.csv")
    _write_csv(trees, out_dir / "inventory_trees.csv")
    _write_csv(accuracy_samples(seed), out_dir / "accuracy_samples.csv")
    _write_csv(ccb_indicators(strata, pa, events, seed), out_dir / "ccb_indicators.csv")

    if scale is None or scale.claimed_vintages:
        _write_csv(claimed_vintages(out_dir), out_dir / "claimed_vintages.csv")
    if scale is None:
        _write_csv(issuance_history(out_dir), out_dir / "issuance_history.csv")
        _write_csv(verification_findings(), out_dir / "verification_findings.csv")
        _write_csv(uncertainty_inputs(strata), out_dir / "uncertainty_inputs.csv")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=None, help="output folder")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--scale", action="store_true", help="write the benchmark scale case")
    parser.add_argument("--events", type=int, default=ScaleOptions.deforestation_events)
    parser.add_argument("--plots", type=int, default=ScaleOptions.plots)
    parser.add_argument("--trees", type=int, default=ScaleOptions.trees)
    args = parser.parse_args(argv)
    scale = (
        ScaleOptions(deforestation_events=args.events, plots=args.plots, trees=args.trees)
        if args.scale
        else None
    )
    out = args.out or (DEFAULT_SCALE_OUT if args.scale else DEFAULT_OUT)
    began = time.perf_counter()
    generate(out, seed=args.seed, scale=scale)
    elapsed = time.perf_counter() - began
    sizes = {p.name: p.stat().st_size for p in sorted(out.iterdir()) if p.is_file()}
    for name, size in sizes.items():
        print(f"{name:28s} {size:>12,d} bytes")
    print(f"wrote {len(sizes)} files to {out} in {elapsed:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
