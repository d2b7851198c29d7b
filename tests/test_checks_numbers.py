"""as_float_array refuses text and true/false at the root (a property over what numpy would take)."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pfsim._checks import as_float_array

_not_numbers = st.one_of(
    st.booleans(),
    st.text(alphabet="0123456789.-e", min_size=1, max_size=6),
    st.lists(st.booleans(), min_size=1, max_size=4),
    st.lists(st.one_of(st.floats(-1e3, 1e3), st.text("0123456789", min_size=1, max_size=3)),
             min_size=2, max_size=4).filter(lambda v: any(isinstance(x, str) for x in v)),
)  # fmt: skip


@given(_not_numbers)
def test_text_and_bools_are_refused_naming_the_argument(value):
    with pytest.raises(ValueError, match=r"^speed_m_s must be a number or an array of numbers"):
        as_float_array(value, "speed_m_s")


@given(st.one_of(st.floats(-1e6, 1e6), st.integers(-10**6, 10**6),
                 st.lists(st.floats(-1e6, 1e6), max_size=5)))  # fmt: skip
def test_numbers_still_pass(value):
    np.testing.assert_array_equal(as_float_array(value, "x"), np.asarray(value, dtype=float))


def test_numpy_number_types_pass():
    for v in (np.float32(1.5), np.int64(3), np.array([1, 2], dtype=np.int8), np.uint8(7)):
        assert as_float_array(v, "x").dtype == np.float64
