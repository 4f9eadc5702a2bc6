"""cocotb verification library for the EBPC cores: drivers, monitors, checkers, models, scoreboards."""
