// Stream FIFO of the loopback harness, standing in for the memory the encoder's two streams
// normally go to (see ebpc_loopback_tb.sv); reports its largest fill.
module ebpc_loopback_fifo #(
  parameter int W     = 9,
  parameter int DEPTH = 1 << 15
) (
  input  logic         clk_i,
  input  logic         rst_ni,
  input  logic [W-1:0] in_data_i,
  input  logic         in_valid_i,
  output logic         in_ready_o,
  output logic [W-1:0] out_data_o,
  output logic         out_valid_o,
  input  logic         out_ready_i,
  output logic [31:0]  max_fill_o
);
  localparam int AW = $clog2(DEPTH);
  logic [W-1:0] mem [DEPTH];
  logic [AW:0] wr_q, rd_q;
  logic [31:0] max_q;
  logic [AW:0] fill;
  assign fill        = wr_q - rd_q;
  assign in_ready_o  = fill < (AW + 1)'(DEPTH);
  assign out_valid_o = fill != '0;
  assign out_data_o  = mem[rd_q[AW-1:0]];
  assign max_fill_o  = max_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      wr_q <= '0; rd_q <= '0; max_q <= '0;
    end else begin
      if (in_valid_i && in_ready_o) begin
        mem[wr_q[AW-1:0]] <= in_data_i;
        wr_q <= wr_q + 1'b1;
      end
      if (out_valid_o && out_ready_i) rd_q <= rd_q + 1'b1;
      if (32'(fill) > max_q) max_q <= 32'(fill);
    end
  end
endmodule
