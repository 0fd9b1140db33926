"""Diagnoses of the optimizers topic: the step counter, then each typical slip of :func:`.rules.emulate`
(learning rate not rounded to float32, epsilon outside the square root, slots used before their update,
Adam's paper form, no or off-by-one bias correction, momentum stored with the wrong sign)."""

from __future__ import annotations

import numpy as np

from ...diagnose import matches
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


def _same_step(got, want) -> bool:
    """``got`` (a student's (params, state)) equals ``want`` to within a few float ulps."""
    try:
        gp, gs = got
        wp, ws = want
        if len(gp) != len(wp):
            return False
        pairs = list(zip(gp, wp))
        for key, arrays in ws.items():
            if key != "step" and arrays:
                pairs += list(zip(gs[key], arrays))
        return all(isinstance(g, np.ndarray) and matches(g, e, 4) for g, e in pairs)
    except (TypeError, ValueError, KeyError):
        return False


def step(name):
    """The diagnosis of one step of optimizer ``name``."""
    def diagnose(case, got, expected):
        params, grads, state = case.args
        if isinstance(got, (tuple, list)) and len(got) == 2 and isinstance(got[1], dict):
            step = got[1].get("step")
            want = expected[1]["step"]
            if isinstance(step, (int, np.integer)) and step != want:
                return [("diag_step_count", {})]
        for mistake in MISTAKES[name]:
            if (mistake == "lr64" and params[0].dtype != np.float64) or (mistake == "step_minus" and state is None):
                continue
            variant = emulate(name, params, grads, state, case.kwargs, mistake)
            if _same_step(got, variant) and not _same_step(expected, variant):
                return [(_KEYS[mistake], {})]
        return []
    return diagnose


