"""The one exception type for malformed EBPC streams."""
from __future__ import annotations


class MalformedStreamError(ValueError):
    """A ZNZ or BPC stream that cannot be decoded (format spec, "Decoding").

    ``stream`` is ``"ZNZ"`` or ``"BPC"``; ``bit_offset`` is the position in that
    stream's bit string (MSB of its first word = 0) where decoding failed.
    """

    def __init__(self, stream: str, bit_offset: int, reason: str) -> None:
        self.stream = stream
        self.bit_offset = bit_offset
        self.reason = reason
        super().__init__(f"malformed {stream} stream at bit {bit_offset}: {reason}")
