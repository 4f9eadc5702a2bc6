rtl/ebpc_params_check.sv
rtl/ebpc_dec_bitbuf.sv
rtl/ebpc_dec_znz.sv
rtl/ebpc_dec_bpc_code.sv
rtl/ebpc_dec_bpc.sv
rtl/ebpc_decoder.sv
