"""Candidate mistakes of the losses topic, recomputed in NumPy (no clipping, tf.keras 2's ``log(p + eps)``,
no renormalisation, the other clip/renormalise order, CTC on raw logits or without the blank between
repeats, the CTC gradient without its softmax term): what those slips return on a case
(:class:`autograder.diagnose.Mistake`), recognised in the student's output."""

from __future__ import annotations

import numpy as np

from ...diagnose import candidate

EPS = 1e-7


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


def loss(name, backward):
    """The candidate mistakes of one loss (or its gradient): the known slips' outputs."""
    make = _variants(name, backward)

    def mistakes(case, expected):
        if make is None or case.kwargs.get("from_logits"):
            return []
        y, p = case.args[0], case.args[1]
        with np.errstate(all="ignore"):
            variants = make(np.asarray(y), np.asarray(p))
        return [m for key, v in variants for m in candidate(key, v.astype(p.dtype), expected, case.terms)]
    return mistakes


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


def ctc_loss(case, expected):
    """CTC on the raw logits (no log_softmax), or CTC that skips the blank between two equal labels."""
    labels, logits, ll, tl = case.args
    blank = int(case.kwargs.get("blank_index", 0)) % logits.shape[-1]
    found = []
    with np.errstate(all="ignore"):
        for key, kw in (("diag_ctc_log_softmax", {"log_softmax": False}), ("diag_ctc_repeats", {"skip_repeats": True})):
            v = ctc_numpy(labels, logits, ll, tl, blank, **kw).astype(logits.dtype)
            found += candidate(key, v, expected, case.terms)
    return found


def ctc_loss_backward(case, expected):
    """-posterior alone (the gradient w.r.t. the log-probabilities) instead of softmax - posterior."""
    logits, tl = case.args[1], case.args[3]
    with np.errstate(all="ignore"):
        e = np.exp(logits - logits.max(axis=-1, keepdims=True))
        mask = (np.arange(logits.shape[1])[None, :] < np.asarray(tl)[:, None])[..., None]
        v = (expected - mask * e / e.sum(axis=-1, keepdims=True)).astype(logits.dtype)
    return candidate("diag_ctc_softmax_term", v, expected, case.terms)
