// Bit buffer of one EBPC decoder input stream.
// Holds up to CAP bits; win_o shows the oldest WIN_W of them, oldest at the MSB (bits beyond
// cnt_o read as zero). A word is
// accepted whenever it fits after this cycle's take, so a reader that needs at most CAP-W+1 bits
// per symbol never starves on an always-valid stream. Once the stream's last word is buffered no
// further word is accepted until flush_i drops the leftover (padding) bits; the next stream's first
// word may be accepted in that same flush cycle.
// The reader computes the bits left after its take (rest_i), which it needs for its own checks.
// The bits are kept right-aligned: a word shifts in at the LSB end by a fixed W, a take only
// lowers the count, and the window is read at the count (one variable shift, on the read side).
module ebpc_dec_bitbuf #(
  parameter int W     = 8,
  parameter int CAP   = 15,
  parameter int WIN_W = 8,
  parameter int CNT_W = $clog2(CAP + 1)
) (
  input  logic             clk_i,
  input  logic             rst_ni,
  input  logic [W-1:0]     in_data_i,
  input  logic             in_last_i,
  input  logic             in_valid_i,
  output logic             in_ready_o,
  output logic [WIN_W-1:0] win_o,
  output logic [CNT_W-1:0] cnt_o,
  output logic             last_o,
  input  logic             take_i,
  input  logic [CNT_W-1:0] rest_i,      // bits left after the take
  input  logic             flush_i
);

  logic [CAP-1:0]   buf_d, buf_q;
  logic [CNT_W-1:0] cnt_d, cnt_q;
  logic             last_d, last_q;

  logic [CNT_W-1:0] kept;
  logic             load;

  always_comb begin
    kept   = take_i ? rest_i : cnt_q;
    last_d = last_q;
    if (flush_i) begin
      kept   = '0;
      last_d = 1'b0;
    end
    in_ready_o = (!last_q || flush_i) && (kept <= CNT_W'(CAP - W));
    load       = in_ready_o && in_valid_i;
    buf_d      = buf_q;
    cnt_d      = kept;
    if (load) begin
      buf_d  = {buf_q[CAP-W-1:0], in_data_i};
      cnt_d  = kept + CNT_W'(W);
      last_d = in_last_i;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      buf_q  <= '0;
      cnt_q  <= '0;
      last_q <= 1'b0;
    end else begin
      buf_q  <= buf_d;
      cnt_q  <= cnt_d;
      last_q <= last_d;
    end
  end

  // The oldest buffered bit is buf_q[cnt_q-1]; zeros below the buffer stand for missing bits.
  // Coarse steps first, so each later step only needs the bits the window can still reach.
  logic [CAP+WIN_W-1:0] ext;
  always_comb begin
    ext = {buf_q, {WIN_W{1'b0}}};
    for (int k = CNT_W - 1; k >= 0; k--) begin
      if (cnt_q[k]) ext = ext >> (1 << k);
    end
  end
  assign win_o  = ext[WIN_W-1:0];
  assign cnt_o  = cnt_q;
  assign last_o = last_q;

`ifdef EBPC_ASSERT
  a_cnt_cap: assert property (@(posedge clk_i) disable iff (!rst_ni) cnt_q <= CNT_W'(CAP));
  a_take_fits: assert property (@(posedge clk_i) disable iff (!rst_ni)
    take_i && !flush_i |-> rest_i <= cnt_q);
`endif

endmodule
