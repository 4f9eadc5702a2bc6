// EBPC encoder: ZNZ bit packer. Cuts the ZNZ symbols (at most DATA_W - 1
// bits each, so one symbol completes at most one word) into DATA_W-bit words
// (AXI4-Stream). Bits fill a word register MSB first, shifted by its fill
// count only (0 .. DATA_W-1, where a generic packer shifts across a two-word
// buffer); a completed word moves to the output register and the symbol's
// overflow bits start the next word. A last symbol that leaves bits in the
// word register marks them a complete, zero-padded word, which moves to the
// output register in the next cycle that one is free, while the next
// transfer's symbols start a fresh word.
module ebpc_enc_znz_pack #(
  parameter int DATA_W = 8,
  parameter int SYM_W  = 6,   // widest symbol, < DATA_W
  // derived, not to be overridden (Icarus 11 has no localparam in port lists)
  parameter int LEN_W  = $clog2(SYM_W + 1)
) (
  input  logic              clk_i,
  input  logic              rst_ni,
  input  logic              in_valid_i,
  input  logic [SYM_W-1:0]  in_data_i,   // MSB first, zero filled after in_len_i bits
  input  logic [LEN_W-1:0]  in_len_i,    // >= 1
  input  logic              in_last_i,
  output logic              in_ready_o,
  input  logic              hold_i,      // offer no word (from registers only)
  output logic              idle_o,
  output logic [DATA_W-1:0] out_data_o,
  output logic              out_last_o,
  output logic              out_valid_o,
  input  logic              out_ready_i
);

  initial begin
    if (SYM_W >= DATA_W) $fatal(1, "ebpc_enc_znz_pack: SYM_W=%0d not below DATA_W", SYM_W);
  end

  localparam int FILL_W = $clog2(DATA_W);

  logic [DATA_W-1:0]   wrd_d, wrd_q, out_d, out_q, base, ins_hi, ins_lo;
  logic [FILL_W-1:0]   fill_d, fill_q;  // bits in wrd_q; 0 while wrd_done_q
  logic [FILL_W:0]     sum;
  logic                wrd_done_d, wrd_done_q;  // wrd_q is a complete last word
  logic                out_vld_d, out_vld_q, out_lst_d, out_lst_q, open_d, open_q;
  logic                pop, out_free, spill, exact, accept, load;

  assign out_data_o  = out_q;
  assign out_last_o  = out_lst_q;
  assign out_valid_o = out_vld_q & ~hold_i;

  always_comb begin
    pop      = out_valid_o & out_ready_i;
    out_free = ~out_vld_q | pop;
    // the symbol completes the word being filled (exactly: nothing for the next)
    sum        = {1'b0, fill_q} + (FILL_W+1)'(in_len_i);
    spill      = sum[FILL_W];
    exact      = sum[FILL_W-1:0] == '0;
    in_ready_o = out_free | (~wrd_done_q & ~spill);
    accept     = in_valid_i & in_ready_o;
    load       = (wrd_done_q & out_free) | (accept & spill);

    {ins_hi, ins_lo} = {in_data_i, {(2 * DATA_W - SYM_W){1'b0}}} >> fill_q;
    // a complete word leaves the word register when the output one is free
    base   = wrd_q & {DATA_W{~(wrd_done_q & out_free)}};
    wrd_d  = !accept ? base : spill ? ins_lo : base | ins_hi;
    fill_d = sum[FILL_W-1:0] & {FILL_W{accept & ~in_last_i}};
    if (!accept) fill_d = fill_q;
    wrd_done_d = (accept & in_last_i & ~exact) | (wrd_done_q & ~out_free);
    open_d     = accept ? ~in_last_i : open_q;

    // a completed word register, or the one the symbol fills up
    out_d     = out_free ? (accept & ~wrd_done_q ? wrd_q | ins_hi : wrd_q) : out_q;
    out_lst_d = out_free ? wrd_done_q | (accept & in_last_i & exact) : out_lst_q;
    out_vld_d = load | (out_vld_q & ~pop);
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      wrd_q      <= '0;
      fill_q     <= '0;
      wrd_done_q <= 1'b0;
      out_q      <= '0;
      out_vld_q  <= 1'b0;
      out_lst_q  <= 1'b0;
      open_q     <= 1'b0;
    end else begin
      wrd_q      <= wrd_d;
      fill_q     <= fill_d;
      wrd_done_q <= wrd_done_d;
      out_q      <= out_d;
      out_vld_q  <= out_vld_d;
      out_lst_q  <= out_lst_d;
      open_q     <= open_d;
    end
  end

  // a transfer whose words have all left so far is still open
  assign idle_o = ~out_vld_q & ~wrd_done_q & ~open_q;

`ifdef EBPC_ASSERT
  a_out_stable: assert property (@(posedge clk_i) disable iff (!rst_ni)
      out_valid_o && !out_ready_i |=> out_valid_o && $stable(out_data_o) && $stable(out_last_o));
  a_done_empty_fill: assert property (@(posedge clk_i) disable iff (!rst_ni)
      wrd_done_q |-> fill_q == '0);
  a_len_nonzero: assert property (@(posedge clk_i) disable iff (!rst_ni)
      in_valid_i |-> in_len_i != '0);
  a_load_free: assert property (@(posedge clk_i) disable iff (!rst_ni)
      load |-> out_free);
  a_no_spill_from_done: assert property (@(posedge clk_i) disable iff (!rst_ni)
      wrd_done_q && accept |-> !spill);
  a_exact_spills: assert property (@(posedge clk_i) disable iff (!rst_ni)
      accept && exact |-> spill);
  a_closed_empty: assert property (@(posedge clk_i) disable iff (!rst_ni)
      !open_q |-> fill_q == '0);
`endif

endmodule
