// EBPC encoder: classify one bit-plane symbol (X, P) and build its code
// (spec: ebpc-format.md, BPC stream step 3). Purely combinational.
module ebpc_enc_symbol #(
  parameter int BLOCK_SIZE = 8,
  // derived, not to be overridden (Icarus 11 has no localparam in port lists)
  parameter int M          = BLOCK_SIZE - 1,
  parameter int POS_W      = $clog2(BLOCK_SIZE),
  parameter int LEN_W      = $clog2(BLOCK_SIZE + 1)
) (
  input  logic [M-1:0]          x_i,     // X plane, bit M-1 is index k = 0
  input  logic [M-1:0]          p_i,     // P plane (DBP_p)
  output logic                  zero_o,  // Z symbol: X all zeros, no code here
  output logic [BLOCK_SIZE-1:0] code_o,  // code, MSB first, zero filled
  output logic [LEN_W-1:0]      len_o
);

  logic [M-1:0]     top;     // first (MSB-side) bit of every run of ones in X
  logic [M-1:0]     pair;    // a one whose MSB-side neighbour is a one too
  logic             multi;   // X has more than one run of ones
  logic [POS_W-1:0] k;       // index of the first run, counted from the MSB

  function automatic logic more_than_one(input logic [M-1:0] v);
    logic seen;
    seen          = 1'b0;
    more_than_one = 1'b0;
    for (int j = 0; j < M; j++) begin
      more_than_one = more_than_one | (seen & v[j]);
      seen          = seen | v[j];
    end
  endfunction

  // index from the MSB of the set bit of a one-hot vector
  function automatic logic [POS_W-1:0] msb_index(input logic [M-1:0] v);
    msb_index = '0;
    for (int j = 0; j < M; j++) begin
      if (v[j]) msb_index = msb_index | POS_W'(M - 1 - j);
    end
  endfunction

  assign top   = x_i & ~(x_i >> 1);
  assign pair  = x_i & (x_i >> 1);
  assign multi = more_than_one(top);
  assign k     = msb_index(top);

  typedef enum logic [2:0] {
    KindAllOnes, KindPlaneZero, KindOneOne, KindTwoOnes, KindRaw
  } kind_e;

  kind_e kind;

  // one run of ones: one-one without a pair, two-ones without three in a row
  assign kind = (&x_i)                              ? KindAllOnes   :
                (~|p_i)                             ? KindPlaneZero :
                (!multi && ~|pair)                  ? KindOneOne    :
                (!multi && ~|(pair & (pair >> 1)))  ? KindTwoOnes   : KindRaw;

  assign zero_o = ~|x_i;

  always_comb begin
    case (kind)
      KindAllOnes: begin
        code_o = '0;
        len_o  = LEN_W'(5);
      end
      KindPlaneZero: begin
        code_o = BLOCK_SIZE'(5'b00001) << (BLOCK_SIZE - 5);
        len_o  = LEN_W'(5);
      end
      KindOneOne: begin
        code_o = BLOCK_SIZE'({5'b00011, k}) << (BLOCK_SIZE - 5 - POS_W);
        len_o  = LEN_W'(5 + POS_W);
      end
      KindTwoOnes: begin
        code_o = BLOCK_SIZE'({5'b00010, k}) << (BLOCK_SIZE - 5 - POS_W);
        len_o  = LEN_W'(5 + POS_W);
      end
      default: begin
        code_o = {1'b1, x_i};
        len_o  = LEN_W'(BLOCK_SIZE);
      end
    endcase
  end

endmodule
