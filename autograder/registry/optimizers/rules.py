"""Keras' optimizer rules replayed in NumPy (float64), with the typical slips: what the cases use to draw a
state after earlier steps (so a warm ``check`` never imports TensorFlow) and what the diagnoses compare
a wrong answer with."""

from __future__ import annotations

import numpy as np

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
    wrong answers. ``mistake`` is "" (Keras' rule) or one or more of these
    joined by "+": "lr64" (learning rate not rounded to float32), "all64"
    (nothing rounded to float32: neither the learning rate nor SGD's momentum
    nor the betas of Adam's powers), "eps_outside" (RMSprop: ``sqrt(v) + eps``),
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
    flags = set(mistake.split("+")) if mistake else set()
    mistake = next(iter(flags - {"lr64", "all64"}), "")
    f32 = float if "all64" in flags else (lambda v: float(np.float32(v)))  # keras.ops.cast rounds through float32
    lr = float(h["learning_rate"]) if flags & {"lr64", "all64"} else float(np.float32(h["learning_rate"]))
    new_p, new = [], {s: [] for s in SLOT_ATTRS[name]}
    for i, (w, g) in enumerate(zip(params, grads)):
        w, g = np.asarray(w, np.float64), np.asarray(g, np.float64)
        if name == "sgd":
            mu = f32(h["momentum"])
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
            p1, p2 = f32(b1), f32(b2)  # the powers use float32-rounded betas
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

