// EBPC decoder (format: shared/spec/ebpc-format.md, ports: shared/spec/hardware.md).
//
// Microarchitecture: ebpc_dec_znz presents one ZNZ symbol per cycle from a bit buffer;
// ebpc_dec_bpc decodes the next BPC block (up to two codes per cycle) into a holding register
// (at DATA_W 16 followed by a one-block stage) while the emitter below emits the previous block
// from its own copy (the block's base or last word plus a shift register of deltas, one addition
// per word). The copy takes the held block as soon as it is used up, also during zero runs and
// in the cycle its last word is emitted (prefetch), so the BPC side decodes ahead; with one word
// left during a zero run, that word moves to a register of its own (lastw) so that the copy
// prefetches one block earlier. A block that is only just finished when a non-zero word needs
// it is emitted straight from the holding register. The emitter produces one word per cycle
// into a registered output stage: a zero-run symbol is counted down, a non-zero word comes from
// the copy or the holding register. The next transfer's N and first ZNZ word are taken in the
// cycle the final ZNZ symbol is, so transfers follow without a gap; a prefetched block that
// belongs to the next transfer stays in the copy.
//
// BPC claim rule: a transfer owns the BPC stream, up to the word flagged bpc_last_i, iff the
// ZNZ symbols it decoded within its first N positions include at least one non-zero marker.
// A transfer without one leaves the BPC stream untouched (its BPC stream is empty).
//
// Malformed transfers: error_o pulses once and no further word of the transfer is emitted
// (words emitted before detection stay; m_last_o is only ever set on word N of a well-formed
// transfer). Detected: truncated ZNZ, ZNZ run overshooting N, ZNZ words after the one holding
// the final needed bit (all before word N's symbol is emitted); BPC stream too short or ending
// inside a block, invalid BPC code, a non-zero position decoding to 0 (before the word is
// emitted); BPC words after the final needed block (checked before word N is emitted). The
// decoder then skips the transfer's remaining ZNZ symbols, drops its ZNZ words up to
// znz_last_i and, if the transfer claims BPC, drops decoded BPC blocks up to the one holding
// bpc_last_i (a prefetched copy of this transfer's is dropped first); then the next transfer
// decodes normally. Recovery needs no further input once both last words are in: what is left
// is bounded by the buffers (ZNZ: DATA_W+RUN_W bits, i.e. a few symbols of up to MAX_ZRLE_LEN
// words; BPC: 28 bits at DATA_W 8, 3*DATA_W at DATA_W 16, plus the held, staged and copied blocks,
// dropped one per cycle), about 3*MAX_ZRLE_LEN + 4*DATA_W cycles with m_ready_i high.
module ebpc_decoder #(
  parameter int DATA_W        = 8,
  parameter int BLOCK_SIZE    = 8,
  parameter int MAX_ZRLE_LEN  = 16,
  parameter int LOG_MAX_WORDS = 24
) (
  input  logic                     clk_i,
  // waiver: the SVA 'disable iff' (EBPC_ASSERT only) also samples the asynchronous reset
  // verilator lint_off SYNCASYNCNET
  input  logic                     rst_ni,
  // verilator lint_on SYNCASYNCNET
  input  logic [LOG_MAX_WORDS-1:0] n_words_i,
  input  logic                     n_valid_i,
  output logic                     n_ready_o,
  input  logic [DATA_W-1:0]        znz_data_i,
  input  logic                     znz_last_i,
  input  logic                     znz_valid_i,
  output logic                     znz_ready_o,
  input  logic [DATA_W-1:0]        bpc_data_i,
  input  logic                     bpc_last_i,
  input  logic                     bpc_valid_i,
  output logic                     bpc_ready_o,
  output logic [DATA_W-1:0]        m_data_o,
  output logic                     m_last_o,
  output logic                     m_valid_o,
  input  logic                     m_ready_i,
  output logic                     error_o,
  output logic                     idle_o
);

  ebpc_params_check #(
    .DATA_W       (DATA_W),
    .BLOCK_SIZE   (BLOCK_SIZE),
    .MAX_ZRLE_LEN (MAX_ZRLE_LEN),
    .LOG_MAX_WORDS(LOG_MAX_WORDS)
  ) u_params_check ();

  localparam int RUN_W  = $clog2(MAX_ZRLE_LEN);
  localparam int M      = BLOCK_SIZE - 1;
  localparam int LEFT_W = $clog2(BLOCK_SIZE + 1);

  typedef enum logic [1:0] {
    EmRun,    // emit words
    EmSkip,   // error seen: drop the transfer's remaining ZNZ symbols
    EmDrain   // drop BPC blocks up to the one that ends the BPC stream
  } emit_state_e;

  logic                sym_valid, sym_ready, sym_nz, sym_final, sym_abort;
  logic [RUN_W-1:0]    sym_run;
  logic                blk_valid, blk_ready, blk_final, blk_err;
  logic [DATA_W-1:0]   blk_base;
  logic [M*DATA_W-1:0] blk_delta;
  logic                znz_idle, bpc_idle;

  ebpc_dec_znz #(
    .DATA_W       (DATA_W),
    .MAX_ZRLE_LEN (MAX_ZRLE_LEN),
    .LOG_MAX_WORDS(LOG_MAX_WORDS)
  ) u_znz (
    .clk_i,
    .rst_ni,
    .n_words_i,
    .n_valid_i,
    .n_ready_o,
    .znz_data_i,
    .znz_last_i,
    .znz_valid_i,
    .znz_ready_o,
    .sym_valid_o(sym_valid),
    .sym_ready_i(sym_ready),
    .sym_nz_o   (sym_nz),
    .sym_run_o  (sym_run),
    .sym_final_o(sym_final),
    .sym_abort_o(sym_abort),
    .idle_o     (znz_idle)
  );

  ebpc_dec_bpc #(
    .DATA_W    (DATA_W),
    .BLOCK_SIZE(BLOCK_SIZE)
  ) u_bpc (
    .clk_i,
    .rst_ni,
    .bpc_data_i,
    .bpc_last_i,
    .bpc_valid_i,
    .bpc_ready_o,
    .blk_valid_o(blk_valid),
    .blk_ready_i(blk_ready),
    .blk_base_o (blk_base),
    .blk_delta_o(blk_delta),
    .blk_final_o(blk_final),
    .blk_err_o  (blk_err),
    .idle_o     (bpc_idle)
  );

  emit_state_e             state_d, state_q;
  logic [RUN_W-1:0]        zrun_d, zrun_q;         // zero words still to emit of the current run
  logic                    zfinal_d, zfinal_q;     // that run ends at word N
  logic [DATA_W-1:0]       acc_d, acc_q;           // current block's last word emitted (or base)
  logic [M*DATA_W-1:0]     dsh_d, dsh_q;           // its remaining deltas, next one lowest
  logic [LEFT_W-1:0]       left_d, left_q;         // words left in the current block
  logic                    pf_final_d, pf_final_q; // blk_final, blk_err of a prefetched block,
  logic                    pf_err_d, pf_err_q;     // applied when its first word is used
  logic                    pend_d, pend_q;         // the previous block's last word waits in
  logic [DATA_W-1:0]       lastw_d, lastw_q;       // lastw, before the prefetched copy
  logic                    claimed_d, claimed_q;   // transfer owns the BPC stream
  logic                    tfinal_d, tfinal_q;     // transfer's last taken block ended BPC stream
  logic                    m_valid_d, m_valid_q, m_last_d, m_last_q, err_d, err_q;
  logic [DATA_W-1:0]       m_data_d, m_data_q;

  logic              out_free, emit, is_last, fail, ends, nz_word, take_blk, fresh, kept;
  logic              claimed_now, tfinal_now;
  logic [DATA_W-1:0] word, nxt;
  // The current block was prefetched and none of its words is used yet.
  assign fresh    = left_q == LEFT_W'(BLOCK_SIZE) && !pend_q;
  // The copy's next word.
  assign nxt      = acc_q + (fresh ? '0 : dsh_q[DATA_W-1:0]);

  always_comb begin
    out_free    = !m_valid_q || m_ready_i;
    state_d     = state_q;
    zrun_d      = zrun_q;
    zfinal_d    = zfinal_q;
    acc_d       = acc_q;
    dsh_d       = dsh_q;
    left_d      = left_q;
    pf_final_d  = pf_final_q;
    pf_err_d    = pf_err_q;
    pend_d      = pend_q;
    lastw_d     = pend_q ? lastw_q : nxt;
    claimed_d   = claimed_q;
    tfinal_d    = tfinal_q;
    sym_ready   = 1'b0;
    blk_ready   = 1'b0;
    emit        = 1'b0;
    is_last     = 1'b0;
    fail        = 1'b0;
    ends        = 1'b0;
    nz_word     = 1'b0;
    take_blk    = 1'b0;
    word        = '0;
    claimed_now = claimed_q;
    tfinal_now  = tfinal_q;
    kept        = 1'b0;

    case (state_q)
      EmRun: begin
        if (zrun_q != '0) begin
          if (out_free) begin
            emit    = 1'b1;
            is_last = zfinal_q && (zrun_q == RUN_W'(1));
            zrun_d  = zrun_q - RUN_W'(1);
          end
        end else if (sym_valid) begin
          if (sym_abort) begin
            sym_ready = 1'b1;
            fail      = 1'b1;
            ends      = 1'b1;
          end else if (!sym_nz) begin
            if (out_free) begin
              sym_ready = 1'b1;
              emit      = 1'b1;
              is_last   = sym_final && (sym_run == '0);
              zrun_d    = sym_run;
              zfinal_d  = sym_final;
            end
          end else if (out_free) begin
            claimed_now = 1'b1;
            if (tfinal_q && (left_q == '0 || fresh)) begin
              fail = 1'b1;  // BPC stream already ended: too short
            end else if (left_q != '0) begin
              nz_word = 1'b1;
              word    = pend_q ? lastw_q : nxt;
              if (fresh) begin
                tfinal_now = pf_final_q;
                fail       = pf_err_q;
              end
            end else if (blk_valid) begin
              nz_word    = 1'b1;
              take_blk   = 1'b1;
              word       = blk_base;
              tfinal_now = blk_final;
              fail       = blk_err;
            end
            if (nz_word || fail) begin
              sym_ready = 1'b1;
              emit      = !fail;
              is_last   = sym_final;
            end
            if (nz_word && word == '0) begin
              fail = 1'b1;
              emit = 1'b0;
            end
          end
        end
        // Word N of a transfer that claims BPC must leave the BPC stream at its end.
        if (emit && is_last && claimed_now && !tfinal_now) begin
          fail = 1'b1;
          emit = 1'b0;
        end
        if (fail || emit) ends = ends || is_last;
        if (fail && !ends) state_d = EmSkip;
      end
      EmSkip: begin
        sym_ready = 1'b1;
        if (sym_valid) begin
          claimed_now = claimed_q || (sym_nz && !sym_abort);
          ends        = sym_final || sym_abort;
        end
      end
      EmDrain: begin
        blk_ready = 1'b1;
        if (blk_valid && blk_final) state_d = EmRun;
      end
      default: state_d = EmRun;
    endcase

    // A block is taken (now or prefetched) with its base in acc and d1 lowest in dsh; its first
    // word is the base, each later one acc plus the lowest delta, which is then shifted out.
    if (take_blk) begin
      blk_ready = 1'b1;
      acc_d     = blk_base;
      dsh_d     = blk_delta;
      left_d    = LEFT_W'(M);
    end else if (nz_word && pend_q) begin
      pend_d = 1'b0;
    end else if (nz_word) begin
      acc_d  = nxt;
      if (!fresh) dsh_d = dsh_q >> DATA_W;
      left_d = left_q - LEFT_W'(1);
    end
    claimed_d = claimed_now;
    tfinal_d  = tfinal_now;

    // Prefetch: the emitter's copy takes the held block as soon as it is used up (also during
    // zero runs), so the BPC side can decode the next block meanwhile; with one word left and
    // none emitted this cycle, that word moves to lastw and is emitted before the new copy.
    // (left_q <= 1 covers both: with left_q 0 a non-zero word takes the held block directly,
    // and a copy waiting in lastw has all its words left.)
    if (state_q == EmRun && !fail && !ends && blk_valid && !take_blk
        && left_q <= LEFT_W'(1)) begin
      pend_d     = left_q != '0 && !nz_word;
      blk_ready  = 1'b1;
      acc_d      = blk_base;
      dsh_d      = blk_delta;
      left_d     = LEFT_W'(BLOCK_SIZE);
      pf_final_d = blk_final;
      pf_err_d   = blk_err;
    end

    if (ends) begin
      pend_d    = 1'b0;
      // A prefetched block still untouched belongs to a later transfer, unless this one owns the
      // BPC stream and has not reached its end: then it is dropped like the blocks behind it.
      kept = left_d == LEFT_W'(BLOCK_SIZE) && !(claimed_now && !tfinal_now);
      if (claimed_now && !tfinal_now && !(left_d == LEFT_W'(BLOCK_SIZE) && pf_final_q)) begin
        state_d = EmDrain;
      end else begin
        state_d = EmRun;
      end
      zrun_d    = '0;
      if (!kept) left_d = '0;
      claimed_d = 1'b0;
      tfinal_d  = 1'b0;
    end

    m_valid_d = m_valid_q && !m_ready_i;
    m_data_d  = m_data_q;
    m_last_d  = m_last_q;
    if (emit) begin
      m_valid_d = 1'b1;
      m_data_d  = word;
      m_last_d  = is_last;
    end
    err_d = fail && (state_q == EmRun);
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q   <= EmRun;
      zrun_q    <= '0;
      zfinal_q  <= 1'b0;
      acc_q     <= '0;
      dsh_q     <= '0;
      left_q    <= '0;
      pf_final_q <= 1'b0;
      pf_err_q  <= 1'b0;
      pend_q    <= 1'b0;
      lastw_q   <= '0;
      claimed_q <= 1'b0;
      tfinal_q  <= 1'b0;
      m_valid_q <= 1'b0;
      m_data_q  <= '0;
      m_last_q  <= 1'b0;
      err_q     <= 1'b0;
    end else begin
      state_q   <= state_d;
      zrun_q    <= zrun_d;
      zfinal_q  <= zfinal_d;
      acc_q     <= acc_d;
      dsh_q     <= dsh_d;
      left_q    <= left_d;
      pf_final_q <= pf_final_d;
      pf_err_q  <= pf_err_d;
      pend_q    <= pend_d;
      lastw_q   <= lastw_d;
      claimed_q <= claimed_d;
      tfinal_q  <= tfinal_d;
      m_valid_q <= m_valid_d;
      m_data_q  <= m_data_d;
      m_last_q  <= m_last_d;
      err_q     <= err_d;
    end
  end

  assign m_valid_o = m_valid_q;
  assign m_data_o  = m_data_q;
  assign m_last_o  = m_last_q;
  assign error_o   = err_q;
  assign idle_o    = znz_idle && bpc_idle && (state_q == EmRun) && (zrun_q == '0) && (left_q == '0)
                     && !m_valid_q;

`ifdef EBPC_ASSERT
  a_out_hold: assert property (@(posedge clk_i) disable iff (!rst_ni)
    m_valid_o && !m_ready_i |=> m_valid_o && $stable(m_data_o) && $stable(m_last_o));
  a_no_zero_nz: assert property (@(posedge clk_i) disable iff (!rst_ni)
    emit && nz_word |-> word != '0);
  a_no_x: assert property (@(posedge clk_i) disable iff (!rst_ni)
    !$isunknown({m_valid_o, m_last_o, m_data_o, error_o, idle_o, n_ready_o, znz_ready_o,
                 bpc_ready_o}));
  a_last_in_n: assert property (@(posedge clk_i) disable iff (!rst_ni)
    emit && is_last |-> !fail && state_q == EmRun);
  a_left_range: assert property (@(posedge clk_i) disable iff (!rst_ni)
    left_q <= LEFT_W'(BLOCK_SIZE));
  a_pend_full_copy: assert property (@(posedge clk_i) disable iff (!rst_ni)
    pend_q |-> left_q == LEFT_W'(BLOCK_SIZE));
`endif

endmodule
