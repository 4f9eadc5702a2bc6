// Bulk-path test harness for ebpc_decoder: streams N, ZNZ and BPC memories through the DUT and
// checks every output word in HDL (no Python call per cycle).
//
// Memories ($readmemh, files named by plusargs written by the Python test before the run):
//   +n=    N per transfer
//   +znz=  {last, data} per ZNZ word, all transfers back to back
//   +bpc=  {last, data} per BPC word (transfers with an empty BPC stream have none)
//   +in=   {last, data} per expected output word (the original words)
// counts +n_xfer= +n_znz= +n_bpc= +n_in=, and +seg_xfer= (first transfer of the second data
// segment, whose rate is reported apart). Stalls: per-port xorshift32 draws; a port is
// valid/ready in a cycle when its 8-bit draw is below its *_thresh_i (256 = always); a valid
// once raised stays high until accepted. start_i (one cycle) starts a run; finished_o rises
// when all words were checked or at the first error (wrong word/last, or error_o), whose global
// output word index and values are latched.
module ebpc_decoder_bulk_tb #(
  parameter int DATA_W        = 8,
  parameter int BLOCK_SIZE    = 8,
  parameter int MAX_ZRLE_LEN  = 16,
  parameter int LOG_MAX_WORDS = 24,
  parameter int DEPTH         = 1 << 20
) (
  input  logic        rst_ni,
  input  logic        start_i,
  input  logic [31:0] seed_i,
  input  logic [8:0]  n_thresh_i,
  input  logic [8:0]  znz_thresh_i,
  input  logic [8:0]  bpc_thresh_i,
  input  logic [8:0]  m_thresh_i,
  output logic        finished_o,
  output logic        error_o,
  output logic        dut_error_o,
  output logic [31:0] err_index_o,
  output logic [DATA_W:0] err_got_o,
  output logic [DATA_W:0] err_exp_o,
  output logic [63:0] cycles_o,
  output logic [63:0] seg0_first_o,
  output logic [63:0] seg0_last_o,
  output logic [31:0] seg0_words_o,
  output logic [63:0] seg1_first_o,
  output logic [63:0] seg1_last_o,
  output logic [31:0] seg1_words_o,
  output logic [31:0] out_checked_o,
  output logic [31:0] bubbles_o,
  output logic [31:0] stall_n_o,
  output logic [31:0] stall_znz_o,
  output logic [31:0] stall_bpc_o,
  output logic [31:0] stall_m_o
);

  logic clk_i = 1'b0;
  always #5 clk_i = ~clk_i;

  logic [31:0]     n_mem  [DEPTH];
  logic [DATA_W:0] znz_mem[DEPTH];
  logic [DATA_W:0] bpc_mem[DEPTH];
  logic [DATA_W:0] out_mem[DEPTH];
  int unsigned n_xfer, n_znz, n_bpc, n_in, seg_xfer;

  initial begin
    string f;
    if (!$value$plusargs("n_xfer=%d", n_xfer)) n_xfer = 0;
    if (!$value$plusargs("n_znz=%d", n_znz)) n_znz = 0;
    if (!$value$plusargs("n_bpc=%d", n_bpc)) n_bpc = 0;
    if (!$value$plusargs("n_in=%d", n_in)) n_in = 0;
    if (!$value$plusargs("seg_xfer=%d", seg_xfer)) seg_xfer = n_xfer;
    if (n_in > DEPTH || n_znz > DEPTH || n_bpc > DEPTH || n_xfer > DEPTH)
      $fatal(1, "bulk data exceeds DEPTH=%0d", DEPTH);
    if ($value$plusargs("n=%s", f)) $readmemh(f, n_mem);
    if ($value$plusargs("znz=%s", f)) $readmemh(f, znz_mem);
    if (n_bpc > 0 && $value$plusargs("bpc=%s", f)) $readmemh(f, bpc_mem);
    if ($value$plusargs("in=%s", f)) $readmemh(f, out_mem);
  end

  logic [LOG_MAX_WORDS-1:0] n_words;
  logic n_valid, n_ready;
  logic [DATA_W-1:0] znz_data, bpc_data, m_data;
  logic znz_last, znz_valid, znz_ready, bpc_last, bpc_valid, bpc_ready, m_last, m_valid, m_ready;
  logic dut_err, idle;

  ebpc_decoder #(
    .DATA_W(DATA_W), .BLOCK_SIZE(BLOCK_SIZE), .MAX_ZRLE_LEN(MAX_ZRLE_LEN), .LOG_MAX_WORDS(LOG_MAX_WORDS)
  ) i_dut (
    .clk_i, .rst_ni,
    .n_words_i(n_words), .n_valid_i(n_valid), .n_ready_o(n_ready),
    .znz_data_i(znz_data), .znz_last_i(znz_last), .znz_valid_i(znz_valid), .znz_ready_o(znz_ready),
    .bpc_data_i(bpc_data), .bpc_last_i(bpc_last), .bpc_valid_i(bpc_valid), .bpc_ready_o(bpc_ready),
    .m_data_o(m_data), .m_last_o(m_last), .m_valid_o(m_valid), .m_ready_i(m_ready),
    .error_o(dut_err), .idle_o(idle)
  );

  // Stall generators, one per port: 0 n, 1 znz, 2 bpc, 3 m.
  logic [3:0] go;
  ebpc_tb_stall #(.PORTS(4)) i_stall (
    .clk_i, .rst_ni, .start_i, .seed_i,
    .thresh_i({m_thresh_i, bpc_thresh_i, znz_thresh_i, n_thresh_i}),
    .go_o(go)
  );

  logic running_q, err_q, derr_q;
  logic [2:0] pend_q;
  logic [31:0] n_idx_q, znz_idx_q, bpc_idx_q, out_idx_q, xfer_q, bub_q;
  logic [63:0] cycle_q, prev_out_q;
  logic [63:0] first_q [2];
  logic [63:0] last_q [2];
  logic [31:0] segw_q [2];
  logic [31:0] stall_q [4];
  logic [31:0] err_index_q;
  logic [DATA_W:0] err_got_q, err_exp_q;
  logic started_q;

  assign n_valid   = running_q && n_idx_q < n_xfer && (pend_q[0] || go[0]);
  assign n_words   = LOG_MAX_WORDS'(n_mem[n_idx_q]);
  assign znz_valid = running_q && znz_idx_q < n_znz && (pend_q[1] || go[1]);
  assign znz_data  = znz_mem[znz_idx_q][DATA_W-1:0];
  assign znz_last  = znz_mem[znz_idx_q][DATA_W];
  assign bpc_valid = running_q && bpc_idx_q < n_bpc && (pend_q[2] || go[2]);
  assign bpc_data  = bpc_mem[bpc_idx_q][DATA_W-1:0];
  assign bpc_last  = bpc_mem[bpc_idx_q][DATA_W];
  assign m_ready   = running_q && go[3];

  logic [DATA_W:0] got, exp;
  logic seg;
  assign got = {m_last, m_data};
  assign exp = out_mem[out_idx_q];
  assign seg = xfer_q >= seg_xfer;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      running_q <= 1'b0; err_q <= 1'b0; derr_q <= 1'b0; pend_q <= '0; started_q <= 1'b0;
      n_idx_q <= '0; znz_idx_q <= '0; bpc_idx_q <= '0; out_idx_q <= '0; xfer_q <= '0; bub_q <= '0;
      cycle_q <= '0; prev_out_q <= '0;
      err_index_q <= '0; err_got_q <= '0; err_exp_q <= '0;
      for (int i = 0; i < 2; i++) begin first_q[i] <= '0; last_q[i] <= '0; segw_q[i] <= '0; end
      for (int i = 0; i < 4; i++) stall_q[i] <= '0;
    end else begin
      if (start_i) running_q <= 1'b1;
      if (running_q && !err_q && out_idx_q < n_in) begin
        cycle_q <= cycle_q + 1;
        pend_q  <= {bpc_valid && !bpc_ready, znz_valid && !znz_ready, n_valid && !n_ready};
        if (n_valid && !n_ready) stall_q[0] <= stall_q[0] + 1;
        if (znz_valid && !znz_ready) stall_q[1] <= stall_q[1] + 1;
        if (bpc_valid && !bpc_ready) stall_q[2] <= stall_q[2] + 1;
        if (m_valid && !m_ready) stall_q[3] <= stall_q[3] + 1;
        if (n_valid && n_ready) n_idx_q <= n_idx_q + 1;
        if (znz_valid && znz_ready) znz_idx_q <= znz_idx_q + 1;
        if (bpc_valid && bpc_ready) bpc_idx_q <= bpc_idx_q + 1;
        if (dut_err) begin
          err_q <= 1'b1; derr_q <= 1'b1; err_index_q <= out_idx_q; err_got_q <= '0; err_exp_q <= exp;
        end
        if (m_valid && m_ready) begin
          out_idx_q <= out_idx_q + 1;
          started_q <= 1'b1;
          prev_out_q <= cycle_q;
          if (started_q && cycle_q != prev_out_q + 1) bub_q <= bub_q + 1;
          if (segw_q[seg] == 0) first_q[seg] <= cycle_q;
          last_q[seg] <= cycle_q;
          segw_q[seg] <= segw_q[seg] + 1;
          if (m_last) xfer_q <= xfer_q + 1;
          if (got != exp) begin
            err_q <= 1'b1; err_index_q <= out_idx_q; err_got_q <= got; err_exp_q <= exp;
          end
        end
      end
    end
  end

  assign finished_o    = running_q && (err_q || out_idx_q >= n_in);
  assign error_o       = err_q;
  assign dut_error_o   = derr_q;
  assign err_index_o   = err_index_q;
  assign err_got_o     = err_got_q;
  assign err_exp_o     = err_exp_q;
  assign cycles_o      = cycle_q;
  assign seg0_first_o  = first_q[0];
  assign seg0_last_o   = last_q[0];
  assign seg0_words_o  = segw_q[0];
  assign seg1_first_o  = first_q[1];
  assign seg1_last_o   = last_q[1];
  assign seg1_words_o  = segw_q[1];
  assign out_checked_o = out_idx_q;
  assign bubbles_o     = bub_q;
  assign stall_n_o     = stall_q[0];
  assign stall_znz_o   = stall_q[1];
  assign stall_bpc_o   = stall_q[2];
  assign stall_m_o     = stall_q[3];

endmodule
