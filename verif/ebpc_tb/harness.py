"""Start-up of the HDL bulk and loopback harnesses (imported by cocotb tests only)."""
from __future__ import annotations

from cocotb.handle import SimHandleBase
from cocotb.triggers import ClockCycles, RisingEdge


async def reset_and_start(dut: SimHandleBase) -> None:
    """Hold rst_ni low for 3 cycles, then pulse start_i for one cycle."""
    dut.start_i.value = 0
    dut.rst_ni.value = 0
    await ClockCycles(dut.clk_i, 3)
    dut.rst_ni.value = 1
    await RisingEdge(dut.clk_i)
    dut.start_i.value = 1
    await RisingEdge(dut.clk_i)
    dut.start_i.value = 0
