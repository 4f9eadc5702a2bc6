// EBPC encoder: the code of n merged Z symbols (a zero run, ebpc-format.md BPC stream), MSB
// first, and its length; none (length 0) for n = 0.
module ebpc_enc_zrun #(
  parameter int ZRUN_W = 3,           // bits of the long code's run field
  parameter int ZL     = 3 + ZRUN_W,  // long code
  parameter int ZP_W   = 4            // bits of n
) (
  input  logic [ZP_W-1:0] n_i,
  output logic [ZL-1:0]   code_o,
  output logic [3:0]      len_o
);

  assign code_o = (n_i == ZP_W'(1)) ? ZL'(2'b01) << (ZL - 2) :
                  (n_i == '0)       ? '0 : {3'b001, ZRUN_W'(n_i - ZP_W'(2))};
  assign len_o  = (n_i == ZP_W'(1)) ? 4'd2 : (n_i == '0) ? 4'd0 : 4'(ZL);

endmodule
