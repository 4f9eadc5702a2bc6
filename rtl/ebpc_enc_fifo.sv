// EBPC encoder: small FIFO (any DEPTH >= 2). Words enter at entry 0 and the
// whole store shifts by one on each push; a thermometer occupancy selects the
// oldest word. A full FIFO takes a word in the cycle its oldest one leaves.
module ebpc_enc_fifo #(
  parameter int WIDTH = 9,
  parameter int DEPTH = 4
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
  logic [DEPTH-1:0]       occ_d, occ_q;  // occ_q[i]: entry i holds a word (thermometer)
  logic                   push, pop;

  assign in_ready_o  = ~occ_q[DEPTH-1] | out_ready_i;
  assign out_valid_o = occ_q[0];
  assign push        = in_valid_i & in_ready_o;
  assign pop         = occ_q[0] & out_ready_i;

  always_comb begin
    // the oldest word sits in the highest occupied entry
    out_data_o = mem_q[(DEPTH-1)*WIDTH +: WIDTH] & {WIDTH{occ_q[DEPTH-1]}};
    for (int i = 0; i < DEPTH - 1; i++) begin
      out_data_o = out_data_o | (mem_q[i*WIDTH +: WIDTH] & {WIDTH{occ_q[i] & ~occ_q[i+1]}});
    end
    mem_d = push ? {mem_q[(DEPTH-1)*WIDTH-1:0], in_data_i} : mem_q;
    occ_d = occ_q;
    if (push && !pop) occ_d = {occ_q[DEPTH-2:0], 1'b1};
    if (pop && !push) occ_d = occ_q >> 1;
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      mem_q <= '0;
      occ_q <= '0;
    end else begin
      mem_q <= mem_d;
      occ_q <= occ_d;
    end
  end

endmodule
