"""Registry: the losses topic (``solutions/losses.py``).

Forwards are checked against ``keras.losses.<name>`` (per-sample losses);
backwards against ``tf.GradientTape`` on ``tf.reduce_mean`` of those losses,
which is Keras' default ``"sum_over_batch_size"`` reduction.
"""

from __future__ import annotations

import numpy as np

from ..cases import FLOAT_DTYPES, Case, normal, one_hot, probabilities, uniform
from ..exercise import Exercise, Topic
from ..tfbridge import keras, tensor, tf
from ..tolerances import rtol_for

TOPIC = "losses"
EPS = 1e-7

# ---------------------------------------------------------------- cases


def _nm(dt) -> str:
    return np.dtype(dt).name


def _odd(rng, low=1, high=5) -> int:
    return int(rng.integers(low, high)) * 2 + 1


def _bce_cases(rng) -> list[Case]:
    out = []
    for dt in FLOAT_DTYPES:
        n = _nm(dt)
        b, k = int(rng.integers(2, 9)), int(rng.integers(2, 7))
        y = rng.integers(0, 2, (b, k)).astype(dt)
        out.append(Case(f"{n} batch", (y, uniform(rng, (b, k), dt, 0.01, 0.99)), terms=k))
        y = rng.integers(0, 2, (b, 1)).astype(dt)
        out.append(Case(f"{n} one output", (y, uniform(rng, (b, 1), dt, 0.01, 0.99)),
                        note="a single sigmoid output per sample"))
        k = _odd(rng)
        y = rng.integers(0, 2, (1, k)).astype(dt)
        out.append(Case(f"{n} batch 1", (y, uniform(rng, (1, k), dt, 0.01, 0.99)), terms=k))
        y = uniform(rng, (b, k), dt)
        out.append(Case(f"{n} soft labels", (y, uniform(rng, (b, k), dt, 0.01, 0.99)), terms=k,
                        note="labels strictly between 0 and 1"))
        y = np.array([[0, 1, 1, 0, 1, 0], [1, 0, 1, 1, 0, 0]], dt)
        p = np.array([[0, 1, 0.3, 0.9, 0, 1], [0.2, 0.5, 1, 0, 1e-9, 1 - 1e-9]], dt)
        p[:, 2:4] = uniform(rng, (2, 2), dt, 0.05, 0.95)
        out.append(Case(f"{n} exact 0 and 1", (y, p), terms=6,
                        note="probabilities of exactly 0 and 1 (Keras clips to [1e-7, 1 - 1e-7])"))
        y = rng.integers(0, 2, (2, 3, 4)).astype(dt)
        out.append(Case(f"{n} rank 3", (y, uniform(rng, (2, 3, 4), dt, 0.01, 0.99)), terms=4,
                        note="(batch, time, k): the mean is over the last axis only"))
        y = rng.integers(0, 2, (b, k)).astype(dt)
        out.append(Case(f"{n} logits", (y, normal(rng, (b, k), dt, 3.0)), {"from_logits": True}, terms=k))
        z = np.array([[-1e4, -100.0, -20.0, 0.0, 20.0, 100.0, 1e4]] * 2, dt)
        y = np.array([[0, 1, 0, 1, 1, 0, 1], [1, 0, 1, 0, 0, 1, 0]], dt)
        y[1, 3] = 0.25
        out.append(Case(f"{n} huge logits", (y, z), {"from_logits": True}, terms=7,
                        note="logits up to +-1e4: exp must not overflow"))
    return out


def _cat_cases(rng, sparse: bool) -> list[Case]:
    def labels(b, c, dt, int_dtype=np.int64):
        ids = rng.integers(0, c, b)
        return ids.astype(int_dtype) if sparse else np.eye(c, dtype=dt)[ids]

    out = []
    int_dtypes = (np.int32, np.int64)
    for i, dt in enumerate(FLOAT_DTYPES):
        n = _nm(dt)
        idt = int_dtypes[i]
        b, c = int(rng.integers(2, 9)), int(rng.integers(3, 8))
        out.append(Case(f"{n} batch", (labels(b, c, dt, idt), probabilities(rng, (b, c), dt)), terms=c))
        c = _odd(rng)
        out.append(Case(f"{n} batch 1, odd classes", (labels(1, c, dt, idt), probabilities(rng, (1, c), dt)), terms=c))
        out.append(Case(f"{n} unnormalised", (labels(b, c, dt, idt), probabilities(rng, (b, c), dt, normalized=False)),
                        terms=c, note="rows that do not sum to 1"))
        p = np.array([[0, 1, 0, 0, 0], [0.0, 0.5, 0.5, 0, 0], [0.3, 0, 0.3, 0.4, 0], [0, 0, 2.0, 1.5, 0.5],
                      [0, 0, 0, 0, 3.0]], dt)
        ids = np.array([1, 0, 2, 2, 4])
        ids[2] = rng.choice([0, 2, 3])
        y = ids.astype(idt) if sparse else np.eye(5, dtype=dt)[ids]
        out.append(Case(f"{n} exact 0 and 1", (y, p), terms=5,
                        note="probabilities of exactly 0 and 1, some rows unnormalised"))
        out.append(Case(f"{n} logits", (labels(b, c, dt, idt), normal(rng, (b, c), dt, 3.0)), {"from_logits": True},
                        terms=c))
        z = np.array([[1e4, -1e4, 0.0, 50.0, -50.0], [-1e4, -1e4, -1e4, -1e4, 1e4], [3.0, 3.0, 3.0, 3.0, 3.0]], dt)
        y = np.array([1, 4, 2]).astype(idt) if sparse else np.eye(5, dtype=dt)[[1, 4, 2]]
        out.append(Case(f"{n} huge logits", (y, z), {"from_logits": True}, terms=5,
                        note="logits of +-1e4: subtract the max before exp"))
    y = labels(6, 4, np.float64)
    y = y.reshape(2, 3) if sparse else y.reshape(2, 3, 4)
    out.append(Case("float64 rank 3", (y, probabilities(rng, (2, 3, 4), np.float64)), terms=4,
                    note="(batch, time, classes): one loss per position"))
    if sparse:
        b, c = int(rng.integers(2, 6)), 4
        out.append(Case("float32 labels (batch, 1) uint8", (rng.integers(0, c, (b, 1)).astype(np.uint8),
                                                             probabilities(rng, (b, c), np.float32)), terms=c,
                        note="a trailing label dim of 1 is squeezed, any int dtype"))
    return out


def _mse_cases(rng) -> list[Case]:
    out = []
    for dt in FLOAT_DTYPES:
        n = _nm(dt)
        b, k = int(rng.integers(2, 9)), int(rng.integers(2, 7))
        out.append(Case(f"{n} batch", (normal(rng, (b, k), dt), normal(rng, (b, k), dt)), terms=k))
        k = _odd(rng)
        out.append(Case(f"{n} batch 1", (normal(rng, (1, k), dt), normal(rng, (1, k), dt)), terms=k))
        out.append(Case(f"{n} rank 3", (normal(rng, (2, 3, 4), dt), normal(rng, (2, 3, 4), dt)), terms=4))
        out.append(Case(f"{n} one output", (normal(rng, (b, 1), dt, 10.0), normal(rng, (b, 1), dt, 10.0)),
                        note="regression with one output per sample"))
    b = int(rng.integers(2, 6))
    out.append(Case("float32 integer targets", (rng.integers(-3, 4, (b, 3)).astype(np.int64),
                                                normal(rng, (b, 3), np.float32)), terms=3,
                    note="y_true is cast to y_pred's dtype"))
    return out


def _cce_cases(rng):
    return _cat_cases(rng, sparse=False)


def _scce_cases(rng):
    return _cat_cases(rng, sparse=True)


# ---------------------------------------------------------------- oracles


def _forward_oracle(name):
    def oracle(y_true, y_pred, **kw):
        return getattr(keras().losses, name)(tensor(y_true), tensor(y_pred), **kw)
    oracle.__name__ = f"keras.losses.{name}"
    return oracle


def _backward_oracle(name):
    def oracle(y_true, y_pred, **kw):
        t = tf()
        fn = getattr(keras().losses, name)
        p = t.Variable(y_pred)
        with t.GradientTape() as tape:
            loss = t.reduce_mean(fn(tensor(y_true), p, **kw))
        g = tape.gradient(loss, p)
        return np.zeros_like(y_pred) if g is None else np.asarray(t.convert_to_tensor(g).numpy())
    oracle.__name__ = f"GradientTape(reduce_mean(keras.losses.{name}))"
    return oracle


# ---------------------------------------------------------------- diagnoses


def _matches(got, variant, terms) -> bool:
    """``got`` equals ``variant`` within a loose tolerance, non-finite entries included."""
    if not isinstance(got, np.ndarray) or got.shape != variant.shape or got.dtype.kind != "f":
        return False
    g, v = got.astype(np.float64), variant.astype(np.float64)
    gf, vf = np.isfinite(g), np.isfinite(v)
    if (gf != vf).any() or (np.isnan(g) != np.isnan(v)).any() or (g[~gf & ~np.isnan(g)] != v[~vf & ~np.isnan(v)]).any():
        return False
    if not gf.any():
        return True
    rtol = rtol_for(variant.dtype, terms) * 4
    scale = float(np.abs(v[gf]).max())
    return bool(np.all(np.abs(g[gf] - v[gf]) <= rtol * (np.abs(v[gf]) + scale)))


def _different(variant, expected, terms) -> bool:
    return not _matches(variant, np.asarray(expected), terms)


def _clip(p):
    lo, hi = p.dtype.type(EPS), p.dtype.type(1 - EPS)
    return np.clip(p, lo, hi), (p >= lo) & (p <= hi)


def _onehot_like(y_true, p):
    ids = np.asarray(y_true)
    if ids.ndim == p.ndim:
        ids = ids[..., 0]
    return (np.arange(p.shape[-1]) == ids[..., None]).astype(p.dtype)


def _variants(name, backward):
    """``variant(y, p) -> [(message key, array), ...]``: the known mistakes of one loss."""
    def bce(y, p):
        y = y.astype(p.dtype)
        n = p.size
        if backward:
            return [("diag_no_clip", (-(y / p) + (1 - y) / (1 - p)) / n)]
        return [("diag_no_clip", -(y * np.log(p) + (1 - y) * np.log(1 - p)).mean(axis=-1))]

    def cce(y, p):
        y = y.astype(p.dtype)
        s = p.sum(axis=-1, keepdims=True)
        n = p.size // p.shape[-1]
        q, inside = _clip(p)
        if backward:
            dq = -y / (p / s)
            no_clip = (dq / s - (dq * p).sum(axis=-1, keepdims=True) / (s * s)) / n
            return [("diag_no_clip", no_clip), ("diag_no_normalize", np.where(inside, -y / q, 0) / n)]
        return [("diag_no_clip", -(y * np.log(p / s)).sum(axis=-1)),
                ("diag_no_normalize", -(y * np.log(q)).sum(axis=-1))]

    def scce(y, p):
        oh = _onehot_like(y, p)
        s = p.sum(axis=-1, keepdims=True)
        n = p.size // p.shape[-1]
        q, inside = _clip(p)
        if backward:
            return [("diag_no_clip", (p / s - oh) / p / n),
                    ("diag_sparse_order", np.where(inside, -oh / q, 0) / n)]
        return [("diag_no_clip", -(oh * np.log(p / s)).sum(axis=-1)),
                ("diag_sparse_order", -(oh * np.log(q)).sum(axis=-1)),  # no renormalisation
                ("diag_sparse_order", -(oh * np.log(_clip(p / s)[0])).sum(axis=-1))]  # renormalise, then clip

    return {"binary_crossentropy": bce, "categorical_crossentropy": cce,
            "sparse_categorical_crossentropy": scce}.get(name)


def _diagnose(name, backward):
    make = _variants(name, backward)

    def diagnose(case, got, expected):
        if make is None or case.kwargs.get("from_logits") or not isinstance(got, np.ndarray):
            return []
        y, p = case.args[0], case.args[1]
        with np.errstate(all="ignore"):
            variants = make(np.asarray(y), np.asarray(p))
        found = []
        for key, v in variants:
            v = v.astype(p.dtype)
            if key not in found and _different(v, expected, case.terms) and _matches(got, v, case.terms):
                found.append(key)
        return [(k, {}) for k in found]
    return diagnose


# ---------------------------------------------------------------- exercises

HINTS = {
    "binary_crossentropy": {
        "en": "Clip p to [1e-7, 1 - 1e-7] (in p's dtype), then -(y log p + (1-y) log(1-p)) and the mean over the "
              "last axis. Logits: max(z, 0) - z y + log1p(exp(-|z|)).",
        "ko": "p를 [1e-7, 1 - 1e-7]로 clip한 뒤(p와 같은 dtype) -(y log p + (1-y) log(1-p))를 마지막 축에 대해 평균 내세요. "
              "로짓(logits)이면 max(z, 0) - z y + log1p(exp(-|z|))입니다."},
    "binary_crossentropy_backward": {
        "en": "Differentiate the batch mean: divide by the number of elements of y_pred. Where the clip acted "
              "(p < 1e-7 or p > 1 - 1e-7) the gradient is 0. Logits: (sigmoid(z) - y) / size.",
        "ko": "배치 평균을 미분합니다: y_pred의 원소 수로 나누세요. clip이 작동한 곳(p < 1e-7 또는 p > 1 - 1e-7)의 "
              "그래디언트는 0입니다. 로짓이면 (sigmoid(z) - y) / size입니다."},
    "categorical_crossentropy": {
        "en": "First p / sum(p) along the last axis, then clip to [1e-7, 1 - 1e-7], then -sum(y log p). "
              "Logits: -sum(y * log_softmax(z)) with the max subtracted.",
        "ko": "먼저 마지막 축으로 p / sum(p)로 정규화하고, [1e-7, 1 - 1e-7]로 clip한 뒤 -sum(y log p)입니다. "
              "로짓이면 최댓값을 뺀 log_softmax로 -sum(y * log_softmax(z))입니다."},
    "categorical_crossentropy_backward": {
        "en": "Chain rule through log, the clip (0 where it acted) and q = p / sum(p); divide by the batch size. "
              "Logits: (softmax(z) - y) / batch.",
        "ko": "log, clip(작동한 곳은 0), q = p / sum(p)를 차례로 거슬러 연쇄법칙을 쓰고 배치 크기로 나누세요. "
              "로짓이면 (softmax(z) - y) / batch입니다."},
    "sparse_categorical_crossentropy": {
        "en": "TensorFlow backend: clip p to [1e-7, 1 - 1e-7] first, then renormalise: -log(clip(p)_y / sum(clip(p))). "
              "Logits: -log_softmax(z)_y. Squeeze a trailing label dim of 1.",
        "ko": "TensorFlow 백엔드는 먼저 p를 [1e-7, 1 - 1e-7]로 clip하고 그다음 정규화합니다: "
              "-log(clip(p)_y / sum(clip(p))). 로짓이면 -log_softmax(z)_y. 레이블의 마지막 크기 1 축은 없애세요."},
    "sparse_categorical_crossentropy_backward": {
        "en": "With z = log(clip(p)): dz = softmax(z) - onehot(y); dp = dz / clip(p), 0 where the clip acted; "
              "divide by the batch size.",
        "ko": "z = log(clip(p))라 두면 dz = softmax(z) - onehot(y), dp = dz / clip(p)이고 clip이 작동한 곳은 0입니다. "
              "배치 크기로 나누세요."},
    "mean_squared_error": {
        "en": "mean((y_true - y_pred)**2) over the last axis only: one loss per sample.",
        "ko": "마지막 축에 대해서만 mean((y_true - y_pred)**2)를 구하세요. 샘플마다 손실이 하나입니다."},
    "mean_squared_error_backward": {
        "en": "2 (y_pred - y_true) divided by the number of elements (the last axis times the batch).",
        "ko": "2 (y_pred - y_true)를 원소 수(마지막 축 크기 × 배치)로 나누세요."},
}


def _exercise(name, cases, points, backward=False, oracle=None, diagnose=True, **kw) -> Exercise:
    base = name[: -len("_backward")] if backward else name
    if oracle is None:
        oracle = _backward_oracle(base) if backward else _forward_oracle(base)
    return Exercise(TOPIC, name, points, cases, oracle, HINTS[name],
                    diagnose=_diagnose(base, backward) if diagnose else None, **kw)


EXERCISES = (
    _exercise("binary_crossentropy", _bce_cases, 2),
    _exercise("binary_crossentropy_backward", _bce_cases, 2, backward=True),
    _exercise("categorical_crossentropy", _cce_cases, 2),
    _exercise("categorical_crossentropy_backward", _cce_cases, 3, backward=True),
    _exercise("sparse_categorical_crossentropy", _scce_cases, 2),
    _exercise("sparse_categorical_crossentropy_backward", _scce_cases, 3, backward=True),
    _exercise("mean_squared_error", _mse_cases, 1, diagnose=False),
    _exercise("mean_squared_error_backward", _mse_cases, 1, backward=True, diagnose=False),
)

topic = Topic(TOPIC, {"en": "Losses", "ko": "손실함수"}, EXERCISES)
