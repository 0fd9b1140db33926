"""Recurrent topic: bad input, consistency, finite differences, TensorFlow properties, teaching diagnoses."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlkata.autograder import registry
from dlkata.autograder.compare import compare
from dlkata.autograder.messages import catalogue
from dlkata.solutions import recurrent as rnn

from .helpers import results, wrong_submission
from .strategies import float_dtypes, seeds

F32, F64 = np.float32, np.float64


def _w(rng, d, u, gates, dt=F64, bias_shape=None):
    k = (rng.standard_normal((d, gates * u)) / np.sqrt(d)).astype(dt)
    r = (rng.standard_normal((u, gates * u)) / np.sqrt(u)).astype(dt)
    b = (rng.standard_normal(bias_shape or (gates * u,)) * 0.5).astype(dt)
    return k, r, b


# ---------------------------------------------------------------- bad input


def test_kernel_width_must_match_the_gates():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((2, 3, 4))
    k, r, b = _w(rng, 4, 6, 4)
    with pytest.raises(ValueError, match=r"kernel must have shape .*\(4, 24\).*got \(4, 18\)"):
        rnn.lstm(x, k[:, :18], r, b)
    k3, r3, b3 = _w(rng, 4, 6, 3, bias_shape=(2, 18))
    with pytest.raises(ValueError, match=r"kernel .*\(4, 18\).*got \(4, 24\)"):
        rnn.gru(x, k, r3, b3)
    k1, r1, b1 = _w(rng, 4, 6, 1)
    with pytest.raises(ValueError, match=r"kernel .*\(4, 6\).*got \(4, 12\)"):
        rnn.simple_rnn(x, np.hstack([k1, k1]), r1, b1)
    with pytest.raises(ValueError, match=r"kernel .*\(4, 6\).*got \(5, 6\)"):
        rnn.simple_rnn(x, rng.standard_normal((5, 6)), r1, b1)


def test_recurrent_kernel_and_bias_shapes_are_named():
    rng = np.random.default_rng(1)
    x = rng.standard_normal((2, 3, 4))
    k, r, b = _w(rng, 4, 6, 4)
    with pytest.raises(ValueError, match=r"recurrent_kernel .*\(6, 24\).*got \(6, 20\)"):
        rnn.lstm(x, k, r[:, :20], b)
    with pytest.raises(ValueError, match=r"bias must have shape \(24,\).*got \(20,\)"):
        rnn.lstm_backward(np.zeros((2, 6)), x, k, r, b[:20])
    k3, r3, b3 = _w(rng, 4, 6, 3, bias_shape=(2, 18))
    with pytest.raises(ValueError, match=r"bias must have shape \(18,\).*reset_after=False.*got \(2, 18\)"):
        rnn.gru(x, k3, r3, b3, reset_after=False)
    with pytest.raises(ValueError, match=r"bias must have shape \(2, 18\).*reset_after=True.*got \(18,\)"):
        rnn.gru_step(x[:, 0], np.zeros((2, 6)), k3, r3, b3[0])


def test_ranks_states_dout_and_cell_are_checked():
    rng = np.random.default_rng(2)
    x = rng.standard_normal((2, 3, 4))
    k, r, b = _w(rng, 4, 6, 4)
    with pytest.raises(ValueError, match=r"x must have rank 3 .*\(2, 4\)"):
        rnn.lstm(x[:, 0], k, r, b)
    with pytest.raises(ValueError, match=r"x_t must have rank 2 .*\(2, 3, 4\)"):
        rnn.lstm_step(x, np.zeros((2, 6)), np.zeros((2, 6)), k, r, b)
    with pytest.raises(ValueError, match=r"initial_state must be None or a pair"):
        rnn.lstm(x, k, r, b, initial_state=np.zeros((2, 6)))
    with pytest.raises(ValueError, match=r"initial_state\[1\] \(c0\) must have shape .*\(2, 6\), got \(2, 5\)"):
        rnn.lstm(x, k, r, b, initial_state=(np.zeros((2, 6)), np.zeros((2, 5))))
    with pytest.raises(ValueError, match=r"dout .*\(2, 3, 6\).*return_sequences=True.*got \(2, 6\)"):
        rnn.lstm_backward(np.zeros((2, 6)), x, k, r, b, return_sequences=True)
    k1, r1, b1 = _w(rng, 4, 6, 1)
    with pytest.raises(ValueError, match=r"h_prev must have shape .*\(2, 6\), got \(3, 6\)"):
        rnn.simple_rnn_step(x[:, 0], np.zeros((3, 6)), k1, r1, b1)
    with pytest.raises(ValueError, match="cell must be"):
        rnn.gradient_norms_through_time(x, k, r, b, cell="gru")
    with pytest.raises(ValueError, match="x must be a float32 or float64"):
        rnn.simple_rnn(x.astype(np.int64), k1, r1, b1)


def test_inputs_are_not_modified():
    rng = np.random.default_rng(3)
    x = rng.standard_normal((2, 4, 3)).astype(F32)
    k, r, b = _w(rng, 3, 5, 4, F32)
    h0, c0 = rng.standard_normal((2, 5)).astype(F32), rng.standard_normal((2, 5)).astype(F32)
    dout = rng.standard_normal((2, 4, 5)).astype(F32)
    before = [a.copy() for a in (x, k, r, b, h0, c0, dout)]
    rnn.lstm(x, k, r, b, initial_state=(h0, c0), return_sequences=True, return_state=True)
    rnn.lstm_backward(dout, x, k, r, b, initial_state=(h0, c0), return_sequences=True)
    rnn.lstm_step(x[:, 0], h0, c0, k, r, b)
    rnn.gradient_norms_through_time(x, k, r, b, cell="lstm")
    for a, a0 in zip((x, k, r, b, h0, c0, dout), before):
        np.testing.assert_array_equal(a, a0)


# ---------------------------------------------------------------- consistency, in NumPy only


@pytest.mark.parametrize("dt", [F32, F64])
def test_lstm_step_gates_and_sequence_agree(dt):
    rng = np.random.default_rng(4)
    x = rng.standard_normal((3, 5, 4)).astype(dt)
    k, r, b = _w(rng, 4, 6, 4, dt)
    h, c = rng.standard_normal((3, 6)).astype(dt), rng.standard_normal((3, 6)).astype(dt)
    seq, h_t, c_t = rnn.lstm(x, k, r, b, initial_state=(h, c), return_sequences=True, return_state=True)
    for t in range(5):
        i, f, g, o = rnn.lstm_gates(x[:, t], h, c, k, r, b)
        c_expected = f * c + i * g
        h, c = rnn.lstm_step(x[:, t], h, c, k, r, b)
        tol = 50 * np.finfo(dt).eps
        np.testing.assert_allclose(c, c_expected, rtol=tol, atol=tol)
        np.testing.assert_allclose(h, o * np.tanh(c), rtol=tol, atol=tol)
        np.testing.assert_allclose(seq[:, t], h, rtol=tol, atol=tol)
    np.testing.assert_array_equal(seq[:, -1], h_t)
    assert h_t.dtype == c_t.dtype == dt


@pytest.mark.parametrize("reset_after", [True, False])
def test_gru_sequence_is_the_step_repeated(reset_after):
    rng = np.random.default_rng(5)
    x = rng.standard_normal((2, 4, 3))
    k, r, b = _w(rng, 3, 5, 3, bias_shape=(2, 15) if reset_after else (15,))
    h = rng.standard_normal((2, 5))
    out, h_last = rnn.gru(x, k, r, b, initial_state=h, reset_after=reset_after, return_sequences=True,
                          return_state=True)
    for t in range(4):
        h = rnn.gru_step(x[:, t], h, k, r, b, reset_after=reset_after)
        np.testing.assert_allclose(out[:, t], h, rtol=1e-13, atol=1e-13)
    np.testing.assert_array_equal(out[:, -1], h_last)


def _finite_difference(f, w, eps=1e-6):
    g = np.zeros_like(w)
    for idx in np.ndindex(w.shape):
        old = w[idx]
        w[idx] = old + eps
        up = f()
        w[idx] = old - eps
        down = f()
        w[idx] = old
        g[idx] = (up - down) / (2 * eps)
    return g


@pytest.mark.parametrize("kind", ["simple_rnn", "lstm"])
@pytest.mark.parametrize("return_sequences", [False, True])
def test_backward_matches_finite_differences(kind, return_sequences):
    rng = np.random.default_rng(6)
    gates = 4 if kind == "lstm" else 1
    x = rng.standard_normal((2, 4, 3))
    k, r, b = _w(rng, 3, 3, gates)
    h0 = rng.standard_normal((2, 3)) * 0.5
    init = (h0, rng.standard_normal((2, 3))) if kind == "lstm" else h0
    dout = rng.standard_normal((2, 4, 3) if return_sequences else (2, 3))
    forward, backward = getattr(rnn, kind), getattr(rnn, kind + "_backward")

    def loss():
        return float(np.sum(forward(x, k, r, b, initial_state=init, return_sequences=return_sequences) * dout))

    got = backward(dout, x, k, r, b, initial_state=init, return_sequences=return_sequences)
    for g, w in zip(got, (x, k, r, b)):
        np.testing.assert_allclose(g, _finite_difference(loss, w), rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("cell", ["simple_rnn", "lstm"])
def test_gradient_norms_are_jacobian_norms(cell):
    """The definition in the docstring, checked by finite differences of h_T with respect to h_t."""
    rng = np.random.default_rng(7)
    batch, time, units = 2, 5, 3
    gates = 4 if cell == "lstm" else 1
    x = rng.standard_normal((batch, time, 4))
    k, r, b = _w(rng, 4, units, gates)
    norms = rnn.gradient_norms_through_time(x, k, r, b, cell=cell)
    assert norms.shape == (batch, time) and norms.dtype == F64
    np.testing.assert_allclose(norms[:, -1], np.sqrt(units), rtol=1e-12)
    forward = getattr(rnn, cell)
    for t in range(time - 1):
        state = forward(x[:, :t + 1], k, r, b, return_state=True)[1:]  # (h_t,) or (h_t, c_t)
        rest = x[:, t + 1:]
        for s in range(batch):
            h_t = state[0][s:s + 1].copy()
            jac = np.zeros((units, units))
            for j in range(units):
                def h_last(sign, j=j):
                    h = h_t.copy()
                    h[0, j] += sign * 1e-6
                    init = (h, state[1][s:s + 1]) if cell == "lstm" else h
                    return forward(rest[s:s + 1], k, r, b, initial_state=init)[0]
                jac[:, j] = (h_last(1) - h_last(-1)) / 2e-6
            np.testing.assert_allclose(norms[s, t], np.linalg.norm(jac), rtol=1e-6)


def _keras_default_weights(rng, d, u, gates, forget_bias=False):
    limit = np.sqrt(6 / (d + gates * u))
    kernel = rng.uniform(-limit, limit, (d, gates * u))
    q, _ = np.linalg.qr(rng.standard_normal((gates * u, gates * u)))
    bias = np.zeros(gates * u)
    if forget_bias:
        bias[u:2 * u] = 1.0
    return kernel, q[:u], bias


def test_simple_rnn_gradient_vanishes_faster_than_lstm():
    """What the exercise is for: after 40 steps SimpleRNN's d h_T / d h_0 is far smaller than LSTM's."""
    rng = np.random.default_rng(8)
    x = rng.standard_normal((4, 40, 8))
    simple = rnn.gradient_norms_through_time(x, *_keras_default_weights(rng, 8, 16, 1))
    lstm = rnn.gradient_norms_through_time(x, *_keras_default_weights(rng, 8, 16, 4, True), cell="lstm")
    assert np.all(np.diff(np.log(simple.mean(axis=0)))[-30:] > 0)  # shrinks steadily toward t = 0
    assert lstm[:, 0].mean() > 10 * simple[:, 0].mean()


# ---------------------------------------------------------------- properties against TensorFlow


def _oracle(name, *args, **kwargs):
    from dlkata.autograder.tfbridge import to_numpy

    return to_numpy(registry.get(f"recurrent.{name}").oracle(*args, **kwargs))


@settings(max_examples=12, deadline=None)
@given(st.sampled_from(["simple_rnn", "lstm", "gru"]), float_dtypes, st.integers(1, 3),
       st.integers(1, 6), st.integers(1, 5), st.integers(1, 6), st.booleans(), st.booleans(), st.booleans(),
       seeds)
def test_layers_match_keras(kind, dt, batch, time, features, units, seqs, state, reset_after, seed):
    rng = np.random.default_rng(seed)
    gates = {"simple_rnn": 1, "lstm": 4, "gru": 3}[kind]
    x = rng.standard_normal((batch, time, features)).astype(dt)
    bias_shape = (2, 3 * units) if kind == "gru" and reset_after else None
    w = _w(rng, features, units, gates, dt, bias_shape)
    kw = {"return_sequences": seqs, "return_state": state}
    if kind == "gru":
        kw["reset_after"] = reset_after
    got = getattr(rnn, kind)(x, *w, **kw)
    v = compare(got, _oracle(kind, x, *w, **kw), terms=time * (features + gates * units))
    assert v.passed, v


@settings(max_examples=8, deadline=None)
@given(st.sampled_from(["simple_rnn", "lstm"]), float_dtypes, st.integers(1, 3), st.integers(1, 6),
       st.booleans(), seeds)
def test_backward_matches_gradient_tape(kind, dt, batch, time, seqs, seed):
    rng = np.random.default_rng(seed)
    gates = 4 if kind == "lstm" else 1
    x = rng.standard_normal((batch, time, 3)).astype(dt)
    w = _w(rng, 3, 4, gates, dt)
    dout = rng.standard_normal((batch, time, 4) if seqs else (batch, 4)).astype(dt)
    name = kind + "_backward"
    got = getattr(rnn, name)(dout, x, *w, return_sequences=seqs)
    v = compare(got, _oracle(name, dout, x, *w, return_sequences=seqs), terms=time * (batch + 3 + gates * 4))
    assert v.passed, v


# ---------------------------------------------------------------- teaching diagnoses


def _failures(directory, names):
    """Every failing case's report, per exercise."""
    out = {}
    for result in results([f"recurrent.{n}" for n in names], directory):
        assert not result.passed, result.exercise.id
        out[result.exercise.name] = [c.message for c in result.failures]
    return out


def _said(text, key):
    """Whether the message ``key`` appears (its English text up to the first field)."""
    return catalogue()[key]["en"].split("{")[0] in text


@pytest.mark.slow
def test_typical_slips_are_diagnosed(tmp_path):
    directory = wrong_submission(tmp_path, "recurrent", [
        # simple_rnn ignores initial_state and return_sequences
        ("    hs = _simple_rnn_scan(_input_projection(x, kernel, bias), recurrent_kernel, h0)\n"
         "    out = _sequence_output(hs, return_sequences)",
         "    hs = _simple_rnn_scan(_input_projection(x, kernel, bias), recurrent_kernel, np.zeros_like(h0))\n"
         "    out = _sequence_output(hs, False)"),
        # lstm_gates reads the blocks as [f, i, c, o]
        ("for k in range(4))", "for k in (1, 0, 2, 3))"),
        # lstm returns (output, c_T, h_T)
        ("(out, hs[-1].copy(), cs[-1].copy())", "(out, cs[-1].copy(), hs[-1].copy())"),
        # GRU keeps the old state with (1 - z)
        ("r * hr[:, 2 * U:])\n        h = z * h + (1 - z) * n", "r * hr[:, 2 * U:])\n        h = (1 - z) * h + z * n"),
        # SimpleRNN backprop that never carries the gradient to the previous step
        ("        carry = dz[t] @ recurrent_kernel_t", "        carry = 0 * (dz[t] @ recurrent_kernel_t)"),
        # LSTM backprop without the carry track
        ("        carry_c = dc * f\n", "        carry_c = 0 * dc\n"),
    ])
    reports = _failures(directory, ["simple_rnn", "lstm_gates", "lstm", "gru", "simple_rnn_backward",
                                    "lstm_backward"])
    for text in reports["simple_rnn_backward"]:
        assert _said(text, "diag_bptt_truncated"), text
    for text in reports["lstm_backward"]:
        assert _said(text, "diag_bptt_no_carry"), text
    simple = "\n".join(reports["simple_rnn"])
    assert _said(simple, "diag_initial_state_ignored") and _said(simple, "diag_return_sequences"), simple
    for text in reports["lstm_gates"]:
        assert _said(text, "diag_gate_order") and "[f, i, c, o]" in text, text
    for text in reports["lstm"]:  # only the return_state cases fail
        assert "return_state=True" in text and _said(text, "diag_state_order"), text
    for text in reports["gru"]:  # only the reset_after=True cases fail
        assert "reset_after=True" in text and _said(text, "diag_gru_update_swapped"), text


@pytest.mark.slow
def test_gate_order_and_reset_formula_are_diagnosed(tmp_path):
    directory = wrong_submission(tmp_path, "recurrent", [
        # the LSTM kernel read as [i, f, o, c]: candidate from block 3, output gate from block 2
        ("    scale[2 * U:3 * U] = 1\n", "    scale[3 * U:] = 1\n"),
        ("        i, f, g, o = a[:, :U], a[:, U:2 * U], a[:, 2 * U:3 * U], a[:, 3 * U:]\n        c = f * c + i * g",
         "        i, f, o, g = a[:, :U], a[:, U:2 * U], a[:, 2 * U:3 * U], a[:, 3 * U:]\n        c = f * c + i * g"),
        # GRU with reset_after=False computed with the reset-after formula
        ("    xw = _input_projection(x, kernel, bias)\n    return _gru_scan_reset_before(",
         "    xw = _input_projection(x, kernel, bias)\n"
         "    return _gru_scan_reset_after(xw, recurrent_kernel, np.zeros_like(bias), h0)\n"
         "    return _gru_scan_reset_before("),
        # simple_rnn_backward with return_sequences=True uses dout[:, -1] only
        ("_simple_rnn_bptt(_upstream(dout, x.shape[1], return_sequences), hs,",
         "_simple_rnn_bptt(_upstream(dout[:, -1] if return_sequences else dout, x.shape[1], False), hs,"),
    ])
    reports = _failures(directory, ["lstm", "gru_step", "simple_rnn_backward"])
    for text in reports["simple_rnn_backward"]:  # only the return_sequences=True cases fail
        assert "return_sequences=True" in text and _said(text, "diag_bptt_last_only"), text
    for text in reports["lstm"]:
        assert _said(text, "diag_gate_order") and "[i, f, o, c]" in text, text
    for text in reports["gru_step"]:  # only the reset_after=False cases fail
        assert _said(text, "diag_gru_reset_after") and "reset_after=False" in text, text
