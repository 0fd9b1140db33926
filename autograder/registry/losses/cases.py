"""Cases of the losses topic: both dtypes, batch 1, soft labels, probabilities of exactly 0 and 1, huge
logits, rank 3; CTC batches whose labels fit their frames (float32 only: see the topic's docstring)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from ...cases import FLOAT_DTYPES, Case, normal, probabilities, uniform
from ...tolerances import input_scale

def _nm(dt) -> str:
    return np.dtype(dt).name


def _odd(rng, low=1, high=5) -> int:
    return int(rng.integers(low, high)) * 2 + 1


def binary_crossentropy(rng) -> list[Case]:
    """``(y_true, y_pred)``: 0/1 or soft labels and probabilities (exactly 0 and 1 too) or logits."""
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
        y = np.array([[0, 1, 1, 0, 1, 0], [1, 0, 1, 1, 0, 0], [1, 0, 1, 0, 0, 1]], dt)
        p = np.array([[0, 1, 0.3, 0.9, 0, 1], [0.2, 0.5, 1, 0, 1e-9, 1 - 1e-9], [0, 0, 0, 0, 0.5, 0.5]], dt)
        p[:2, 2:4] = uniform(rng, (2, 2), dt, 0.05, 0.95)
        p[2, :4] = [dt(1e-7), dt(1 - 1e-7), dt(1 - 1e-7), dt(1e-7)]  # exactly at the clip bounds
        out.append(Case(f"{n} exact 0 and 1", (y, p), terms=6,
                        note="probabilities of exactly 0 and 1, and exactly at the clip bounds [1e-7, 1 - 1e-7] "
                             "(where the clip still passes the gradient)"))
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
    out.append(Case("float64 rank 3, logits", (y, normal(rng, (2, 3, 4), np.float64, 3.0)), {"from_logits": True},
                    terms=4, note="(batch, time, classes) logits: the softmax and the sum are over the last axis"))
    c = int(rng.integers(3, 6))
    y = labels(1, c, np.float32)[0]
    out.append(Case("float32 one sample, rank 1", (y, probabilities(rng, (c,), np.float32)), terms=c,
                    note="(classes,) alone: one loss, a 0-d array"))
    p = np.array([[1e-7, 1 - 1e-7, 0, 0], [0.25, 0.25, 0.25, 0.25]], np.float32)
    y = np.array([0, 1]) if sparse else np.eye(4, dtype=np.float32)[[0, 1]]
    out.append(Case("float32 exactly at the clip bounds", (y.astype(np.int32) if sparse else y, p), terms=4,
                    note="probabilities of exactly 1e-7 and 1 - 1e-7: the clip still passes the gradient"))
    if sparse:
        b, c = int(rng.integers(2, 6)), 4
        out.append(Case("float32 labels (batch, 1) uint8", (rng.integers(0, c, (b, 1)).astype(np.uint8),
                                                             probabilities(rng, (b, c), np.float32)), terms=c,
                        note="a trailing label dim of 1 is squeezed, any int dtype"))
    return out


def mean_squared_error(rng) -> list[Case]:
    """``(y_true, y_pred)``: regression targets (integer ones too) and predictions."""
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


def categorical_crossentropy(rng):
    """``(y_true, y_pred)``: one-hot (or soft) labels and probabilities or logits."""
    return _cat_cases(rng, sparse=False)


def sparse_categorical_crossentropy(rng):
    """``(y_true, y_pred)``: integer labels (any int dtype, a trailing dim of 1 too) and probabilities or logits."""
    return _cat_cases(rng, sparse=True)


def ctc_batch(rng, dt, batch, frames, classes, max_len, blank, repeats=False, short=True):
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


def ctc(rng) -> list[Case]:
    """float32 only: TensorFlow's CTC kernel is not float64-accurate (see the topic's docstring)."""
    dt = np.float32
    out = []
    for size in ("small", "wider"):
        c = int(rng.integers(4, 6)) if size == "small" else int(rng.integers(6, 9))
        t = int(rng.integers(6, 9)) if size == "small" else int(rng.integers(10, 14))
        args = ctc_batch(rng, dt, 3, t, c, 3, 0)
        out.append(Case(f"{size} batch", args, terms=t * c, note="per-sample lengths shorter than the frames"))
        args = ctc_batch(rng, dt, 2, t, c, 4, 0, repeats=True)
        out.append(Case(f"{size} repeated labels", args, terms=t * c, note="a repeated label needs a blank between"))
        args = ctc_batch(rng, dt, 2, t, c, 3, c - 1)
        out.append(Case(f"{size} blank_index=-1", args, {"blank_index": -1}, terms=t * c,
                        note="the blank is the last class"))
        mid = int(rng.integers(1, c - 1))
        args = ctc_batch(rng, dt, 2, t, c, 3, mid, repeats=True)
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
    labels, logits, ll, tl = ctc_batch(rng, dt, 2, 14, 6, 5, 0, short=False)
    logits = (logits * 6).astype(dt)
    out.append(Case("peaked logits", (labels, logits, ll, tl), terms=14 * 6,
                    note="confident frames: path probabilities underflow float32 unless the recursion is in log space"))
    labels = np.array([[1, 2, 3], [4, 4, 0]], np.int32)
    labels[0] = rng.permutation([1, 2, 3])
    paths = [[0, labels[0, 0], labels[0, 0], 0, labels[0, 1], 0, labels[0, 2]], [4, 4, 0, 4, 0, 0, 0]]
    logits = normal(rng, (2, 7, 5), dt)
    for b, path in enumerate(paths):
        logits[b, np.arange(7), path] += 800
    out.append(Case("one alignment near certain", (labels, logits, np.array([3, 2], np.int32),
                                                   np.array([7, 6], np.int32)), terms=7 * 5,
                    note="scores of +800 along one path: log-probabilities 800 apart, whose exp overflows unless "
                         "the larger one is factored out"))
    labels, logits, ll, tl = ctc_batch(rng, dt, 2, 7, 4, 3, 0)
    out.append(Case("very negative logits", (labels, (logits - 1e4).astype(dt), ll, tl), terms=7 * 4,
                    note="every score near -1e4: the log-softmax must subtract the frame's maximum"))
    labels = np.array([[1, 2, 2, 1, 0]], np.int32)
    logits = normal(rng, (1, 5, 3), dt, 2.0)
    out.append(Case("exactly enough frames", (labels, logits, np.array([4], np.int32), np.array([5], np.int32)),
                    terms=15, note="a single alignment fits"))
    # A loss near 0 (one alignment near certain) is a difference of log-probabilities as large as
    # the logits, and carries their rounding error: the logits' size is the tolerance's floor.
    return [replace(c, scale=input_scale(c.args[1])) for c in out]
