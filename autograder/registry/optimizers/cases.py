"""Cases of the optimizers topic: the first step (state ``None``), a few steps in and many steps in, for
every configuration (defaults, momentum, Nesterov, centered RMSprop, large epsilon, Adam's betas, decay rates
below 0.5) and both
dtypes; a late step; an all-zero gradient."""

from __future__ import annotations

import numpy as np

from ...cases import FLOAT_DTYPES, Case, normal
from .rules import SLOT_ATTRS, emulate


def _replay(rng, name, params, hyper, steps, grad_scale):
    """The state after ``steps`` steps with random gradients (None for 0 steps)."""
    if steps == 0:
        return None
    state = None
    dtype = params[0].dtype
    for _ in range(steps):
        grads = [normal(rng, p.shape, np.float64, grad_scale) for p in params]
        params, state = emulate(name, params, grads, state, hyper, dtype=np.float64)
    return {"step": state["step"], **{s: [a.astype(dtype) for a in state[s]] for s in SLOT_ATTRS[name]}}


# ---------------------------------------------------------------- cases

CONFIGS = {
    "sgd": [
        ("defaults", {}),
        ("momentum", {"learning_rate": 0.05, "momentum": 0.9}),
        ("nesterov", {"learning_rate": 0.1, "momentum": 0.5, "nesterov": True}),
    ],
    "rmsprop": [
        ("defaults", {}),
        ("momentum", {"learning_rate": 0.01, "momentum": 0.8}),
        ("centered", {"rho": 0.8, "centered": True}),
        ("centered momentum", {"learning_rate": 0.003, "rho": 0.95, "momentum": 0.5, "centered": True}),
        ("large epsilon", {"learning_rate": 0.01, "epsilon": 0.01}),
        ("small rho, centered", {"rho": 0.3, "centered": True}),  # 1 - rho is not 1 % rho below 0.5
    ],
    "adam": [
        ("defaults", {}),
        ("betas", {"learning_rate": 0.01, "beta_1": 0.5, "beta_2": 0.9}),
        ("large epsilon", {"learning_rate": 0.02, "epsilon": 0.1}),
        ("small betas", {"learning_rate": 0.01, "beta_1": 0.3, "beta_2": 0.4}),
    ],
}


def _shapes(rng):
    """A Dense layer's kernel and bias, sometimes a conv kernel too."""
    n_in, units = int(rng.integers(2, 7)), int(rng.integers(1, 6))
    shapes = [(n_in, units), (units,)]
    if rng.random() < 0.5:
        shapes.append((3, 3, 2, int(rng.integers(1, 4))))
    return shapes


def step(name):
    """``(params, grads, state)`` with the hyperparameters as keywords."""
    def cases(rng) -> list[Case]:
        out = []
        for dt in FLOAT_DTYPES:
            dn = np.dtype(dt).name
            for label, hyper in CONFIGS[name]:
                for steps in (0, int(rng.integers(1, 4)), int(rng.integers(20, 60))):
                    shapes = _shapes(rng)
                    params = [normal(rng, s, dt) for s in shapes]
                    scale = 0.01 if "epsilon" in label else 1.0  # small gradients make epsilon matter
                    state = _replay(rng, name, params, hyper, steps, scale)
                    grads = [normal(rng, s, dt, scale) for s in shapes]
                    what = "first step (state None)" if steps == 0 else f"after {steps} steps"
                    out.append(Case(f"{dn} {label}, {what}", (params, grads, state), dict(hyper), terms=2,
                                    note=", ".join(f"{k}={v}" for k, v in hyper.items())))
        # a late Adam/RMSprop step: bias corrections near 1
        if name != "sgd":
            params = [normal(rng, (3, 2), np.float32), normal(rng, (2,), np.float32)]
            state = _replay(rng, name, params, {}, 300, 1.0)
            grads = [normal(rng, p.shape, np.float32) for p in params]
            out.append(Case("float32 defaults, after 300 steps", (params, grads, state), {}, terms=2,
                            note="a late step"))
        # zero gradients for one parameter (Adam/RMSprop: 0 / (sqrt(0) + eps))
        params = [normal(rng, (2, 3), np.float32), normal(rng, (3,), np.float32)]
        grads = [normal(rng, (2, 3), np.float32), np.zeros(3, np.float32)]
        out.append(Case("float32 zero gradient, first step", (params, grads, None), {}, terms=2,
                        note="an all-zero gradient must leave its parameter unchanged"))
        return out
    return cases


