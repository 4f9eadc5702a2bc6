// EBPC encoder: ZNZ symbol generator (spec: ebpc-format.md, ZNZ stream).
// Offers the symbol the current input word completes (if any) and advances
// the pending zero-run count when the word is taken (fire_i).
module ebpc_enc_znz #(
  parameter int MAX_ZRLE_LEN = 16,
  // derived, not to be overridden (Icarus 11 has no localparam in port lists)
  parameter int RUN_W        = $clog2(MAX_ZRLE_LEN),
  parameter int SYM_W        = RUN_W + 2,
  parameter int LEN_W        = $clog2(SYM_W + 1)
) (
  input  logic             clk_i,
  input  logic             rst_ni,
  input  logic             nz_i,     // current input word is non-zero
  input  logic             last_i,   // current input word ends the transfer
  input  logic             fire_i,   // current input word is taken
  output logic             emit_o,   // taking the word emits sym_o
  output logic [SYM_W-1:0] sym_o,    // MSB first, zero filled
  output logic [LEN_W-1:0] len_o,
  output logic             idle_o
);

  logic [RUN_W-1:0] run_d, run_q;  // zero words seen but not yet coded
  logic             pending;

  always_comb begin
    pending = run_q != '0;
    emit_o  = 1'b1;
    sym_o   = '0;
    len_o   = '0;
    run_d   = run_q;
    if (nz_i) begin
      if (pending) begin
        sym_o = {1'b0, run_q - RUN_W'(1), 1'b1};
        len_o = LEN_W'(SYM_W);
      end else begin
        sym_o = SYM_W'(1) << (SYM_W - 1);
        len_o = LEN_W'(1);
      end
    end else if (last_i || &run_q) begin
      sym_o = {1'b0, run_q, 1'b0};
      len_o = LEN_W'(RUN_W + 1);
    end else begin
      emit_o = 1'b0;
    end
    if (fire_i) run_d = emit_o ? '0 : run_q + RUN_W'(1);
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      run_q <= '0;
    end else begin
      run_q <= run_d;
    end
  end

  assign idle_o = ~pending;

endmodule
