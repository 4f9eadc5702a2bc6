"""Status ports: done_o with its word counts, idle_o."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from cocotb.handle import SimHandleBase
from cocotb.simtime import get_sim_time
from cocotb.triggers import ReadOnly, RisingEdge
from cocotb_bus.monitors import BusMonitor

from .context import FailureContext
from .stream import read


@dataclass(frozen=True)
class DoneEvent:
    znz_words: int
    bpc_words: int
    time_ns: float


class IdleChecker:
    """idle_o rules, one sample per cycle out of reset.

    idle_o must be low while a transfer is in flight (input accepted, done not
    yet pulsed) or an output valid is high, and must rise within settle cycles
    once neither holds.
    """

    def __init__(self, ctx: FailureContext, settle: int) -> None:
        self.ctx = ctx
        self.settle = settle
        self._busy_for = 0
        self.idle_cycles = 0
        self.busy_cycles = 0

    def reset(self) -> None:
        self._busy_for = 0

    def sample(self, idle: bool, in_flight: int, out_valid: bool) -> None:
        if idle:
            self.idle_cycles += 1
            if in_flight:
                raise self.ctx.fail("idle_o", f"high with {in_flight} transfer(s) in flight")
            if out_valid:
                raise self.ctx.fail("idle_o", "high while an output valid is high")
            self._busy_for = 0
            return
        self.busy_cycles += 1
        self._busy_for = 0 if (in_flight or out_valid) else self._busy_for + 1
        if self._busy_for > self.settle:
            raise self.ctx.fail("idle_o", f"low {self._busy_for} cycles after the last transfer finished")


class EncoderStatusMonitor(BusMonitor):
    """Samples done_o/counts/idle_o every cycle: emits a DoneEvent per done cycle, feeds the IdleChecker.

    in_flight() is asked once per cycle for the
    number of transfers started and not yet done
    (after this cycle's done pulse is counted).
    """

    _signals = {
        "done": "done_o",
        "znz": "done_znz_words_o",
        "bpc": "done_bpc_words_o",
        "idle": "idle_o",
        "znz_valid": "znz_valid_o",
        "bpc_valid": "bpc_valid_o",
    }

    def __init__(
        self,
        dut: SimHandleBase,
        clock: SimHandleBase,
        reset_n: SimHandleBase,
        ctx: FailureContext,
        idle: IdleChecker,
        in_flight: Callable[[], int],
        callback=None,
        sampler=None,
    ) -> None:
        self.ctx = ctx
        self.idle = idle
        self.in_flight = in_flight
        self._sampler = sampler
        super().__init__(dut, None, clock, reset_n=reset_n, callback=callback, case_insensitive=False)
        if sampler is not None:
            sampler.add(self)

    def drive(self) -> None:
        """Nothing to drive (CycleSampler member)."""

    def sample(self, in_reset: bool) -> None:
        """One cycle, in ReadOnly after the rising edge."""
        bus = self.bus
        if in_reset:
            self.idle.reset()
            return
        done, idle = read(bus.done), read(bus.idle)
        if not done.is_resolvable or not idle.is_resolvable:
            raise self.ctx.fail("status", f"X/Z after reset: done_o={done} idle_o={idle}")
        if done:
            znz, bpc = read(bus.znz), read(bus.bpc)
            if not znz.is_resolvable or not bpc.is_resolvable:
                raise self.ctx.fail("done_o", f"X/Z counts with done: znz={znz} bpc={bpc}")
            self._recv(DoneEvent(int(znz), int(bpc), get_sim_time("ns")))
        out_valid = bool(idle) and (bool(read(bus.znz_valid)) or bool(read(bus.bpc_valid)))
        self.idle.sample(bool(idle), self.in_flight(), out_valid)

    async def _monitor_recv(self) -> None:
        if self._sampler is not None:
            return
        while True:
            await RisingEdge(self.clock)
            await ReadOnly()
            self.sample(self.in_reset)
