"""pytest setup for `pytest verif`: import paths for the tb library and the golden model; coverage gate.

After the session (on the xdist controller), the functional coverage of the records this
session wrote is checked (ebpc_tb/coverage.py): a required bin never hit fails the run, with
the list of missed bins; build/sim/coverage-$SIM.json and build/sim/coverage.json are written.
EBPC_COVERAGE=0 turns the gate off (partial runs, e.g. with -k).
"""
import sys
import time
from pathlib import Path

import pytest

_ROOT = Path(__file__).resolve().parent
for _p in (_ROOT, _ROOT.parent / "models"):
    if str(_p) not in sys.path:
        sys.path.insert(0, str(_p))

collect_ignore_glob = ["tests/*", "hdl/*", "waves/*"]

_START: list[float] = []
_LINES: list[str] = []
_RAN: set = set()  # (toplevel, set tag) of the runner tests this session ran


def pytest_runtest_logreport(report) -> None:
    if report.when == "call" and not report.skipped:
        from ebpc_tb.coverage import runner_item

        item = runner_item(report.nodeid)
        if item:
            _RAN.add(item)


def pytest_sessionstart(session) -> None:
    _START.append(time.time() - 1.0)


def pytest_sessionfinish(session, exitstatus) -> None:
    if hasattr(session.config, "workerinput") or not _START or not _RAN:
        return
    from ebpc_tb import coverage
    from ebpc_tb.sim import BUILD, simulator

    try:
        sim = simulator()
    except ValueError:
        return
    result = coverage.check(BUILD, sim, since=_START[0], only=_RAN)
    _LINES[:] = coverage.report_lines(result, max_missed=40)
    if result["missed"] and coverage.enabled():
        _LINES.append("FAILED: required coverage bins were never hit (EBPC_COVERAGE=0 to skip this gate)")
        if session.exitstatus == 0:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter) -> None:
    if _LINES:
        terminalreporter.section("functional coverage")
        for line in _LINES:
            terminalreporter.write_line(line)
