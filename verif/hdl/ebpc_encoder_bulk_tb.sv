// Bulk-path test harness for ebpc_encoder: streams memories through the DUT and checks in HDL.
//
// Memories are loaded with $readmemh from the files named by the plusargs
// +in=, +znz=, +bpc=, +ends= (written by the Python test before the run):
//   in   : {last, data} per input word, all transfers back to back
//   znz  : {last, data} per expected ZNZ word
//   bpc  : {last, data} per expected BPC word
//   ends : {znz_end, bpc_end} per transfer, cumulative expected word counts (32 bits each)
// and the counts +n_in= +n_znz= +n_bpc= +n_xfer=. Stalls come from per-port
// xorshift generators: a port is valid/ready in a cycle when its 8-bit draw is
// below the *_thresh_i input (256 = always). start_i (one cycle) starts a run;
// finished_o rises when every done pulse arrived or at the first error, whose
// stream (0 input, 1 ZNZ, 2 BPC, 3 done) and global word/transfer index are latched.
// The clock (10 ns) is generated here so that no simulator-to-Python call is
// made per cycle (Verilator: build with --timing).
module ebpc_encoder_bulk_tb #(
  parameter int DATA_W        = 8,
  parameter int BLOCK_SIZE    = 8,
  parameter int MAX_ZRLE_LEN  = 16,
  parameter int LOG_MAX_WORDS = 24,
  parameter int DEPTH         = 1 << 21
) (
  input  logic        rst_ni,
  input  logic        start_i,
  input  logic [31:0] seed_i,
  input  logic [8:0]  valid_thresh_i,
  input  logic [8:0]  znz_thresh_i,
  input  logic [8:0]  bpc_thresh_i,
  output logic        finished_o,
  output logic        error_o,
  output logic [1:0]  err_stream_o,
  output logic [31:0] err_index_o,
  output logic [DATA_W:0] err_got_o,
  output logic [DATA_W:0] err_exp_o,
  output logic [63:0] cycles_o,
  output logic [63:0] first_accept_o,
  output logic [63:0] last_accept_o,
  output logic [31:0] words_in_o,
  output logic [31:0] znz_checked_o,
  output logic [31:0] bpc_checked_o,
  output logic [31:0] done_seen_o,
  output logic [31:0] stall_s_o,
  output logic [31:0] stall_znz_o,
  output logic [31:0] stall_bpc_o
);

  logic clk_i = 1'b0;
  always #5 clk_i = ~clk_i;

  logic [DATA_W:0] in_mem  [DEPTH];
  logic [DATA_W:0] znz_mem [DEPTH];
  logic [DATA_W:0] bpc_mem [DEPTH];
  logic [63:0]     ends_mem[DEPTH];
  int unsigned n_in, n_znz, n_bpc, n_xfer;

  initial begin
    string f;
    if (!$value$plusargs("n_in=%d", n_in)) n_in = 0;
    if (!$value$plusargs("n_znz=%d", n_znz)) n_znz = 0;
    if (!$value$plusargs("n_bpc=%d", n_bpc)) n_bpc = 0;
    if (!$value$plusargs("n_xfer=%d", n_xfer)) n_xfer = 0;
    if (n_in > DEPTH || n_znz > DEPTH || n_bpc > DEPTH) $fatal(1, "bulk data exceeds DEPTH=%0d", DEPTH);
    if ($value$plusargs("in=%s", f)) $readmemh(f, in_mem);
    if ($value$plusargs("znz=%s", f)) $readmemh(f, znz_mem);
    if (n_bpc > 0 && $value$plusargs("bpc=%s", f)) $readmemh(f, bpc_mem);
    if ($value$plusargs("ends=%s", f)) $readmemh(f, ends_mem);
  end

  // DUT
  logic [DATA_W-1:0] s_data, znz_data, bpc_data;
  logic s_last, s_valid, s_ready, znz_last, znz_valid, znz_ready, bpc_last, bpc_valid, bpc_ready;
  logic done;
  logic [LOG_MAX_WORDS-1:0] done_znz, done_bpc;
  logic idle;

  ebpc_encoder #(
    .DATA_W(DATA_W), .BLOCK_SIZE(BLOCK_SIZE), .MAX_ZRLE_LEN(MAX_ZRLE_LEN), .LOG_MAX_WORDS(LOG_MAX_WORDS)
  ) i_dut (
    .clk_i, .rst_ni,
    .s_data_i(s_data), .s_last_i(s_last), .s_valid_i(s_valid), .s_ready_o(s_ready),
    .znz_data_o(znz_data), .znz_last_o(znz_last), .znz_valid_o(znz_valid), .znz_ready_i(znz_ready),
    .bpc_data_o(bpc_data), .bpc_last_o(bpc_last), .bpc_valid_o(bpc_valid), .bpc_ready_i(bpc_ready),
    .done_o(done), .done_znz_words_o(done_znz), .done_bpc_words_o(done_bpc), .idle_o(idle)
  );

  // Stall generators, one per port: 0 input valid, 1 ZNZ ready, 2 BPC ready.
  logic [2:0] go;
  ebpc_tb_stall #(.PORTS(3)) i_stall (
    .clk_i, .rst_ni, .start_i, .seed_i,
    .thresh_i({bpc_thresh_i, znz_thresh_i, valid_thresh_i}),
    .go_o(go)
  );

  logic running_q, pend_q;
  logic [31:0] in_idx_q, znz_idx_q, bpc_idx_q, done_idx_q;
  logic [63:0] cycle_q, first_q, last_q;
  logic [31:0] stall_s_q, stall_znz_q, stall_bpc_q;
  logic err_q;
  logic [1:0] err_stream_q;
  logic [31:0] err_index_q;
  logic [DATA_W:0] err_got_q, err_exp_q;

  logic in_go;
  assign in_go     = running_q && in_idx_q < n_in;
  assign s_valid   = in_go && (pend_q || go[0]);
  assign s_data    = in_mem[in_idx_q][DATA_W-1:0];
  assign s_last    = in_mem[in_idx_q][DATA_W];
  assign znz_ready = running_q && go[1];
  assign bpc_ready = running_q && go[2];

  logic [DATA_W:0] znz_got, bpc_got;
  logic [63:0] ends_k, ends_prev;
  assign znz_got   = {znz_last, znz_data};
  assign bpc_got   = {bpc_last, bpc_data};
  assign ends_k    = ends_mem[done_idx_q];
  assign ends_prev = done_idx_q == 0 ? 64'd0 : ends_mem[done_idx_q - 1];

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      running_q <= 1'b0; pend_q <= 1'b0;
      in_idx_q <= '0; znz_idx_q <= '0; bpc_idx_q <= '0; done_idx_q <= '0;
      cycle_q <= '0; first_q <= '0; last_q <= '0;
      stall_s_q <= '0; stall_znz_q <= '0; stall_bpc_q <= '0;
      err_q <= 1'b0; err_stream_q <= '0; err_index_q <= '0; err_got_q <= '0; err_exp_q <= '0;
    end else begin
      if (start_i) running_q <= 1'b1;
      if (running_q && !err_q && done_idx_q < n_xfer) begin
        cycle_q <= cycle_q + 1;
        pend_q <= s_valid && !s_ready;
        if (s_valid && !s_ready) stall_s_q <= stall_s_q + 1;
        if (znz_valid && !znz_ready) stall_znz_q <= stall_znz_q + 1;
        if (bpc_valid && !bpc_ready) stall_bpc_q <= stall_bpc_q + 1;
        if (s_valid && s_ready) begin
          in_idx_q <= in_idx_q + 1;
          if (in_idx_q == 0) first_q <= cycle_q;
          last_q <= cycle_q;
        end
        if (znz_valid && znz_ready) begin
          znz_idx_q <= znz_idx_q + 1;
          if (znz_idx_q >= n_znz || znz_got != znz_mem[znz_idx_q]) begin
            err_q <= 1'b1; err_stream_q <= 2'd1; err_index_q <= znz_idx_q;
            err_got_q <= znz_got; err_exp_q <= znz_mem[znz_idx_q];
          end
        end
        if (bpc_valid && bpc_ready) begin
          bpc_idx_q <= bpc_idx_q + 1;
          if (bpc_idx_q >= n_bpc || bpc_got != bpc_mem[bpc_idx_q]) begin
            err_q <= 1'b1; err_stream_q <= 2'd2; err_index_q <= bpc_idx_q;
            err_got_q <= bpc_got; err_exp_q <= bpc_mem[bpc_idx_q];
          end
        end
        if (done) begin
          done_idx_q <= done_idx_q + 1;
          // Counts must match and every word of this transfer must already be accepted.
          if (done_idx_q >= n_xfer
              || 32'(done_znz) != ends_k[63:32] - ends_prev[63:32]
              || 32'(done_bpc) != ends_k[31:0] - ends_prev[31:0]
              || znz_idx_q < ends_k[63:32] || bpc_idx_q < ends_k[31:0]) begin
            err_q <= 1'b1; err_stream_q <= 2'd3; err_index_q <= done_idx_q;
            err_got_q <= '0; err_exp_q <= '0;
          end
        end
      end
    end
  end

  assign finished_o     = running_q && (err_q || done_idx_q >= n_xfer);
  assign error_o        = err_q;
  assign err_stream_o   = err_stream_q;
  assign err_index_o    = err_index_q;
  assign err_got_o      = err_got_q;
  assign err_exp_o      = err_exp_q;
  assign cycles_o       = cycle_q;
  assign first_accept_o = first_q;
  assign last_accept_o  = last_q;
  assign words_in_o     = in_idx_q;
  assign znz_checked_o  = znz_idx_q;
  assign bpc_checked_o  = bpc_idx_q;
  assign done_seen_o    = done_idx_q;
  assign stall_s_o      = stall_s_q;
  assign stall_znz_o    = stall_znz_q;
  assign stall_bpc_o    = stall_bpc_q;

endmodule
