// Stops elaboration of either core on an illegal parameter set (hardware.md "Parameters"),
// naming the parameter. Both top modules instantiate it; it holds no logic.
module ebpc_params_check #(
  parameter int DATA_W        = 8,
  parameter int BLOCK_SIZE    = 8,
  parameter int MAX_ZRLE_LEN  = 16,
  parameter int LOG_MAX_WORDS = 24
) ();

  initial begin
    if (DATA_W != 8 && DATA_W != 16)
      $fatal(1, "%m: illegal DATA_W=%0d (allowed 8, 16)", DATA_W);
    if ((BLOCK_SIZE != 8 && BLOCK_SIZE != 16) || BLOCK_SIZE > DATA_W)
      $fatal(1, "%m: illegal BLOCK_SIZE=%0d (8 or 16, <= DATA_W)", BLOCK_SIZE);
    if (MAX_ZRLE_LEN != 8 && MAX_ZRLE_LEN != 16 && MAX_ZRLE_LEN != 32)
      $fatal(1, "%m: illegal MAX_ZRLE_LEN=%0d (allowed 8, 16, 32)", MAX_ZRLE_LEN);
    if (LOG_MAX_WORDS < 8 || LOG_MAX_WORDS > 32)
      $fatal(1, "%m: illegal LOG_MAX_WORDS=%0d (allowed 8..32)", LOG_MAX_WORDS);
  end

endmodule
