"""Losses: cross-entropies, mean squared error and CTC, with their gradients.

Course notes, 손실함수: a loss says how far the prediction is from the answer;
cross-entropy for classification (binary, categorical with one-hot labels,
sparse with integer labels), mean squared error for regression. Each forward
returns the *per-sample* losses exactly as ``keras.losses.<name>`` does (Keras
3, TensorFlow backend, epsilon = 1e-7 clipping included); each ``*_backward``
returns the gradient of the *batch mean* of those losses (Keras' default
``"sum_over_batch_size"`` reduction) with respect to ``y_pred``, as
``tf.GradientTape`` computes it.

Traps Keras sets:

- probabilities are clipped to ``[eps, 1 - eps]`` before the log, and
  ``tf.clip_by_value`` passes a zero gradient where it clipped;
- ``categorical_crossentropy`` renormalises ``p / sum(p)`` *then* clips;
- ``sparse_categorical_crossentropy`` clips, takes the log and then a softmax
  cross-entropy, i.e. it clips *then* renormalises.

All functions accept float32 or float64 predictions; results have the
predictions' dtype.
"""

import math

import numpy as np
from numba import njit, prange

from ._validate import as_float_array, require_ndim, require_same_shape

#: Keras' ``backend.epsilon()``.
EPSILON = 1e-7


def _labels_like(y_true, y_pred, name="y_true"):
    """``y_true`` cast to ``y_pred``'s dtype (as Keras does), same shape required."""
    y_true = np.asarray(y_true)
    if y_true.dtype.kind not in "biuf":
        raise ValueError(f"{name} must be a numeric array, got dtype {y_true.dtype}")
    require_same_shape(y_true, y_pred, name, "y_pred")
    if y_pred.ndim < 1:
        raise ValueError(f"y_pred must have rank >= 1 (..., classes), got shape {y_pred.shape}")
    return y_true.astype(y_pred.dtype)


def _sparse_labels(y_true, y_pred):
    """Integer labels of shape ``y_pred.shape[:-1]`` (a trailing dim of 1 squeezed, as Keras)."""
    y_true = np.asarray(y_true)
    if y_pred.ndim < 1:
        raise ValueError(f"y_pred must have rank >= 1 (..., classes), got shape {y_pred.shape}")
    if y_true.dtype.kind not in "iu":
        raise ValueError(f"y_true must hold integer class ids, got dtype {y_true.dtype}")
    if y_true.ndim == y_pred.ndim and y_true.ndim > 0 and y_true.shape[-1] == 1:
        y_true = y_true.reshape(y_true.shape[:-1])
    if y_true.shape != y_pred.shape[:-1]:
        raise ValueError(f"y_true has shape {np.asarray(y_true).shape} but y_pred has shape {y_pred.shape}; "
                         f"y_true must have shape y_pred.shape[:-1] = {y_pred.shape[:-1]}")
    classes = y_pred.shape[-1]
    if y_true.size and (y_true.min() < 0 or y_true.max() >= classes):
        raise ValueError(f"y_true holds class ids in [{y_true.min()}, {y_true.max()}] but y_pred "
                         f"of shape {y_pred.shape} has {classes} classes")
    return y_true.astype(np.int64)


def _check_from_logits(from_logits):
    if not isinstance(from_logits, (bool, np.bool_)):
        raise ValueError(f"from_logits must be True or False, got {from_logits!r}")


### BEGIN SOLUTION
def _clip(p):
    """Keras' clip to [eps, 1 - eps] in p's dtype, and where it let the gradient through."""
    lo, hi = p.dtype.type(EPSILON), p.dtype.type(1.0 - EPSILON)
    return np.clip(p, lo, hi), (p >= lo) & (p <= hi)


def _log_softmax(z):
    """``z - max - log(sum(exp(z - max)))`` along the last axis, and the softmax."""
    shifted = z - z.max(axis=-1, keepdims=True)
    e = np.exp(shifted)
    s = e.sum(axis=-1, keepdims=True)
    return shifted - np.log(s), e / s


def _batch_count(losses_shape):
    """How many per-sample losses the batch mean divides by."""
    return int(np.prod(losses_shape)) if len(losses_shape) else 1
### END SOLUTION


def binary_crossentropy(y_true, y_pred, from_logits=False):
    """Binary cross-entropy, averaged over the last axis. Mirrors ``keras.losses.binary_crossentropy``.

    y_true: targets in [0, 1] (soft labels allowed), shape (..., k).
    y_pred: probabilities (or logits if ``from_logits``), shape (..., k), float32/float64.
    Returns: per-sample losses, shape (...,) = y_pred.shape[:-1], y_pred's dtype.
    Probabilities are clipped to [1e-7, 1 - 1e-7]; logits use
    ``max(z, 0) - z * y + log1p(exp(-|z|))``.
    """
    y_pred = as_float_array(y_pred, "y_pred")
    y_true = _labels_like(y_true, y_pred)
    _check_from_logits(from_logits)
    ### BEGIN SOLUTION
    if from_logits:
        z = y_pred
        per = np.maximum(z, z.dtype.type(0)) - z * y_true + np.log1p(np.exp(-np.abs(z)))
    else:
        p, _ = _clip(y_pred)
        per = -(y_true * np.log(p) + (1 - y_true) * np.log(1 - p))
    return per.mean(axis=-1).astype(y_pred.dtype, copy=False)
    ### END SOLUTION


def binary_crossentropy_backward(y_true, y_pred, from_logits=False):
    """Gradient of the batch mean of ``binary_crossentropy`` w.r.t. ``y_pred``.

    y_true, y_pred: as in ``binary_crossentropy``, shape (..., k).
    Returns: d mean(loss) / d y_pred, shape and dtype of y_pred. Clipped
    probabilities (p < 1e-7 or p > 1 - 1e-7, e.g. exactly 0 or 1) get 0, as
    ``tf.clip_by_value`` gives.
    """
    y_pred = as_float_array(y_pred, "y_pred")
    y_true = _labels_like(y_true, y_pred)
    _check_from_logits(from_logits)
    ### BEGIN SOLUTION
    n = _batch_count(y_pred.shape[:-1]) * y_pred.shape[-1]
    if from_logits:
        z = y_pred
        e = np.exp(-np.abs(z))
        pos = z >= 0
        # d/dz [relu(z) - z y + log1p(exp(-|z|))] = [z >= 0] - y -+ e / (1 + e)
        g = pos.astype(z.dtype) - y_true + np.where(pos, -1, 1).astype(z.dtype) * (e / (1 + e))
    else:
        p, inside = _clip(y_pred)
        g = np.where(inside, -(y_true / p) + (1 - y_true) / (1 - p), 0)
    return (g / n).astype(y_pred.dtype, copy=False)
    ### END SOLUTION


def categorical_crossentropy(y_true, y_pred, from_logits=False):
    """Categorical cross-entropy with one-hot (or soft) labels. Mirrors ``keras.losses.categorical_crossentropy``.

    y_true: one-hot rows, shape (..., classes).
    y_pred: probabilities (or logits if ``from_logits``), shape (..., classes).
    Returns: per-sample losses, shape y_pred.shape[:-1], y_pred's dtype.
    Probabilities are renormalised ``p / sum(p)`` and then clipped to
    [1e-7, 1 - 1e-7]; logits use ``-sum(y * log_softmax(z))``.
    """
    y_pred = as_float_array(y_pred, "y_pred")
    y_true = _labels_like(y_true, y_pred)
    _check_from_logits(from_logits)
    ### BEGIN SOLUTION
    if from_logits:
        logp, _ = _log_softmax(y_pred)
        return -(y_true * logp).sum(axis=-1)
    q, _ = _clip(y_pred / y_pred.sum(axis=-1, keepdims=True))
    return -(y_true * np.log(q)).sum(axis=-1)
    ### END SOLUTION


def categorical_crossentropy_backward(y_true, y_pred, from_logits=False):
    """Gradient of the batch mean of ``categorical_crossentropy`` w.r.t. ``y_pred``.

    y_true, y_pred: as in ``categorical_crossentropy``, shape (..., classes).
    Returns: shape and dtype of y_pred. With logits it is ``(softmax(z) - y) / batch``;
    with probabilities the gradient flows back through the clip (zero where it
    clipped) and through the renormalisation ``p / sum(p)``.
    """
    y_pred = as_float_array(y_pred, "y_pred")
    y_true = _labels_like(y_true, y_pred)
    _check_from_logits(from_logits)
    ### BEGIN SOLUTION
    n = _batch_count(y_pred.shape[:-1])
    if from_logits:
        _, s = _log_softmax(y_pred)
        g = s - y_true  # TensorFlow's kernel gives this even for labels that do not sum to 1
    else:
        total = y_pred.sum(axis=-1, keepdims=True)
        q, inside = _clip(y_pred / total)
        dq = np.where(inside, -y_true / q, 0)  # d loss / d q
        # q = p / total: dp_j = dq_j / total - sum_k dq_k p_k / total^2
        g = dq / total - (dq * y_pred).sum(axis=-1, keepdims=True) / (total * total)
    return (g / n).astype(y_pred.dtype, copy=False)
    ### END SOLUTION


def sparse_categorical_crossentropy(y_true, y_pred, from_logits=False):
    """Categorical cross-entropy with integer labels. Mirrors ``keras.losses.sparse_categorical_crossentropy``.

    y_true: integer class ids, shape y_pred.shape[:-1] (a trailing dim of 1 is squeezed).
    y_pred: probabilities (or logits if ``from_logits``), shape (..., classes).
    Returns: per-sample losses, shape y_pred.shape[:-1], y_pred's dtype.
    TensorFlow backend: probabilities are clipped to [1e-7, 1 - 1e-7] first and
    then renormalised, ``-log(clip(p)_y / sum(clip(p)))``; logits give
    ``-log_softmax(z)_y``.
    """
    y_pred = as_float_array(y_pred, "y_pred")
    labels = _sparse_labels(y_true, y_pred)
    _check_from_logits(from_logits)
    ### BEGIN SOLUTION
    z = y_pred if from_logits else np.log(_clip(y_pred)[0])
    logp, _ = _log_softmax(z)
    return -np.take_along_axis(logp, labels[..., None], axis=-1)[..., 0]
    ### END SOLUTION


def sparse_categorical_crossentropy_backward(y_true, y_pred, from_logits=False):
    """Gradient of the batch mean of ``sparse_categorical_crossentropy`` w.r.t. ``y_pred``.

    y_true, y_pred: as in ``sparse_categorical_crossentropy``.
    Returns: shape and dtype of y_pred. With logits ``(softmax(z) - onehot(y)) / batch``;
    with probabilities that same expression of ``z = log(clip(p))``, divided by
    ``clip(p)`` (the log's derivative) and zeroed where the clip acted.
    """
    y_pred = as_float_array(y_pred, "y_pred")
    labels = _sparse_labels(y_true, y_pred)
    _check_from_logits(from_logits)
    ### BEGIN SOLUTION
    n = _batch_count(labels.shape)
    onehot = (np.arange(y_pred.shape[-1]) == labels[..., None]).astype(y_pred.dtype)
    if from_logits:
        _, s = _log_softmax(y_pred)
        g = s - onehot
    else:
        q, inside = _clip(y_pred)
        _, s = _log_softmax(np.log(q))
        g = np.where(inside, (s - onehot) / q, 0)
    return (g / n).astype(y_pred.dtype, copy=False)
    ### END SOLUTION


def mean_squared_error(y_true, y_pred):
    """Mean squared error over the last axis. Mirrors ``keras.losses.mean_squared_error``.

    y_true, y_pred: shape (..., k), float32/float64 (y_true cast to y_pred's dtype).
    Returns: ``mean((y_true - y_pred)**2, axis=-1)``, shape y_pred.shape[:-1].
    """
    y_pred = as_float_array(y_pred, "y_pred")
    y_true = _labels_like(y_true, y_pred)
    ### BEGIN SOLUTION
    d = y_true - y_pred
    return (d * d).mean(axis=-1)
    ### END SOLUTION


def mean_squared_error_backward(y_true, y_pred):
    """Gradient of the batch mean of ``mean_squared_error`` w.r.t. ``y_pred``.

    y_true, y_pred: shape (..., k).  Returns: ``2 (y_pred - y_true) / y_pred.size``,
    shape and dtype of y_pred.
    """
    y_pred = as_float_array(y_pred, "y_pred")
    y_true = _labels_like(y_true, y_pred)
    ### BEGIN SOLUTION
    return (2 * (y_pred - y_true) / y_pred.size).astype(y_pred.dtype, copy=False)
    ### END SOLUTION


# ---------------------------------------------------------------- CTC


def _ctc_args(labels, logits, label_length, logit_length, blank_index):
    """Validate the CTC arguments; returns them as arrays and the blank as a class id in [0, classes)."""
    logits = as_float_array(logits, "logits")
    require_ndim(logits, 3, "logits", "(batch, time, classes)")
    batch, frames, classes = logits.shape
    labels = np.asarray(labels)
    if labels.dtype.kind not in "iu":
        raise ValueError(f"labels must hold integer class ids, got dtype {labels.dtype}")
    require_ndim(labels, 2, "labels", "(batch, max_label_length)")
    if labels.shape[0] != batch:
        raise ValueError(f"labels has shape {labels.shape} but logits has shape {logits.shape}; the batch must match")
    lengths = []
    for name, value, top, what in (("label_length", label_length, labels.shape[1], "labels.shape[1]"),
                                   ("logit_length", logit_length, frames, "the frames of logits")):
        value = np.asarray(value)
        if value.dtype.kind not in "iu" or value.shape != (batch,):
            raise ValueError(f"{name} must be {batch} integers (one per sample), got {value.dtype} array "
                             f"of shape {value.shape}")
        if batch and (value.min() < 1 or value.max() > top):
            raise ValueError(f"{name} must lie in [1, {top}] ({what}), got values in [{value.min()}, {value.max()}]")
        lengths.append(value.astype(np.int64))
    if not isinstance(blank_index, (int, np.integer)) or isinstance(blank_index, bool) \
            or not -classes <= blank_index < classes:
        raise ValueError(f"blank_index={blank_index!r} must be an int in [-{classes}, {classes}) "
                         f"for logits of shape {logits.shape}")
    blank = int(blank_index) % classes
    labels = labels.astype(np.int64)
    for b in range(batch):
        used = labels[b, : lengths[0][b]]
        if used.min() < 0 or used.max() >= classes or (used == blank).any():
            raise ValueError(f"labels[{b}, :{lengths[0][b]}] = {used.tolist()} must be class ids in [0, {classes}) "
                             f"other than the blank ({blank})")
    return labels, logits, lengths[0], lengths[1], blank


### BEGIN SOLUTION
@njit(cache=True)
def _logaddexp(a, b):
    """log(exp(a) + exp(b)) without overflow, -inf aware."""
    if a == -np.inf:
        return b
    if b == -np.inf:
        return a
    if a > b:
        return a + math.log1p(math.exp(b - a))
    return b + math.log1p(math.exp(a - b))


@njit(cache=True, parallel=True)
def _ctc_kernel(logits, labels, label_length, logit_length, blank, want_grad, loss, grad):
    """Forward-backward in log space, one sample per parallel step.

    The extended label sequence is ``blank, l1, blank, l2, ..., lL, blank`` (2L+1
    states); a state may stay, move one on, or skip the blank between two
    *different* labels. ``loss[b] = -log p(labels | logits)`` (+inf when no
    alignment fits in the frames). ``grad[b] = softmax - posterior`` over the
    first ``logit_length[b]`` frames, 0 after them; when p = 0 the posterior is
    0 and the gradient is the softmax, as TensorFlow's CTC kernel gives.
    """
    nb, nt, nc = logits.shape
    for b in prange(nb):
        tb = logit_length[b]
        n_lab = label_length[b]
        ns = 2 * n_lab + 1
        logp = np.empty((tb, nc))
        for t in range(tb):
            m = -np.inf
            for k in range(nc):
                m = max(m, np.float64(logits[b, t, k]))
            total = 0.0
            for k in range(nc):
                total += math.exp(logits[b, t, k] - m)
            lse = m + math.log(total)
            for k in range(nc):
                logp[t, k] = logits[b, t, k] - lse
        ext = np.empty(ns, np.int64)
        for s in range(ns):
            ext[s] = blank if s % 2 == 0 else labels[b, (s - 1) // 2]
        alpha = np.full((tb, ns), -np.inf)
        alpha[0, 0] = logp[0, blank]
        if ns > 1:
            alpha[0, 1] = logp[0, ext[1]]
        for t in range(1, tb):
            for s in range(ns):
                a = alpha[t - 1, s]
                if s >= 1:
                    a = _logaddexp(a, alpha[t - 1, s - 1])
                if s >= 2 and ext[s] != blank and ext[s] != ext[s - 2]:
                    a = _logaddexp(a, alpha[t - 1, s - 2])
                alpha[t, s] = a + logp[t, ext[s]]
        ll = alpha[tb - 1, ns - 1]
        if ns > 1:
            ll = _logaddexp(ll, alpha[tb - 1, ns - 2])
        loss[b] = -ll
        if not want_grad:
            continue
        for t in range(tb):
            for k in range(nc):
                grad[b, t, k] = math.exp(logp[t, k])
        if ll == -np.inf:
            continue
        beta = np.full((tb, ns), -np.inf)  # log p(frames after t | state s at t)
        beta[tb - 1, ns - 1] = 0.0
        if ns > 1:
            beta[tb - 1, ns - 2] = 0.0
        for t in range(tb - 2, -1, -1):
            for s in range(ns):
                v = beta[t + 1, s] + logp[t + 1, ext[s]]
                if s + 1 < ns:
                    v = _logaddexp(v, beta[t + 1, s + 1] + logp[t + 1, ext[s + 1]])
                if s + 2 < ns and ext[s + 2] != blank and ext[s + 2] != ext[s]:
                    v = _logaddexp(v, beta[t + 1, s + 2] + logp[t + 1, ext[s + 2]])
                beta[t, s] = v
        for t in range(tb):
            for s in range(ns):
                g = alpha[t, s] + beta[t, s] - ll
                if g > -np.inf:
                    grad[b, t, ext[s]] -= math.exp(g)


def _ctc(labels, logits, label_length, logit_length, blank, want_grad):
    nb, nt, nc = logits.shape
    loss = np.empty(nb)
    grad = np.zeros((nb, nt, nc) if want_grad else (0, 0, 0))
    _ctc_kernel(np.ascontiguousarray(logits), np.ascontiguousarray(labels), label_length, logit_length,
                blank, want_grad, loss, grad)
    return loss.astype(logits.dtype), grad.astype(logits.dtype)
### END SOLUTION


def ctc_loss(labels, logits, label_length, logit_length, blank_index=0):
    """Connectionist Temporal Classification loss. Mirrors ``tf.nn.ctc_loss(..., logits_time_major=False)``.

    labels: (batch, max_label_length) int, zero-padded on the right; only the first
        ``label_length[b]`` entries of row b are used (class ids, never the blank).
    logits: (batch, time, classes) unnormalised scores; log-softmax is applied inside.
    label_length, logit_length: (batch,) ints, 1 <= label_length[b] <= max_label_length,
        1 <= logit_length[b] <= time (frames after it are ignored).
    blank_index: the blank class; negative values count from ``classes`` (-1 = last class).
    Returns: (batch,) per-sample ``-log p(labels | logits)`` in logits' dtype, no
    reduction; +inf where the labels cannot fit in the frames (a repeated label
    needs a blank between its copies). float64 is computed in float64 (TensorFlow's
    own CTC kernel is only float32-accurate there, so the graded cases are float32).
    """
    labels, logits, label_length, logit_length, blank = _ctc_args(labels, logits, label_length, logit_length,
                                                                   blank_index)
    ### BEGIN SOLUTION
    return _ctc(labels, logits, label_length, logit_length, blank, False)[0]
    ### END SOLUTION


def ctc_loss_backward(labels, logits, label_length, logit_length, blank_index=0):
    """Gradient of ``sum(ctc_loss(...))`` with respect to ``logits``, as ``tf.GradientTape`` gives it.

    Arguments as in ``ctc_loss``.
    Returns: (batch, time, classes) in logits' dtype: ``softmax(logits) - posterior``,
    where ``posterior[b, t, k]`` is the probability that frame t is aligned to class k
    given the labels (from the forward-backward recursions); 0 for frames
    ``t >= logit_length[b]``; just the softmax for a sample whose loss is +inf.
    """
    labels, logits, label_length, logit_length, blank = _ctc_args(labels, logits, label_length, logit_length,
                                                                   blank_index)
    ### BEGIN SOLUTION
    return _ctc(labels, logits, label_length, logit_length, blank, True)[1]
    ### END SOLUTION
