"""ebpc_decoder test environment: drivers for N/ZNZ/BPC, output+status monitor, model, scoreboard, records.

Expected outcome of every transfer comes from the golden model: `ebpc.decode` returns ->
the exact words (and m_last_o on word N); it raises MalformedStreamError -> one error_o
pulse, fewer than N words and never m_last_o. Which BPC words a transfer sends follows the
decoder's BPC-claim rule (see `znz_claims_bpc`).
"""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import Callable, Sequence

import numpy as np

from cocotb.clock import Clock
from cocotb.handle import SimHandleBase
from cocotb.simtime import get_sim_time
from cocotb.triggers import ReadOnly, RisingEdge

import ebpc
from ebpc.params import EbpcParams, to_pattern

from .context import FailureContext
from .env_base import EnvBase
from .status import IdleChecker
from .stream import StreamBeat, StreamDriver, StreamMonitor, StreamProtocolChecker

PERIOD_NS = 10
IDLE_SETTLE = 4  # cycles for idle_o to rise after a well-formed transfer's last word left


def recovery_bound(p: EbpcParams) -> int:
    """Cycles from a malformed transfer's last input word (and its error_o / last output word) to idle_o.

    The bound the decoder documents in its header (rtl/ebpc_decoder.sv): "about
    3*MAX_ZRLE_LEN + 4*DATA_W cycles with m_ready_i high" once both last words are in.
    """
    return 3 * p.max_zrle_len + 4 * p.data_w


# --------------------------------------------------------------------------- model side


def znz_claims_bpc(znz: Sequence[int], n_words: int, p: EbpcParams) -> bool:
    """The decoder's BPC-claim rule: does the ZNZ stream show a non-zero marker within the first N positions?

    Mirrors ebpc_dec_znz: symbols are walked until the one ending at word N or the first
    abort symbol (stream too short, run overshooting N, or the final symbol not ending in the
    last word); an abort symbol itself never claims.
    """
    w = p.data_w
    bits = "".join(format(int(x), f"0{w}b") for x in znz)
    total, pos, left = len(bits), 0, n_words
    while True:
        if pos >= total:
            return False
        nz = bits[pos] == "1"
        length = 1 if nz else 1 + p.run_w
        if pos + length > total:
            return False
        words = 1 if nz else int(bits[pos + 1 : pos + length], 2) + 1
        if words > left:
            return False
        pos += length
        left -= words
        if left == 0:
            return nz and total - pos < w
        if nz:
            return True


@dataclass(frozen=True)
class DecoderTransfer:
    """One decoder transfer: what is sent and what must come out (words=None: malformed)."""

    index: int
    n_words: int
    znz: tuple[int, ...]
    bpc: tuple[int, ...]
    words: tuple[int, ...] | None
    label: str = ""
    reason: str = ""

    @property
    def bad(self) -> bool:
        return self.words is None

    def describe(self) -> str:
        kind = f"malformed ({self.reason})" if self.bad else "well-formed"
        return f"transfer {self.index} [{self.label}] N={self.n_words} {kind}"


class DecoderModel:
    """Golden model wrapper: words -> streams and expected words; stream pairs -> model verdict."""

    def __init__(self, params: EbpcParams) -> None:
        self.params = params
        self._next = 0

    def _number(self) -> int:
        self._next += 1
        return self._next - 1

    def from_words(self, words: Sequence[int] | np.ndarray, label: str = "") -> DecoderTransfer:
        p = self.params
        pattern = to_pattern(np.asarray(words), p.data_w)
        enc = ebpc.encode(pattern, p.data_w, p.block_size, p.max_zrle_len)
        return DecoderTransfer(
            self._number(), enc.n_words, tuple(map(int, enc.znz_words)), tuple(map(int, enc.bpc_words)),
            tuple(map(int, pattern)), label,
        )

    def from_vector(self, case, label: str) -> DecoderTransfer:
        p = self.params
        return DecoderTransfer(
            self._number(), len(case.words), tuple(map(int, case.znz_words)), tuple(map(int, case.bpc_words)),
            tuple(map(int, to_pattern(np.asarray(case.words), p.data_w))), label,
        )

    def from_streams(
        self, znz: Sequence[int], bpc: Sequence[int], n_words: int, label: str = "", fill: int = 0
    ) -> DecoderTransfer:
        """Streams as given, BPC words per the claim rule (none if not claimed, [fill] if claimed but empty)."""
        p = self.params
        znz = tuple(int(x) for x in znz)
        if not znz:
            raise ValueError("a ZNZ stream needs at least one word (its last flag)")
        bpc = tuple(int(x) for x in bpc)
        if not znz_claims_bpc(znz, n_words, p):
            bpc = ()
        elif not bpc:
            bpc = (fill & p.word_mask,)
        try:
            out = ebpc.decode(
                np.asarray(znz, dtype=np.int64), np.asarray(bpc, dtype=np.int64), n_words,
                p.data_w, p.block_size, p.max_zrle_len,
            )
            words, reason = tuple(int(v) & p.word_mask for v in out), ""
        except ebpc.MalformedStreamError as e:
            words, reason = None, f"{e.stream} bit {e.bit_offset}: {e}"
        return DecoderTransfer(self._number(), n_words, znz, bpc, words, label, reason)


# --------------------------------------------------------------------------- scoreboard


@dataclass
class _Open:
    t: DecoderTransfer
    emitted: int = 0
    errored: bool = False
    tail: int = 0  # words of an errored transfer still in the output register
    outcome: dict | None = None


class DecoderScoreboard:
    """Attributes each output word / error_o pulse to its transfer and checks it.

    Output words are taken in order by the oldest open transfer. error_o closes the oldest
    transfer that has not been fully emitted, counting the word that sits in the output
    register at that moment (not yet accepted) as emitted: that word belongs to the oldest
    open transfer (a well-formed transfer's last word, or a malformed transfer's word emitted
    before detection, which stays).
    """

    def __init__(self, ctx: FailureContext) -> None:
        self.ctx = ctx
        self.pending: deque[_Open] = deque()
        self.words_checked = 0
        self.words_of_bad = 0
        self.good_done = 0
        self.bad_done = 0
        self.outcomes: list[dict] = []
        self.closed_ns: dict[int, float] = {}

    def expect(self, t: DecoderTransfer) -> None:
        self.pending.append(_Open(t))

    def flush(self) -> None:
        self.pending.clear()

    @property
    def idle(self) -> bool:
        return not self.pending

    def _pop_closed(self) -> None:
        while self.pending and self.pending[0].errored and not self.pending[0].tail:
            self.pending.popleft()

    def _bad_word(self, o: _Open, beat: StreamBeat) -> None:
        t = o.t
        where = f"m {t.describe()} word {o.emitted}"
        if o.emitted >= t.n_words:
            raise self.ctx.fail(where, f"word 0x{beat.data:x} beyond N={t.n_words}")
        if beat.last:
            raise self.ctx.fail(where, "m_last_o set on a transfer the model rejects (error_o expected)")
        o.emitted += 1
        self.words_of_bad += 1
        if o.errored:
            o.tail -= 1
            o.outcome["words"] = o.emitted

    def word(self, beat: StreamBeat) -> None:
        if not self.pending:
            raise self.ctx.fail("m", f"unexpected word data=0x{beat.data:x} last={int(beat.last)}: no transfer open")
        o = self.pending[0]
        t, k = o.t, o.emitted
        if t.bad:
            if o.errored and not o.tail:
                raise self.ctx.fail(f"m {t.describe()}", "word after error_o closed the transfer")
            self._bad_word(o, beat)
            self._pop_closed()
            return
        exp, last = t.words[k], k == t.n_words - 1
        if beat.data != exp or beat.last != last:
            raise self.ctx.fail(
                f"m {t.describe()} word {k}",
                f"got data=0x{beat.data:x} last={int(beat.last)}, expected data=0x{exp:x} last={int(last)}",
            )
        o.emitted += 1
        self.words_checked += 1
        if last:
            self.pending.popleft()
            self.good_done += 1
            self.closed_ns[t.index] = beat.time_ns
            self.outcomes.append({"index": t.index, "label": t.label, "outcome": "decoded", "words": k + 1})
            self._pop_closed()

    def error(self, word_waiting: bool) -> None:
        reg = int(word_waiting)  # belongs to the oldest open transfer
        target = None
        for i, o in enumerate(self.pending):
            if o.errored:
                reg = 0 if i == 0 else reg
                continue
            if o.t.bad:
                target = o
                break
            if i == 0 and reg and o.emitted + 1 == o.t.n_words:
                reg = 0  # its last word is in the output register
                continue
            raise self.ctx.fail(
                f"error_o {o.t.describe()}", f"pulse after {o.emitted + (reg if i == 0 else 0)} words, but the model decodes it"
            )
        if target is None:
            raise self.ctx.fail("error_o", "pulse with no malformed transfer open")
        target.errored = True
        target.tail = reg if target is self.pending[0] else 0
        self.bad_done += 1
        self.closed_ns[target.t.index] = get_sim_time("ns")
        target.outcome = {"index": target.t.index, "label": target.t.label, "outcome": "error",
                          "words": target.emitted, "reason": target.t.reason}
        self.outcomes.append(target.outcome)
        self._pop_closed()

    def check_complete(self) -> None:
        if self.pending:
            o = self.pending[0]
            raise self.ctx.fail(f"m {o.t.describe()}", f"never finished ({o.emitted} words out)")


# --------------------------------------------------------------------------- monitors


class DecoderOutputMonitor(StreamMonitor):
    """The m_* port plus error_o/idle_o, sampled together once per cycle (one ordering for attribution)."""

    def __init__(self, dut: SimHandleBase, clock: SimHandleBase, *, on_cycle: Callable, **kwargs) -> None:
        self.on_cycle = on_cycle
        self.on_reset: Callable[[], None] | None = None
        super().__init__(dut, "m", clock, sink=False, **kwargs)

    async def _monitor_recv(self) -> None:
        bus, clk, dut = self.bus, self.clock, self.entity
        drive = self.ready_prob is not None
        while True:
            await RisingEdge(clk)
            if drive:
                bus.ready.value = int(self.ready_prob >= 1.0 or self._rng.random() < self.ready_prob)
            await ReadOnly()
            if self.in_reset:
                if self.checker is not None:
                    self.checker.reset()
                if self.on_reset is not None:
                    self.on_reset()
                continue
            valid, ready, data, last = bus.valid.value, bus.ready.value, bus.data.value, bus.last.value
            if self.checker is not None:
                self.checker.sample(valid, ready, data, last)
            err, idle = dut.error_o.value, dut.idle_o.value
            if not err.is_resolvable or not idle.is_resolvable:
                raise self.checker.ctx.fail("status", f"X/Z after reset: error_o={err} idle_o={idle}")
            beat = None
            if valid and ready.is_resolvable and ready:
                beat = StreamBeat(int(data), bool(last), get_sim_time("ns"))
            self.on_cycle(beat, bool(err), bool(idle), bool(valid))


# --------------------------------------------------------------------------- environment


@dataclass
class _Inflight:
    t: DecoderTransfer
    need: dict = field(default_factory=dict)  # stream -> words still to be accepted
    start_ns: float | None = None
    inputs_done_ns: float | None = None


class DecoderEnv(EnvBase):
    """Everything one decoder test needs.

    n_valid/znz_valid/bpc_valid: probability of valid per word on each input;
    m_ready: probability of ready on the output in a cycle.
    """

    TOPLEVEL = "ebpc_decoder"
    INPUTS = ("n", "znz", "bpc")

    def __init__(
        self,
        dut: SimHandleBase,
        *,
        n_valid: float = 1.0,
        znz_valid: float = 1.0,
        bpc_valid: float = 1.0,
        m_ready: float = 1.0,
    ) -> None:
        super().__init__(dut)
        clk, rst = dut.clk_i, dut.rst_ni
        self.model = DecoderModel(self.params)
        self.sb = DecoderScoreboard(self.ctx)
        self.checkers = {n: StreamProtocolChecker(n, self.ctx) for n in ("n", "znz", "bpc", "m")}
        probs = {"n": n_valid, "znz": znz_valid, "bpc": bpc_valid}
        self.drivers = {
            s: StreamDriver(
                dut, s, clk, data="words" if s == "n" else "data", has_last=s != "n",
                valid_prob=probs[s], rng=self.child_rng(),
            )
            for s in self.INPUTS
        }
        self.in_mons = {
            s: StreamMonitor(
                dut, s, clk, sink=True, data="words" if s == "n" else "data", has_last=s != "n",
                reset_n=rst, checker=self.checkers[s], callback=(lambda beat, s=s: self._on_input(s, beat)),
            )
            for s in self.INPUTS
        }
        self.out_mon = DecoderOutputMonitor(
            dut, clk, reset_n=rst, ready_prob=m_ready, rng=self.child_rng(),
            checker=self.checkers["m"], on_cycle=self._on_cycle,
        )
        self.out_mon.on_reset = self._on_reset_cycle
        self.idle = IdleChecker(self.ctx, recovery_bound(self.params))
        self._flight: deque[_Inflight] = deque()
        self.words_in = {s: 0 for s in self.INPUTS}
        self.error_pulses = 0
        self.out_words = 0
        self.first_out_ns: float | None = None
        self.last_out_ns: float | None = None
        self.inner_gaps: list[int] = []  # output bubbles inside a transfer (after its first word)
        self.inner_at: list[tuple[int, int, int]] = []  # (transfer, word index, bubble cycles), first 20
        self.boundary_bubbles: list[tuple[int, int]] = []  # (first transfer after the boundary, cycles)
        self._prev_last_out: float | None = None
        self._new_transfer = True
        self.last_input_ns = 0.0
        self.last_error_ns = 0.0
        self.idle_seen_ns = 0.0
        self._idle_prev = True
        self.recoveries: list[dict] = []
        self.max_cycles = 0

    # ---- control
    async def start(self) -> None:
        self.dut.rst_ni.value = 0  # monitors sample from the first edge on: no Z reset there
        Clock(self.dut.clk_i, PERIOD_NS, unit="ns").start()
        for s in self.INPUTS:
            self.drivers[s].bus.valid.value = 0
        await self.reset()

    def _busy(self) -> bool:
        return not self.sb.idle or bool(self._flight)

    def _abort(self) -> None:
        for d in self.drivers.values():
            d.restart()
        self.sb.flush()
        self._flight.clear()
        self._new_transfer = True
        self._prev_last_out = None

    def send(self, t: DecoderTransfer) -> DecoderTransfer:
        """Queue one transfer on all three inputs (no BPC words when t.bpc is empty)."""
        self.sb.expect(t)
        need = {"n": 1, "znz": len(t.znz), "bpc": len(t.bpc)}
        self._flight.append(_Inflight(t, {s: k for s, k in need.items() if k}))
        self.drivers["n"].append([t.n_words])
        self.drivers["znz"].append(list(t.znz))
        if t.bpc:
            self.drivers["bpc"].append(list(t.bpc))
        if not t.bad:
            self.count_symbols(t.words)
        return t

    def send_words(self, words, label: str = "") -> DecoderTransfer:
        return self.send(self.model.from_words(words, label))

    def _output_monitors(self) -> list:
        return [self.out_mon]

    async def output_under_way(self) -> None:
        """1 to 250 more words were emitted."""
        target = self.out_words + self.rng.randint(1, 250)
        while self.out_words < target:
            await RisingEdge(self.dut.clk_i)

    async def wait_done(self, timeout_cycles: int | None = None) -> int:
        """Watchdog wait: every transfer closed, every input word accepted, idle_o high. Returns cycles waited."""
        words = sum(o.t.n_words + len(o.t.znz) + len(o.t.bpc) for o in self.sb.pending) + sum(
            sum(f.need.values()) for f in self._flight
        )
        slow = min([d.valid_prob for d in self.drivers.values()] + [self.out_mon.ready_prob or 1.0])
        limit = timeout_cycles or int(300 + 3 * words / max(slow, 0.05)) + 4 * recovery_bound(self.params)
        for cyc in range(limit):
            await RisingEdge(self.dut.clk_i)
            if self.sb.idle and not self._flight and int(self.dut.idle_o.value):
                self.max_cycles = max(self.max_cycles, cyc)
                return cyc
        head = self.sb.pending[0] if self.sb.pending else None
        fl = self._flight[0] if self._flight else None
        raise self.ctx.fail(
            "watchdog",
            f"{limit} cycles without finishing (hang?): open output "
            + (f"{head.t.describe()} with {head.emitted} words out" if head else "none")
            + ", input words not yet accepted "
            + (f"{fl.need} of {fl.t.describe()}" if fl else "none")
            + f", idle_o={self.dut.idle_o.value}",
        )

    # ---- callbacks
    def _on_input(self, stream: str, beat: StreamBeat) -> None:
        self.words_in[stream] += 1
        self.last_input_ns = beat.time_ns
        for f in self._flight:
            if f.need.get(stream):
                f.need[stream] -= 1
                if stream == "n":
                    f.start_ns = beat.time_ns  # in flight from N on (stream words may be buffered before it)
                if stream != "n" and beat.last != (f.need[stream] == 0):
                    raise self.ctx.fail(f"{stream} {f.t.describe()}", "last flag out of step with the words sent")
                if not f.need[stream]:
                    del f.need[stream]
                if not f.need:
                    f.inputs_done_ns = beat.time_ns
                break
        else:
            raise self.ctx.fail(stream, f"DUT accepted word 0x{beat.data:x} that was never sent")
        self._retire()

    def _retire(self) -> None:
        while self._flight and not self._flight[0].need and self._flight[0].t.index in self.sb.closed_ns:
            self._flight.popleft()

    def _in_flight(self) -> int:
        now = get_sim_time("ns")
        return sum(1 for f in self._flight if f.start_ns is not None and f.start_ns < now)

    def _on_reset_cycle(self) -> None:
        self.idle.reset()

    def _on_cycle(self, beat: StreamBeat | None, err: bool, idle: bool, valid: bool) -> None:
        now = get_sim_time("ns")
        if beat is not None:
            self.out_words += 1
            if self.first_out_ns is None:
                self.first_out_ns = now
            if self.last_out_ns is not None and not self._new_transfer:
                gap = round((now - self.last_out_ns) / PERIOD_NS) - 1
                if gap:
                    self.inner_gaps.append(gap)
                    o = self.sb.pending[0] if self.sb.pending else None
                    if o is not None and len(self.inner_at) < 20:
                        self.inner_at.append((o.t.index, o.emitted, gap))
            if self._new_transfer and self._prev_last_out is not None:
                gap = round((now - self._prev_last_out) / PERIOD_NS) - 1
                self.boundary_gaps.append(gap)
                if gap:
                    self.boundary_bubbles.append((self.sb.good_done + self.sb.bad_done, gap))
            self._new_transfer = beat.last
            self.last_out_ns = now
            if beat.last:
                self._prev_last_out = now
            self.sb.word(beat)
        if err:
            self.error_pulses += 1
            self.last_error_ns = now
            self.sb.error(valid and beat is None)
            self._new_transfer = True
            self._prev_last_out = None
        self._retire()
        if idle and not self._idle_prev:
            self.idle_seen_ns = now
        self._idle_prev = idle
        self.idle.sample(idle, self._in_flight(), valid)

    # ---- figures
    def recovery_cycles(self) -> int:
        """Cycles from the latest of the last accepted input word, error_o and output word to idle_o rising."""
        ref = max(self.last_input_ns, self.last_error_ns, self.last_out_ns or 0.0)
        return round((self.idle_seen_ns - ref) / PERIOD_NS)

    def span(self) -> tuple[int, int]:
        """Output words, and cycles from the first one to the last."""
        if self.first_out_ns is None:
            return 0, 0
        return self.out_words, round((self.last_out_ns - self.first_out_ns) / PERIOD_NS) + 1

    def rate_detail(self) -> dict:
        return {
            "boundary_bubbles_at": self.boundary_bubbles,  # (first transfer after it, cycles)
            "inner_bubbles": len(self.inner_gaps),
            "inner_bubble_cycles": sum(self.inner_gaps),
            "inner_bubbles_at": self.inner_at,  # (transfer, word, cycles), first 20
        }

    def _error_bins(self) -> dict[str, int]:
        """coverage.py hook: error.<kind> per error_o observed on a transfer the golden model rejects."""
        try:
            from .coverage import error_bin
        except ImportError:
            return {}
        bins: dict[str, int] = {}
        for o in self.sb.outcomes:
            b = error_bin(o.get("reason", "")) if o["outcome"] == "error" else None
            if b:
                bins[b] = bins.get(b, 0) + 1
        return bins

    def _record(self) -> dict:
        return {
            "words_in": sum(self.words_in.values()),
            "words_in_by_stream": dict(self.words_in),
            "words_out": self.out_words,
            "words_checked": self.sb.words_checked,
            "transfers": self.sb.good_done + self.sb.bad_done,
            "transfers_decoded": self.sb.good_done,
            "transfers_error": self.sb.bad_done,
            "words_of_malformed_transfers": self.sb.words_of_bad,
            "error_pulses": self.error_pulses,
            "recovery_bound": recovery_bound(self.params),
            "recoveries": self.recoveries,
        }

    def _coverage(self) -> dict:
        return {"bins": self._error_bins(), "labels": sorted({o["label"] for o in self.sb.outcomes})}
