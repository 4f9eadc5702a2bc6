// EBPC encoder: block store and coder for DATA_W == BLOCK_SIZE (= N), one
// N x N bit array for two blocks (spec: ebpc-format.md, BPC stream).
// A block's raw words are written either as rows (word j in row j, bit k in
// column k) or as columns, alternating block by block. The coding block shifts
// by one bit-plane per step (left for a row block, up for a column block), so
// plane p sits in column 0 (row 0) at step p, and the freed column (row) at the
// far edge takes the next block's words in the other orientation: word j of the
// fill block goes where the remaining shifts bring it to column (row) j.
// Each step codes one plane, LSB first: the delta bits come from a borrow
// chain (one borrow per delta, bit-serial subtraction of neighbouring words).
// The sign plane repeats the sign bits, so it is coded by one more step on the
// same column (the array holds while the borrow steps on). When both the last
// plane and the sign plane are Z, one run closes the block in its N-th step
// instead, so a block takes N steps, one per input word, unless one of its
// two top planes has a code (0.07% of the blocks of one image's MobileNetV2
// maps). Z symbols are merged into zero runs; step 0 also carries the base
// (word 0). Unwritten words are zero, as zeros shift in: a partial last block
// is padded for free. A transfer end closes the fill block, or else marks the
// coding block last, or else (no open block of that transfer) queues an empty
// last string for the packer.
module ebpc_enc_square #(
  parameter int N        = 8,
  // derived, not to be overridden (Icarus 11 has no localparam in port lists)
  parameter int M        = N - 1,
  parameter int P        = N + 1,
  parameter int CNT_W    = $clog2(N + 1),
  parameter int ZRUN_W   = $clog2(N),
  parameter int ZL       = 3 + ZRUN_W,     // long zero-run code
  parameter int ZP_W     = $clog2(P + 1),
  parameter int SLEN_W   = $clog2(N + 1),
  parameter int EM_W     = 2 * N,
  parameter int EM_LEN_W = $clog2(EM_W + 1)
) (
  input  logic                clk_i,
  input  logic                rst_ni,
  input  logic                valid_i,
  input  logic [N-1:0]        data_i,
  input  logic                last_i,
  output logic                ready_o,
  output logic                em_valid_o,
  output logic [EM_W-1:0]     em_data_o,   // MSB first, zero filled
  output logic [EM_LEN_W-1:0] em_len_o,
  output logic                em_last_o,
  input  logic                em_ready_i,
  output logic                idle_o
);

  logic [N*N-1:0]   arr_d, arr_q, arr_mv;  // cell (i, k) at [i*N + k]
  logic [N*N-1:0]   wr_cells;              // cells the fill word writes
  // column N-1 of every row: a left shift moves zeros in there
  localparam logic [N*N-1:0] LAST_COL = {N{{1'b1, {(N - 1){1'b0}}}}};
  logic [CNT_W-1:0] r_d, r_q;              // shifts the coding block has left, 0: none
  logic [CNT_W-1:0] wp_d, wp_q;            // words in the fill block + r_q: the
                                           // place of the next fill word
  logic             fo_d, fo_q;            // fill block is written as rows
  logic             fend_d, fend_q;        // fill block closed by a transfer end
  logic             clast_d, clast_q;      // coding block ends its transfer
  logic             flush_d, flush_q;      // an empty last string is due
  logic             half_d, half_q;        // this step codes the sign plane
  logic [M-1:0]     bor_d, bor_q;          // borrow of each delta
  logic [M-1:0]     dprev_d, dprev_q;      // previous delta plane
  logic [ZP_W-1:0]  zp_d, zp_q;            // open zero run

  logic             nz, wr, start, coding, crow, first_step, final_step, fire, step, shift, mark;
  logic             set_flush, fill_busy, fill_empty, clast_a, blk_goes_on, shl, shu, split;
  logic [CNT_W-1:0] rem, wpos;
  logic [N-1:0]     plane, base, sel, wrow, wcol;
  logic [M-1:0]     bin, dp, dbp, bout;

  assign nz         = valid_i & (|data_i);
  // a complete fill block starts coding as soon as the array is free
  assign start      = (r_q == '0) & ~flush_q & (fend_q | (wp_q == CNT_W'(N)));
  assign coding     = (r_q != '0) | start;
  assign rem        = start ? CNT_W'(N) : r_q;
  assign first_step = rem == CNT_W'(N);
  assign crow       = start ? fo_q : ~fo_q;  // coding block stored as rows
  assign final_step = rem == CNT_W'(1);
  assign fill_empty = start | (wp_q == r_q);
  assign fill_busy  = fend_q & ~start;       // closed fill block still waits
  assign clast_a    = start ? fend_q : clast_q;

  assign em_valid_o = coding | flush_q;
  assign fire       = em_valid_o & em_ready_i;
  assign step       = fire & coding;
  assign shift      = step & ~split;
  // the next fill word lands where the coding block's remaining shifts move it
  // to its index in the fill block
  assign wpos       = (start ? CNT_W'(N) : wp_q) - CNT_W'(shift);
  assign blk_goes_on = coding & ~(shift & final_step);

  // ---------------------------------------------------------------- input
  always_comb begin
    ready_o   = 1'b1;
    mark      = 1'b0;
    set_flush = 1'b0;
    if (nz) begin
      ready_o = (wpos < CNT_W'(N)) & ~fill_busy;
    end else if (valid_i && last_i) begin
      if (!fill_empty) begin
        ready_o = ~fill_busy;
      end else if (blk_goes_on && !clast_a) begin
        mark = 1'b1;
      end else begin
        ready_o   = ~flush_q;
        set_flush = 1'b1;
      end
    end
  end

  assign wr  = nz & ready_o;
  assign shl = shift & crow;
  assign shu = shift & ~crow;
  // a fill word goes to column wpos (row coding block) or row wpos: either
  // way cell (i, k) takes wrow[i] & wcol[k], one factor the select, the
  // other the data bit
  always_comb begin
    for (int j = 0; j < N; j++) begin
      sel[j]  = wr & (wpos == CNT_W'(j));
      wrow[j] = crow ? data_i[j] : sel[j];
      wcol[j] = crow ? sel[j] : data_i[j];
    end
  end

  // ---------------------------------------------------------------- planes
  always_comb begin
    for (int j = 0; j < N; j++) begin
      plane[j] = crow ? arr_q[j*N] : arr_q[j];
      base[j]  = crow ? arr_q[j] : arr_q[j*N];
    end
  end

  // bit p of delta j+1 = w(j+1) - w(j) at [M-1-j]; the sign plane repeats the
  // sign bits with the borrow out of the top bit
  assign bin = first_step ? '0 : bor_q;
  assign dp  = first_step ? '0 : dprev_q;
  always_comb begin
    for (int j = 0; j < M; j++) begin
      dbp[M-1-j]  = plane[j+1] ^ plane[j] ^ bin[M-1-j];
      bout[M-1-j] = (~plane[j+1] & plane[j]) | (~(plane[j+1] ^ plane[j]) & bin[M-1-j]);
    end
  end

  // ---------------------------------------------------------------- symbols
  logic             a_zero, sign_zero, close;
  logic [N-1:0]     a_code, c1;
  logic [SLEN_W-1:0] a_len, l1;
  logic [ZP_W-1:0]  run;
  logic [ZL-1:0]    zcode;
  logic [3:0]       zlen;
  logic [EM_W-1:0]  em_c1, em;

  ebpc_enc_symbol #(.BLOCK_SIZE(N)) u_sym (
    .x_i   (dbp ^ dp),
    .p_i   (dbp),
    .zero_o(a_zero),
    .code_o(a_code),
    .len_o (a_len)
  );

  // the sign plane repeats the sign bits with the borrow out of the top bit,
  // so its X (sign plane XOR last plane) is the borrow out XOR the borrow in
  assign sign_zero = (bout == bin);
  // Unless both are Z (one run closes the block), the last plane is coded
  // like any other and the sign plane takes a cycle of its own (half_q): the
  // array holds while the borrow and plane registers step, so the same path
  // codes the sign plane.
  assign split  = final_step & ~half_q & ~(a_zero & sign_zero);
  assign close  = final_step & ~split;

  // step: [base][zero-run code][code], each part optional
  always_comb begin
    run = '0;
    c1  = '0;
    l1  = '0;
    if (!a_zero) begin
      run = zp_q;
      c1  = a_code;
      l1  = a_len;
    end else if (close) begin
      // the run closes with this Z plane, and with the Z sign plane
      run = zp_q + (half_q ? ZP_W'(1) : ZP_W'(2));
    end
  end

  ebpc_enc_zrun #(.ZRUN_W(ZRUN_W), .ZL(ZL), .ZP_W(ZP_W)) u_zrun (
    .n_i   (run),
    .code_o(zcode),
    .len_o (zlen)
  );

  // concatenate over the few legal lengths; step 0 has no run: the base
  // takes its place
  assign em_c1 = {c1, {(EM_W - N){1'b0}}};
  assign em    = (first_step ? {base, {(EM_W - N){1'b0}}} : {zcode, {(EM_W - ZL){1'b0}}})
               | (first_step ? em_c1 >> N : (zlen == 4'd2) ? em_c1 >> 2 : (zlen == 4'(ZL)) ? em_c1 >> ZL : em_c1);

  assign em_data_o = coding ? em : '0;
  assign em_len_o  = coding ? (first_step ? EM_LEN_W'(N) : EM_LEN_W'(zlen))
                              + EM_LEN_W'(l1) : '0;
  assign em_last_o = coding ? final_step & clast_a & ~split : 1'b1;

  // ---------------------------------------------------------------- state
  always_comb begin
    r_d     = rem;
    fo_d    = start ? ~fo_q : fo_q;
    clast_d = clast_a | mark;
    wp_d    = wpos + CNT_W'(wr);
    fend_d  = fill_busy | (valid_i & last_i & ready_o & (nz | ~fill_empty));
    flush_d = (flush_q & ~(fire & ~coding)) | (set_flush & valid_i & ready_o);
    half_d  = (split & fire) | (half_q & ~shift);
    bor_d   = bor_q;
    dprev_d = dprev_q;
    zp_d    = zp_q;
    if (step) begin
      bor_d   = bout;
      dprev_d = dbp;
      zp_d    = (close || !a_zero) ? '0 : zp_q + ZP_W'(1);
    end
    if (shift) r_d = rem - CNT_W'(1);
  end

  // cell (i, k): shifted or held, plus the write. A fill word only lands on
  // free cells, which hold zeros (zeros shift in), so the write is ORed in
  // and the hold needs no per-cell write term. Whole-array vector operations
  // (rather than a loop over cells) keep event-driven simulators fast.
  always_comb begin
    for (int i = 0; i < N; i++) begin
      wr_cells[i*N +: N] = {N{wrow[i]}} & wcol;
    end
    arr_mv = ({N*N{~shift}} & arr_q)
           | ({N*N{shu}} & (arr_q >> N))
           | ({N*N{shl}} & (arr_q >> 1) & ~LAST_COL);
    arr_d  = arr_mv | wr_cells;
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      arr_q   <= '0;
      r_q     <= '0;
      wp_q    <= '0;
      fo_q    <= 1'b0;
      fend_q  <= 1'b0;
      clast_q <= 1'b0;
      flush_q <= 1'b0;
      half_q  <= 1'b0;
      bor_q   <= '0;
      dprev_q <= '0;
      zp_q    <= '0;
    end else begin
      arr_q   <= arr_d;
      r_q     <= r_d;
      wp_q    <= wp_d;
      fo_q    <= fo_d;
      fend_q  <= fend_d;
      clast_q <= clast_d;
      flush_q <= flush_d;
      half_q  <= half_d;
      bor_q   <= bor_d;
      dprev_q <= dprev_d;
      zp_q    <= zp_d;
    end
  end

  assign idle_o = (r_q == '0) & (wp_q == '0) & ~fend_q & ~flush_q;

`ifdef EBPC_ASSERT
  logic [N*N-1:0] sel_cells;
  always_comb begin
    for (int i = 0; i < N; i++) begin
      for (int k = 0; k < N; k++) begin
        sel_cells[i*N+k] = crow ? sel[k] : sel[i];
      end
    end
  end
  a_write_free: assert property (@(posedge clk_i) disable iff (!rst_ni)
      (arr_mv & sel_cells) == '0);
  a_half_last: assert property (@(posedge clk_i) disable iff (!rst_ni)
      half_q |-> r_q == CNT_W'(1));
  a_step_range: assert property (@(posedge clk_i) disable iff (!rst_ni)
      r_q <= CNT_W'(N));
  a_run_closed: assert property (@(posedge clk_i) disable iff (!rst_ni)
      (r_q == '0 || r_q == CNT_W'(N)) |-> zp_q == '0);
  a_fill_range: assert property (@(posedge clk_i) disable iff (!rst_ni)
      wp_q >= r_q && wp_q <= CNT_W'(N) && (!fend_q || wp_q != r_q));
`endif

endmodule
