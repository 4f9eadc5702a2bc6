// EBPC encoder: bit packer. Appends variable-length bit strings (MSB first)
// and cuts them into DATA_W-bit output words (AXI4-Stream). A string marked
// last ends the transfer: the word it ends in is padded with zeros, carries
// out_last_o, and the next transfer starts on a fresh word. A last string of
// length 0 just ends the transfer; if the transfer has no bits at all it is
// taken only once everything before it has left, and pulses empty_fin_o.
// The output word is the top of the bit buffer itself (no output register).
module ebpc_enc_packer #(
  parameter int DATA_W = 8,
  parameter int IN_W   = 8,   // widest input string
  parameter int ACC_W  = 16,  // multiple of DATA_W, >= IN_W + DATA_W - 1
  // derived, not to be overridden (Icarus 11 has no localparam in port lists)
  parameter int LEN_W  = $clog2(IN_W + 1)
) (
  input  logic              clk_i,
  input  logic              rst_ni,
  input  logic              in_valid_i,
  input  logic [IN_W-1:0]   in_data_i,   // MSB first, zero filled after in_len_i bits
  input  logic [LEN_W-1:0]  in_len_i,
  input  logic              in_last_i,
  output logic              in_ready_o,
  input  logic              hold_i,      // offer no word (from registers only)
  output logic              empty_fin_o,
  output logic              idle_o,
  output logic [DATA_W-1:0] out_data_o,
  output logic              out_last_o,
  output logic              out_valid_o,
  input  logic              out_ready_i
);

  initial begin
    if (ACC_W % DATA_W != 0 || ACC_W < IN_W + DATA_W - 1)
      $fatal(1, "ebpc_enc_packer: illegal ACC_W=%0d", ACC_W);
  end

  localparam int CNT_W = $clog2(ACC_W + 1);
  localparam int WRD_W = $clog2(ACC_W / DATA_W + 1);

  logic [ACC_W-1:0]  acc_d, acc_q, acc_mv, ins;
  logic [CNT_W-1:0]  cnt_d, cnt_q, cnt_mv, cnt_in;
  logic [WRD_W-1:0]  lmark_d, lmark_q, lmark_mv;  // words up to the marked last word
  logic              pop, empty_flush, accept;

  // the top word leaves straight from the buffer once it is complete; the
  // newest word of an unfinished transfer stays until more bits follow, so
  // that a later flush can still mark it last
  assign out_data_o  = acc_q[ACC_W-1 -: DATA_W];
  assign out_last_o  = lmark_q == WRD_W'(1);
  assign out_valid_o = ~hold_i & ((lmark_q != '0) | (cnt_q > CNT_W'(DATA_W)));

  always_comb begin
    pop         = out_valid_o & out_ready_i;
    acc_mv      = pop ? acc_q << DATA_W : acc_q;
    cnt_mv      = pop ? cnt_q - CNT_W'(DATA_W) : cnt_q;
    lmark_mv    = (pop && lmark_q != '0) ? lmark_q - WRD_W'(1) : lmark_q;
    empty_flush = in_last_i & (in_len_i == '0);
    if (empty_flush && cnt_mv == '0) begin
      in_ready_o = (cnt_q == '0) & ~hold_i;
    end else begin
      in_ready_o = ({1'b0, cnt_mv} + (CNT_W+1)'(in_len_i) <= (CNT_W+1)'(ACC_W))
                 & ~(in_last_i & (lmark_mv != '0));
    end
    accept      = in_valid_i & in_ready_o;
    empty_fin_o = accept & empty_flush & (cnt_mv == '0);

    // gating the string before the shifter costs less than gating its result
    ins     = {in_data_i & {IN_W{accept}}, {(ACC_W - IN_W){1'b0}}} >> cnt_mv;
    acc_d   = acc_mv | ins;
    cnt_d   = cnt_mv;
    lmark_d = lmark_mv;
    if (accept) begin
      cnt_in = cnt_mv + CNT_W'(in_len_i);
      if (in_last_i) begin
        cnt_d   = (cnt_in + CNT_W'(DATA_W - 1)) & ~CNT_W'(DATA_W - 1);
        lmark_d = WRD_W'(cnt_d / CNT_W'(DATA_W));
      end else begin
        cnt_d = cnt_in;
      end
    end else begin
      cnt_in = cnt_mv;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      acc_q   <= '0;
      cnt_q   <= '0;
      lmark_q <= '0;
    end else begin
      acc_q   <= acc_d;
      cnt_q   <= cnt_d;
      lmark_q <= lmark_d;
    end
  end

  assign idle_o = cnt_q == '0;

`ifdef EBPC_ASSERT
  a_out_stable: assert property (@(posedge clk_i) disable iff (!rst_ni)
      out_valid_o && !out_ready_i |=> out_valid_o && $stable(out_data_o) && $stable(out_last_o));
  a_no_overflow: assert property (@(posedge clk_i) disable iff (!rst_ni)
      cnt_q <= CNT_W'(ACC_W));
  a_mark_in_acc: assert property (@(posedge clk_i) disable iff (!rst_ni)
      lmark_q != '0 |-> CNT_W'(lmark_q) * CNT_W'(DATA_W) <= cnt_q);
`endif

endmodule
