"""Optimizers: one step of SGD (with momentum / Nesterov), RMSprop and Adam.

Course notes, 진행방식(Optimizer): the optimizer turns the gradients of the
loss into a change of the weights. Each function here does exactly one
``optimizer.apply_gradients`` step of the Keras 3 optimizer with the same
name, and returns the new weights and the new optimizer state:

    new_params, new_state = adam(params, grads, state)

``params`` and ``grads`` are lists of arrays (one per weight, e.g. a Dense
layer's kernel and bias), ``state`` is ``None`` on the first step (Keras
starts every slot at zero) and afterwards the ``new_state`` the previous step
returned. A state is plain data, a dict holding the number of steps already
taken and one list of arrays per Keras slot variable, in ``params`` order:

    sgd:     {"step": k, "momentums": [...]}            (``[]`` when momentum == 0)
    rmsprop: {"step": k, "velocities": [...],
              "momentums": [...],                       (``[]`` when momentum == 0)
              "average_gradients": [...]}               (``[]`` unless centered)
    adam:    {"step": k, "momentums": [...], "velocities": [...]}

Every array of a state has the shape and dtype of its parameter; ``step`` is
Keras' ``optimizer.iterations`` (0 before the first step).

Traps Keras sets:

- the learning rate lives in a float32 variable, so it is rounded to float32
  first (0.001 becomes 0.0010000000475) and then cast to the weight's dtype;
- ``ops.cast(python_float, dtype)`` also goes through float32: SGD's
  ``momentum`` and the ``beta_1`` / ``beta_2`` that Adam raises to the power
  ``t`` are rounded to float32 first, exactly like the learning rate;
- the other hyperparameters enter as Python floats in the weight's dtype
  (``rho``, ``1 - rho``, ``1 - beta_1``, ``epsilon``, RMSprop's momentum; the
  ``1 - ...`` is computed in Python, then cast);
- RMSprop puts epsilon *inside* the square root: ``lr g / sqrt(v + eps)``;
- Adam folds the bias corrections into the step size,
  ``alpha = lr sqrt(1 - beta_2^t) / (1 - beta_1^t)`` and
  ``w -= alpha m / (sqrt(v) + eps)`` (the "epsilon-hat" form), with
  ``t = step + 1`` and ``beta^t`` computed in the weight's dtype.
"""

import numpy as np

from ._validate import as_float_array

#: The slot lists of each optimizer's state, in the order Keras creates them.
SLOTS = {
    "sgd": ("momentums",),
    "rmsprop": ("velocities", "momentums", "average_gradients"),
    "adam": ("momentums", "velocities"),
}


def _params_and_grads(params, grads):
    """Validate ``params`` / ``grads`` (lists of float arrays of matching shapes)."""
    if not isinstance(params, (list, tuple)):
        raise ValueError(f"params must be a list of arrays, got {type(params).__name__}")
    if not isinstance(grads, (list, tuple)):
        raise ValueError(f"grads must be a list of arrays, got {type(grads).__name__}")
    if len(params) != len(grads):
        raise ValueError(f"params has {len(params)} arrays but grads has {len(grads)}; they must match one to one")
    ps, gs = [], []
    for i, (p, g) in enumerate(zip(params, grads)):
        p = as_float_array(p, f"params[{i}]")
        g = as_float_array(g, f"grads[{i}]")
        if p.shape != g.shape:
            raise ValueError(f"params[{i}] has shape {p.shape} but grads[{i}] has shape {g.shape}; they must match")
        ps.append(p)
        gs.append(g)
    return ps, gs


def _require_fraction(value, name, closed_top=True):
    """Refuse a hyperparameter outside [0, 1] (or [0, 1)), as Keras does."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise ValueError(f"{name} must be a number, got {value!r}")
    if not (0 <= value <= 1) or (not closed_top and value == 1):
        raise ValueError(f"{name} must be in [0, 1{']' if closed_top else ')'}, got {value!r}")


def _require_positive(value, name, allow_zero=False):
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise ValueError(f"{name} must be a number, got {value!r}")
    if value < 0 or (value == 0 and not allow_zero):
        raise ValueError(f"{name} must be {'>= 0' if allow_zero else '> 0'}, got {value!r}")


def _initial_state(state, params, optimizer, used):
    """``state`` checked against ``params``, or Keras' all-zero start when ``state`` is None.

    ``used`` names the slot lists this configuration keeps (the others must be
    empty). Returns ``(step, {slot: list of arrays})``; the arrays are the
    caller's (read them, never write into them).
    """
    slots = SLOTS[optimizer]
    if state is None:
        return 0, {s: ([np.zeros_like(p) for p in params] if s in used else []) for s in slots}
    if not isinstance(state, dict):
        raise ValueError(f"state must be None or the dict the previous {optimizer} step returned, "
                         f"got {type(state).__name__}")
    want = {"step", *slots}
    if set(state) != want:
        raise ValueError(f"state has keys {sorted(state)}, expected {sorted(want)} for {optimizer}")
    step = state["step"]
    if isinstance(step, (bool, np.bool_)) or not isinstance(step, (int, np.integer)) or step < 0:
        raise ValueError(f"state['step'] must be an int >= 0, got {step!r}")
    out = {}
    for s in slots:
        arrays = state[s]
        if not isinstance(arrays, (list, tuple)):
            raise ValueError(f"state[{s!r}] must be a list of arrays, got {type(arrays).__name__}")
        n = len(params) if s in used else 0
        if len(arrays) != n:
            raise ValueError(f"state[{s!r}] holds {len(arrays)} arrays, expected {n} for these params "
                             f"and hyperparameters")
        checked = []
        for i, (a, p) in enumerate(zip(arrays, params)):
            a = as_float_array(a, f"state[{s!r}][{i}]")
            if a.shape != p.shape:
                raise ValueError(f"state[{s!r}][{i}] has shape {a.shape} but params[{i}] has shape {p.shape}")
            checked.append(a)
        out[s] = checked
    return int(step), out


### BEGIN SOLUTION
def _learning_rate(learning_rate, dtype):
    """Keras keeps the learning rate in a float32 variable and casts it to the weight's dtype."""
    return _through_float32(learning_rate, dtype)


def _through_float32(value, dtype):
    """What ``keras.ops.cast(value, dtype)`` gives for a Python float: rounded to float32 first."""
    return np.dtype(dtype).type(np.float32(value))
### END SOLUTION


def sgd(params, grads, state, learning_rate=0.01, momentum=0.0, nesterov=False):
    """One step of stochastic gradient descent. Mirrors ``keras.optimizers.SGD(...).apply_gradients``.

    params: list of float arrays (any shapes).  grads: list of arrays, same shapes.
    state: None (first step) or ``{"step": int, "momentums": [one array per param]}``
    as the previous call returned (``"momentums"`` is ``[]`` when momentum == 0).
    Returns: ``(new_params, new_state)``; new arrays in the params' dtypes.

    Update, per parameter ``w`` with gradient ``g`` (``lr`` and ``momentum`` rounded to float32):
    momentum 0: ``w - lr g``; otherwise ``m = momentum m - lr g`` and
    ``w + m`` (classic) or ``w + momentum m - lr g`` (Nesterov, with the new m).
    """
    params, grads = _params_and_grads(params, grads)
    _require_positive(learning_rate, "learning_rate", allow_zero=True)
    _require_fraction(momentum, "momentum")
    used = ("momentums",) if momentum != 0 else ()
    step, slots = _initial_state(state, params, "sgd", used)
    ### BEGIN SOLUTION
    new_params, momentums = [], []
    for i, (w, g) in enumerate(zip(params, grads)):
        lr = _learning_rate(learning_rate, w.dtype)
        g = g.astype(w.dtype, copy=False)
        if momentum != 0:
            mu = _through_float32(momentum, w.dtype)
            m = slots["momentums"][i] * mu - g * lr
            momentums.append(m)
            new_params.append(w + (m * mu - g * lr) if nesterov else w + m)
        else:
            new_params.append(w - g * lr)
    return new_params, {"step": step + 1, "momentums": momentums}
    ### END SOLUTION


def rmsprop(params, grads, state, learning_rate=0.001, rho=0.9, momentum=0.0, epsilon=1e-7, centered=False):
    """One step of RMSprop. Mirrors ``keras.optimizers.RMSprop(...).apply_gradients``.

    params: list of float arrays.  grads: list of arrays, same shapes.
    state: None (first step) or ``{"step": int, "velocities": [...], "momentums": [...],
    "average_gradients": [...]}`` as the previous call returned (``"momentums"`` is
    ``[]`` when momentum == 0, ``"average_gradients"`` is ``[]`` unless centered).
    Returns: ``(new_params, new_state)``.

    ``v = rho v + (1 - rho) g^2``; centered: ``a = rho a + (1 - rho) g`` and the
    denominator is ``v - a^2 + eps``, else ``v + eps``; ``inc = lr g / sqrt(den)``
    (epsilon INSIDE the square root); with momentum ``m = momentum m + inc`` and
    ``w - m``, else ``w - inc``.
    """
    params, grads = _params_and_grads(params, grads)
    _require_positive(learning_rate, "learning_rate", allow_zero=True)
    _require_fraction(rho, "rho")
    _require_fraction(momentum, "momentum")
    _require_positive(epsilon, "epsilon", allow_zero=True)
    used = ("velocities",) + (("momentums",) if momentum > 0 else ()) + (("average_gradients",) if centered else ())
    step, slots = _initial_state(state, params, "rmsprop", used)
    ### BEGIN SOLUTION
    new_params, velocities, momentums, averages = [], [], [], []
    for i, (w, g) in enumerate(zip(params, grads)):
        dt = w.dtype.type
        lr = _learning_rate(learning_rate, w.dtype)
        g = g.astype(w.dtype, copy=False)
        v = dt(rho) * slots["velocities"][i] + dt(1 - rho) * (g * g)
        velocities.append(v)
        if centered:
            a = dt(rho) * slots["average_gradients"][i] + dt(1 - rho) * g
            averages.append(a)
            den = v - a * a + dt(epsilon)
        else:
            den = v + dt(epsilon)
        inc = (lr * g) / np.sqrt(den)
        if momentum > 0:
            m = dt(momentum) * slots["momentums"][i] + inc
            momentums.append(m)
            new_params.append(w - m)
        else:
            new_params.append(w - inc)
    return new_params, {"step": step + 1, "velocities": velocities, "momentums": momentums,
                        "average_gradients": averages}
    ### END SOLUTION


def adam(params, grads, state, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    """One step of Adam. Mirrors ``keras.optimizers.Adam(...).apply_gradients``.

    params: list of float arrays.  grads: list of arrays, same shapes.
    state: None (first step) or ``{"step": int, "momentums": [...], "velocities": [...]}``
    as the previous call returned.
    Returns: ``(new_params, new_state)`` with ``new_state["step"] == step + 1``.

    With ``t = step + 1`` (in the weight's dtype; ``lr``, and ``beta_1`` / ``beta_2`` in the
    powers, rounded to float32 first):
    ``m += (g - m)(1 - beta_1)``; ``v += (g^2 - v)(1 - beta_2)``;
    ``alpha = lr sqrt(1 - beta_2^t) / (1 - beta_1^t)``; ``w -= alpha m / (sqrt(v) + eps)``.
    """
    params, grads = _params_and_grads(params, grads)
    _require_positive(learning_rate, "learning_rate", allow_zero=True)
    _require_fraction(beta_1, "beta_1", closed_top=False)
    _require_fraction(beta_2, "beta_2", closed_top=False)
    _require_positive(epsilon, "epsilon", allow_zero=True)
    step, slots = _initial_state(state, params, "adam", ("momentums", "velocities"))
    ### BEGIN SOLUTION
    new_params, momentums, velocities = [], [], []
    for i, (w, g) in enumerate(zip(params, grads)):
        dt = w.dtype.type
        lr = _learning_rate(learning_rate, w.dtype)
        g = g.astype(w.dtype, copy=False)
        t = dt(step + 1)
        beta_1_power = np.power(_through_float32(beta_1, w.dtype), t)
        beta_2_power = np.power(_through_float32(beta_2, w.dtype), t)
        alpha = lr * np.sqrt(dt(1) - beta_2_power) / (dt(1) - beta_1_power)
        m = slots["momentums"][i] + (g - slots["momentums"][i]) * dt(1 - beta_1)
        v = slots["velocities"][i] + (g * g - slots["velocities"][i]) * dt(1 - beta_2)
        momentums.append(m)
        velocities.append(v)
        new_params.append(w - (m * alpha) / (np.sqrt(v) + dt(epsilon)))
    return new_params, {"step": step + 1, "momentums": momentums, "velocities": velocities}
    ### END SOLUTION
