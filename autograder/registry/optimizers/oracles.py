"""Oracles of the optimizers topic: a built ``keras.optimizers.<Name>`` loaded with the case's state (its
``iterations`` and slot variables, in Keras' order), then one ``apply_gradients``."""

from __future__ import annotations

import numpy as np

from ...tfbridge import keras, tensor
from .rules import SLOT_ATTRS


def step(name):
    """``(new_params, new_state)`` after one step of Keras' optimizer ``name``."""
    def oracle(params, grads, state, **hyper):
        k = keras()
        cls = {"sgd": k.optimizers.SGD, "rmsprop": k.optimizers.RMSprop, "adam": k.optimizers.Adam}[name]
        kw = dict(hyper)
        if "momentum" in kw:
            kw["momentum"] = float(kw["momentum"])  # Keras' SGD refuses an int momentum
        opt = cls(**kw)
        variables = [k.Variable(p, dtype=p.dtype.name) for p in params]
        opt.build(variables)
        if state is not None:
            opt.iterations.assign(int(state["step"]))
            for key, attr in SLOT_ATTRS[name].items():
                for var, value in zip(getattr(opt, attr), state[key]):
                    var.assign(value)
        opt.apply_gradients(zip([tensor(g) for g in grads], variables))
        new_state = {"step": int(opt.iterations.numpy())}
        for key, attr in SLOT_ATTRS[name].items():
            new_state[key] = [np.asarray(v.numpy()) for v in getattr(opt, attr)]
        return [np.asarray(v.numpy()) for v in variables], new_state
    oracle.__name__ = f"keras.optimizers.{ {'sgd': 'SGD', 'rmsprop': 'RMSprop', 'adam': 'Adam'}[name] }"
    return oracle


