// Loopback harness: ebpc_encoder -> ebpc_decoder in one simulation, checked in HDL.
//
// +in= : {last, data} per input word, all transfers back to back ($readmemh)
// +n=  : N per transfer (fed to the decoder's N port from the input side, ahead of the data)
// +n_in= +n_xfer= : counts.
// Every stream has its own xorshift32 stall generator (encoder input valid, N valid, ZNZ link,
// BPC link, decoder output ready); a port passes in a cycle when its 8-bit draw is below its
// threshold (256 = always). Each encoder->decoder link goes through a FIFO of FIFO_DEPTH words
// standing in for the memory the streams normally go to: a direct wire deadlocks by design (the
// decoder needs a BPC block before it takes the ZNZ bits that follow that block's first non-zero
// word, while the encoder emits the block only after its last non-zero word, i.e. after those
// ZNZ bits). The link stall gates sit on the FIFO outputs (towards the decoder); a valid shown to
// the decoder stays high until accepted. The largest FIFO fill is reported. The decoder output is compared with the input memory; the first mismatch (or any
// error_o) stops the run and is latched with its transfer and word index.
module ebpc_loopback_tb #(
  parameter int DATA_W        = 8,
  parameter int BLOCK_SIZE    = 8,
  parameter int MAX_ZRLE_LEN  = 16,
  parameter int LOG_MAX_WORDS = 24,
  parameter int DEPTH         = 1 << 21,
  parameter int FIFO_DEPTH    = 1 << 15
) (
  input  logic        rst_ni,
  input  logic        start_i,
  input  logic [31:0] seed_i,
  input  logic [8:0]  s_thresh_i,
  input  logic [8:0]  n_thresh_i,
  input  logic [8:0]  znz_thresh_i,
  input  logic [8:0]  bpc_thresh_i,
  input  logic [8:0]  m_thresh_i,
  output logic        finished_o,
  output logic        error_o,
  output logic        dut_error_o,
  output logic [31:0] err_xfer_o,
  output logic [31:0] err_word_o,
  output logic [DATA_W:0] err_got_o,
  output logic [DATA_W:0] err_exp_o,
  output logic [63:0] cycles_o,
  output logic [31:0] words_checked_o,
  output logic [31:0] words_in_o,
  output logic [31:0] xfers_out_o,
  output logic [63:0] znz_words_o,
  output logic [63:0] bpc_words_o,
  output logic [31:0] znz_fifo_max_o,
  output logic [31:0] bpc_fifo_max_o
);

  logic clk_i = 1'b0;
  always #5 clk_i = ~clk_i;

  logic [DATA_W:0] in_mem[DEPTH];
  logic [31:0]     n_mem [DEPTH];
  int unsigned n_in, n_xfer;

  initial begin
    string f;
    if (!$value$plusargs("n_in=%d", n_in)) n_in = 0;
    if (!$value$plusargs("n_xfer=%d", n_xfer)) n_xfer = 0;
    if (n_in > DEPTH || n_xfer > DEPTH) $fatal(1, "loopback data exceeds DEPTH=%0d", DEPTH);
    if ($value$plusargs("in=%s", f)) $readmemh(f, in_mem);
    if ($value$plusargs("n=%s", f)) $readmemh(f, n_mem);
  end

  // ---------------------------------------------------------------- DUTs
  logic [DATA_W-1:0] s_data, ez_data, eb_data, m_data;
  logic s_last, s_valid, s_ready;
  logic ez_last, ez_valid, ez_ready, eb_last, eb_valid, eb_ready;
  logic dz_valid, dz_ready, db_valid, db_ready, dz_last, db_last, fz_valid, fb_valid;
  logic [DATA_W-1:0] dz_data, db_data;
  logic e_done, e_idle, d_err, d_idle;
  logic [LOG_MAX_WORDS-1:0] e_done_znz, e_done_bpc, n_words;
  logic n_valid, n_ready, m_last, m_valid, m_ready;

  ebpc_encoder #(
    .DATA_W(DATA_W), .BLOCK_SIZE(BLOCK_SIZE), .MAX_ZRLE_LEN(MAX_ZRLE_LEN), .LOG_MAX_WORDS(LOG_MAX_WORDS)
  ) i_enc (
    .clk_i, .rst_ni,
    .s_data_i(s_data), .s_last_i(s_last), .s_valid_i(s_valid), .s_ready_o(s_ready),
    .znz_data_o(ez_data), .znz_last_o(ez_last), .znz_valid_o(ez_valid), .znz_ready_i(ez_ready),
    .bpc_data_o(eb_data), .bpc_last_o(eb_last), .bpc_valid_o(eb_valid), .bpc_ready_i(eb_ready),
    .done_o(e_done), .done_znz_words_o(e_done_znz), .done_bpc_words_o(e_done_bpc), .idle_o(e_idle)
  );

  ebpc_decoder #(
    .DATA_W(DATA_W), .BLOCK_SIZE(BLOCK_SIZE), .MAX_ZRLE_LEN(MAX_ZRLE_LEN), .LOG_MAX_WORDS(LOG_MAX_WORDS)
  ) i_dec (
    .clk_i, .rst_ni,
    .n_words_i(n_words), .n_valid_i(n_valid), .n_ready_o(n_ready),
    .znz_data_i(dz_data), .znz_last_i(dz_last), .znz_valid_i(dz_valid), .znz_ready_o(dz_ready),
    .bpc_data_i(db_data), .bpc_last_i(db_last), .bpc_valid_i(db_valid), .bpc_ready_o(db_ready),
    .m_data_o(m_data), .m_last_o(m_last), .m_valid_o(m_valid), .m_ready_i(m_ready),
    .error_o(d_err), .idle_o(d_idle)
  );

  // ---------------------------------------------------------------- stall generators
  // 0: encoder input valid, 1: N valid, 2/3: decoder ZNZ/BPC input valid (FIFO output),
  // 4: decoder output ready, 5/6: encoder ZNZ/BPC output ready (FIFO input, thresholds of 2/3)
  logic [6:0] go;
  ebpc_tb_stall #(.PORTS(7)) i_stall (
    .clk_i, .rst_ni, .start_i, .seed_i,
    .thresh_i({bpc_thresh_i, znz_thresh_i, m_thresh_i, bpc_thresh_i, znz_thresh_i, n_thresh_i, s_thresh_i}),
    .go_o(go)
  );

  logic running_q, err_q, derr_q;
  logic [3:0] pend_q;  // valid shown and not yet accepted: s, n, znz link, bpc link
  logic [31:0] in_idx_q, n_idx_q, out_idx_q, oxfer_q, oword_q;
  logic [63:0] cycle_q, znz_cnt_q, bpc_cnt_q;
  logic [31:0] err_xfer_q, err_word_q;
  logic [DATA_W:0] err_got_q, err_exp_q, got, exp;
  logic zg, bg, ezg, ebg, ez_fready, eb_fready;

  assign s_valid  = running_q && in_idx_q < n_in && (pend_q[0] || go[0]);
  assign s_data   = in_mem[in_idx_q][DATA_W-1:0];
  assign s_last   = in_mem[in_idx_q][DATA_W];
  assign n_valid  = running_q && n_idx_q < n_xfer && (pend_q[1] || go[1]);
  assign n_words  = LOG_MAX_WORDS'(n_mem[n_idx_q]);
  assign zg       = running_q && (pend_q[2] || go[2]);
  assign bg       = running_q && (pend_q[3] || go[3]);
  assign ezg      = running_q && go[5];
  assign ebg      = running_q && go[6];
  assign ez_ready = ez_fready && ezg;
  assign eb_ready = eb_fready && ebg;
  assign dz_valid = fz_valid && zg;
  assign db_valid = fb_valid && bg;

  ebpc_loopback_fifo #(.W(DATA_W + 1), .DEPTH(FIFO_DEPTH)) i_znz_fifo (
    .clk_i, .rst_ni,
    .in_data_i({ez_last, ez_data}), .in_valid_i(ez_valid && ezg), .in_ready_o(ez_fready),
    .out_data_o({dz_last, dz_data}), .out_valid_o(fz_valid), .out_ready_i(dz_ready && zg),
    .max_fill_o(znz_fifo_max_o)
  );
  ebpc_loopback_fifo #(.W(DATA_W + 1), .DEPTH(FIFO_DEPTH)) i_bpc_fifo (
    .clk_i, .rst_ni,
    .in_data_i({eb_last, eb_data}), .in_valid_i(eb_valid && ebg), .in_ready_o(eb_fready),
    .out_data_o({db_last, db_data}), .out_valid_o(fb_valid), .out_ready_i(db_ready && bg),
    .max_fill_o(bpc_fifo_max_o)
  );
  assign m_ready  = running_q && go[4];
  assign got      = {m_last, m_data};
  assign exp      = in_mem[out_idx_q];

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      running_q <= 1'b0; err_q <= 1'b0; derr_q <= 1'b0; pend_q <= '0;
      in_idx_q <= '0; n_idx_q <= '0; out_idx_q <= '0; oxfer_q <= '0; oword_q <= '0;
      cycle_q <= '0; znz_cnt_q <= '0; bpc_cnt_q <= '0;
      err_xfer_q <= '0; err_word_q <= '0; err_got_q <= '0; err_exp_q <= '0;
    end else begin
      if (start_i) running_q <= 1'b1;
      if (running_q && !err_q && out_idx_q < n_in) begin
        cycle_q <= cycle_q + 1;
        pend_q  <= {db_valid && !db_ready, dz_valid && !dz_ready, n_valid && !n_ready, s_valid && !s_ready};
        if (s_valid && s_ready) in_idx_q <= in_idx_q + 1;
        if (n_valid && n_ready) n_idx_q <= n_idx_q + 1;
        if (dz_valid && dz_ready) znz_cnt_q <= znz_cnt_q + 1;
        if (db_valid && db_ready) bpc_cnt_q <= bpc_cnt_q + 1;
        if (d_err) begin
          err_q <= 1'b1; derr_q <= 1'b1; err_xfer_q <= oxfer_q; err_word_q <= oword_q;
          err_got_q <= '0; err_exp_q <= exp;
        end
        if (m_valid && m_ready) begin
          out_idx_q <= out_idx_q + 1;
          oword_q   <= m_last ? '0 : oword_q + 1;
          if (m_last) oxfer_q <= oxfer_q + 1;
          if (got != exp) begin
            err_q <= 1'b1; err_xfer_q <= oxfer_q; err_word_q <= oword_q; err_got_q <= got; err_exp_q <= exp;
          end
        end
      end
    end
  end

  assign finished_o      = running_q && (err_q || out_idx_q >= n_in);
  assign error_o         = err_q;
  assign dut_error_o     = derr_q;
  assign err_xfer_o      = err_xfer_q;
  assign err_word_o      = err_word_q;
  assign err_got_o       = err_got_q;
  assign err_exp_o       = err_exp_q;
  assign cycles_o        = cycle_q;
  assign words_checked_o = out_idx_q;
  assign words_in_o      = in_idx_q;
  assign xfers_out_o     = oxfer_q;
  assign znz_words_o     = znz_cnt_q;
  assign bpc_words_o     = bpc_cnt_q;

endmodule
