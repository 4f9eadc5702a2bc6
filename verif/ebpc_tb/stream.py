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


class Bits(str):
    """A signal value as its binary string: the part of LogicArray/Logic the checkers use
    (is_resolvable, int(), bool(), str()), without building one object per bit (the main
    Python cost of sampling a port every clock)."""

    __slots__ = ()

    @property
    def is_resolvable(self) -> bool:
        return not self.strip("01")

    def __int__(self) -> int:
        return int(str(self), 2)

    def __index__(self) -> int:
        return int(str(self), 2)

    def __bool__(self) -> bool:
        return "1" in self and not self.strip("01")


def read(handle: SimHandleBase) -> Bits:
    """Current value of a signal as Bits (falls back to the public value API)."""
    try:
        return Bits(handle._handle.get_signal_val_binstr())
    except AttributeError:  # pragma: no cover - other cocotb versions
        return Bits(str(handle.value))


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
            while not read(bus.ready):  # X/Z reads as not ready
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

    Coverage counts: stalls = cycles with valid high and ready low; throttled = cycles
    with valid low inside a transfer (after a word without last was accepted; ports
    with last only).
    """

    def __init__(self, name: str, ctx: FailureContext) -> None:
        self.name = name
        self.ctx = ctx
        self.stalls = 0
        self.throttled = 0
        self._in_xfer = False
        self._pending: tuple[int, int] | None = None
        self._just_reset = True

    def reset(self) -> None:
        self._pending = None
        self._just_reset = True
        self._in_xfer = False

    @property
    def quiet(self) -> bool:
        """No word is waiting for ready, so a low valid needs no further sampling."""
        return self._pending is None

    def sample_idle(self) -> None:
        """A cycle with valid low and nothing pending."""
        self._just_reset = False
        if self._in_xfer:
            self.throttled += 1

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
            if self._in_xfer:
                self.throttled += 1
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
            self._in_xfer = last is not None and not cur[1]
        else:
            self._pending = cur
            self.stalls += 1


class CycleSampler:
    """One coroutine that samples many ports per clock, instead of one coroutine per monitor.

    Per rising edge: drive() of every member (e.g. ready backpressure), one ReadOnly, one read
    of reset_n (active low; X/Z counts as in reset), then sample(in_reset) of every member, in
    the order they were added. Members: StreamMonitor(..., sampler=s), status monitors, or any
    object with drive() and sample(in_reset). Cuts the Python wake-ups per clock (the main cost
    of a cocotb test, far more so on Icarus) from two per monitor to two per environment.
    """

    def __init__(self, clock: SimHandleBase, reset_n: SimHandleBase | None = None) -> None:
        self.clock = clock
        self.reset_n = reset_n
        self.members: list = []
        self._task = None

    def add(self, member) -> None:
        self.members.append(member)
        if self._task is None:
            self._task = cocotb.start_soon(self._run())

    async def _run(self) -> None:
        edge, ro, rst = RisingEdge(self.clock), ReadOnly(), self.reset_n
        members = self.members
        while True:
            await edge
            for m in members:
                m.drive()
            await ro
            in_reset = False
            if rst is not None:
                v = rst.value
                in_reset = not v.is_resolvable or not int(v)
            for m in members:
                m.sample(in_reset)


class StreamMonitor(BusMonitor):
    """Records accepted words on a port; optionally drives ready with random backpressure.

    ready_prob=None: passive (the DUT or a driver owns ready). Otherwise ready is
    high in a cycle with probability ready_prob. checker, when given, sees every
    cycle out of reset. sampler (CycleSampler): sampled by that shared coroutine instead
    of a coroutine of its own (same per-cycle behaviour).
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
        sampler: CycleSampler | None = None,
    ) -> None:
        self._signals = port_signals(data, sink=sink, has_last=has_last)
        self.ready_prob = ready_prob
        self.checker = checker
        self._rng = rng or random.Random(0)
        self._sampler = sampler
        self._driven = 0
        self._drives = ready_prob is not None
        super().__init__(
            dut, prefix, clock, reset_n=reset_n, callback=callback, case_insensitive=False
        )
        self._has_last = hasattr(self.bus, "last")
        if ready_prob is not None:
            self.bus.ready.value = 0
        if sampler is not None:
            sampler.add(self)

    def drive(self) -> None:
        """After a rising edge: this cycle's ready (when this monitor owns ready)."""
        if self._drives:
            ready = int(self.ready_prob >= 1.0 or self._rng.random() < self.ready_prob)
            if ready != self._driven:
                self.bus.ready.value = self._driven = ready

    def sample(self, in_reset: bool) -> None:
        """In ReadOnly after a rising edge: protocol check and the accepted word, if any."""
        bus, checker = self.bus, self.checker
        if in_reset:
            if checker is not None:
                checker.reset()
            return
        valid = read(bus.valid)
        if valid.is_resolvable and not valid and (checker is None or checker.quiet):
            if checker is not None:
                checker.sample_idle()
            return
        ready, data = read(bus.ready), read(bus.data)
        last = read(bus.last) if self._has_last else None
        if checker is not None:
            checker.sample(valid, ready, data, last)
        if valid.is_resolvable and ready.is_resolvable and valid and ready:
            self._recv(StreamBeat(int(data), bool(last) if self._has_last else False, get_sim_time("ns")))

    async def _monitor_recv(self) -> None:
        if self._sampler is not None:
            return
        clk = self.clock
        while True:
            await RisingEdge(clk)
            self.drive()
            await ReadOnly()
            self.sample(self.in_reset)
