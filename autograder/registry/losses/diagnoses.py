"""Mistakes of the losses topic, recomputed in NumPy: no clipping, tf.keras 2's ``log(p + eps)``, no
renormalisation, the other clip/renormalise order, logits through an exp that overflows, CTC on raw logits or
without the blank between repeats, the CTC gradient without its softmax term."""

from __future__ import annotations

import numpy as np

from ...exercise import Mistake

EPS = 1e-7


def _clip(p):
    lo, hi = p.dtype.type(EPS), p.dtype.type(1 - EPS)
    return np.clip(p, lo, hi), (p >= lo) & (p <= hi)


def _onehot_like(y_true, p):
    ids = np.asarray(y_true)
    if ids.ndim == p.ndim:
        ids = ids[..., 0]
    return (np.arange(p.shape[-1]) == ids[..., None]).astype(p.dtype)


def _bce(backward):
    """``[(message key, variant(y, p)), ...]``: binary cross-entropy's known slips."""
    def no_clip(y, p):
        if backward:
            return (-(y / p) + (1 - y) / (1 - p)) / p.size
        return -(y * np.log(p) + (1 - y) * np.log(1 - p)).mean(axis=-1)

    def eps_added(clipped):
        def variant(y, p):
            e = p.dtype.type(EPS)
            q = _clip(p)[0] if clipped else p
            return -(y * np.log(q + e) + (1 - y) * np.log(1 - q + e)).mean(axis=-1)
        return variant

    out = [("diag_no_clip", no_clip)]
    if not backward:
        out += [("diag_eps_added", eps_added(True)),  # tf.keras 2
                ("diag_eps_added", eps_added(False))]
    return out


def _cce(backward):
    def no_clip(y, p):
        s = p.sum(axis=-1, keepdims=True)
        if backward:
            dq = -y / (p / s)
            return (dq / s - (dq * p).sum(axis=-1, keepdims=True) / (s * s)) / (p.size // p.shape[-1])
        return -(y * np.log(p / s)).sum(axis=-1)

    def no_normalize(y, p):
        q, inside = _clip(p)
        if backward:
            return np.where(inside, -y / q, 0) / (p.size // p.shape[-1])
        return -(y * np.log(q)).sum(axis=-1)

    return [("diag_no_clip", no_clip), ("diag_no_normalize", no_normalize)]


def _scce(backward):
    def no_clip(y, p):
        oh, s = _onehot_like(y, p), p.sum(axis=-1, keepdims=True)
        if backward:
            return (p / s - oh) / p / (p.size // p.shape[-1])
        return -(oh * np.log(p / s)).sum(axis=-1)

    def no_normalize(y, p):  # the clip without the renormalisation
        oh, (q, inside) = _onehot_like(y, p), _clip(p)
        if backward:
            return np.where(inside, -oh / q, 0) / (p.size // p.shape[-1])
        return -(oh * np.log(q)).sum(axis=-1)

    def normalize_then_clip(y, p):
        return -(_onehot_like(y, p) * np.log(_clip(p / p.sum(axis=-1, keepdims=True))[0])).sum(axis=-1)

    return [("diag_no_clip", no_clip), ("diag_sparse_order", no_normalize)] + \
        ([] if backward else [("diag_sparse_order", normalize_then_clip)])


def _naive_softmax(z):
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def _unstable(name, backward):
    """The loss on logits computed through exp as written (sigmoid or softmax without the max subtracted)."""
    def bce(y, z):
        s = 1 / (1 + np.exp(-z))
        return -(y * np.log(s) + (1 - y) * np.log(1 - s)).mean(axis=-1)

    def cce(y, z):
        s = _naive_softmax(z)
        return (s - y) / (z.size // z.shape[-1]) if backward else -(y * np.log(s)).sum(axis=-1)

    def scce(y, z):
        return cce(_onehot_like(y, z), z)

    found = {"binary_crossentropy": None if backward else bce, "categorical_crossentropy": cce,
             "sparse_categorical_crossentropy": scce}.get(name)
    return [] if found is None else [("diag_unstable", found)]


def mistakes(name: str, backward: bool) -> tuple[Mistake, ...]:
    """The declared mistakes of one cross-entropy (or its gradient)."""
    def declare(key, variant, logits):
        def compute(case):
            y, p = np.asarray(case.args[0]), np.asarray(case.args[1])
            if name != "sparse_categorical_crossentropy":
                y = y.astype(p.dtype)
            return np.asarray(variant(y, p)).astype(p.dtype)
        return Mistake(key, compute, lambda case: bool(case.kwargs.get("from_logits")) == logits)

    slips = {"binary_crossentropy": _bce, "categorical_crossentropy": _cce,
             "sparse_categorical_crossentropy": _scce}[name](backward)
    return tuple([declare(k, v, False) for k, v in slips] + [declare(k, v, True) for k, v in _unstable(name, backward)])


def ctc_numpy(labels, logits, label_length, logit_length, blank, log_softmax=True, skip_repeats=False):
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


def _ctc_variant(**kw):
    def compute(case):
        labels, logits, ll, tl = case.args
        blank = int(case.kwargs.get("blank_index", 0)) % logits.shape[-1]
        return ctc_numpy(labels, logits, ll, tl, blank, **kw).astype(logits.dtype)
    return compute


def _repeats(case) -> bool:
    """Some label sequence holds two equal labels in a row (only then can the blank between them be skipped)."""
    labels, _, ll, _ = case.args
    return any((row[1:n] == row[:n - 1]).any() for row, n in zip(np.asarray(labels), np.asarray(ll)))


#: CTC on the raw logits (no log_softmax), or CTC that skips the blank between two equal labels.
CTC_LOSS = (Mistake("diag_ctc_log_softmax", _ctc_variant(log_softmax=False)),
            Mistake("diag_ctc_repeats", _ctc_variant(skip_repeats=True), _repeats))


def _minus_posterior(case):
    """-posterior alone (the gradient with respect to the log-probabilities): the expected gradient less the
    softmax of the frames before logit_length (the expected output is a function of the case)."""
    from ... import oracle, registry

    logits, tl = case.args[1], case.args[3]
    e = np.exp(logits - logits.max(axis=-1, keepdims=True))
    mask = (np.arange(logits.shape[1])[None, :] < np.asarray(tl)[:, None])[..., None]
    expected = oracle.expected(registry.get("losses.ctc_loss_backward"), case)
    return (expected - mask * e / e.sum(axis=-1, keepdims=True)).astype(logits.dtype)


CTC_LOSS_BACKWARD = (Mistake("diag_ctc_softmax_term", _minus_posterior),)
