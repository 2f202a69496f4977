"""The sample's verification cycle: issuances of the earlier monitoring periods and the
verifier's findings on the draft report of 2021–2022 (synthetic, SCS-style).

The earlier periods (MP1 2010–2012, MP2 2013–2018, MP3 2019–2020) are issued as the core's
engine recomputes them from the sample's own tables: VCUs and buffer per vintage, the buffer
rounded to whole tCO2e as the registry lists it. MP3 ends on 2020-12-31, so the audited period
2021–2022 follows it without a gap.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import pandas as pd

from redd_audit.methodology.engine import recompute
from redd_audit.project import load_project
from samplegen.claims import read_frames

#: Monitoring periods issued before the audited one (MP1–MP3).
ISSUED_PERIODS = (
    (dt.date(2010, 1, 1), dt.date(2012, 12, 31)),
    (dt.date(2013, 1, 1), dt.date(2018, 12, 31)),
    (dt.date(2019, 1, 1), dt.date(2020, 12, 31)),
)
#: Every monitoring period of the sample, the audited MP4 last (project.yaml).
ALL_PERIODS = (*ISSUED_PERIODS, (dt.date(2021, 1, 1), dt.date(2022, 12, 31)))

#: Documents the sample cites (project.yaml ``documents``).
DOCUMENTS = (
    ("PD", "REDD Project in Brazil Nut Concessions in Madre de Dios: VCS Project Description",
     "1.3", dt.date(2012, 6, 15)),
    ("MR-MP4", "Monitoring Report, monitoring period 4 (2021-01-01 to 2022-12-31), draft",
     "0.9", dt.date(2023, 3, 10)),
    ("VR-MP3", "Verification Report, monitoring period 3 (2019-01-01 to 2020-12-31)",
     "1.0", dt.date(2021, 11, 30)),
)  # fmt: skip

#: (id, type, status, raised on, reference, description, response)
FINDINGS = (
    ("CL-01", "CL", "closed", dt.date(2023, 4, 12), "MR-MP4 section 3.2; VM0007 LK-ASU",
     "Clarify how the leakage belt boundary was updated after the 2021 concession changes.",
     "The belt was not redrawn; the 2021 concession transfers lie inside the existing belt "
     "(map 3.2-b added)."),
    ("NIR-01", "NIR", "closed", dt.date(2023, 4, 12), "MR-MP4 section 4.1; VM0007 M-MON",
     "Provide the Sentinel-2 scenes used to confirm the 2022 gold-mining events.",
     "Scene list and tiles uploaded to the data room (folder MON/2022/S2)."),
    ("NCR-01", "NCR", "closed", dt.date(2023, 4, 20), "MR-MP4 table 5.4; VM0007 E-BB",
     "Fire emissions of 2021 used the combustion factor of the bamboo stratum for every "
     "stratum.",
     "Corrected: stratum-specific combustion factors applied; table 5.4 revised."),
    ("OFI-01", "OFI", "closed", dt.date(2023, 4, 20), "VCS Standard v4.4 section 3.17",
     "Keep the inventory field sheets with the plot photographs in one register.",
     "Noted; register to be set up for the 2026 inventory."),
    ("NIR-02", "NIR", "open", dt.date(2023, 5, 3), "MR-MP4 section 5.1; VM0007 REDD-MF",
     "Reconcile the 2021 project emissions of the draft with the monitored events of "
     "October-December 2021.",
     ""),
)  # fmt: skip


def _whole(quantity: float) -> int:
    return math.floor(quantity + 0.5)


def issuance_history(folder: Path) -> pd.DataFrame:
    """One row per vintage of each issued period: ``period_start, period_end, vintage,
    vcus_issued, buffer_tco2e`` from the engine's recomputation of the period."""
    project = load_project(folder)
    frames = read_frames(folder)
    rows = []
    for start, end in ISSUED_PERIODS:
        result = recompute(project, frames, start, end)
        for v in result.vintages:
            rows.append(
                {
                    "period_start": start.isoformat(),
                    "period_end": end.isoformat(),
                    "vintage": v.vintage,
                    "vcus_issued": int(v.vcus),
                    "buffer_tco2e": _whole(v.buffer_tco2e),
                }
            )
    return pd.DataFrame(rows)


def verification_findings() -> pd.DataFrame:
    """The verifier's findings on the draft of MP4, with the proponent's responses."""
    columns = ["finding_id", "type", "status", "raised_on", "reference", "description"]
    frame = pd.DataFrame([row[:6] for row in FINDINGS], columns=columns)
    frame["raised_on"] = [row[3].isoformat() for row in FINDINGS]
    frame["response"] = [row[6] for row in FINDINGS]
    return frame


def cycle_yaml() -> list[str]:
    """The ``documents`` and ``monitoring_periods`` lines of project.yaml."""
    lines = ["documents:"]
    for doc_id, title, version, date in DOCUMENTS:
        lines += [
            f"  - id: {doc_id}",
            f'    title: "{title}"',
            f'    version: "{version}"',
            f"    date: {date.isoformat()}",
        ]
    lines.append("monitoring_periods:")
    lines += [f"  - {{start: {s.isoformat()}, end: {e.isoformat()}}}" for s, e in ALL_PERIODS]
    return lines
