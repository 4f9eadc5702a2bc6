rtl/ebpc_enc_symbol.sv
rtl/ebpc_enc_znz.sv
rtl/ebpc_enc_packer.sv
rtl/ebpc_enc_fifo.sv
rtl/ebpc_enc_collect.sv
rtl/ebpc_enc_coder.sv
rtl/ebpc_enc_square.sv
rtl/ebpc_encoder.sv
