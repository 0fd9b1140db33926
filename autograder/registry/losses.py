"""Registry: the losses topic (``solutions/losses.py``).

Forwards are checked against ``keras.losses.<name>`` (per-sample losses);
backwards against ``tf.GradientTape`` on ``tf.reduce_mean`` of those losses,
which is Keras' default ``"sum_over_batch_size"`` reduction.

CTC is checked against ``tf.nn.ctc_loss(..., logits_time_major=False)`` with
the dense labels handed over as a ``SparseTensor`` (the same function's CPU
CTC kernel), because the dense-label path of ``tf.nn.ctc_loss``
(``ctc_loss_dense``) (a) refuses float64 logits (it mixes in float32
constants) and (b) uses log(1e-307) instead of log(0) for unreachable states,
so an infeasible sample gets a finite loss of about 707 plus a gradient that
depends on the label padding. The kernel reports +inf and the softmax as the
gradient, which is what the math says. Feasible samples agree between the two
paths (tests/test_losses.py checks it). CTC cases are float32 only: for
float64 inputs TensorFlow's kernel still adds log-probabilities with a float32
``log1pf(expf(.))`` correction (tensorflow/core/util/ctc/ctc_loss_util.h), so
its float64 output is only float32-accurate and a correct float64 answer
cannot meet the float64 tolerance.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from ..cases import FLOAT_DTYPES, Case, normal, probabilities, uniform
from ..diagnose import candidate
from ..exercise import Exercise, Topic
from ..tfbridge import keras, tensor, tf
from ..tolerances import input_scale

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
        if not sparse:
            soft = probabilities(rng, (b, c), dt)
            out.append(Case(f"{n} soft labels, logits", (soft, normal(rng, (b, c), dt, 3.0)), {"from_logits": True},
                            terms=c, note="label rows that sum to 1 but are not one-hot"))
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
        e = p.dtype.type(EPS)
        q = _clip(p)[0]
        return [("diag_no_clip", -(y * np.log(p) + (1 - y) * np.log(1 - p)).mean(axis=-1)),
                ("diag_eps_added", -(y * np.log(q + e) + (1 - y) * np.log(1 - q + e)).mean(axis=-1)),  # tf.keras 2
                ("diag_eps_added", -(y * np.log(p + e) + (1 - y) * np.log(1 - p + e)).mean(axis=-1))]

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


def _mistakes(name, backward):
    make = _variants(name, backward)

    def mistakes(case, expected):
        if make is None or case.kwargs.get("from_logits"):
            return []
        y, p = case.args[0], case.args[1]
        with np.errstate(all="ignore"):
            variants = make(np.asarray(y), np.asarray(p))
        return [m for key, v in variants for m in candidate(key, v.astype(p.dtype), expected, case.terms)]
    return mistakes


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


def _exercise(name, cases, points, backward=False, oracle=None, diagnosed=True, **kw) -> Exercise:
    base = name[: -len("_backward")] if backward else name
    if oracle is None:
        oracle = _backward_oracle(base) if backward else _forward_oracle(base)
    return Exercise(TOPIC, name, points, cases, oracle, HINTS[name],
                    mistakes=_mistakes(base, backward) if diagnosed else None, **kw)


EXERCISES = (
    _exercise("binary_crossentropy", _bce_cases, 2),
    _exercise("binary_crossentropy_backward", _bce_cases, 2, backward=True),
    _exercise("categorical_crossentropy", _cce_cases, 2),
    _exercise("categorical_crossentropy_backward", _cce_cases, 3, backward=True),
    _exercise("sparse_categorical_crossentropy", _scce_cases, 2),
    _exercise("sparse_categorical_crossentropy_backward", _scce_cases, 3, backward=True),
    _exercise("mean_squared_error", _mse_cases, 1, diagnosed=False),
    _exercise("mean_squared_error_backward", _mse_cases, 1, backward=True, diagnosed=False),
)


# ---------------------------------------------------------------- CTC


def _ctc_batch(rng, dt, batch, frames, classes, max_len, blank, repeats=False, short=True):
    """Random feasible CTC inputs: labels avoid the blank, lengths fit the frames (repeats need a blank)."""
    others = np.array([k for k in range(classes) if k != blank])
    labels = np.zeros((batch, max_len), np.int32)
    label_length = np.zeros(batch, np.int32)
    logit_length = np.zeros(batch, np.int32)
    for b in range(batch):
        n = int(rng.integers(1, max_len + 1))
        row = rng.choice(others, n)
        if repeats and n >= 2:
            row[1] = row[0]
        need = n + int((row[1:] == row[:-1]).sum())
        while need > frames:  # shorten until it fits
            n -= 1
            row = row[:n]
            need = n + int((row[1:] == row[:-1]).sum())
        labels[b, :n] = row
        label_length[b] = n
        logit_length[b] = int(rng.integers(need, frames + 1)) if short else frames
    logits = normal(rng, (batch, frames, classes), dt, 2.0)
    return labels, logits, label_length, logit_length


def _ctc_cases(rng) -> list[Case]:
    """float32 only: TensorFlow's CTC kernel is not float64-accurate (see the module docstring)."""
    dt = np.float32
    out = []
    for size in ("small", "wider"):
        c = int(rng.integers(4, 6)) if size == "small" else int(rng.integers(6, 9))
        t = int(rng.integers(6, 9)) if size == "small" else int(rng.integers(10, 14))
        args = _ctc_batch(rng, dt, 3, t, c, 3, 0)
        out.append(Case(f"{size} batch", args, terms=t * c, note="per-sample lengths shorter than the frames"))
        args = _ctc_batch(rng, dt, 2, t, c, 4, 0, repeats=True)
        out.append(Case(f"{size} repeated labels", args, terms=t * c, note="a repeated label needs a blank between"))
        args = _ctc_batch(rng, dt, 2, t, c, 3, c - 1)
        out.append(Case(f"{size} blank_index=-1", args, {"blank_index": -1}, terms=t * c,
                        note="the blank is the last class"))
        mid = int(rng.integers(1, c - 1))
        args = _ctc_batch(rng, dt, 2, t, c, 3, mid, repeats=True)
        out.append(Case(f"{size} blank_index={mid}", args, {"blank_index": mid}, terms=t * c,
                        note="the blank is a middle class"))
    labels = np.array([[2], [1]], np.int32)
    logits = normal(rng, (2, 1, 3), dt, 2.0)
    out.append(Case("length 1", (labels, logits, np.array([1, 1], np.int32), np.array([1, 1], np.int32)),
                    terms=3, note="one frame and one label"))
    t = 4
    labels = np.array([[1, 1, 1], [2, 3, 0], [3, 2, 2]], np.int32)
    labels[1, :2] = rng.permutation([2, 3, 4])[:2]
    logits = normal(rng, (3, t, 5), dt, 2.0)
    out.append(Case("infeasible", (labels, logits, np.array([3, 2, 3], np.int32), np.array([4, 3, 3], np.int32)),
                    terms=t * 5, note="samples 0 and 2 cannot fit their repeated labels in the frames: +inf loss"))
    labels, logits, ll, tl = _ctc_batch(rng, dt, 2, 14, 6, 5, 0, short=False)
    logits = (logits * 6).astype(dt)
    out.append(Case("peaked logits", (labels, logits, ll, tl), terms=14 * 6,
                    note="confident frames: path probabilities underflow float32 unless the recursion is in log space"))
    labels = np.array([[1, 2, 2, 1, 0]], np.int32)
    logits = normal(rng, (1, 5, 3), dt, 2.0)
    out.append(Case("exactly enough frames", (labels, logits, np.array([4], np.int32), np.array([5], np.int32)),
                    terms=15, note="a single alignment fits"))
    # A loss near 0 (one alignment near certain) is a difference of log-probabilities as large as
    # the logits, and carries their rounding error: the logits' size is the tolerance's floor.
    return [replace(c, scale=input_scale(c.args[1])) for c in out]


def _ctc_tf(labels, logits, label_length, logit_length, blank_index):
    """``tf.nn.ctc_loss`` with the dense labels passed as a SparseTensor (TensorFlow's CTC kernel)."""
    t = tf()
    rows = [(b, i) for b in range(labels.shape[0]) for i in range(int(label_length[b]))]
    indices = np.array(rows, np.int64).reshape(-1, 2)
    values = np.array([labels[b, i] for b, i in rows], np.int32)
    sparse = t.SparseTensor(indices, values, [labels.shape[0], labels.shape[1]])
    return t.nn.ctc_loss(sparse, logits, None, tensor(np.asarray(logit_length, np.int32)),
                         logits_time_major=False, blank_index=blank_index)


def _ctc_oracle(labels, logits, label_length, logit_length, blank_index=0):
    return _ctc_tf(labels, tensor(logits), label_length, logit_length, blank_index)


_ctc_oracle.__name__ = "tf.nn.ctc_loss"


def _ctc_backward_oracle(labels, logits, label_length, logit_length, blank_index=0):
    t = tf()
    z = t.Variable(logits)
    with t.GradientTape() as tape:
        total = t.reduce_sum(_ctc_tf(labels, z, label_length, logit_length, blank_index))
    return tape.gradient(total, z)


_ctc_backward_oracle.__name__ = "GradientTape(sum(tf.nn.ctc_loss))"

def _ctc_numpy(labels, logits, label_length, logit_length, blank, log_softmax=True, skip_repeats=False):
    """Plain CTC negative log-likelihoods, for the diagnoses' wrong variants (float64, small inputs)."""
    z = logits.astype(np.float64)
    if log_softmax:
        z = z - z.max(axis=-1, keepdims=True)
        z = z - np.log(np.exp(z).sum(axis=-1, keepdims=True))
    out = np.empty(z.shape[0])
    for b in range(z.shape[0]):
        ext = [blank]
        for k in labels[b, : label_length[b]]:
            ext += [int(k), blank]
        alpha = np.full(len(ext), -np.inf)
        alpha[:2] = z[b, 0, ext[:2]]
        for t in range(1, int(logit_length[b])):
            prev = alpha.copy()
            for s in range(len(ext)):
                terms = [prev[s]] + ([prev[s - 1]] if s >= 1 else [])
                if s >= 2 and ext[s] != blank and (skip_repeats or ext[s] != ext[s - 2]):
                    terms.append(prev[s - 2])
                alpha[s] = np.logaddexp.reduce(terms) + z[b, t, ext[s]]
        out[b] = -np.logaddexp.reduce(alpha[-2:])
    return out


def _ctc_mistakes(case, expected):
    labels, logits, ll, tl = case.args
    blank = int(case.kwargs.get("blank_index", 0)) % logits.shape[-1]
    found = []
    with np.errstate(all="ignore"):
        for key, kw in (("diag_ctc_log_softmax", {"log_softmax": False}), ("diag_ctc_repeats", {"skip_repeats": True})):
            v = _ctc_numpy(labels, logits, ll, tl, blank, **kw).astype(logits.dtype)
            found += candidate(key, v, expected, case.terms)
    return found


def _ctc_backward_mistakes(case, expected):
    """-posterior alone (the gradient w.r.t. the log-probabilities) instead of softmax - posterior."""
    logits, tl = case.args[1], case.args[3]
    with np.errstate(all="ignore"):
        e = np.exp(logits - logits.max(axis=-1, keepdims=True))
        mask = (np.arange(logits.shape[1])[None, :] < np.asarray(tl)[:, None])[..., None]
        v = (expected - mask * e / e.sum(axis=-1, keepdims=True)).astype(logits.dtype)
    return candidate("diag_ctc_softmax_term", v, expected, case.terms)


HINTS["ctc_loss"] = {
    "en": "log_softmax each frame; extend the labels to blank, l1, blank, ..., lL, blank; alpha[0] starts in the "
          "first two states; alpha[t, s] = logsumexp(alpha[t-1, s], alpha[t-1, s-1], alpha[t-1, s-2] if l_s is not "
          "blank and differs from l_{s-2}) + log p[t, l_s]; the loss is -logsumexp of the last two states at "
          "frame logit_length-1. Work in log space; -inf stays -inf (loss +inf).",
    "ko": "프레임마다 log_softmax를 구하고 레이블을 blank, l1, blank, ..., lL, blank로 늘리세요. alpha[0]은 처음 두 상태에서 "
          "시작하고, alpha[t, s] = logsumexp(alpha[t-1, s], alpha[t-1, s-1], (l_s가 blank가 아니고 l_{s-2}와 다르면) "
          "alpha[t-1, s-2]) + log p[t, l_s]입니다. 손실은 logit_length-1 프레임의 마지막 두 상태에 대한 -logsumexp입니다. "
          "로그 공간에서 계산하고, -inf는 그대로 두세요 (손실 +inf)."}
HINTS["ctc_loss_backward"] = {
    "en": "Run beta backwards like alpha; the posterior of state s at frame t is exp(alpha + beta - log p) "
          "(beta without frame t's own probability). Gradient = softmax - posterior summed per class, 0 after "
          "logit_length; an infeasible sample (loss +inf) gets just the softmax.",
    "ko": "beta를 alpha처럼 뒤에서부터 구하세요. 프레임 t에서 상태 s의 사후확률은 exp(alpha + beta - log p)입니다 "
          "(beta에는 프레임 t 자신의 확률을 넣지 않음). 그래디언트 = softmax - 클래스별로 더한 사후확률이고, logit_length 이후는 "
          "0입니다. 불가능한 샘플(손실 +inf)은 softmax만 받습니다."}

EXERCISES = EXERCISES + (
    Exercise(TOPIC, "ctc_loss", 4, _ctc_cases, _ctc_oracle, HINTS["ctc_loss"], mistakes=_ctc_mistakes),
    Exercise(TOPIC, "ctc_loss_backward", 4, _ctc_cases, _ctc_backward_oracle, HINTS["ctc_loss_backward"],
             mistakes=_ctc_backward_mistakes),
)

topic = Topic(TOPIC, {"en": "Losses", "ko": "손실함수"}, EXERCISES)
