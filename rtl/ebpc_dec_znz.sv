// EBPC decoder, ZNZ side: takes N and the ZNZ stream and presents one ZNZ symbol at a time
// (a non-zero word, or a run of 1..MAX_ZRLE_LEN zero words), flagging the one that ends at
// word N. A malformed ZNZ stream (truncated, a run overshooting N, or the final needed bit not
// in the word flagged last) yields one abort symbol instead; the rest of the stream is then
// dropped up to its last word. The final symbol is taken in the same cycle that the next
// transfer's N and first ZNZ word may be accepted, so transfers follow without a gap.
module ebpc_dec_znz #(
  parameter int DATA_W        = 8,
  parameter int MAX_ZRLE_LEN  = 16,
  parameter int LOG_MAX_WORDS = 24,
  parameter int RUN_W         = $clog2(MAX_ZRLE_LEN)
) (
  input  logic                     clk_i,
  input  logic                     rst_ni,
  input  logic [LOG_MAX_WORDS-1:0] n_words_i,
  input  logic                     n_valid_i,
  output logic                     n_ready_o,
  input  logic [DATA_W-1:0]        znz_data_i,
  input  logic                     znz_last_i,
  input  logic                     znz_valid_i,
  output logic                     znz_ready_o,
  output logic                     sym_valid_o,
  input  logic                     sym_ready_i,
  output logic                     sym_nz_o,     // one non-zero word (else a zero run)
  output logic [RUN_W-1:0]         sym_run_o,    // words the symbol stands for, minus one
  output logic                     sym_final_o,  // its last word is word N
  output logic                     sym_abort_o,  // malformed ZNZ stream: no words
  output logic                     idle_o
);

  localparam int CAP   = DATA_W + RUN_W;
  localparam int CNT_W = $clog2(CAP + 1);
  localparam int LEN_W = $clog2(RUN_W + 2);

  typedef enum logic [1:0] {
    ZNeedN,
    ZRun,
    ZDrain
  } znz_state_e;

  znz_state_e state_d, state_q;
  logic [LOG_MAX_WORDS-1:0] n_left_d, n_left_q;

  logic [RUN_W:0]   win;
  logic [CNT_W-1:0] cnt;
  logic             buf_last, take, flush;
  logic [LEN_W-1:0] len;
  logic [CNT_W:0]   rest;  // bits left after the symbol, negative if it is not all buffered
  logic [RUN_W-1:0] run_len;
  logic [RUN_W:0]   n_low;
  logic [RUN_W+1:0] low_left;  // N left minus the symbol's words, low bits and borrow
  logic             n_high, have, overshoot, final_sym, end_ok, fire;

  ebpc_dec_bitbuf #(
    .W    (DATA_W),
    .CAP  (CAP),
    .WIN_W(RUN_W + 1)
  ) u_buf (
    .clk_i,
    .rst_ni,
    .in_data_i (znz_data_i),
    .in_last_i (znz_last_i),
    .in_valid_i(znz_valid_i),
    .in_ready_o(znz_ready_o),
    .win_o     (win),
    .cnt_o     (cnt),
    .last_o    (buf_last),
    .take_i    (take),
    .rest_i    (rest[CNT_W-1:0]),
    .flush_i   (flush)
  );

  assign sym_nz_o = win[RUN_W];
  assign run_len  = win[RUN_W-1:0];
  // N left compared with the symbol's words on the low bits only: no full-width subtraction.
  assign n_low    = n_left_q[RUN_W:0];
  assign n_high   = n_left_q[LOG_MAX_WORDS-1:RUN_W+1] != '0;

  // The presented symbol does not depend on sym_ready_i (kept apart from the state update so
  // simulators never see the two processes wake each other).
  always_comb begin
    sym_run_o   = sym_nz_o ? '0 : run_len;
    len         = sym_nz_o ? LEN_W'(1) : LEN_W'(RUN_W + 1);
    rest        = {1'b0, cnt} - (CNT_W + 1)'(len);
    have        = !rest[CNT_W];
    low_left    = {1'b0, n_low} - (RUN_W + 2)'(sym_run_o) - (RUN_W + 2)'(1);
    overshoot   = !n_high && low_left[RUN_W+1];
    final_sym   = !n_high && (low_left == '0);
    // The final needed bit must sit in the buffered word that carries last.
    end_ok      = buf_last && (rest[CNT_W-1:0] < CNT_W'(DATA_W));
    sym_valid_o = (state_q == ZRun) && (have || buf_last);
    sym_abort_o = !have || overshoot || (final_sym && !end_ok);
    sym_final_o = final_sym && !sym_abort_o;
  end

  always_comb begin
    fire      = sym_valid_o && sym_ready_i;
    take      = 1'b0;
    flush     = 1'b0;
    n_ready_o = 1'b0;
    state_d   = state_q;
    // A taken symbol's words leave N: low bits from low_left, a gated borrow into the rest.
    n_left_d  = {n_left_q[LOG_MAX_WORDS-1:RUN_W+1]
                   - (LOG_MAX_WORDS - RUN_W - 1)'(fire && low_left[RUN_W+1]),
                 fire ? low_left[RUN_W:0] : n_low};

    case (state_q)
      ZNeedN: n_ready_o = 1'b1;
      ZRun: begin
        if (fire) begin
          take     = have;
          if (sym_abort_o || sym_final_o) begin
            flush = 1'b1;
            if (buf_last) begin
              state_d   = ZNeedN;
              n_ready_o = 1'b1;
            end else begin
              state_d = ZDrain;
            end
          end
        end
      end
      ZDrain: begin
        flush = 1'b1;
        if (buf_last) begin
          state_d   = ZNeedN;
          n_ready_o = 1'b1;
        end
      end
      default: state_d = ZNeedN;
    endcase

    if (n_ready_o && n_valid_i) begin
      state_d  = ZRun;
      n_left_d = n_words_i;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q  <= ZNeedN;
      n_left_q <= '0;
    end else begin
      state_q  <= state_d;
      n_left_q <= n_left_d;
    end
  end

  assign idle_o = (state_q == ZNeedN);

`ifdef EBPC_ASSERT
  a_final_not_abort: assert property (@(posedge clk_i) disable iff (!rst_ni)
    !(sym_final_o && sym_abort_o));
  a_run_nonzero_left: assert property (@(posedge clk_i) disable iff (!rst_ni)
    state_q == ZRun |-> n_left_q != '0);
`endif

endmodule
