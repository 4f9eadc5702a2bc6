// EBPC encoder top (spec: shared/spec/ebpc-format.md, hardware.md).
// Takes one input word per cycle. Two paths run side by side:
//  * ZNZ: ebpc_enc_znz codes zero runs / non-zero flags, ebpc_enc_znz_pack
//    cuts them into words;
//  * BPC: non-zero words and transfer ends pass a small skid FIFO (so the
//    next transfer can start while the previous last block waits), then
//    - DATA_W == BLOCK_SIZE: ebpc_enc_square keeps two blocks in one square
//      bit array, coding one block plane by plane (one step per word) while
//      the next block's words fill the freed positions;
//    - otherwise: ebpc_enc_collect turns the words into base + deltas; a full
//      (or last, padded) block moves at once into ebpc_enc_coder, which codes
//      two bit-plane symbols per step while the next block is collected;
//    ebpc_enc_packer cuts the codes into words.
// done_o pulses once both streams of the oldest open transfer have been
// accepted downstream.
module ebpc_encoder #(
  parameter int DATA_W        = 8,
  parameter int BLOCK_SIZE    = 8,
  parameter int MAX_ZRLE_LEN  = 16,
  parameter int LOG_MAX_WORDS = 24
) (
  input  logic                     clk_i,
  input  logic                     rst_ni,
  input  logic [DATA_W-1:0]        s_data_i,
  input  logic                     s_last_i,
  input  logic                     s_valid_i,
  output logic                     s_ready_o,
  output logic [DATA_W-1:0]        znz_data_o,
  output logic                     znz_last_o,
  output logic                     znz_valid_o,
  input  logic                     znz_ready_i,
  output logic [DATA_W-1:0]        bpc_data_o,
  output logic                     bpc_last_o,
  output logic                     bpc_valid_o,
  input  logic                     bpc_ready_i,
  output logic                     done_o,
  output logic [LOG_MAX_WORDS-1:0] done_znz_words_o,
  output logic [LOG_MAX_WORDS-1:0] done_bpc_words_o,
  output logic                     idle_o
);

  localparam int M        = BLOCK_SIZE - 1;
  localparam int P        = DATA_W + 1;
  localparam int ZSYM_W   = $clog2(MAX_ZRLE_LEN) + 2;
  localparam int ZLEN_W   = $clog2(ZSYM_W + 1);
  localparam int ZL_W     = 3 + $clog2(DATA_W);  // long zero-run code
  localparam bit SQUARE   = DATA_W == BLOCK_SIZE;  // one-array block store and coder
  localparam int EM_W     = SQUARE ? 2 * BLOCK_SIZE
                          : DATA_W + BLOCK_SIZE + ((ZL_W + 2 > BLOCK_SIZE) ? ZL_W + 2 : BLOCK_SIZE);
  localparam int EM_LEN_W = $clog2(EM_W + 1);
  // BPC bit buffer: one full step, plus one word of slack for the bursts of
  // the two-symbol steps
  localparam int BACC_W   = (EM_W + 2 * DATA_W - 2) / DATA_W * DATA_W + (SQUARE ? 0 : DATA_W);
  // square store: a block closed by a transfer end waits up to BLOCK_SIZE - 1
  // steps for the coding block; the next transfer's non-zero words (about
  // every other word on ReLU data) queue here meanwhile
  localparam int SKID_DEPTH = SQUARE ? BLOCK_SIZE / 2 - 1 : 2;
  // ZNZ words of the next transfer that may leave before the current one is done
  localparam int AHEAD_W  = 4;

  ebpc_params_check #(
    .DATA_W       (DATA_W),
    .BLOCK_SIZE   (BLOCK_SIZE),
    .MAX_ZRLE_LEN (MAX_ZRLE_LEN),
    .LOG_MAX_WORDS(LOG_MAX_WORDS)
  ) u_params_check ();

  // ---------------------------------------------------------------- input
  logic              fire, col_ready, s_nz, s_end, bpc_ok;
  logic              skid_ready, skid_valid, skid_last;
  logic [DATA_W-1:0] skid_data;
  logic              zsym_emit, zsym_ready, znz_idle;
  logic [ZSYM_W-1:0] zsym;
  logic [ZLEN_W-1:0] zsym_len;

  // qualified by valid so that s_ready_o stays defined while s_data_i is not
  assign s_nz      = s_valid_i & (|s_data_i);
  assign s_end     = s_valid_i & s_last_i;
  // only non-zero words and transfer ends enter the BPC path
  assign bpc_ok    = ~(s_nz | s_end) | skid_ready;
  assign s_ready_o = (~zsym_emit | zsym_ready) & bpc_ok;
  assign fire      = s_valid_i & s_ready_o;

  // ---------------------------------------------------------------- ZNZ stream
  logic znz_hold, znz_pk_idle;

  ebpc_enc_znz #(.MAX_ZRLE_LEN(MAX_ZRLE_LEN)) u_znz (
    .clk_i,
    .rst_ni,
    .nz_i  (s_nz),
    .last_i(s_end),
    .fire_i(fire),
    .emit_o(zsym_emit),
    .sym_o (zsym),
    .len_o (zsym_len),
    .idle_o(znz_idle)
  );

  ebpc_enc_znz_pack #(.DATA_W(DATA_W), .SYM_W(ZSYM_W)) u_znz_pack (
    .clk_i,
    .rst_ni,
    .in_valid_i (s_valid_i & zsym_emit & bpc_ok),
    .in_data_i  (zsym),
    .in_len_i   (zsym_len),
    .in_last_i  (s_end),
    .in_ready_o (zsym_ready),
    .hold_i     (znz_hold),
    .idle_o     (znz_pk_idle),
    .out_data_o (znz_data_o),
    .out_last_o (znz_last_o),
    .out_valid_o(znz_valid_o),
    .out_ready_i(znz_ready_i)
  );

  // ---------------------------------------------------------------- BPC stream
  logic                col_idle;
  logic                em_valid, em_ready, em_last, coder_idle;
  logic [EM_W-1:0]     em_data;
  logic [EM_LEN_W-1:0] em_len;
  logic                bpc_hold, bpc_empty_fin, bpc_pk_idle;

  // lets the next transfer start while the last block of the previous one
  // still waits for the coder
  ebpc_enc_fifo #(.WIDTH(DATA_W + 1), .DEPTH(SKID_DEPTH)) u_skid (
    .clk_i,
    .rst_ni,
    .in_valid_i (fire & (s_nz | s_end)),
    .in_data_i  ({s_last_i, s_data_i}),
    .in_ready_o (skid_ready),
    .out_valid_o(skid_valid),
    .out_data_o ({skid_last, skid_data}),
    .out_ready_i(col_ready)
  );

  if (SQUARE) begin : g_square
    ebpc_enc_square #(.N(DATA_W)) u_square (
      .clk_i,
      .rst_ni,
      .valid_i   (skid_valid),
      .data_i    (skid_data),
      .last_i    (skid_last),
      .ready_o   (col_ready),
      .em_valid_o(em_valid),
      .em_data_o (em_data),
      .em_len_o  (em_len),
      .em_last_o (em_last),
      .em_ready_i(em_ready),
      .idle_o    (coder_idle)
    );
    assign col_idle = 1'b1;
  end else begin : g_collect
    logic              tok_valid, tok_ready, tok_last, tok_flush;
    logic [DATA_W-1:0] tok_base;
    logic [P*M-1:0]    tok_planes;
    logic              skid_nz, skid_fire;

    assign skid_nz   = skid_valid & (|skid_data);
    assign skid_fire = skid_valid & col_ready;

    ebpc_enc_collect #(.DATA_W(DATA_W), .BLOCK_SIZE(BLOCK_SIZE)) u_collect (
      .clk_i,
      .rst_ni,
      .data_i      (skid_data),
      .nz_i        (skid_nz),
      .last_i      (skid_valid & skid_last),
      .fire_i      (skid_fire),
      .ready_o     (col_ready),
      .tok_valid_o (tok_valid),
      .tok_ready_i (tok_ready),
      .tok_base_o  (tok_base),
      .tok_planes_o(tok_planes),
      .tok_last_o  (tok_last),
      .tok_flush_o (tok_flush),
      .idle_o      (col_idle)
    );

    ebpc_enc_coder #(.DATA_W(DATA_W), .BLOCK_SIZE(BLOCK_SIZE)) u_coder (
      .clk_i,
      .rst_ni,
      .tok_valid_i (tok_valid),
      .tok_ready_o (tok_ready),
      .tok_base_i  (tok_base),
      .tok_planes_i(tok_planes),
      .tok_last_i  (tok_last),
      .tok_flush_i (tok_flush),
      .em_valid_o  (em_valid),
      .em_data_o   (em_data),
      .em_len_o    (em_len),
      .em_last_o   (em_last),
      .em_ready_i  (em_ready),
      .idle_o      (coder_idle)
    );
  end

  ebpc_enc_packer #(.DATA_W(DATA_W), .IN_W(EM_W), .ACC_W(BACC_W)) u_bpc_pack (
    .clk_i,
    .rst_ni,
    .in_valid_i (em_valid),
    .in_data_i  (em_data),
    .in_len_i   (em_len),
    .in_last_i  (em_last),
    .in_ready_o (em_ready),
    .hold_i     (bpc_hold),
    .empty_fin_o(bpc_empty_fin),
    .idle_o     (bpc_pk_idle),
    .out_data_o (bpc_data_o),
    .out_last_o (bpc_last_o),
    .out_valid_o(bpc_valid_o),
    .out_ready_i(bpc_ready_i)
  );

  // ---------------------------------------------------------------- completion
  // A stream that has finished the oldest open transfer keeps its word count
  // until done_o; the ZNZ stream may run ahead into the next transfer (counted
  // separately), the BPC stream waits.
  logic [LOG_MAX_WORDS-1:0] zcnt_d, zcnt_q, bcnt_d, bcnt_q;
  logic [AHEAD_W-1:0]       ahead_d, ahead_q, zbase;
  logic                     zcy, bcy, acy;  // ripple carries
  logic                     zfin_d, zfin_q, bfin_d, bfin_q;
  logic                     znz_hs, bpc_hs, znz_end, bpc_end;

  always_comb begin
    znz_hs   = znz_valid_o & znz_ready_i;
    bpc_hs   = bpc_valid_o & bpc_ready_i;
    znz_end  = znz_hs & znz_last_o;
    bpc_end  = (bpc_hs & bpc_last_o) | bpc_empty_fin;
    znz_hold = zfin_q & (znz_last_o | (&ahead_q[AHEAD_W-1:1]));
    bpc_hold = bfin_q;

    // explicit ripple-carry counters, cleared by done_o (the ZNZ count
    // restarts from the words already taken ahead, which never carry out of
    // the low AHEAD_W bits); bpc_hold keeps bpc_hs low while bfin_q
    zbase = done_o ? ahead_q : zcnt_q[AHEAD_W-1:0];
    zcy   = znz_hs & (done_o | ~zfin_q);
    bcy   = bpc_hs;
    acy   = znz_hs & zfin_q;
    for (int i = 0; i < LOG_MAX_WORDS; i++) begin
      if (i < AHEAD_W) begin
        zcnt_d[i]  = zbase[i] ^ zcy;
        zcy        = zbase[i] & zcy;
        ahead_d[i] = ~done_o & (ahead_q[i] ^ acy);
        acy        = ahead_q[i] & acy;
      end else begin
        zcnt_d[i]  = ~done_o & (zcnt_q[i] ^ zcy);
        zcy        = zcnt_q[i] & zcy;
      end
      bcnt_d[i] = ~done_o & (bcnt_q[i] ^ bcy);
      bcy       = bcnt_q[i] & bcy;
    end
    zfin_d  = ~done_o & (zfin_q | znz_end);
    bfin_d  = ~done_o & (bfin_q | bpc_end);
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      zcnt_q  <= '0;
      bcnt_q  <= '0;
      ahead_q <= '0;
      zfin_q  <= 1'b0;
      bfin_q  <= 1'b0;
    end else begin
      zcnt_q  <= zcnt_d;
      bcnt_q  <= bcnt_d;
      ahead_q <= ahead_d;
      zfin_q  <= zfin_d;
      bfin_q  <= bfin_d;
    end
  end

  assign done_o           = zfin_q & bfin_q;
  assign done_znz_words_o = zcnt_q;
  assign done_bpc_words_o = bcnt_q;
  // every accepted word is held somewhere (a ZNZ run, a packer's buffer, the
  // BPC path) until its transfer's last output word leaves, which sets zfin_q
  // or bfin_q, so no word count needs checking
  assign idle_o = znz_idle & znz_pk_idle & ~skid_valid & col_idle & coder_idle & bpc_pk_idle
                & ~zfin_q & ~bfin_q;

`ifdef EBPC_ASSERT
  a_znz_stable: assert property (@(posedge clk_i) disable iff (!rst_ni)
      znz_valid_o && !znz_ready_i |=> znz_valid_o && $stable(znz_data_o) && $stable(znz_last_o));
  a_bpc_stable: assert property (@(posedge clk_i) disable iff (!rst_ni)
      bpc_valid_o && !bpc_ready_i |=> bpc_valid_o && $stable(bpc_data_o) && $stable(bpc_last_o));
  a_done_pulse: assert property (@(posedge clk_i) disable iff (!rst_ni)
      done_o |=> !done_o);
  a_no_bpc_while_fin: assert property (@(posedge clk_i) disable iff (!rst_ni)
      bfin_q |-> !bpc_hs);
  a_no_znz_end_while_fin: assert property (@(posedge clk_i) disable iff (!rst_ni)
      zfin_q |-> !znz_end);
  a_ahead_range: assert property (@(posedge clk_i) disable iff (!rst_ni)
      ahead_q != '1 || !znz_hs || (zfin_q && bfin_q));
`endif

endmodule
