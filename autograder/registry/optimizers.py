"""Registry: the optimizers topic (``solutions/optimizers.py``).

The checked call is one step, ``fn(params, grads, state, **hyperparameters)``.
A case's ``state`` is either ``None`` (the first step) or the state after
``k`` earlier steps of a real run: the case generator replays ``k`` random
gradients through the update rule in float64 (NumPy, no TensorFlow, so a warm
``check`` never imports it) and rounds the slots to the case's dtype. The
oracle loads that state into a built ``keras.optimizers.<Name>`` (its
``iterations`` and slot variables, in Keras' order) and applies the step, so
the expected output is exactly what Keras computes from that state.
``tests/test_optimizers.py`` chains the reference against Keras for many
steps.
"""

from __future__ import annotations

import numpy as np

from ..cases import FLOAT_DTYPES, Case, normal
from ..diagnose import Mistake
from ..diagnose_checks import optimizer_step_count
from ..exercise import Exercise, Topic
from ..tfbridge import keras, tensor

TOPIC = "optimizers"

#: state key -> attribute of the built Keras optimizer holding those slot variables.
SLOT_ATTRS = {
    "sgd": {"momentums": "momentums"},
    "rmsprop": {"velocities": "_velocities", "momentums": "_momentums", "average_gradients": "_average_gradients"},
    "adam": {"momentums": "_momentums", "velocities": "_velocities"},
}
DEFAULTS = {
    "sgd": {"learning_rate": 0.01, "momentum": 0.0, "nesterov": False},
    "rmsprop": {"learning_rate": 0.001, "rho": 0.9, "momentum": 0.0, "epsilon": 1e-7, "centered": False},
    "adam": {"learning_rate": 0.001, "beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-7},
}


def used_slots(name: str, hyper: dict) -> tuple[str, ...]:
    """The slot lists Keras creates for this configuration (the others stay empty)."""
    h = {**DEFAULTS[name], **hyper}
    if name == "sgd":
        return ("momentums",) if h["momentum"] != 0 else ()
    if name == "rmsprop":
        return (("velocities",) + (("momentums",) if h["momentum"] > 0 else ())
                + (("average_gradients",) if h["centered"] else ()))
    return ("momentums", "velocities")


# ---------------------------------------------------------------- a NumPy replay (cases and diagnoses)


def emulate(name: str, params, grads, state, hyper: dict, mistake: str = "", dtype=None):
    """One step of ``name`` in float64 (optionally with a typical ``mistake``), cast to ``dtype``.

    Used to replay earlier steps when drawing a case's state, and to recognise
    wrong answers. ``mistake`` is one of: "" (Keras' rule), "lr64" (learning
    rate not rounded to float32), "eps_outside" (RMSprop: ``sqrt(v) + eps``),
    "old_state" (the weight update uses the slots before this step's update),
    "paper" (Adam: bias-corrected ``m_hat / (sqrt(v_hat) + eps)``),
    "no_bias" (Adam without bias correction), "step_minus" / "step_plus"
    (Adam with ``t = step`` or ``step + 2``), "sign" (momentum stored with the
    opposite sign).
    """
    h = {**DEFAULTS[name], **hyper}
    slots = used_slots(name, h)
    dtype = np.dtype(dtype or params[0].dtype)
    step = 0 if state is None else int(state["step"])
    old = {s: ([np.zeros(p.shape) for p in params] if state is None or not state[s]
               else [np.asarray(a, np.float64) for a in state[s]]) for s in SLOT_ATTRS[name]}
    lr = float(h["learning_rate"]) if mistake == "lr64" else float(np.float32(h["learning_rate"]))
    new_p, new = [], {s: [] for s in SLOT_ATTRS[name]}
    for i, (w, g) in enumerate(zip(params, grads)):
        w, g = np.asarray(w, np.float64), np.asarray(g, np.float64)
        if name == "sgd":
            mu = float(np.float32(h["momentum"]))  # keras.ops.cast of a Python float rounds to float32
            if mu != 0:
                m0 = old["momentums"][i]
                m = mu * m0 - lr * g
                if mistake == "sign":
                    new["momentums"].append(-m)
                    w = w + m
                elif mistake == "old_state":
                    new["momentums"].append(m)
                    w = w + (m0 if not h["nesterov"] else mu * m0 - lr * g)
                else:
                    new["momentums"].append(m)
                    w = w + (mu * m - lr * g if h["nesterov"] else m)
            else:
                w = w - lr * g
        elif name == "rmsprop":
            rho, eps = h["rho"], h["epsilon"]
            v0 = old["velocities"][i]
            v = rho * v0 + (1 - rho) * g * g
            new["velocities"].append(v)
            vv = v0 if mistake == "old_state" else v
            if h["centered"]:
                a = rho * old["average_gradients"][i] + (1 - rho) * g
                new["average_gradients"].append(a)
                aa = old["average_gradients"][i] if mistake == "old_state" else a
                den = vv - aa * aa
            else:
                den = vv
            inc = lr * g / (np.sqrt(den) + eps if mistake == "eps_outside" else np.sqrt(den + eps))
            if h["momentum"] > 0:
                m = h["momentum"] * old["momentums"][i] + inc
                new["momentums"].append(m)
                w = w - m
            else:
                w = w - inc
        else:
            b1, b2, eps = h["beta_1"], h["beta_2"], h["epsilon"]
            p1, p2 = float(np.float32(b1)), float(np.float32(b2))  # the powers use float32-rounded betas
            t = {"step_minus": step, "step_plus": step + 2}.get(mistake, step + 1)
            m = old["momentums"][i] + (g - old["momentums"][i]) * (1 - b1)
            v = old["velocities"][i] + (g * g - old["velocities"][i]) * (1 - b2)
            new["momentums"].append(m)
            new["velocities"].append(v)
            mm, vv = (old["momentums"][i], old["velocities"][i]) if mistake == "old_state" else (m, v)
            if mistake == "paper":
                w = w - lr * (mm / (1 - p1 ** t)) / (np.sqrt(vv / (1 - p2 ** t)) + eps)
            elif mistake == "no_bias":
                w = w - lr * mm / (np.sqrt(vv) + eps)
            else:
                w = w - lr * np.sqrt(1 - p2 ** t) / (1 - p1 ** t) * mm / (np.sqrt(vv) + eps)
        new_p.append(w.astype(dtype))
    state_out = {"step": step + 1}
    for s in SLOT_ATTRS[name]:
        state_out[s] = [a.astype(dtype) for a in new[s]] if s in slots else []
    return new_p, state_out


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
    ],
    "adam": [
        ("defaults", {}),
        ("betas", {"learning_rate": 0.01, "beta_1": 0.5, "beta_2": 0.9}),
        ("large epsilon", {"learning_rate": 0.02, "epsilon": 0.1}),
    ],
}


def _shapes(rng):
    """A Dense layer's kernel and bias, sometimes a conv kernel too."""
    n_in, units = int(rng.integers(2, 7)), int(rng.integers(1, 6))
    shapes = [(n_in, units), (units,)]
    if rng.random() < 0.5:
        shapes.append((3, 3, 2, int(rng.integers(1, 4))))
    return shapes


def _cases_for(name):
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


# ---------------------------------------------------------------- oracle


def _oracle_for(name):
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


# ---------------------------------------------------------------- diagnoses

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


def _mistakes_for(name):
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


HINTS = {
    "sgd": {"en": "lr = float32(learning_rate) cast to the weight's dtype; with momentum keep the velocity "
                  "m = momentum*m - lr*g and add it (Nesterov adds momentum*m - lr*g with the new m).",
            "ko": "lr은 float32로 반올림한 뒤 가중치 dtype으로 바꿉니다. 모멘텀이 있으면 속도 m = momentum*m - lr*g를 "
                  "저장하고 더합니다 (Nesterov는 새 m으로 momentum*m - lr*g를 더함)."},
    "rmsprop": {"en": "v = rho*v + (1-rho)*g^2, then w -= lr*g / sqrt(v + eps): epsilon goes INSIDE the square "
                      "root in Keras 3 (centered: sqrt(v - a^2 + eps)).",
                "ko": "v = rho*v + (1-rho)*g^2 다음 w -= lr*g / sqrt(v + eps). Keras 3에서 epsilon은 제곱근 "
                      "안에 들어갑니다 (centered: sqrt(v - a^2 + eps))."},
    "adam": {"en": "t = step + 1; update m and v first, then alpha = lr*sqrt(1-beta_2^t)/(1-beta_1^t) and "
                   "w -= alpha*m/(sqrt(v) + eps) (epsilon is not bias-corrected).",
             "ko": "t = step + 1. m과 v를 먼저 갱신하고 alpha = lr*sqrt(1-beta_2^t)/(1-beta_1^t), "
                   "w -= alpha*m/(sqrt(v) + eps) (epsilon은 편향 보정하지 않음)."},
}


def _exercise(name: str, points: int) -> Exercise:
    return Exercise(TOPIC, name, points, _cases_for(name), _oracle_for(name), HINTS[name],
                    mistakes=_mistakes_for(name), outputs=("new_params", "new_state"), checks=(optimizer_step_count,))


EXERCISES = (
    _exercise("sgd", 2),
    _exercise("rmsprop", 2),
    _exercise("adam", 2),
)

topic = Topic(TOPIC, {"en": "Optimizers", "ko": "옵티마이저"}, EXERCISES)
