"""EBPC golden model: bit-exact encoder/decoder per shared/spec/ebpc-format.md."""
from .codec import Encoded, EncodedSize, encode, encoded_size
from .decoder import decode
from .errors import MalformedStreamError
from .params import EbpcParams
from .stats import SymbolStats, symbol_stats
from .vectors import VectorCase, load_vectors

__all__ = [
    "EbpcParams",
    "Encoded",
    "EncodedSize",
    "MalformedStreamError",
    "SymbolStats",
    "VectorCase",
    "decode",
    "encode",
    "encoded_size",
    "load_vectors",
    "symbol_stats",
]
