// EBPC encoder: small FIFO (circular buffer of any DEPTH >= 2). A full FIFO
// takes a word in the cycle its oldest one leaves.
module ebpc_enc_fifo #(
  parameter int WIDTH = 9,
  parameter int DEPTH = 4,
  // derived, not to be overridden (Icarus 11 has no localparam in port lists)
  parameter int PTR_W = $clog2(DEPTH),
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

  logic [DEPTH*WIDTH-1:0] mem_d, mem_q;
  logic [PTR_W-1:0]       wr_d, wr_q, rd_d, rd_q;
  logic [CNT_W-1:0]       cnt_d, cnt_q;
  logic                   push, pop;

  assign in_ready_o  = (cnt_q != CNT_W'(DEPTH)) | out_ready_i;
  assign out_valid_o = cnt_q != '0;
  assign out_data_o  = mem_q[rd_q*WIDTH +: WIDTH];
  assign push        = in_valid_i & in_ready_o;
  assign pop         = out_valid_o & out_ready_i;

  always_comb begin
    mem_d = mem_q;
    if (push) mem_d[wr_q*WIDTH +: WIDTH] = in_data_i;
    wr_d  = !push ? wr_q : (wr_q == PTR_W'(DEPTH - 1)) ? '0 : wr_q + PTR_W'(1);
    rd_d  = !pop  ? rd_q : (rd_q == PTR_W'(DEPTH - 1)) ? '0 : rd_q + PTR_W'(1);
    cnt_d = cnt_q + CNT_W'(push) - CNT_W'(pop);
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      mem_q <= '0;
      wr_q  <= '0;
      rd_q  <= '0;
      cnt_q <= '0;
    end else begin
      mem_q <= mem_d;
      wr_q  <= wr_d;
      rd_q  <= rd_d;
      cnt_q <= cnt_d;
    end
  end

endmodule
