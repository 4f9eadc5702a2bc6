// EBPC decoder, BPC side: decodes BPC blocks (base and deltas) into a one-block holding register
// that the emitter takes (at DATA_W 16 through a one-block stage). Up to two codes per cycle,
// with one plane write: the base together with the first plane code, or a (merged) zero run
// together with its neighbouring plane code; when DATA_W > BLOCK_SIZE any two codes (two plane
// writes).
// Plane p is written into delta bits p..DATA_W-1 at once (the deltas are stored plane-major, so
// that is one M-bit row per bit position), so the top delta bits always hold the previous plane
// (needed for DBP_p = X_p ^ DBP_p-1) and a zero run needs no write. The sign plane is decoded
// but not stored: values are rebuilt modulo 2^DATA_W.
// The unit knows nothing of transfers: a block is flagged final when the stream's last word is
// buffered and fewer than DATA_W bits are left after it (those are padding and are dropped).
// A block is flagged err when the stream ends inside it (then also final) or a code is invalid
// (zero run past the sign plane, one-one/two-ones position out of range).
module ebpc_dec_bpc #(
  parameter int DATA_W     = 8,
  parameter int BLOCK_SIZE = 8,
  parameter int M          = BLOCK_SIZE - 1
) (
  input  logic                  clk_i,
  input  logic                  rst_ni,
  input  logic [DATA_W-1:0]     bpc_data_i,
  input  logic                  bpc_last_i,
  input  logic                  bpc_valid_i,
  output logic                  bpc_ready_o,
  output logic                  blk_valid_o,
  input  logic                  blk_ready_i,
  output logic [DATA_W-1:0]     blk_base_o,
  output logic [M*DATA_W-1:0]   blk_delta_o,  // d_(i+1) at [i*DATA_W +: DATA_W], modulo 2^DATA_W
  output logic                  blk_final_o,
  output logic                  blk_err_o,
  output logic                  idle_o
);

  // Window: two codes (or the base and a code) at most. Buffer: more than the window, so bits
  // gathered while the emitter is busy with zeros let later blocks whose codes outgrow one input
  // word per output word (dense stretches, or a transfer's first block right after a short last
  // block) pair their codes anyway: 3 words at DATA_W 16, 28 bits at DATA_W 8 (the least that
  // leaves no gap between back-to-back transfers there).
  localparam int WIN    = 2 * DATA_W;
  localparam int CAP    = (DATA_W > 8) ? 3 * DATA_W : 28;
  localparam int CNT_W  = $clog2(CAP + 1);
  localparam int CLEN_W = $clog2(DATA_W + 1);
  localparam int P_W    = $clog2(2 * DATA_W + 2);
  localparam int PLANES = DATA_W + 1;
  localparam int PQ_W   = $clog2(PLANES);
  // DATA_W+1 planes for only BLOCK_SIZE words: any two codes must pair to keep up.
  localparam bit PAIR_ANY = DATA_W > BLOCK_SIZE;

  logic [DATA_W-1:0]   base_d, base_q;
  logic [M*DATA_W-1:0] delta_d, delta_q;  // plane-major: bit q of d_(i+1) at [q*M + M-1-i]
  logic [PQ_W-1:0]     p_d, p_q;  // plane of the next code
  logic                in_plane_d, in_plane_q;
  logic                full_d, full_q, final_d, final_q, err_d, err_q;

  logic              hold_ready;  // the holding register's block leaves this cycle
  logic [WIN-1:0]    win;
  logic [CNT_W-1:0]  cnt;
  logic              buf_last, take, flush;
  logic [CNT_W-1:0]  rest;
  logic [CNT_W:0]    rest1, rest2;  // bits left after one or two codes, negative if not buffered

  // Two codes per cycle: the first (or the base) at the head of the buffer, the second after it.
  logic [DATA_W-1:0] w1, w2;
  logic [CLEN_W-1:0] len1, len2;
  logic              zr1, zr2, pz1, pz2, bad1, bad2;
  logic [M-1:0]      x1, x2;
  logic [P_W-1:0]    run1, run2;

  ebpc_dec_bitbuf #(
    .W    (DATA_W),
    .CAP  (CAP),
    .WIN_W(WIN)
  ) u_buf (
    .clk_i,
    .rst_ni,
    .in_data_i (bpc_data_i),
    .in_last_i (bpc_last_i),
    .in_valid_i(bpc_valid_i),
    .in_ready_o(bpc_ready_o),
    .win_o     (win),
    .cnt_o     (cnt),
    .last_o    (buf_last),
    .take_i    (take),
    .rest_i    (rest),
    .flush_i   (flush)
  );

  assign w1 = win[WIN-1-:DATA_W];
  // The second code starts len1 bits in; coarse shift steps first (fewer bits to carry).
  logic [WIN-1:0] win2;
  always_comb begin
    win2 = win;
    for (int k = CLEN_W - 1; k >= 0; k--) begin
      if (len1[k]) win2 = win2 << (1 << k);
    end
  end
  assign w2 = win2[WIN-1-:DATA_W];

  ebpc_dec_bpc_code #(
    .DATA_W    (DATA_W),
    .BLOCK_SIZE(BLOCK_SIZE)
  ) u_code1 (
    .w_i         (w1),
    .base_i      (!in_plane_q),
    .len_o       (len1),
    .zero_run_o  (zr1),
    .plane_zero_o(pz1),
    .x_o         (x1),
    .run_o       (run1),
    .bad_o       (bad1)
  );

  ebpc_dec_bpc_code #(
    .DATA_W    (DATA_W),
    .BLOCK_SIZE(BLOCK_SIZE)
  ) u_code2 (
    .w_i         (w2),
    .base_i      (1'b0),
    .len_o       (len2),
    .zero_run_o  (zr2),
    .plane_zero_o(pz2),
    .x_o         (x2),
    .run_o       (run2),
    .bad_o       (bad2)
  );

  // The top delta bits hold the previous plane.
  logic [M-1:0] top;
  assign top = delta_q[(DATA_W-1)*M +: M];

  logic [M-1:0]   plane1, prev_w, x_w, wr_plane;
  logic [P_W-1:0] p1_next, p2, p2_next, wr_p;
  logic           have1, have2, done1, use2, wr, done, sel2, zr_w, pz_w;

  always_comb begin
    plane1  = zr1 ? top : (pz1 ? '0 : (x1 ^ top));
    p1_next = P_W'(p_q) + run1;
    p2      = in_plane_q ? p1_next : '0;
    p2_next = p2 + run2;

    rest1 = {1'b0, cnt} - (CNT_W + 1)'(len1);
    rest2 = rest1 - (CNT_W + 1)'(len2);
    have1 = !rest1[CNT_W];
    have2 = !rest2[CNT_W];
    done1 = in_plane_q && (bad1 || p1_next >= P_W'(PLANES));

    take        = 1'b0;
    use2        = 1'b0;
    wr          = 1'b0;
    flush       = 1'b0;
    done        = 1'b0;
    rest        = rest1[CNT_W-1:0];
    base_d      = base_q;
    delta_d     = delta_q;
    p_d         = p_q;
    in_plane_d  = in_plane_q;
    full_d      = full_q && !hold_ready;
    final_d     = final_q;
    err_d       = err_q;

    if ((!full_q || hold_ready) && have1) begin
      take = 1'b1;
      // Pair the base with any code and a zero run with any other code (one plane write per
      // cycle); with PAIR_ANY also two plane codes (two writes).
      use2 = !done1 && have2 && (!in_plane_q || PAIR_ANY || (zr1 != zr2));
      wr   = !in_plane_q || !zr1 || use2;
      if (use2) rest = rest2[CNT_W-1:0];
      if (!in_plane_q) begin
        base_d     = w1;
        p_d        = '0;
        in_plane_d = 1'b1;
      end else begin
        p_d = PQ_W'(p1_next);
        if (done1) begin
          done  = 1'b1;
          err_d = bad1 || p1_next > P_W'(PLANES);
        end
      end
      if (use2) begin
        p_d = PQ_W'(p2_next);
        if (bad2 || p2_next >= P_W'(PLANES)) begin
          done  = 1'b1;
          err_d = bad2 || p2_next > P_W'(PLANES);
        end
      end
      final_d = buf_last && (rest < CNT_W'(DATA_W));
    end else if ((!full_q || hold_ready) && buf_last) begin
      done    = 1'b1;
      err_d   = 1'b1;
      final_d = 1'b1;
    end

    // Plane p is written into delta bits p..DATA_W-1 (a later plane overwrites the upper ones);
    // the base step clears all of them, so the top bits always hold the previous plane.
    // The plane written by the port below: the second code's (after the base, after a zero run,
    // or with PAIR_ANY after a plane code), else the first's. Without PAIR_ANY its previous plane
    // is top (a zero run leaves it), so one XOR serves both codes.
    sel2     = !in_plane_q || zr1 || (PAIR_ANY && use2);
    wr_p     = sel2 ? p2 : P_W'(p_q);
    x_w      = sel2 ? x2 : x1;
    pz_w     = sel2 ? pz2 : pz1;
    zr_w     = sel2 ? zr2 || !use2 : zr1;
    prev_w   = !in_plane_q ? '0 : (PAIR_ANY && sel2) ? plane1 : top;
    wr_plane = zr_w ? prev_w : (pz_w ? '0 : (x_w ^ prev_w));
    for (int q = 0; q < DATA_W; q++) begin
      // PAIR_ANY: plane 1 goes to bits p..p2-1 first, plane 2 (the port below) above them.
      if (PAIR_ANY && take && in_plane_q && !zr1 && PQ_W'(q) >= p_q) delta_d[q*M +: M] = plane1;
      if (wr && P_W'(q) >= wr_p) delta_d[q*M +: M] = wr_plane;
    end

    if (done) begin
      full_d     = 1'b1;
      in_plane_d = 1'b0;
      flush      = final_d;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      base_q     <= '0;
      delta_q    <= '0;
      p_q        <= '0;
      in_plane_q <= 1'b0;
      full_q     <= 1'b0;
      final_q    <= 1'b0;
      err_q      <= 1'b0;
    end else begin
      base_q     <= base_d;
      delta_q    <= delta_d;
      p_q        <= p_d;
      in_plane_q <= in_plane_d;
      full_q     <= full_d;
      final_q    <= final_d;
      err_q      <= err_d;
    end
  end

  // DATA_W 16 (no area target): a fall-through stage behind the holding register, so the next
  // block decodes while a finished one waits for the emitter (e.g. a transfer's short last block
  // behind a block still being emitted). At DATA_W 8 it would cost 64 flip-flops.
  logic                stage_full;
  logic [M*DATA_W-1:0] blk_planes;  // the block handed over, plane-major like delta_q
  for (genvar i = 0; i < M; i++) begin : g_delta
    for (genvar q = 0; q < DATA_W; q++) begin : g_bit
      assign blk_delta_o[i*DATA_W+q] = blk_planes[q*M+M-1-i];
    end
  end
  if (DATA_W > 8) begin : g_stage
    logic                s_full_d, s_full_q, s_final_d, s_final_q, s_err_d, s_err_q;
    logic [DATA_W-1:0]   s_base_d, s_base_q;
    logic [M*DATA_W-1:0] s_delta_d, s_delta_q;

    always_comb begin
      hold_ready = !s_full_q || blk_ready_i;
      s_full_d   = s_full_q;
      s_base_d   = s_base_q;
      s_delta_d  = s_delta_q;
      s_final_d  = s_final_q;
      s_err_d    = s_err_q;
      if (s_full_q && blk_ready_i) s_full_d = 1'b0;
      // The held block moves in unless the emitter takes it straight from the holding register.
      if (full_q && (s_full_q ? blk_ready_i : !blk_ready_i)) begin
        s_full_d  = 1'b1;
        s_base_d  = base_q;
        s_delta_d = delta_q;
        s_final_d = final_q;
        s_err_d   = err_q;
      end
    end

    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) begin
        s_full_q  <= 1'b0;
        s_base_q  <= '0;
        s_delta_q <= '0;
        s_final_q <= 1'b0;
        s_err_q   <= 1'b0;
      end else begin
        s_full_q  <= s_full_d;
        s_base_q  <= s_base_d;
        s_delta_q <= s_delta_d;
        s_final_q <= s_final_d;
        s_err_q   <= s_err_d;
      end
    end

    assign stage_full  = s_full_q;
    assign blk_valid_o = s_full_q || full_q;
    assign blk_base_o  = s_full_q ? s_base_q : base_q;
    assign blk_planes  = s_full_q ? s_delta_q : delta_q;
    assign blk_final_o = s_full_q ? s_final_q : final_q;
    assign blk_err_o   = s_full_q ? s_err_q : err_q;
  end else begin : g_direct
    assign hold_ready  = blk_ready_i;
    assign stage_full  = 1'b0;
    assign blk_valid_o = full_q;
    assign blk_base_o  = base_q;
    assign blk_planes  = delta_q;
    assign blk_final_o = final_q;
    assign blk_err_o   = err_q;
  end

  assign idle_o = !full_q && !stage_full && !in_plane_q && (cnt == '0);

`ifdef EBPC_ASSERT
  a_plane_range: assert property (@(posedge clk_i) disable iff (!rst_ni)
    in_plane_q |-> p_q < PQ_W'(PLANES));
  a_hold_block: assert property (@(posedge clk_i) disable iff (!rst_ni)
    full_q && !hold_ready |=> full_q && $stable(base_q) && $stable(delta_q) && $stable(final_q)
                                && $stable(err_q));
`endif

endmodule
