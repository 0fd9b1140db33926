"""Hypothesis strategies the topic tests share."""

from hypothesis import strategies as st

from dlkata.autograder.cases import FLOAT_DTYPES

#: The float dtypes every exercise accepts.
float_dtypes = st.sampled_from(FLOAT_DTYPES)

#: A seed for ``np.random.default_rng``.
seeds = st.integers(0, 2**31 - 1)
