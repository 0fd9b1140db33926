"""Mistakes of the optimizers topic: each typical slip of :func:`.rules.emulate` (hyperparameters not rounded
to float32, epsilon outside the square root, slots used before their update, Adam's paper form, no or
off-by-one bias correction, momentum stored with the wrong sign), alone and, for float64 weights, together
with the float32 rounding left out; and a wrong step count, read off the output."""

from __future__ import annotations

import numpy as np

from ...exercise import Mistake
from .rules import emulate

#: Each optimizer's slips (see :func:`.rules.emulate`) and the message key naming each.
SLIPS = {
    "sgd": ("old_state", "sign"),
    "rmsprop": ("eps_outside", "old_state"),
    "adam": ("paper", "no_bias", "step_minus", "step_plus", "old_state"),
}
KEYS = {"lr64": "diag_lr_float32", "all64": "diag_lr_float32", "eps_outside": "diag_eps_outside_sqrt",
        "old_state": "diag_update_order", "paper": "diag_adam_paper_eps", "no_bias": "diag_adam_no_bias_correction",
        "step_minus": "diag_adam_step", "step_plus": "diag_adam_step", "sign": "diag_momentum_sign"}


def _float64(case) -> bool:
    """Rounding through float32 shows only on float64 weights (float32 weights are rounded anyway)."""
    return case.args[0][0].dtype == np.float64


def _terms(case) -> int:
    return max(case.terms, 4)


def mistakes(name: str) -> tuple[Mistake, ...]:
    """Every slip of optimizer ``name``; on float64 weights also each slip with the float32 rounding left out
    (a student who wrote the step in float64 usually made both), named with both keys."""
    def declare(mistake):
        flags = mistake.split("+")
        keys = list(dict.fromkeys(KEYS[f] for f in flags))

        def compute(case):
            params, grads, state = case.args
            return emulate(name, params, grads, state, case.kwargs, mistake)

        def applies(case):
            return ((not {"lr64", "all64"} & set(flags) or _float64(case))
                    and not ("step_minus" in flags and case.args[2] is None))
        return Mistake(keys[0], compute, applies, terms=_terms, also=tuple(keys[1:]))

    out = [declare(s) for s in SLIPS[name]]
    out += [declare(r) for r in ("lr64", "all64")]
    out += [declare(f"{s}+{r}") for s in SLIPS[name] for r in ("lr64", "all64")]
    return tuple(out)


