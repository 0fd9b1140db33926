"""Recurrent layers: SimpleRNN, LSTM and GRU, forward and backprop through time.

Course notes, RNN: a recurrent layer visits the elements of a sequence one
after the other, keeping a state that starts at zeros (첫 타임스텝: 0벡터로
초기화) and is updated from the current input and the previous state. The
output is the last state ``(batch, units)``, or every step's state
``(batch, time, units)`` with ``return_sequences=True``. SimpleRNN suffers
from the vanishing gradient (그래디언트 소실); LSTM's carry track ``c`` and
GRU's update gate keep old signals alive.

Weights are laid out as in Keras (``layer.get_weights()``):

- SimpleRNN: ``kernel (D, U)``, ``recurrent_kernel (U, U)``, ``bias (U,)``;
- LSTM: ``kernel (D, 4U)``, ``recurrent_kernel (U, 4U)``, ``bias (4U,)``,
  blocks in the order ``[i, f, c, o]`` (input, forget, cell candidate, output);
- GRU: ``kernel (D, 3U)``, ``recurrent_kernel (U, 3U)``, blocks ``[z, r, h]``
  (update, reset, candidate); ``bias (2, 3U)`` (row 0 input bias, row 1
  recurrent bias) when ``reset_after=True``, ``(3U,)`` when ``reset_after=False``.

Inputs ``x`` are ``(batch, time, features)``; every result has the dtype of
the inputs (float32 or float64). ``initial_state`` is ``h0`` for SimpleRNN
and GRU and the pair ``(h0, c0)`` for LSTM; zeros when ``None``.
"""

import numpy as np

from ._validate import as_float_array, require_ndim, require_recurrent_weights, require_state, result_dtype

# ---------------------------------------------------------------------------
# Argument checks (given): they cast every array to one float dtype and
# refuse wrong shapes with a ValueError naming the argument.
# ---------------------------------------------------------------------------


def _weights(x, kernel, recurrent_kernel, bias, gates, layer, bias_rows=0, x_rank=3):
    """Float arrays in one dtype, shapes checked; returns ``(x, kernel, recurrent_kernel, bias, units)``."""
    name, layout = ("x", "(batch, time, features)") if x_rank == 3 else ("x_t", "(batch, features)")
    x = as_float_array(x, name)
    require_ndim(x, x_rank, name, layout)
    kernel = as_float_array(kernel, "kernel")
    recurrent_kernel = as_float_array(recurrent_kernel, "recurrent_kernel")
    bias = as_float_array(bias, "bias")
    units = require_recurrent_weights(kernel, recurrent_kernel, bias, x.shape[-1], gates, layer, bias_rows)
    dt = result_dtype(x, kernel, recurrent_kernel, bias)
    return x.astype(dt, copy=False), kernel.astype(dt, copy=False), \
        recurrent_kernel.astype(dt, copy=False), bias.astype(dt, copy=False), units


def _state(h, batch, units, dtype, name):
    """A ``(batch, units)`` state in ``dtype`` (zeros for ``None``)."""
    if h is None:
        return np.zeros((batch, units), dtype)
    h = as_float_array(h, name)
    require_state(h, batch, units, name)
    return h.astype(dtype, copy=False)


def _lstm_initial_state(initial_state, batch, units, dtype):
    """``(h0, c0)`` from ``initial_state`` (``None`` or a pair of arrays)."""
    if initial_state is None:
        return _state(None, batch, units, dtype, "h0"), _state(None, batch, units, dtype, "c0")
    if not isinstance(initial_state, (tuple, list)) or len(initial_state) != 2:
        raise ValueError("initial_state must be None or a pair (h0, c0) of (batch, units) arrays for LSTM, "
                         f"got {type(initial_state).__name__}")
    return (_state(initial_state[0], batch, units, dtype, "initial_state[0] (h0)"),
            _state(initial_state[1], batch, units, dtype, "initial_state[1] (c0)"))


def _h0(initial_state, batch, units, dtype):
    """``h0`` for SimpleRNN and GRU: an array, or a one-element list holding it, as Keras accepts."""
    if isinstance(initial_state, (tuple, list)):
        if len(initial_state) != 1:
            raise ValueError(f"initial_state must be one (batch, units) array, got {len(initial_state)} of them")
        initial_state = initial_state[0]
    return _state(initial_state, batch, units, dtype, "initial_state")


def _dout(dout, x, units, return_sequences):
    """``dout`` checked against the output shape that ``return_sequences`` gives."""
    dout = as_float_array(dout, "dout")
    batch, time = x.shape[0], x.shape[1]
    want = (batch, time, units) if return_sequences else (batch, units)
    if dout.shape != want:
        raise ValueError(f"dout must have the output's shape {want} (return_sequences={return_sequences}), "
                         f"got {dout.shape}")
    return dout.astype(x.dtype, copy=False)


def _gru_bias_rows(reset_after):
    return 2 if reset_after else 0


### BEGIN SOLUTION
# Layout used below: time-major, ``xw[t] = x[:, t] @ kernel + bias`` computed
# for every step at once (one big product), so that the time loop only
# multiplies the state by the recurrent kernel. Measured on the 64x50x32->64
# LSTM (2 cores): gate math written element by element in a Numba loop was ~3x
# slower than NumPy's SIMD tanh on the whole (batch, 4*units) block (Numba has
# no vectorised exp/tanh without SVML), and the per-step (64x64)@(64x256)
# product takes BLAS 23 us against 47 us for the best hand-written Numba loop.
# So each step is one BLAS product plus a few whole-array NumPy operations.


def _input_projection(x, kernel, bias):
    """``(T, B, G)``: ``x_t @ kernel + bias`` for every step, time-major and contiguous."""
    xt = np.ascontiguousarray(np.swapaxes(x, 0, 1))
    t, b, d = xt.shape
    xw = xt.reshape(t * b, d) @ kernel  # one big product: BLAS (and its threads) pays here
    if bias is not None:
        xw += bias
    return xw.reshape(t, b, kernel.shape[1])


def _sigmoid(z):
    """Logistic sigmoid as ``0.5 * tanh(z / 2) + 0.5``: cannot overflow, one SIMD tanh pass."""
    return 0.5 * np.tanh(0.5 * z) + 0.5


def _simple_rnn_scan(xw, recurrent_kernel, h0):
    """hs[t] = tanh(xw[t] + hs[t-1] @ R); returns hs (T, B, U)."""
    hs = np.empty(xw.shape, xw.dtype)
    h = np.ascontiguousarray(h0)
    for t in range(xw.shape[0]):
        h = np.tanh(h @ recurrent_kernel + xw[t])
        hs[t] = h
    return hs


def _simple_rnn_bptt(dh_in, hs, recurrent_kernel_t):
    """Backprop through time. dh_in (T, B, U): gradient arriving at each h_t from the output.

    Returns dz (T, B, U), the gradient of each step's pre-activation, and dh (T, B, U),
    the total gradient reaching each h_t (output plus the later steps).
    """
    dz = np.empty_like(hs)
    dh_all = np.empty_like(hs)
    carry = np.zeros(hs.shape[1:], hs.dtype)
    for t in range(hs.shape[0] - 1, -1, -1):
        dh = dh_in[t] + carry
        dh_all[t] = dh
        dz[t] = dh * (1 - hs[t] * hs[t])
        carry = dz[t] @ recurrent_kernel_t
    return dz, dh_all


def _lstm_scan(xw, recurrent_kernel, h0, c0, keep_gates):
    """LSTM over all steps; returns hs, cs (T, B, U) and the activated gates (T, B, 4U) or None."""
    T, B, G = xw.shape
    U = G // 4
    hs = np.empty((T, B, U), xw.dtype)
    cs = np.empty((T, B, U), xw.dtype)
    gates = np.empty((T, B, G), xw.dtype) if keep_gates else None
    # One tanh pass activates all four blocks: sigmoid(z) = 0.5 * tanh(0.5 * z) + 0.5 for i, f, o,
    # and tanh(z) = 1 * tanh(1 * z) + 0 for the c block.
    scale = np.full(G, 0.5, xw.dtype)
    scale[2 * U:3 * U] = 1
    offset = 1 - scale
    h, c = np.ascontiguousarray(h0), c0
    for t in range(T):
        a = h @ recurrent_kernel + xw[t]
        a *= scale
        np.tanh(a, out=a)
        a *= scale
        a += offset
        i, f, g, o = a[:, :U], a[:, U:2 * U], a[:, 2 * U:3 * U], a[:, 3 * U:]
        c = f * c + i * g
        h = o * np.tanh(c)
        hs[t], cs[t] = h, c
        if keep_gates:
            gates[t] = a
    return hs, cs, gates


def _lstm_bptt(dh_in, gates, cs, c0, recurrent_kernel_t):
    """Backprop through time for LSTM; returns dz (T, B, 4U) and the total dh (T, B, U) at each h_t."""
    T, B, G = gates.shape
    U = G // 4
    dz = np.empty_like(gates)
    dh_all = np.empty((T, B, U), gates.dtype)
    carry_h = np.zeros((B, U), gates.dtype)
    carry_c = np.zeros((B, U), gates.dtype)
    for t in range(T - 1, -1, -1):
        dh = dh_in[t] + carry_h
        dh_all[t] = dh
        a = gates[t]
        i, f, g, o = a[:, :U], a[:, U:2 * U], a[:, 2 * U:3 * U], a[:, 3 * U:]
        c_prev = cs[t - 1] if t > 0 else c0
        tc = np.tanh(cs[t])
        dc = carry_c + dh * o * (1 - tc * tc)
        dz[t, :, :U] = dc * g * i * (1 - i)
        dz[t, :, U:2 * U] = dc * c_prev * f * (1 - f)
        dz[t, :, 2 * U:3 * U] = dc * i * (1 - g * g)
        dz[t, :, 3 * U:] = dh * tc * o * (1 - o)
        carry_c = dc * f
        carry_h = dz[t] @ recurrent_kernel_t
    return dz, dh_all


def _gru_scan_reset_after(xw, recurrent_kernel, recurrent_bias, h0):
    """GRU, reset gate applied after the matrix product (Keras' default, bias (2, 3U))."""
    T, B, G = xw.shape
    U = G // 3
    hs = np.empty((T, B, U), xw.dtype)
    h = np.ascontiguousarray(h0)
    recurrent_bias_rows = np.ascontiguousarray(np.broadcast_to(recurrent_bias, (B, G)))
    for t in range(T):
        hr = h @ recurrent_kernel + recurrent_bias_rows
        zr = _sigmoid(xw[t, :, :2 * U] + hr[:, :2 * U])
        z, r = zr[:, :U], zr[:, U:]
        n = np.tanh(xw[t, :, 2 * U:] + r * hr[:, 2 * U:])
        h = z * h + (1 - z) * n
        hs[t] = h
    return hs


def _gru_scan_reset_before(xw, recurrent_zr, recurrent_h, h0):
    """GRU, reset gate applied to the state before the matrix product (bias (3U,))."""
    T, B, G = xw.shape
    U = G // 3
    hs = np.empty((T, B, U), xw.dtype)
    h = np.ascontiguousarray(h0)
    for t in range(T):
        zr = _sigmoid(xw[t, :, :2 * U] + h @ recurrent_zr)
        z, r = zr[:, :U], zr[:, U:]
        n = np.tanh(xw[t, :, 2 * U:] + (r * h) @ recurrent_h)
        h = z * h + (1 - z) * n
        hs[t] = h
    return hs


def _gru_hs(x, kernel, recurrent_kernel, bias, h0, reset_after):
    """All states ``(T, B, U)`` of a GRU."""
    units = recurrent_kernel.shape[0]
    if reset_after:
        xw = _input_projection(x, kernel, bias[0])
        return _gru_scan_reset_after(xw, recurrent_kernel, np.ascontiguousarray(bias[1]), h0)
    xw = _input_projection(x, kernel, bias)
    return _gru_scan_reset_before(xw, np.ascontiguousarray(recurrent_kernel[:, :2 * units]),
                                  np.ascontiguousarray(recurrent_kernel[:, 2 * units:]), h0)


def _sequence_output(hs, return_sequences):
    """The layer output from time-major states ``hs (T, B, U)``."""
    return np.ascontiguousarray(np.swapaxes(hs, 0, 1)) if return_sequences else hs[-1].copy()


def _upstream(dout, time, return_sequences):
    """Time-major gradient arriving at each ``h_t`` from the output."""
    if return_sequences:
        return np.ascontiguousarray(np.swapaxes(dout, 0, 1))
    dh = np.zeros((time,) + dout.shape, dout.dtype)
    dh[-1] = dout
    return dh


def _weight_gradients(dz, x, h_prev, kernel):
    """``(dx, dkernel, drecurrent_kernel, dbias)`` from the pre-activation gradients ``dz (T, B, G)``."""
    t, b, g = dz.shape
    flat = dz.reshape(t * b, g)
    xt = np.ascontiguousarray(np.swapaxes(x, 0, 1)).reshape(t * b, -1)
    c = np.ascontiguousarray
    dx = c(np.swapaxes((flat @ kernel.T).reshape(t, b, -1), 0, 1))  # products over all steps: BLAS
    dkernel = xt.T @ flat
    drecurrent = h_prev.reshape(t * b, -1).T @ flat
    dbias = flat.sum(axis=0)
    return dx, dkernel, drecurrent, dbias


def _previous_states(hs, h0):
    """``(T, B, U)``: the state each step started from."""
    return np.concatenate([h0[None], hs[:-1]], axis=0)
### END SOLUTION


def simple_rnn_step(x_t, h_prev, kernel, recurrent_kernel, bias):
    """One step of ``keras.layers.SimpleRNN``: ``h = tanh(x_t @ kernel + bias + h_prev @ recurrent_kernel)``.

    x_t: (batch, features).  h_prev: (batch, units).
    kernel: (features, units).  recurrent_kernel: (units, units).  bias: (units,).
    Returns: h, (batch, units), in the inputs' dtype.
    """
    x_t, kernel, recurrent_kernel, bias, units = _weights(x_t, kernel, recurrent_kernel, bias, 1, "SimpleRNN",
                                                          x_rank=2)
    h_prev = _state(h_prev, x_t.shape[0], units, x_t.dtype, "h_prev")
    ### BEGIN SOLUTION
    return _simple_rnn_scan(_input_projection(x_t[:, None], kernel, bias), recurrent_kernel, h_prev)[0]
    ### END SOLUTION


def simple_rnn(x, kernel, recurrent_kernel, bias, initial_state=None, return_sequences=False, return_state=False):
    """``keras.layers.SimpleRNN(units)`` with these weights: ``h_t = tanh(x_t K + b + h_{t-1} R)``.

    x: (batch, time, features).  kernel: (features, units).  recurrent_kernel: (units, units).
    bias: (units,).  initial_state: h0 (batch, units), zeros when None.
    Returns: the output, h_T (batch, units), or every h_t (batch, time, units) with
    ``return_sequences=True``; with ``return_state=True`` the tuple ``(output, h_T)``.
    """
    x, kernel, recurrent_kernel, bias, units = _weights(x, kernel, recurrent_kernel, bias, 1, "SimpleRNN")
    h0 = _h0(initial_state, x.shape[0], units, x.dtype)
    ### BEGIN SOLUTION
    hs = _simple_rnn_scan(_input_projection(x, kernel, bias), recurrent_kernel, h0)
    out = _sequence_output(hs, return_sequences)
    return (out, hs[-1].copy()) if return_state else out
    ### END SOLUTION


def simple_rnn_backward(dout, x, kernel, recurrent_kernel, bias, initial_state=None, return_sequences=False):
    """Backprop through time for ``simple_rnn``, as ``tf.GradientTape`` computes it on ``keras.layers.SimpleRNN``.

    dout: dL/d output, (batch, units), or (batch, time, units) with ``return_sequences=True``.
    x, kernel, recurrent_kernel, bias, initial_state: as in ``simple_rnn`` (the initial state is a constant).
    Returns: ``(dx, dkernel, drecurrent_kernel, dbias)`` with the shapes of x, kernel,
    recurrent_kernel and bias.
    """
    x, kernel, recurrent_kernel, bias, units = _weights(x, kernel, recurrent_kernel, bias, 1, "SimpleRNN")
    h0 = _h0(initial_state, x.shape[0], units, x.dtype)
    dout = _dout(dout, x, units, return_sequences)
    ### BEGIN SOLUTION
    hs = _simple_rnn_scan(_input_projection(x, kernel, bias), recurrent_kernel, h0)
    dz, _ = _simple_rnn_bptt(_upstream(dout, x.shape[1], return_sequences), hs,
                             np.ascontiguousarray(recurrent_kernel.T))
    return _weight_gradients(dz, x, _previous_states(hs, h0), kernel)
    ### END SOLUTION


def lstm_step(x_t, h_prev, c_prev, kernel, recurrent_kernel, bias):
    """One step of ``keras.layers.LSTM`` (recurrent activation sigmoid, activation tanh).

    ``z = x_t @ kernel + h_prev @ recurrent_kernel + bias``, split into blocks ``[i, f, c, o]``;
    ``c = sigmoid(z_f) * c_prev + sigmoid(z_i) * tanh(z_c)``; ``h = sigmoid(z_o) * tanh(c)``.

    x_t: (batch, features).  h_prev, c_prev: (batch, units).
    kernel: (features, 4*units).  recurrent_kernel: (units, 4*units).  bias: (4*units,).
    Returns: ``(h, c)``, each (batch, units).
    """
    x_t, kernel, recurrent_kernel, bias, units = _weights(x_t, kernel, recurrent_kernel, bias, 4, "LSTM", x_rank=2)
    h_prev = _state(h_prev, x_t.shape[0], units, x_t.dtype, "h_prev")
    c_prev = _state(c_prev, x_t.shape[0], units, x_t.dtype, "c_prev")
    ### BEGIN SOLUTION
    hs, cs, _ = _lstm_scan(_input_projection(x_t[:, None], kernel, bias), recurrent_kernel, h_prev, c_prev, False)
    return hs[0], cs[0]
    ### END SOLUTION


def lstm_gates(x_t, h_prev, c_prev, kernel, recurrent_kernel, bias):
    """The four gates of one ``keras.layers.LSTM`` step, after their activations.

    ``z = x_t @ kernel + h_prev @ recurrent_kernel + bias`` split into blocks ``[i, f, c, o]``:
    ``i = sigmoid(z_i)``, ``f = sigmoid(z_f)``, ``g = tanh(z_c)``, ``o = sigmoid(z_o)``.
    ``c_prev`` does not enter the gates (Keras' LSTM has no peepholes); it is taken for symmetry
    with ``lstm_step``.

    x_t: (batch, features).  h_prev, c_prev: (batch, units).
    kernel: (features, 4*units).  recurrent_kernel: (units, 4*units).  bias: (4*units,).
    Returns: ``(i, f, g, o)``, each (batch, units).
    """
    x_t, kernel, recurrent_kernel, bias, units = _weights(x_t, kernel, recurrent_kernel, bias, 4, "LSTM", x_rank=2)
    h_prev = _state(h_prev, x_t.shape[0], units, x_t.dtype, "h_prev")
    c_prev = _state(c_prev, x_t.shape[0], units, x_t.dtype, "c_prev")
    ### BEGIN SOLUTION
    _, _, gates = _lstm_scan(_input_projection(x_t[:, None], kernel, bias), recurrent_kernel, h_prev, c_prev, True)
    g = gates[0]
    return tuple(np.ascontiguousarray(g[:, k * units:(k + 1) * units]) for k in range(4))
    ### END SOLUTION


def lstm(x, kernel, recurrent_kernel, bias, initial_state=None, return_sequences=False, return_state=False):
    """``keras.layers.LSTM(units)`` with these weights (gate blocks ``[i, f, c, o]``, see ``lstm_step``).

    x: (batch, time, features).  kernel: (features, 4*units).  recurrent_kernel: (units, 4*units).
    bias: (4*units,).  initial_state: the pair ``(h0, c0)``, each (batch, units); zeros when None.
    Returns: the output, h_T (batch, units), or every h_t (batch, time, units) with
    ``return_sequences=True``; with ``return_state=True`` the tuple ``(output, h_T, c_T)``.
    """
    x, kernel, recurrent_kernel, bias, units = _weights(x, kernel, recurrent_kernel, bias, 4, "LSTM")
    h0, c0 = _lstm_initial_state(initial_state, x.shape[0], units, x.dtype)
    ### BEGIN SOLUTION
    hs, cs, _ = _lstm_scan(_input_projection(x, kernel, bias), recurrent_kernel, h0, c0, False)
    out = _sequence_output(hs, return_sequences)
    return (out, hs[-1].copy(), cs[-1].copy()) if return_state else out
    ### END SOLUTION


def lstm_backward(dout, x, kernel, recurrent_kernel, bias, initial_state=None, return_sequences=False):
    """Backprop through time for ``lstm``, as ``tf.GradientTape`` computes it on ``keras.layers.LSTM``.

    dout: dL/d output, (batch, units), or (batch, time, units) with ``return_sequences=True``.
    x, kernel, recurrent_kernel, bias, initial_state: as in ``lstm`` (the initial state is a constant).
    Returns: ``(dx, dkernel, drecurrent_kernel, dbias)`` with the shapes of x, kernel,
    recurrent_kernel and bias.
    """
    x, kernel, recurrent_kernel, bias, units = _weights(x, kernel, recurrent_kernel, bias, 4, "LSTM")
    h0, c0 = _lstm_initial_state(initial_state, x.shape[0], units, x.dtype)
    dout = _dout(dout, x, units, return_sequences)
    ### BEGIN SOLUTION
    hs, cs, gates = _lstm_scan(_input_projection(x, kernel, bias), recurrent_kernel, h0, c0, True)
    dz, _ = _lstm_bptt(_upstream(dout, x.shape[1], return_sequences), gates, cs, c0,
                       np.ascontiguousarray(recurrent_kernel.T))
    return _weight_gradients(dz, x, _previous_states(hs, h0), kernel)
    ### END SOLUTION


def gru_step(x_t, h_prev, kernel, recurrent_kernel, bias, reset_after=True):
    """One step of ``keras.layers.GRU`` (blocks ``[z, r, h]``; sigmoid gates, tanh candidate).

    reset_after=True (bias (2, 3*units): row 0 input bias, row 1 recurrent bias):
    ``xz, xr, xh = x_t @ kernel + bias[0]``; ``hz, hr, hh = h_prev @ recurrent_kernel + bias[1]``;
    ``z = sigmoid(xz + hz)``, ``r = sigmoid(xr + hr)``, ``n = tanh(xh + r * hh)``.
    reset_after=False (bias (3*units,)): ``z``, ``r`` as above with one bias, and
    ``n = tanh(x_t @ K_h + b_h + (r * h_prev) @ R_h)``.
    Both: ``h = z * h_prev + (1 - z) * n``.

    x_t: (batch, features).  h_prev: (batch, units).  kernel: (features, 3*units).
    recurrent_kernel: (units, 3*units).  Returns: h, (batch, units).
    """
    x_t, kernel, recurrent_kernel, bias, units = _weights(x_t, kernel, recurrent_kernel, bias, 3,
                                                          f"GRU(reset_after={bool(reset_after)})",
                                                          _gru_bias_rows(reset_after), x_rank=2)
    h_prev = _state(h_prev, x_t.shape[0], units, x_t.dtype, "h_prev")
    ### BEGIN SOLUTION
    return _gru_hs(x_t[:, None], kernel, recurrent_kernel, bias, h_prev, reset_after)[0]
    ### END SOLUTION


def gru(x, kernel, recurrent_kernel, bias, initial_state=None, reset_after=True, return_sequences=False,
        return_state=False):
    """``keras.layers.GRU(units, reset_after=reset_after)`` with these weights (see ``gru_step``).

    x: (batch, time, features).  kernel: (features, 3*units).  recurrent_kernel: (units, 3*units).
    bias: (2, 3*units) with ``reset_after=True``, (3*units,) with ``reset_after=False``.
    initial_state: h0 (batch, units), zeros when None.
    Returns: the output, h_T (batch, units), or every h_t (batch, time, units) with
    ``return_sequences=True``; with ``return_state=True`` the tuple ``(output, h_T)``.
    """
    x, kernel, recurrent_kernel, bias, units = _weights(x, kernel, recurrent_kernel, bias, 3,
                                                        f"GRU(reset_after={bool(reset_after)})",
                                                        _gru_bias_rows(reset_after))
    h0 = _h0(initial_state, x.shape[0], units, x.dtype)
    ### BEGIN SOLUTION
    hs = _gru_hs(x, kernel, recurrent_kernel, bias, h0, reset_after)
    out = _sequence_output(hs, return_sequences)
    return (out, hs[-1].copy()) if return_state else out
    ### END SOLUTION


def gradient_norms_through_time(x, kernel, recurrent_kernel, bias, cell="simple_rnn"):
    """How much the last state still depends on each earlier state: ``||d h_T / d h_t||`` for every t.

    For every sample ``b`` and step ``t`` (0-based; ``h_t`` is the state after reading ``x[:, t]``,
    the initial state is zeros), the result is the Frobenius norm of the ``(units, units)``
    Jacobian of the last state with respect to ``h_t``, taking every path through the later steps
    (for LSTM ``c_t`` is held fixed: the paths start at ``h_t``):

        norms[b, t] = sqrt(sum_{j,k} (d h_T[b, j] / d h_t[b, k]) ** 2),    norms[b, T-1] = sqrt(units).

    Row ``s`` of that Jacobian is the gradient backprop through time sends to ``h_t`` when the
    upstream gradient at ``h_T`` is the one-hot vector ``e_s``. SimpleRNN's norms shrink
    geometrically toward t = 0 (the vanishing gradient); LSTM's carry track keeps them larger.

    x: (batch, time, features).  cell: ``"simple_rnn"`` (SimpleRNN weights) or ``"lstm"``
    (LSTM weights, blocks ``[i, f, c, o]``).  kernel, recurrent_kernel, bias: that layer's weights.
    Returns: norms, (batch, time), in the inputs' dtype.
    """
    if cell not in ("simple_rnn", "lstm"):
        raise ValueError(f"cell must be 'simple_rnn' or 'lstm', got {cell!r}")
    gates = 4 if cell == "lstm" else 1
    x, kernel, recurrent_kernel, bias, units = _weights(x, kernel, recurrent_kernel, bias, gates,
                                                        "LSTM" if cell == "lstm" else "SimpleRNN")
    ### BEGIN SOLUTION
    batch, time, _ = x.shape
    # One copy of every sample per one-hot seed: row b*U + s carries seed e_s.
    xr = np.repeat(x, units, axis=0)
    dh_in = np.zeros((time, batch * units, units), x.dtype)
    dh_in[-1] = np.tile(np.eye(units, dtype=x.dtype), (batch, 1))
    h0 = np.zeros((batch * units, units), x.dtype)
    rt = np.ascontiguousarray(recurrent_kernel.T)
    xw = _input_projection(xr, kernel, bias)
    if cell == "lstm":
        _, cs, g = _lstm_scan(xw, recurrent_kernel, h0, h0, True)
        _, dh = _lstm_bptt(dh_in, g, cs, h0, rt)
    else:
        hs = _simple_rnn_scan(xw, recurrent_kernel, h0)
        _, dh = _simple_rnn_bptt(dh_in, hs, rt)
    sq = (dh.astype(np.float64) ** 2).reshape(time, batch, units * units).sum(axis=2)
    return np.sqrt(sq).T.astype(x.dtype)
    ### END SOLUTION
