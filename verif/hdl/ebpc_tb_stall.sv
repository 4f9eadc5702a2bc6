// Stall generator of the HDL test harnesses: one xorshift32 per port, all reseeded from seed_i
// by start_i. Port i may move in a cycle when its 8-bit draw is below thresh_i[9*i +: 9]
// (256 = always).
module ebpc_tb_stall #(
  parameter int PORTS = 4
) (
  input  logic               clk_i,
  input  logic               rst_ni,
  input  logic               start_i,
  input  logic [31:0]        seed_i,
  input  logic [9*PORTS-1:0] thresh_i,
  output logic [PORTS-1:0]   go_o
);

  logic [31:0] rnd_q [PORTS];
  logic [31:0] rnd_d [PORTS];

  always_comb begin
    for (int i = 0; i < PORTS; i++) begin
      rnd_d[i] = rnd_q[i] ^ (rnd_q[i] << 13);
      rnd_d[i] = rnd_d[i] ^ (rnd_d[i] >> 17);
      rnd_d[i] = rnd_d[i] ^ (rnd_d[i] << 5);
      go_o[i]  = {1'b0, rnd_q[i][7:0]} < thresh_i[9*i +: 9];
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      for (int i = 0; i < PORTS; i++) rnd_q[i] <= 32'h1;
    end else if (start_i) begin
      for (int i = 0; i < PORTS; i++) rnd_q[i] <= (seed_i ^ (32'h9e3779b9 * (i + 1))) | 32'h1;
    end else begin
      for (int i = 0; i < PORTS; i++) rnd_q[i] <= rnd_d[i];
    end
  end

endmodule
