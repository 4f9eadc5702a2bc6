// EBPC encoder: block coder. Codes the DATA_W+1 delta bit-plane symbols of a
// block two per step, LSB plane first, merging Z symbols into zero runs
// (spec: ebpc-format.md, BPC stream steps 2-5). The first step also carries
// the base, the last one closes any open zero run. One step emits
// [base][zero-run code][code][code], each part optional.
// Early finish: the plane shift register replicates the sign plane as it
// shifts, so "every X plane after this step's pair is zero" is one compare of
// the remaining slots. Then the rest of the block is one zero run merged with
// this step's Z symbol(s), and the block ends in this step: the run goes in
// front (both symbols Z) or in the second code slot (one symbol Z). Only a
// step with two non-Z symbols leaves the run to the next step. Small deltas
// (sign-extension upper planes) thus take fewer than (DATA_W+2)/2 steps.
module ebpc_enc_coder #(
  parameter int DATA_W     = 8,
  parameter int BLOCK_SIZE = 8,
  // derived, not to be overridden (Icarus 11 has no localparam in port lists)
  parameter int M          = BLOCK_SIZE - 1,
  parameter int P          = DATA_W + 1,
  parameter int STEPS      = (P + 1) / 2,
  parameter int STEP_W     = $clog2(STEPS),
  parameter int ZRUN_W     = $clog2(DATA_W),
  parameter int ZL         = 3 + ZRUN_W,          // long zero-run code
  parameter int POS_W      = $clog2(BLOCK_SIZE),
  parameter int ZP_W       = $clog2(P + 1),
  parameter int SLEN_W     = $clog2(BLOCK_SIZE + 1),
  // step 0 may carry base + "01" + code + closing zero run
  parameter int EM_W       = DATA_W + BLOCK_SIZE + ((ZL + 2 > BLOCK_SIZE) ? ZL + 2 : BLOCK_SIZE),
  parameter int EM_LEN_W   = $clog2(EM_W + 1)
) (
  input  logic                clk_i,
  input  logic                rst_ni,
  input  logic                tok_valid_i,
  output logic                tok_ready_o,
  input  logic [DATA_W-1:0]   tok_base_i,
  input  logic [P*M-1:0]      tok_planes_i,
  input  logic                tok_last_i,
  input  logic                tok_flush_i,  // no block: end the transfer
  output logic                em_valid_o,
  output logic [EM_W-1:0]     em_data_o,   // MSB first, zero filled
  output logic [EM_LEN_W-1:0] em_len_o,
  output logic                em_last_o,
  input  logic                em_ready_i,
  output logic                idle_o
);

  // plane slot 0 holds the plane below the step's first symbol (0 for DBP_-1)
  logic [(P+1)*M-1:0] planes_d, planes_q;
  logic [DATA_W-1:0]  base_d, base_q;
  logic [STEP_W-1:0]  step_d, step_q;
  logic [ZP_W-1:0]    zp_d, zp_q, zp_nx, run;   // open zero run, run closed this step
  logic               busy_d, busy_q, last_d, last_q, empty_d, empty_q;
  logic               fire, final_step, fin, rest_zero, done_blk, mark_last;
  logic [ZP_W-1:0]    rem, t_run;               // symbols left from a; closing run
  logic [M-1:0]       rest_diff;

  logic                  a_zero, b_zero;
  logic [BLOCK_SIZE-1:0] a_code, b_code, c1, c2;
  logic [SLEN_W-1:0]     a_len, b_len, l1, l2;
  logic [ZL-1:0]         zcode, tcode;
  logic [3:0]            zlen, tlen;
  logic [EM_W-1:0]       em_c2, em_c1, em_run, em_base, em;

  ebpc_enc_symbol #(.BLOCK_SIZE(BLOCK_SIZE)) u_sym_a (
    .x_i   (planes_q[M +: M] ^ planes_q[0 +: M]),
    .p_i   (planes_q[M +: M]),
    .zero_o(a_zero),
    .code_o(a_code),
    .len_o (a_len)
  );

  ebpc_enc_symbol #(.BLOCK_SIZE(BLOCK_SIZE)) u_sym_b (
    .x_i   (planes_q[2*M +: M] ^ planes_q[M +: M]),
    .p_i   (planes_q[2*M +: M]),
    .zero_o(b_zero),
    .code_o(b_code),
    .len_o (b_len)
  );

  ebpc_enc_zrun #(.ZRUN_W(ZRUN_W), .ZL(ZL), .ZP_W(ZP_W)) u_zrun_t (
    .n_i   (t_run),
    .code_o(tcode),
    .len_o (tlen)
  );

  ebpc_enc_zrun #(.ZRUN_W(ZRUN_W), .ZL(ZL), .ZP_W(ZP_W)) u_zrun (
    .n_i   (run),
    .code_o(zcode),
    .len_o (zlen)
  );

  // slots 2..P hold the planes after this step's pair (replicated sign plane
  // beyond the last one): their X are all zero iff the slots are all equal
  function automatic logic [M-1:0] slots_diff(input logic [(P+1)*M-1:0] v);
    slots_diff = '0;
    for (int k = 3; k <= P; k++) begin
      slots_diff = slots_diff | (v[k*M +: M] ^ v[(k-1)*M +: M]);
    end
  endfunction

  assign rest_diff = slots_diff(planes_q);
  assign rest_zero = ~|rest_diff;
  assign rem       = ZP_W'(P) - ZP_W'({step_q, 1'b0});
  // the closing run after one non-Z symbol: b and the rest, or only the rest
  assign t_run     = rem - (a_zero ? ZP_W'(2) : ZP_W'(1));

  // in the last step b is a replica, so Z, and rest_zero holds: fin is set.
  // A case, not an if-chain: Icarus 11 can hang at time 0 on an if-chain of X.
  always_comb begin
    c1    = '0;
    l1    = '0;
    c2    = '0;
    l2    = '0;
    run   = '0;
    fin   = 1'b0;
    zp_nx = '0;
    case ({a_zero, b_zero, rest_zero})
      3'b000, 3'b001: begin  // two codes, the run (if any) continues
        run = zp_q;
        c1  = a_code;
        l1  = a_len;
        c2  = b_code;
        l2  = b_len;
      end
      3'b010: begin          // code, then b opens a run
        run   = zp_q;
        c1    = a_code;
        l1    = a_len;
        zp_nx = ZP_W'(1);
      end
      3'b011, 3'b101: begin  // code, then the closing run of b (if Z) and the rest
        run = a_zero ? zp_q + ZP_W'(1) : zp_q;
        c1  = a_zero ? b_code : a_code;
        l1  = a_zero ? b_len : a_len;
        c2  = {tcode, {(BLOCK_SIZE - ZL){1'b0}}};
        l2  = SLEN_W'(tlen);
        fin = 1'b1;
      end
      3'b100: begin          // a closes the run, b has a code
        run = zp_q + ZP_W'(1);
        c1  = b_code;
        l1  = b_len;
      end
      3'b111: begin          // everything left is one run
        run = zp_q + rem;
        fin = 1'b1;
      end
      default: begin         // 3'b110: the run grows by two
        zp_nx = zp_q + ZP_W'(2);
      end
    endcase
  end

  // concatenate right to left: each part shifts the tail behind it; the shifts
  // only take the few legal code lengths (an absent part has no tail)
  assign em_c2   = {c2, {(EM_W - BLOCK_SIZE){1'b0}}};
  assign em_c1   = {c1, {(EM_W - BLOCK_SIZE){1'b0}}}
                 | ((l1 == SLEN_W'(5))         ? em_c2 >> 5 :
                    (l1 == SLEN_W'(5 + POS_W)) ? em_c2 >> (5 + POS_W) : em_c2 >> BLOCK_SIZE);
  assign em_run  = {zcode, {(EM_W - ZL){1'b0}}}
                 | ((zlen == 4'd2) ? em_c1 >> 2 : (zlen == 4'(ZL)) ? em_c1 >> ZL : em_c1);
  assign em_base = {base_q, {(EM_W - DATA_W){1'b0}}} | (em_run >> DATA_W);
  assign em      = (step_q == '0) ? em_base : em_run;

  assign final_step  = empty_q | fin;
  assign fire        = busy_q & em_ready_i;
  assign em_valid_o  = busy_q;
  assign em_last_o   = last_q & final_step;
  assign em_data_o   = empty_q ? '0 : em;
  assign em_len_o    = empty_q ? '0 : EM_LEN_W'(zlen) + EM_LEN_W'(l1) + EM_LEN_W'(l2)
                                      + ((step_q == '0) ? EM_LEN_W'(DATA_W) : '0);
  // A flush marks the block in progress as the transfer's last, or, with no
  // such block, becomes an empty step that ends the BPC stream on its own.
  assign done_blk    = fire & final_step;
  assign mark_last   = tok_flush_i & busy_q & ~empty_q & ~last_q & ~done_blk;
  assign tok_ready_o = ~busy_q | done_blk | mark_last;

  always_comb begin
    busy_d   = busy_q & ~done_blk;
    planes_d = planes_q;
    base_d   = base_q;
    step_d   = step_q;
    zp_d     = zp_q;
    last_d   = last_q;
    empty_d  = empty_q;
    if (fire) begin
      planes_d = {planes_q[P*M +: M], planes_q[P*M +: M], planes_q[(P+1)*M-1 -: (P-1)*M]};
      step_d   = step_q + STEP_W'(1);
      zp_d     = final_step ? '0 : zp_nx;
    end
    if (tok_valid_i && mark_last) begin
      last_d = 1'b1;
    end else if (tok_valid_i && tok_ready_o) begin
      busy_d   = 1'b1;
      planes_d = {tok_planes_i, {M{1'b0}}};
      base_d   = tok_base_i;
      step_d   = '0;
      last_d   = tok_last_i;
      empty_d  = tok_flush_i;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      planes_q <= '0;
      base_q   <= '0;
      step_q   <= '0;
      zp_q     <= '0;
      busy_q   <= 1'b0;
      last_q   <= 1'b0;
      empty_q  <= 1'b0;
    end else begin
      planes_q <= planes_d;
      base_q   <= base_d;
      step_q   <= step_d;
      zp_q     <= zp_d;
      busy_q   <= busy_d;
      last_q   <= last_d;
      empty_q  <= empty_d;
    end
  end

  assign idle_o = ~busy_q;

`ifdef EBPC_ASSERT
  a_step_range: assert property (@(posedge clk_i) disable iff (!rst_ni)
      busy_q |-> step_q < STEP_W'(STEPS));
  a_run_closed: assert property (@(posedge clk_i) disable iff (!rst_ni)
      busy_q && step_q == '0 |-> zp_q == '0);
`endif

endmodule
