"""What every failure message must carry: seed, sim time and the waveform path."""
from __future__ import annotations

import os
from dataclasses import dataclass

from cocotb.simtime import get_sim_time


@dataclass(frozen=True)
class FailureContext:
    """Run identity shared by all checkers of one test."""

    seed: str
    waves: str

    @classmethod
    def from_env(cls) -> FailureContext:
        """Seed of the run (SEED / COCOTB_RANDOM_SEED; each test derives its own from it and its name)."""
        return cls(
            seed=os.environ.get("COCOTB_RANDOM_SEED", "?"),
            waves=os.environ.get("EBPC_WAVES_PATH") or "off (rerun with WAVES=1)",
        )

    def fail(self, where: str, what: str) -> AssertionError:
        """An AssertionError naming where/what plus time, seed and waves."""
        return AssertionError(
            f"{where}: {what} (t={get_sim_time('ns'):.0f} ns, seed={self.seed}, waves={self.waves})"
        )
