"""Reference models: input transfers -> expected output transactions. Never touches signals."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

import ebpc
from ebpc.params import EbpcParams


@dataclass(frozen=True)
class ExpectedTransfer:
    """What the encoder must emit for one input transfer."""

    index: int
    n_words: int
    znz: tuple[int, ...]
    bpc: tuple[int, ...]
    label: str = ""

    def describe(self) -> str:
        return f"transfer {self.index} [{self.label}]" if self.label else f"transfer {self.index}"


class EncoderModel:
    """Wraps the golden model `ebpc.encode`; numbers transfers in the order they are given."""

    def __init__(self, params: EbpcParams) -> None:
        self.params = params
        self._next = 0

    def transfer(self, words: Sequence[int] | np.ndarray, label: str = "") -> ExpectedTransfer:
        p = self.params
        enc = ebpc.encode(np.asarray(words), p.data_w, p.block_size, p.max_zrle_len)
        exp = ExpectedTransfer(
            index=self._next,
            n_words=enc.n_words,
            znz=tuple(int(w) for w in enc.znz_words),
            bpc=tuple(int(w) for w in enc.bpc_words),
            label=label,
        )
        self._next += 1
        return exp
