"""ebpc_encoder test environment: clock, reset, driver, monitors, checkers, model, scoreboard, records."""
from __future__ import annotations

from collections import deque
from typing import Sequence

import numpy as np

from cocotb.clock import Clock
from cocotb.handle import SimHandleBase
from cocotb.simtime import get_sim_time
from cocotb.triggers import ReadOnly, RisingEdge

from ebpc.params import to_pattern

from .env_base import EnvBase
from .model import EncoderModel, ExpectedTransfer
from .scoreboard import EncoderScoreboard
from .status import EncoderStatusMonitor, IdleChecker
from .stream import CycleSampler, StreamBeat, StreamDriver, StreamMonitor, StreamProtocolChecker

PERIOD_NS = 10
DONE_LATENCY = 4  # cycles from the last accepted output word to done_o
IDLE_SETTLE = 4  # cycles for idle_o to rise once nothing is in flight
OUTPUTS = (
    "s_ready_o", "znz_data_o", "znz_last_o", "znz_valid_o", "bpc_data_o", "bpc_last_o", "bpc_valid_o",
    "done_o", "done_znz_words_o", "done_bpc_words_o", "idle_o",
)


class EncoderEnv(EnvBase):
    """Everything one encoder test needs; the test only sends transfers and reads figures.

    valid_prob throttles the input; znz_ready/bpc_ready are the probabilities of
    ready on each output in a cycle (1.0 = always ready).
    """

    TOPLEVEL = "ebpc_encoder"

    def __init__(
        self,
        dut: SimHandleBase,
        *,
        valid_prob: float = 1.0,
        znz_ready: float = 1.0,
        bpc_ready: float = 1.0,
    ) -> None:
        super().__init__(dut)
        clk, rst = dut.clk_i, dut.rst_ni
        rst.value = 0  # in reset until start(): monitors must not sample an undriven (Z) reset
        self.model = EncoderModel(self.params)
        self.sb = EncoderScoreboard(dut, self.ctx, PERIOD_NS, DONE_LATENCY)
        self.checkers = {n: StreamProtocolChecker(n, self.ctx) for n in ("s", "znz", "bpc")}
        self.driver = StreamDriver(dut, "s", clk, valid_prob=valid_prob, rng=self.child_rng())
        # One coroutine samples all ports and the status outputs each clock.
        self.sampler = CycleSampler(clk, rst)
        self.in_mon = StreamMonitor(
            dut, "s", clk, sink=True, reset_n=rst, checker=self.checkers["s"], callback=self._on_input,
            sampler=self.sampler,
        )
        self.out_mons = {
            n: StreamMonitor(
                dut, n, clk, sink=False, reset_n=rst, ready_prob=prob,
                rng=self.child_rng(), checker=self.checkers[n], sampler=self.sampler,
            )
            for n, prob in (("znz", znz_ready), ("bpc", bpc_ready))
        }
        for n, mon in self.out_mons.items():
            self.sb.add_stream(n, mon)
        self.idle = IdleChecker(self.ctx, IDLE_SETTLE)
        self.status = EncoderStatusMonitor(
            dut, clk, rst, self.ctx, self.idle, self._in_flight, callback=self._on_done, sampler=self.sampler
        )
        self._sent: deque[tuple[int, np.ndarray]] = deque()
        self._in_words: list[int] = []
        self._started: deque[float] = deque()
        self._prev_last_ns: float | None = None
        self.first_accept_ns: float | None = None
        self.last_accept_ns: float | None = None
        self.words_in = 0

    async def start(self) -> None:
        """Start the clock and apply a first reset."""
        Clock(self.dut.clk_i, PERIOD_NS, unit="ns").start()
        await self.reset()

    def _busy(self) -> bool:
        return not self.sb.idle or bool(self._sent)

    def _abort(self) -> None:
        self.driver.restart()
        self.sb.flush()
        self._sent.clear()
        self._in_words.clear()
        self._started.clear()
        self._prev_last_ns = None

    async def _after_reset(self) -> None:
        await ReadOnly()
        bad = {n: str(getattr(self.dut, n).value) for n in OUTPUTS if not getattr(self.dut, n).value.is_resolvable}
        if bad:
            raise self.ctx.fail("reset", f"outputs with X/Z after reset: {bad}")
        await RisingEdge(self.dut.clk_i)

    def send_words(
        self, words: Sequence[int] | np.ndarray, label: str = "", expected: ExpectedTransfer | None = None
    ) -> ExpectedTransfer:
        """Queue one transfer; expected streams come from the model unless given (conformance vectors)."""
        pattern = to_pattern(words, self.params.data_w)
        exp = expected or self.model.transfer(pattern, label)
        self.sb.expect(exp)
        self._sent.append((exp.index, pattern))
        self.driver.append([int(w) for w in pattern])
        return exp

    def _output_monitors(self) -> list:
        return list(self.out_mons.values())

    async def output_under_way(self) -> None:
        """Every input word is in: the streams still drain."""
        while self._sent:
            await RisingEdge(self.dut.clk_i)

    async def wait_done(self, timeout_cycles: int | None = None) -> None:
        """Wait until every queued transfer pulsed done_o and the DUT went idle."""
        limit = timeout_cycles or 200 + 4 * sum(len(p) for _, p in self._sent) * (
            1 + self.params.block_size // 4
        )
        for _ in range(limit):
            await RisingEdge(self.dut.clk_i)
            if self.sb.idle and not self._sent and int(self.dut.idle_o.value):
                return
        pend = {n: len(q) for n, q in self.sb.pending.items()}
        raise self.ctx.fail(
            "timeout", f"{limit} cycles without finishing: {len(self._sent)} input transfer(s) not "
            f"fully accepted, output words pending {pend}, done pulses pending: {not self.sb.idle}"
        )

    def _in_flight(self) -> int:
        now = get_sim_time("ns")
        return sum(1 for t in self._started if t < now)

    def _on_input(self, beat: StreamBeat) -> None:
        if not self._sent:
            raise self.ctx.fail("s", f"DUT accepted word 0x{beat.data:x} that was never sent")
        idx, pattern = self._sent[0]
        k = len(self._in_words)
        if beat.data != int(pattern[k]) or beat.last != (k == len(pattern) - 1):
            raise self.ctx.fail(f"s transfer {idx} word {k}", "accepted word differs from the word sent")
        if k == 0:
            self._started.append(beat.time_ns)
            if self._prev_last_ns is not None:
                self.boundary_gaps.append(round((beat.time_ns - self._prev_last_ns) / PERIOD_NS) - 1)
        self.first_accept_ns = self.first_accept_ns if self.first_accept_ns is not None else beat.time_ns
        self.last_accept_ns = beat.time_ns
        self._in_words.append(beat.data)
        self.words_in += 1
        if beat.last:
            self.count_symbols(pattern)
            self._sent.popleft()
            self._in_words = []
            self._prev_last_ns = beat.time_ns

    def _on_done(self, ev) -> None:
        self.sb.check_done(ev)
        if self._started:
            self._started.popleft()

    def span(self) -> tuple[int, int]:
        """Input words accepted, and cycles from the first accepted one to the last."""
        if self.first_accept_ns is None:
            return 0, 0
        return self.words_in, round((self.last_accept_ns - self.first_accept_ns) / PERIOD_NS) + 1

    def _record(self) -> dict:
        return {
            "words_in": self.words_in,
            "words_checked": sum(self.sb.words_checked.values()),
            "words_checked_by_stream": dict(self.sb.words_checked),
            "transfers": self.sb.transfers_done,
        }

    def _coverage(self) -> dict:
        return {}
