"""Candidate mistakes of the optimizers topic: each typical slip of :func:`.rules.emulate` (learning rate
not rounded to float32, epsilon outside the square root, slots used before their update, Adam's paper
form, no or off-by-one bias correction, momentum stored with the wrong sign); the step counter is an
answer-free check (:func:`autograder.diagnose_checks.optimizer_step_count`)."""

from __future__ import annotations

import numpy as np

from ...diagnose import Mistake
from .rules import emulate


MISTAKES = {
    "sgd": ("lr64", "old_state", "sign"),
    "rmsprop": ("lr64", "eps_outside", "old_state"),
    "adam": ("lr64", "paper", "no_bias", "step_minus", "step_plus", "old_state"),
}
_KEYS = {"lr64": "diag_lr_float32", "eps_outside": "diag_eps_outside_sqrt", "old_state": "diag_update_order",
         "paper": "diag_adam_paper_eps", "no_bias": "diag_adam_no_bias_correction", "step_minus": "diag_adam_step",
         "step_plus": "diag_adam_step",
         "sign": "diag_momentum_sign"}


def _parts(new_params, new_state):
    """An optimizer step's result as mistake parts: every parameter and every used slot array."""
    parts = [((0, i), p) for i, p in enumerate(new_params)]
    for key, arrays in new_state.items():
        if key != "step" and arrays:
            parts += [((1, key, j), a) for j, a in enumerate(arrays)]
    return parts


def step(name):
    """The candidate mistakes of one step of optimizer ``name`` (the first that fits is reported)."""
    def mistakes(case, expected):
        params, grads, state = case.args
        found = []
        for mistake in MISTAKES[name]:
            if (mistake == "lr64" and params[0].dtype != np.float64) or (mistake == "step_minus" and state is None):
                continue
            variant = Mistake(_KEYS[mistake], _parts(*emulate(name, params, grads, state, case.kwargs, mistake)),
                              "close", 4, alone=True)
            if not variant.recognised(expected, expected):
                found.append(variant)
        return found
    return mistakes
