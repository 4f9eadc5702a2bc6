// EBPC decoder: length and meaning of one BPC code at the head of a DATA_W-bit window
// (bits beyond the buffered ones read as zero, so a code cut short always reports a length
// larger than what is buffered). With base_i the window holds a block's base instead.
module ebpc_dec_bpc_code #(
  parameter int DATA_W     = 8,
  parameter int BLOCK_SIZE = 8,
  parameter int M          = BLOCK_SIZE - 1,
  parameter int LEN_W      = $clog2(DATA_W + 1),
  parameter int P_W        = $clog2(2 * DATA_W + 2)
) (
  input  logic [DATA_W-1:0] w_i,
  input  logic              base_i,
  output logic [LEN_W-1:0]  len_o,
  output logic              zero_run_o,    // X all zero for run_o planes
  output logic              plane_zero_o,  // DBP_p = 0
  output logic [M-1:0]      x_o,           // X otherwise
  output logic [P_W-1:0]    run_o,         // planes covered
  output logic              bad_o          // position field out of range
);

  localparam int POS_W  = $clog2(BLOCK_SIZE);
  localparam int ZRUN_W = $clog2(DATA_W);

  logic              is_raw, is_z1, is_zr;
  logic [1:0]        sel;
  logic [POS_W-1:0]  k;
  logic [ZRUN_W-1:0] zrun_field;
  logic [M-1:0]      raw;

  assign is_raw     = w_i[DATA_W-1];
  assign is_z1      = w_i[DATA_W-2];
  assign is_zr      = w_i[DATA_W-3];
  assign sel        = w_i[DATA_W-4-:2];
  assign k          = w_i[DATA_W-6-:POS_W];
  assign zrun_field = w_i[DATA_W-4-:ZRUN_W];
  assign raw        = w_i[DATA_W-2-:M];

  logic [M-1:0] two_ones, one_one;
  logic         short_code, pos_code;

  // Continuous assignments only: the unit sits between other combinational processes and must
  // not produce intermediate values (Icarus propagates them and can loop).
  assign two_ones     = {2'b11, {(M - 2){1'b0}}} >> k;
  assign one_one      = {1'b1, {(M - 1){1'b0}}} >> k;
  assign short_code   = !base_i && !is_raw && !is_z1 && !is_zr;  // 5-bit prefix 000xx
  assign pos_code     = short_code && sel[1];
  assign zero_run_o   = !base_i && !is_raw && (is_z1 || is_zr);
  assign plane_zero_o = short_code && (sel == 2'b01);
  assign x_o          = !short_code ? raw : (sel == 2'b00) ? '1 : sel[0] ? one_one : two_ones;
  assign bad_o        = pos_code && (sel[0] ? 32'(k) > M - 1 : 32'(k) > M - 2);
  assign run_o        = (!base_i && !is_raw && !is_z1 && is_zr) ? P_W'(zrun_field) + P_W'(2)
                                                                 : P_W'(1);
  assign len_o        = base_i     ? LEN_W'(DATA_W) :
                        is_raw     ? LEN_W'(1 + M) :
                        is_z1      ? LEN_W'(2) :
                        is_zr      ? LEN_W'(3 + ZRUN_W) :
                        pos_code   ? LEN_W'(5 + POS_W) : LEN_W'(5);

endmodule
