"""Number formats: fixed-point protocol, float16 and bfloat16 patterns."""
import numpy as np
import pytest

from ebpc.numformats import FORMATS, quantize_bfloat16, quantize_fixed, quantize_float16


def test_fixed8_scales_largest_magnitude_to_three_quarters():
    # 0.75 * 127 = 95.25: the largest magnitude maps to +-95
    x = np.array([1.0, -0.5, 0.3, -1.0])
    assert quantize_fixed(x, 8).tolist() == [95, 256 - 47, 28, 256 - 95]


def test_fixed_scale_is_taken_over_the_whole_batch():
    x = np.array([[2.0, 0.0], [0.0, -4.0]], dtype=np.float32)
    q = quantize_fixed(x, 8)
    assert q.shape == (2, 2) and q.dtype == np.uint8
    assert q.tolist() == [[47, 0], [0, 256 - 95]]


def test_fixed_truncates_toward_zero():
    # -0.095 -> 0 (floor would give -1 = 255); -47.625 -> -47; 28.575 -> 28
    x = np.array([1.0, -0.001, -0.5, 0.3])
    assert quantize_fixed(x, 8).tolist() == [95, 0, 256 - 47, 28]


@pytest.mark.parametrize(
    ("data_w", "top", "dtype"), [(8, 95, np.uint8), (12, 1535, np.uint16), (16, 24575, np.uint16)]
)
def test_fixed_widths(data_w, top, dtype):
    q = quantize_fixed(np.array([-3.0, 3.0, 0.0]), data_w)
    assert q.dtype == dtype
    assert q.tolist() == [(1 << data_w) - top, top, 0]


def test_fixed16_small_negative():
    # -0.001 * 24575.25 = -24.575 -> -24
    assert quantize_fixed(np.array([1.0, -0.001]), 16).tolist() == [24575, 65536 - 24]


@pytest.mark.parametrize("name", ["fixed8", "fixed12", "fixed16"])
def test_fixed_all_zero_input(name):
    with np.errstate(all="raise"):
        q = FORMATS[name].quantize(np.zeros((3, 4), dtype=np.float32))
    assert q.shape == (3, 4) and not q.any()


def test_fixed_rejects_non_finite_and_odd_widths():
    for bad in (np.nan, np.inf, -np.inf):
        with pytest.raises(ValueError, match="finite"):
            quantize_fixed(np.array([1.0, bad]), 8)
    with pytest.raises(ValueError, match="data_w=24"):
        quantize_fixed(np.array([1.0]), 24)


def test_bfloat16_known_patterns():
    x = np.array([1.0, -2.0, np.pi, 1 / 3, np.inf, 0.0, -0.0], dtype=np.float32)
    # pi = 0x40490FDB rounds down, 1/3 = 0x3EAAAAAB rounds up
    assert quantize_bfloat16(x).tolist() == [0x3F80, 0xC000, 0x4049, 0x3EAB, 0x7F80, 0, 0x8000]


def test_bfloat16_ties_to_even_and_overflow():
    bits = np.array([0x3F808000, 0x3F818000, 0x3F808001, 0x7F7FFFFF], dtype=np.uint32)
    assert quantize_bfloat16(bits.view(np.float32)).tolist() == [0x3F80, 0x3F82, 0x3F81, 0x7F80]


def test_bfloat16_nan_stays_nan():
    bits = np.array([0x7F800001, 0xFFFFFFFF, 0x7FC00000], dtype=np.uint32)
    q = quantize_bfloat16(bits.view(np.float32))
    assert [p & 0x7FC0 for p in q.tolist()] == [0x7FC0] * 3
    assert [p >> 15 for p in q.tolist()] == [0, 1, 0]


def test_bfloat16_matches_torch():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(1)
    x = (rng.standard_normal(10000) * 10.0 ** rng.integers(-30, 30, 10000)).astype(np.float32)
    ref = torch.from_numpy(x).to(torch.bfloat16).view(torch.int16).numpy().view(np.uint16)
    np.testing.assert_array_equal(quantize_bfloat16(x), ref)


def test_float16_known_patterns():
    x = np.array([1.0, -2.0, 65504.0, 1e6, 2.0**-24], dtype=np.float32)
    assert quantize_float16(x).tolist() == [0x3C00, 0xC000, 0x7BFF, 0x7C00, 0x0001]


def test_float16_round_trip_is_lossless():
    patterns = np.arange(1 << 16, dtype=np.uint32).astype(np.uint16)
    values = patterns.view(np.float16)
    q = quantize_float16(values)
    assert q.dtype == np.uint16
    np.testing.assert_array_equal(q, patterns)
    finite = np.isfinite(values)
    np.testing.assert_array_equal(q.view(np.float16)[finite], values[finite])


def test_formats_table():
    assert {n: f.data_w for n, f in FORMATS.items()} == {
        "fixed8": 8, "fixed12": 12, "fixed16": 16, "float16": 16, "bfloat16": 16,
    }
    x = np.random.default_rng(0).standard_normal(1000).astype(np.float32)
    for name, fmt in FORMATS.items():
        q = fmt.quantize(x)
        assert fmt.name == name
        assert q.shape == x.shape and q.dtype.kind == "u"
        assert int(q.max()) < (1 << fmt.data_w)
