"""What the encoder and decoder test environments share: run identity, random generators,
the reset sequence, the back-to-back figure, the test record and the send-all-then-wait loop."""
from __future__ import annotations

import random
import time
from typing import Iterable, Sequence

import numpy as np

import cocotb
from cocotb.handle import SimHandleBase
from cocotb.simtime import get_sim_time
from cocotb.triggers import ClockCycles, FallingEdge, RisingEdge

import ebpc
from ebpc.params import EbpcParams

from .context import FailureContext
from .records import write_record


def dut_params(dut: SimHandleBase) -> EbpcParams:
    """The parameter set the DUT was elaborated with (set once, by the pytest runner)."""
    return EbpcParams(int(dut.DATA_W.value), int(dut.BLOCK_SIZE.value), int(dut.MAX_ZRLE_LEN.value))


class EnvBase:
    """Base of EncoderEnv and DecoderEnv; subclasses set TOPLEVEL and fill in the hooks below."""

    TOPLEVEL = ""

    def __init__(self, dut: SimHandleBase) -> None:
        self.dut = dut
        self.params = dut_params(dut)
        self.seed = cocotb.RANDOM_SEED
        self.ctx = FailureContext.from_env()
        self._seeds = random.Random(self.seed)
        self.rng = self.child_rng()
        self.resets_mid_transfer = 0
        self.boundary_gaps: list[int] = []  # idle cycles between one transfer's last word and the next one's first
        self.stimulus = ebpc.SymbolStats(self.params)
        self._wall0 = time.perf_counter()

    def child_rng(self) -> random.Random:
        """An independent generator (for one driver or monitor) derived from the test seed."""
        return random.Random(self._seeds.random())

    # ---- hooks
    def _busy(self) -> bool:
        """Something is in flight (a reset now aborts it)."""
        raise NotImplementedError

    def _abort(self) -> None:
        """Forget what was in flight: drivers restarted, scoreboard flushed, bookkeeping cleared."""
        raise NotImplementedError

    async def _after_reset(self) -> None:
        """Checks right after reset is released."""

    def send_words(self, words: Sequence[int] | np.ndarray, label: str = ""):
        """Queue one transfer of original words; the model gives what must come out."""
        raise NotImplementedError

    async def wait_done(self, timeout_cycles: int | None = None):
        raise NotImplementedError

    async def output_under_way(self) -> None:
        """Return once the transfer just sent has output left to go (for a reset there)."""
        raise NotImplementedError

    def _output_monitors(self) -> list:
        raise NotImplementedError

    def span(self) -> tuple[int, int]:
        """(words, cycles) of the rate figure: words through the measured port, cycles from its
        first word to its last one."""
        raise NotImplementedError

    def words_per_cycle(self) -> float:
        words, cycles = self.span()
        return words / cycles if words >= 2 else 0.0

    def rate_detail(self) -> dict:
        """Where the rate was lost, for the rate test's record and failure message."""
        return {}

    def _record(self) -> dict:
        """Core-specific figures of the test record."""
        raise NotImplementedError

    def _coverage(self) -> dict:
        """Core-specific coverage of the test record (added to the shared part)."""
        raise NotImplementedError

    # ---- shared
    async def reset(self, cycles: int = 3) -> None:
        """Asynchronous assert between edges, synchronous release; aborts anything in flight."""
        await FallingEdge(self.dut.clk_i)
        if self._busy():
            self.resets_mid_transfer += 1
        self.dut.rst_ni.value = 0
        self._abort()
        await ClockCycles(self.dut.clk_i, cycles)
        self.dut.rst_ni.value = 1
        await RisingEdge(self.dut.clk_i)
        await self._after_reset()

    def count_symbols(self, words: Sequence[int] | np.ndarray) -> None:
        """Add one transfer's symbols to the stimulus coverage."""
        p = self.params
        self.stimulus += ebpc.symbol_stats(np.asarray(words), p.data_w, p.block_size, p.max_zrle_len)

    def hold_outputs(self, hold: bool) -> None:
        """Hold every output ready low (hold=True) or give back the configured backpressure."""
        for mon in self._output_monitors():
            mon.ready_prob, mon.held_prob = (0.0, mon.ready_prob) if hold else (mon.held_prob, None)

    @property
    def back_to_back(self) -> int:
        """Transfer boundaries crossed without an idle cycle."""
        return sum(1 for g in self.boundary_gaps if g == 0)

    async def run(self, transfers: Iterable[Sequence[int] | np.ndarray], name: str, label: str) -> dict:
        """Send the transfers back to back (labelled label0, label1, ...), wait for all, write the record."""
        for i, words in enumerate(transfers):
            self.send_words(words, f"{label}{i}")
        await self.wait_done()
        return self.finish(name)

    def finish(self, name: str, **figures) -> dict:
        """Final checks (nothing left expected), then the test's record JSON."""
        self.sb.check_complete()
        record = {
            "test": name,
            "toplevel": self.TOPLEVEL,
            "sim": cocotb.SIM_NAME,
            "params": self.params.short(),
            "seed": self.seed,
            **self._record(),
            "sim_time_ns": get_sim_time("ns"),
            "wall_s": time.perf_counter() - self._wall0,
            "coverage": {
                "symbols": self.stimulus.as_dict(),
                "stalls_while_valid": {n: c.stalls for n, c in self.checkers.items()},
                "throttled_while_in_transfer": {n: c.throttled for n, c in self.checkers.items()},
                "back_to_back_transfers": self.back_to_back,
                "resets_mid_transfer": self.resets_mid_transfer,
                "idle_cycles": self.idle.idle_cycles,
                **self._coverage(),
            },
            **figures,
        }
        write_record(name, record)
        return record
