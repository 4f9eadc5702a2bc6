"""Scoreboard: every output word and every done pulse checked against the model."""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from cocotb.handle import SimHandleBase
from cocotb_bus.monitors import Monitor
from cocotb_bus.scoreboard import Scoreboard

from .context import FailureContext
from .model import ExpectedTransfer
from .status import DoneEvent
from .stream import StreamBeat


@dataclass(frozen=True)
class ExpectedBeat:
    transfer: int
    tag: str  # the transfer as failure messages name it
    word: int
    data: int
    last: bool


class EncoderScoreboard(Scoreboard):
    """Per-word comparison of the ZNZ and BPC streams plus done_o counts and timing.

    done for transfer k must come after both of its streams' last words were
    accepted, at most done_latency cycles later, with the model's word counts.
    """

    STREAMS = ("znz", "bpc")

    def __init__(self, dut: SimHandleBase, ctx: FailureContext, period_ns: float, done_latency: int) -> None:
        super().__init__(dut, fail_immediately=True)
        self.ctx = ctx
        self.period_ns = period_ns
        self.done_latency = done_latency
        self.pending = {s: deque() for s in self.STREAMS}
        self.words_checked = {s: 0 for s in self.STREAMS}
        self.transfers_done = 0
        self._done_q: deque[ExpectedTransfer] = deque()
        self._last_time: dict[tuple[str, int], float] = {}

    def add_stream(self, name: str, monitor: Monitor) -> None:
        self.add_interface(monitor, self.pending[name], compare_fn=lambda beat: self._check_beat(name, beat))

    def expect(self, t: ExpectedTransfer) -> None:
        for name, words in (("znz", t.znz), ("bpc", t.bpc)):
            q, n = self.pending[name], len(words)
            q.extend(ExpectedBeat(t.index, t.describe(), i, w, i == n - 1) for i, w in enumerate(words))
        self._done_q.append(t)

    def flush(self) -> None:
        """Forget everything expected (a reset aborted the transfers in flight)."""
        for q in self.pending.values():
            q.clear()
        self._done_q.clear()

    def check_complete(self) -> None:
        """Everything expected arrived (the base class' result would end the test instead of returning)."""
        for name, q in self.pending.items():
            if q:
                raise self.ctx.fail(f"{name} {q[0].tag} word {q[0].word}", f"{len(q)} word(s) never arrived")
        if self._done_q:
            raise self.ctx.fail(f"done_o {self._done_q[0].describe()}", "no done pulse")

    @property
    def idle(self) -> bool:
        return not self._done_q

    def _check_beat(self, name: str, beat: StreamBeat) -> None:
        q = self.pending[name]
        if not q:
            raise self.ctx.fail(name, f"unexpected word data=0x{beat.data:x} last={int(beat.last)}: no word pending")
        e = q.popleft()
        if beat.data != e.data or beat.last != e.last:
            raise self.ctx.fail(
                f"{name} {e.tag} word {e.word}",
                f"got data=0x{beat.data:x} last={int(beat.last)}, expected data=0x{e.data:x} last={int(e.last)}",
            )
        self.words_checked[name] += 1
        if e.last:
            self._last_time[(name, e.transfer)] = beat.time_ns

    def check_done(self, ev: DoneEvent) -> None:
        if not self._done_q:
            raise self.ctx.fail("done_o", "pulse without a transfer in flight")
        t = self._done_q.popleft()
        where = f"done_o {t.describe()}"
        for name in self.STREAMS:
            q = self.pending[name]
            if q and q[0].transfer == t.index:
                raise self.ctx.fail(where, f"pulse before {name} word {q[0].word} was accepted")
        got = (ev.znz_words, ev.bpc_words)
        want = (len(t.znz), len(t.bpc))
        if got != want:
            raise self.ctx.fail(where, f"counts (znz, bpc) = {got}, expected {want}")
        finish = max((self._last_time.pop((s, t.index), 0.0) for s in self.STREAMS), default=0.0)
        late = round((ev.time_ns - finish) / self.period_ns)
        if finish and late > self.done_latency:
            raise self.ctx.fail(where, f"pulse {late} cycles after the last word (limit {self.done_latency})")
        self.transfers_done += 1
