// EBPC encoder: small FIFO (any DEPTH >= 2). Words enter at entry 0 and the
// whole store shifts by one on each push (a plain shift register, cheaper than
// a written-in-place circular buffer); the fill count selects the oldest word.
// A full FIFO takes a word in the cycle its oldest one leaves.
module ebpc_enc_fifo #(
  parameter int WIDTH = 9,
  parameter int DEPTH = 4,
  // derived, not to be overridden (Icarus 11 has no localparam in port lists)
  parameter int CNT_W = $clog2(DEPTH + 1)
) (
  input  logic             clk_i,
  input  logic             rst_ni,
  input  logic             in_valid_i,
  input  logic [WIDTH-1:0] in_data_i,
  output logic             in_ready_o,
  output logic             out_valid_o,
  output logic [WIDTH-1:0] out_data_o,
  input  logic             out_ready_i
);

  logic [DEPTH*WIDTH-1:0] mem_d, mem_q;  // entry i: the (i+1)-th newest word
  logic [CNT_W-1:0]       cnt_d, cnt_q;
  logic                   push, pop;

  assign in_ready_o  = (cnt_q != CNT_W'(DEPTH)) | out_ready_i;
  assign out_valid_o = cnt_q != '0;
  assign push        = in_valid_i & in_ready_o;
  assign pop         = out_valid_o & out_ready_i;

  always_comb begin
    // one-hot select of the oldest word
    out_data_o = '0;
    for (int i = 0; i < DEPTH; i++) begin
      out_data_o = out_data_o | (mem_q[i*WIDTH +: WIDTH] & {WIDTH{cnt_q == CNT_W'(i + 1)}});
    end
    mem_d = push ? {mem_q[(DEPTH-1)*WIDTH-1:0], in_data_i} : mem_q;
    cnt_d = cnt_q + CNT_W'(push) - CNT_W'(pop);
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      mem_q <= '0;
      cnt_q <= '0;
    end else begin
      mem_q <= mem_d;
      cnt_q <= cnt_d;
    end
  end

`ifdef EBPC_ASSERT
  a_cnt_range: assert property (@(posedge clk_i) disable iff (!rst_ni)
      cnt_q <= CNT_W'(DEPTH));
`endif

endmodule
