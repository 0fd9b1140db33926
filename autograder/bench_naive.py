"""What a first attempt looks like: straightforward NumPy loops, for ``dlkata bench``.

Correct (the bench checks them against the reference) but written the way a
student first writes them, loop by loop, so the bench can show how much the
references' Numba kernels and vectorization buy.
"""

from __future__ import annotations

import numpy as np


def conv2d_same(x, kernel, bias):
    """'same' conv, stride 1: a Python loop over output pixels, a tensordot per patch."""
    b, h, w, _ = x.shape
    kh, kw, _, f = kernel.shape
    top, left = (kh - 1) // 2, (kw - 1) // 2
    xp = np.pad(x, ((0, 0), (top, kh - 1 - top), (left, kw - 1 - left), (0, 0)))
    out = np.empty((b, h, w, f), x.dtype)
    for i in range(h):
        for j in range(w):
            patch = xp[:, i:i + kh, j:j + kw, :]
            out[:, i, j, :] = np.tensordot(patch, kernel, axes=([1, 2, 3], [0, 1, 2]))
    return out + bias


def conv2d_same_backward(dout, x, kernel, bias):
    """Backward of :func:`conv2d_same`, scattering each output pixel's gradient."""
    b, h, w, _ = x.shape
    kh, kw, _, f = kernel.shape
    top, left = (kh - 1) // 2, (kw - 1) // 2
    xp = np.pad(x, ((0, 0), (top, kh - 1 - top), (left, kw - 1 - left), (0, 0)))
    dxp = np.zeros_like(xp)
    dk = np.zeros_like(kernel)
    for i in range(h):
        for j in range(w):
            patch = xp[:, i:i + kh, j:j + kw, :]
            g = dout[:, i, j, :]
            dk += np.tensordot(patch, g, axes=([0], [0]))
            dxp[:, i:i + kh, j:j + kw, :] += np.tensordot(g, kernel, axes=([1], [3]))
    dx = dxp[:, top:top + h, left:left + w, :]
    return dx, dk, dout.sum(axis=(0, 1, 2))


def max_pool2x2(x):
    """2x2 max pooling, stride 2, 'valid': a loop over output pixels."""
    b, h, w, c = x.shape
    out = np.empty((b, h // 2, w // 2, c), x.dtype)
    for i in range(h // 2):
        for j in range(w // 2):
            out[:, i, j, :] = x[:, 2 * i:2 * i + 2, 2 * j:2 * j + 2, :].max(axis=(1, 2))
    return out


def lstm_last(x, kernel, recurrent_kernel, bias):
    """LSTM over time with NumPy per step (already what most first attempts do)."""
    units = recurrent_kernel.shape[0]
    h = np.zeros((x.shape[0], units), x.dtype)
    c = np.zeros_like(h)
    for t in range(x.shape[1]):
        z = x[:, t] @ kernel + h @ recurrent_kernel + bias
        i, f, g, o = (z[:, k * units:(k + 1) * units] for k in range(4))
        i, f, o = (1 / (1 + np.exp(-v)) for v in (i, f, o))
        c = f * c + i * np.tanh(g)
        h = o * np.tanh(c)
    return h


def ctc(labels, logits, label_length, logit_length):
    """CTC negative log-likelihood, blank 0: the alpha recursion in Python loops, in log space."""
    logp = logits - logits.max(-1, keepdims=True)
    logp = logp - np.log(np.exp(logp).sum(-1, keepdims=True))
    out = np.empty(logits.shape[0], logits.dtype)
    for b in range(logits.shape[0]):
        ext = [0]
        for lab in labels[b, :label_length[b]]:
            ext += [int(lab), 0]
        s_len, t_len = len(ext), int(logit_length[b])
        alpha = np.full(s_len, -np.inf)
        alpha[0] = logp[b, 0, ext[0]]
        if s_len > 1:
            alpha[1] = logp[b, 0, ext[1]]
        for t in range(1, t_len):
            new = np.full(s_len, -np.inf)
            for s in range(s_len):
                a = alpha[s]
                if s > 0:
                    a = np.logaddexp(a, alpha[s - 1])
                if s > 1 and ext[s] != 0 and ext[s] != ext[s - 2]:
                    a = np.logaddexp(a, alpha[s - 2])
                new[s] = a + logp[b, t, ext[s]]
            alpha = new
        out[b] = -np.logaddexp(alpha[-1], alpha[-2] if s_len > 1 else -np.inf)
    return out


def embedding_backward(dout, ids, vocab_size):
    """Scatter-add, one id at a time."""
    table = np.zeros((vocab_size, dout.shape[-1]), dout.dtype)
    flat_ids, flat = ids.reshape(-1), dout.reshape(-1, dout.shape[-1])
    for n in range(flat_ids.size):
        table[flat_ids[n]] += flat[n]
    return table
