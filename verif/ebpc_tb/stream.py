"""AXI4-Stream style ports (data, last, valid, ready): driver, monitor and protocol checker."""
from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Sequence

import cocotb
from cocotb.handle import SimHandleBase
from cocotb.simtime import get_sim_time
from cocotb.triggers import ReadOnly, RisingEdge
from cocotb_bus.drivers import BusDriver
from cocotb_bus.monitors import BusMonitor

from .context import FailureContext


@dataclass(frozen=True)
class StreamBeat:
    """One word accepted on a stream (valid and ready high at a rising edge)."""

    data: int
    last: bool
    time_ns: float


def port_signals(data: str, sink: bool, has_last: bool = True) -> dict[str, str]:
    """Bus attribute -> port suffix for a stream named prefix_<suffix>.

    sink=True: the DUT receives the stream (data/last/valid are DUT inputs).
    """
    into, out = ("_i", "_o") if sink else ("_o", "_i")
    sigs = {"data": data + into, "valid": "valid" + into, "ready": "ready" + out}
    if has_last:
        sigs["last"] = "last" + into
    return sigs


class StreamDriver(BusDriver):
    """Sends transfers (word sequences, last on the final word) into a DUT sink port.

    valid_prob < 1 throttles: before each word, valid stays low for a cycle with
    probability 1 - valid_prob. Back-to-back transfers leave no idle cycle.
    """

    def __init__(
        self,
        dut: SimHandleBase,
        prefix: str,
        clock: SimHandleBase,
        *,
        data: str = "data",
        has_last: bool = True,
        valid_prob: float = 1.0,
        rng: random.Random | None = None,
    ) -> None:
        self._signals = port_signals(data, sink=True, has_last=has_last)
        super().__init__(dut, prefix, clock, case_insensitive=False)
        self.valid_prob = valid_prob
        self._rng = rng or random.Random(0)
        self.bus.valid.value = 0
        self.bus.data.value = 0
        if has_last:
            self.bus.last.value = 0

    def restart(self) -> None:
        """Drop queued and in-progress transfers (used around a reset)."""
        self.kill()
        self.clear()
        self.bus.valid.value = 0
        self._thread = cocotb.start_soon(self._send_thread())

    async def _driver_send(self, transaction: Sequence[int], sync: bool = True) -> None:
        bus, clk = self.bus, self.clock
        has_last = hasattr(bus, "last")
        if sync:
            await RisingEdge(clk)
        n = len(transaction)
        for i, word in enumerate(transaction):
            while self.valid_prob < 1.0 and self._rng.random() >= self.valid_prob:
                bus.valid.value = 0
                await RisingEdge(clk)
            bus.data.value = int(word)
            if has_last:
                bus.last.value = int(i == n - 1)
            bus.valid.value = 1
            await ReadOnly()
            while not bus.ready.value.is_resolvable or not bus.ready.value:
                await RisingEdge(clk)
                await ReadOnly()
            await RisingEdge(clk)
        if not self._sendQ:
            bus.valid.value = 0


class StreamProtocolChecker:
    """AXI4-Stream source rules on one port, fed one sample per cycle.

    After reset: no X/Z on valid (nor on data/last while valid), valid low in the
    first cycle after reset, and once valid is high it stays high with data/last
    unchanged until ready.
    """

    def __init__(self, name: str, ctx: FailureContext) -> None:
        self.name = name
        self.ctx = ctx
        self.stalls = 0
        self._pending: tuple[int, int] | None = None
        self._just_reset = True

    def reset(self) -> None:
        self._pending = None
        self._just_reset = True

    @property
    def quiet(self) -> bool:
        """No word is waiting for ready, so a low valid needs no further sampling."""
        return self._pending is None

    def sample_idle(self) -> None:
        """A cycle with valid low and nothing pending."""
        self._just_reset = False

    def sample(self, valid, ready, data, last) -> None:
        """Values seen in ReadOnly after a rising edge (LogicArray/Logic)."""
        if not valid.is_resolvable:
            raise self.ctx.fail(self.name, f"valid is {valid} after reset")
        v = bool(valid)
        if self._just_reset and v:
            raise self.ctx.fail(self.name, "valid high in the first cycle after reset")
        self._just_reset = False
        if not v:
            if self._pending is not None:
                raise self.ctx.fail(self.name, "valid dropped before the word was accepted")
            return
        if not data.is_resolvable or (last is not None and not last.is_resolvable):
            raise self.ctx.fail(self.name, f"X/Z while valid: data={data} last={last}")
        cur = (int(data), int(last) if last is not None else 0)
        if self._pending is not None and cur != self._pending:
            raise self.ctx.fail(
                self.name,
                f"data/last changed while waiting for ready: was data=0x{self._pending[0]:x} "
                f"last={self._pending[1]}, now data=0x{cur[0]:x} last={cur[1]}",
            )
        if ready.is_resolvable and bool(ready):
            self._pending = None
        else:
            self._pending = cur
            self.stalls += 1


class StreamMonitor(BusMonitor):
    """Records accepted words on a port; optionally drives ready with random backpressure.

    ready_prob=None: passive (the DUT or a driver owns ready). Otherwise ready is
    high in a cycle with probability ready_prob. checker, when given, sees every
    cycle out of reset.
    """

    def __init__(
        self,
        dut: SimHandleBase,
        prefix: str,
        clock: SimHandleBase,
        *,
        sink: bool,
        data: str = "data",
        has_last: bool = True,
        reset_n: SimHandleBase | None = None,
        ready_prob: float | None = None,
        rng: random.Random | None = None,
        checker: StreamProtocolChecker | None = None,
        callback=None,
    ) -> None:
        self._signals = port_signals(data, sink=sink, has_last=has_last)
        self.ready_prob = ready_prob
        self.checker = checker
        self._rng = rng or random.Random(0)
        super().__init__(
            dut, prefix, clock, reset_n=reset_n, callback=callback, case_insensitive=False
        )
        if ready_prob is not None:
            self.bus.ready.value = 0

    async def _monitor_recv(self) -> None:
        bus, clk = self.bus, self.clock
        has_last = hasattr(bus, "last")
        drive = self.ready_prob is not None
        driven = 0
        while True:
            await RisingEdge(clk)
            if drive:
                ready = int(self.ready_prob >= 1.0 or self._rng.random() < self.ready_prob)
                if ready != driven:
                    bus.ready.value = driven = ready
            await ReadOnly()
            if self.in_reset:
                if self.checker is not None:
                    self.checker.reset()
                continue
            valid = bus.valid.value
            if valid.is_resolvable and not valid and (self.checker is None or self.checker.quiet):
                if self.checker is not None:
                    self.checker.sample_idle()
                continue
            ready, data = bus.ready.value, bus.data.value
            last = bus.last.value if has_last else None
            if self.checker is not None:
                self.checker.sample(valid, ready, data, last)
            if valid.is_resolvable and ready.is_resolvable and valid and ready:
                self._recv(StreamBeat(int(data), bool(last) if has_last else False, get_sim_time("ns")))
