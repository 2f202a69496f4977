"""redd_audit.progress: progress reports reach the registered listeners only."""

from __future__ import annotations

from redd_audit import progress


def test_listeners_hear_reports_while_registered() -> None:
    heard: list[tuple[str, float, str]] = []
    progress.report("collect", 0.0)  # no listener: nothing happens
    with progress.listen(lambda *args: heard.append(args)):
        progress.report("collect", 0.5, "baseline_exante")
        with progress.listen(lambda *args: heard.append(("second", *args[1:]))):
            progress.report("gate", 1.0)
    progress.report("collect", 1.0)
    assert heard == [
        ("collect", 0.5, "baseline_exante"),
        ("gate", 1.0, ""),
        ("second", 1.0, ""),
    ]


def test_listener_is_removed_when_it_raises() -> None:
    def broken(step: str, fraction: float, detail: str) -> None:
        raise RuntimeError("stop")

    try:
        with progress.listen(broken):
            progress.report("collect", 0.1)
    except RuntimeError:
        pass
    progress.report("collect", 0.2)  # the broken listener is gone
