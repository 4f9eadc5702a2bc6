// EBPC encoder: gathers the non-zero words of one BPC block as base + deltas
// and hands the block to the coder as delta bit-planes once it is full or the
// transfer ends (a partial last block is padded with zero words). A transfer
// that ends with no block pending sends a flush token instead.
module ebpc_enc_collect #(
  parameter int DATA_W     = 8,
  parameter int BLOCK_SIZE = 8,
  // derived, not to be overridden (Icarus 11 has no localparam in port lists)
  parameter int M          = BLOCK_SIZE - 1,
  parameter int P          = DATA_W + 1,      // delta bits = planes
  parameter int CNT_W      = $clog2(BLOCK_SIZE + 1)
) (
  input  logic              clk_i,
  input  logic              rst_ni,
  input  logic [DATA_W-1:0] data_i,
  input  logic              nz_i,         // data_i is non-zero (and valid)
  input  logic              last_i,
  input  logic              fire_i,       // the input word is taken this cycle
  output logic              ready_o,      // this stage can take the input word
  output logic              tok_valid_o,  // a block (or an empty-transfer token) is handed over
  input  logic              tok_ready_i,
  output logic [DATA_W-1:0] tok_base_o,
  output logic [P*M-1:0]    tok_planes_o, // plane p at [p*M +: M], bit M-1 = delta 1
  output logic              tok_last_o,
  output logic              tok_flush_o,  // no block: only ends the transfer
  output logic              idle_o
);

  logic [DATA_W-1:0] base_d, base_q, prev_d, prev_q;
  logic [P*M-1:0]    dlt_d, dlt_q;     // delta j+1 at [j*P +: P]
  logic [CNT_W-1:0]  cnt_d, cnt_q, cnt_a;
  logic              closed_d, closed_q;  // pending block ends the transfer
  logic              blk_pending, zero_last, send_blk;
  logic [P-1:0]      diff, word_x, prev_x;

  assign word_x = {data_i[DATA_W-1], data_i};  // sign-extended
  assign prev_x = {prev_q[DATA_W-1], prev_q};
  // the subtractor also makes the padding delta (0 - prev) of a closed block
  assign diff   = (closed_q ? '0 : word_x) - prev_x;

  // a full or closed block leaves at once; an end of transfer with no block
  // pending leaves as a flush token
  assign blk_pending  = closed_q | (cnt_q == CNT_W'(BLOCK_SIZE));
  assign zero_last    = fire_i & ~nz_i & last_i;
  assign tok_valid_o  = blk_pending | (zero_last & (cnt_q == '0));
  assign tok_flush_o  = ~blk_pending;
  assign tok_last_o   = closed_q | zero_last;
  assign tok_base_o   = base_q;
  assign send_blk     = blk_pending & tok_ready_i;
  assign cnt_a        = send_blk ? '0 : cnt_q;
  assign idle_o       = (cnt_q == '0) & ~closed_q;

  always_comb begin
    if (nz_i) begin
      ready_o = ~blk_pending | tok_ready_i;
    end else if (last_i) begin
      ready_o = ~closed_q & ((cnt_q != '0) | tok_ready_i);
    end else begin
      ready_o = 1'b1;
    end
  end

  // the block as delta bit-planes, padded with zero words after cnt_q words
  always_comb begin
    for (int j = 0; j < M; j++) begin
      for (int p = 0; p < P; p++) begin
        tok_planes_o[p*M + M - 1 - j] = (CNT_W'(j + 1) <  cnt_q) ? dlt_q[j*P + p] :
                                        (CNT_W'(j + 1) == cnt_q) ? diff[p] : 1'b0;
      end
    end
  end

  always_comb begin
    closed_d = closed_q & ~send_blk;
    cnt_d    = cnt_a;
    base_d   = base_q;
    prev_d   = prev_q;
    dlt_d    = dlt_q;
    if (fire_i && nz_i) begin
      prev_d   = data_i;
      cnt_d    = cnt_a + CNT_W'(1);
      closed_d = last_i;
      if (cnt_a == '0) base_d = data_i;
      for (int j = 0; j < M; j++) begin
        if (cnt_a == CNT_W'(j + 1)) dlt_d[j*P +: P] = diff;
      end
    end else if (zero_last && cnt_a != '0) begin
      closed_d = 1'b1;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      base_q   <= '0;
      prev_q   <= '0;
      dlt_q    <= '0;
      cnt_q    <= '0;
      closed_q <= 1'b0;
    end else begin
      base_q   <= base_d;
      prev_q   <= prev_d;
      dlt_q    <= dlt_d;
      cnt_q    <= cnt_d;
      closed_q <= closed_d;
    end
  end

`ifdef EBPC_ASSERT
  a_cnt_range: assert property (@(posedge clk_i) disable iff (!rst_ni)
      cnt_q <= CNT_W'(BLOCK_SIZE));
  a_closed_nonempty: assert property (@(posedge clk_i) disable iff (!rst_ni)
      closed_q |-> cnt_q != '0);
  a_fire_ready: assert property (@(posedge clk_i) disable iff (!rst_ni)
      fire_i |-> ready_o);
`endif

endmodule
