"""Convolution: Conv2D and Conv1D forward, Conv2D backward, and the output shape.

Course notes, 합성곱(Convolution): a filter (커널, kernel) slides over the image
by the stride (스트라이드); at each position the products of the window and
the filter are summed. Padding (패딩) puts zeros around the input so that
'same' keeps the size (for stride 1).

Keras semantics (KERAS_SEMANTICS §5), all of which the checks test:

- channels_last: images ``(batch, height, width, channels)``, kernel
  ``(kh, kw, in_channels, filters)``, bias ``(filters,)``;
- it is **cross-correlation**: the kernel is not flipped,
  ``y[b,i,j,o] = bias[o] + sum_{a,c,ch} xpad[b, i*sh + a*dh, j*sw + c*dw, ch] * K[a,c,ch,o]``;
- output size: 'valid' ``(n - d(k-1) - 1)//s + 1``, 'same' ``ceil(n/s)``;
- 'same' pads ``total = max((out-1)s + d(k-1) + 1 - n, 0)`` zeros, ``total//2``
  before and the rest (the extra one when odd) after: bottom/right;
- Keras refuses strides > 1 together with dilation_rate > 1.

``strides`` and ``dilation_rate`` take an int or a pair (Conv1D: an int or a
1-tuple). float32 and float64 both work; results take the inputs' float dtype.
"""

import numpy as np
from numba import get_num_threads, njit, prange

from ._validate import (as_float_array, as_int_tuple, require_ndim, require_padding, require_window_fits,
                        result_dtype)


def _check_conv_args(x, kernel, bias, strides, padding, dilation_rate, rank, paddings=("valid", "same")):
    """Validate a conv call; return ``(x, kernel, bias, strides, padding, dilation)`` in one float dtype."""
    x = as_float_array(x, "x")
    kernel = as_float_array(kernel, "kernel")
    layout = "(batch, height, width, channels)" if rank == 2 else "(batch, steps, channels)"
    klayout = "(kh, kw, in_channels, filters)" if rank == 2 else "(kernel_size, in_channels, filters)"
    require_ndim(x, rank + 2, "x", layout)
    require_ndim(kernel, rank + 2, "kernel", klayout)
    if kernel.shape[-2] != x.shape[-1]:
        raise ValueError(f"kernel has {kernel.shape[-2]} input channels (shape {kernel.shape}) but x has "
                         f"{x.shape[-1]} channels (shape {x.shape}); kernel.shape[-2] must equal x.shape[-1]")
    if bias is not None:
        bias = as_float_array(bias, "bias")
        if bias.shape != (kernel.shape[-1],):
            raise ValueError(f"bias must have shape (filters,) = ({kernel.shape[-1]},) for kernel {kernel.shape}, "
                             f"got {bias.shape}")
    strides = as_int_tuple(strides, rank, "strides")
    dilation = as_int_tuple(dilation_rate, rank, "dilation_rate")
    padding = require_padding(padding, paddings)
    if any(s > 1 for s in strides) and any(d > 1 for d in dilation):
        raise ValueError(f"strides > 1 and dilation_rate > 1 cannot be combined (as in Keras), got "
                         f"strides={strides}, dilation_rate={dilation}")
    if padding == "valid":
        span = tuple(d * (k - 1) + 1 for d, k in zip(dilation, kernel.shape[:rank]))
        require_window_fits(x.shape[1:1 + rank], span, "kernel (dilated)")
    dt = result_dtype(x, kernel, bias)
    x, kernel = x.astype(dt, copy=False), kernel.astype(dt, copy=False)
    if bias is not None:
        bias = bias.astype(dt, copy=False)
    return x, kernel, bias, strides, padding, dilation


### BEGIN SOLUTION
def _geometry(n, k, s, d, padding):
    """Output length and the zeros padded before and after one spatial axis."""
    span = d * (k - 1) + 1
    if padding == "valid":
        return (n - span) // s + 1, 0, 0
    out = -(-n // s)  # ceil(n / s)
    total = max((out - 1) * s + span - n, 0)
    return out, total // 2, total - total // 2


def _pad(x, pads):
    """Zero-pad the spatial axes of a (batch, h, w, c) array by ``((top, bottom), (left, right))``."""
    if not any(p for pair in pads for p in pair):
        return np.ascontiguousarray(x)
    return np.pad(x, ((0, 0), pads[0], pads[1], (0, 0)))


#: Largest matrix product (m*n*k) per call inside the parallel kernels: OpenBLAS runs a product
#: below 2 * 262144 on the calling thread, instead of starting its own threads inside Numba's
#: (oversubscribed, spinning threads were measured 10x slower).
_GEMM_VOLUME = 500_000


@njit(cache=True, inline="always")
def _gather(patch, p, xp, b, i, j, kh, kw, sh, sw, dh, dw, nc):
    """Row ``p`` of a patch matrix: the window of output (b, i, j), taps in (a, c, channel) order."""
    for a in range(kh):
        xrow = xp[b, i * sh + a * dh].reshape(-1)
        base = a * kw * nc
        if dw == 1:  # the kw taps of a kernel row are contiguous in memory
            s0 = j * sw * nc
            patch[p, base:base + kw * nc] = xrow[s0:s0 + kw * nc]
        else:
            for c in range(kw):
                s0 = (j * sw + c * dw) * nc
                patch[p, base + c * nc:base + (c + 1) * nc] = xrow[s0:s0 + nc]


@njit(cache=True, inline="always")
def _scatter(dpatch, p, dxp, b, i, j, kh, kw, sh, sw, dh, dw, nc):
    """Add row ``p`` of a patch-matrix gradient back into the window of output (b, i, j)."""
    for a in range(kh):
        drow = dxp[b, i * sh + a * dh].reshape(-1)
        base = a * kw * nc
        if dw == 1:
            s0 = j * sw * nc
            drow[s0:s0 + kw * nc] += dpatch[p, base:base + kw * nc]
        else:
            for c in range(kw):
                s0 = (j * sw + c * dw) * nc
                drow[s0:s0 + nc] += dpatch[p, base + c * nc:base + (c + 1) * nc]


@njit(cache=True, parallel=True)
def _conv2d_chunks(xp, kmat, bias, kh, kw, sh, sw, dh, dw, chunk, out):
    """Parallel over (image, block of ``chunk`` output positions): patch matrix @ kernel matrix."""
    nb, oh, ow, nf = out.shape
    nc = xp.shape[3]
    kk = kh * kw * nc
    npos = oh * ow
    nblocks = (npos + chunk - 1) // chunk
    for t in prange(nb * nblocks):
        b = t // nblocks
        p0 = (t - b * nblocks) * chunk
        p1 = min(p0 + chunk, npos)
        patch = np.empty((p1 - p0, kk), xp.dtype)
        for p in range(p0, p1):
            _gather(patch, p - p0, xp, b, p // ow, p % ow, kh, kw, sh, sw, dh, dw, nc)
        res = patch @ kmat
        for p in range(p0, p1):
            out[b, p // ow, p % ow, :] = res[p - p0] + bias


@njit(cache=True, parallel=True)
def _conv2d_backward_images(xp, kmat, dout, kh, kw, sh, sw, dh, dw, chunk, dxp, dk_parts):
    """Parallel over images (their dx windows never collide): per block P, dK_b += P.T @ D, dP = D @ K.T."""
    nb, oh, ow, nf = dout.shape
    nc = xp.shape[3]
    kk = kh * kw * nc
    npos = oh * ow
    kt = np.ascontiguousarray(kmat.T)
    for b in prange(nb):
        acc = dk_parts[b]
        acc[:, :] = 0
        dflat = dout[b].reshape(npos, nf)
        for p0 in range(0, npos, chunk):
            p1 = min(p0 + chunk, npos)
            patch = np.empty((p1 - p0, kk), xp.dtype)
            for p in range(p0, p1):
                _gather(patch, p - p0, xp, b, p // ow, p % ow, kh, kw, sh, sw, dh, dw, nc)
            d = dflat[p0:p1]
            acc += patch.T @ d
            dpatch = d @ kt
            for p in range(p0, p1):
                _scatter(dpatch, p - p0, dxp, b, p // ow, p % ow, kh, kw, sh, sw, dh, dw, nc)


# Stride 1 ("shifted rows"). Number the pixels of the zero-padded image q = y*wp + x
# and let R[q] = pixels q, q+dw, ..., q+(kw-1)dw side by side. Output (i, j), taken
# over the padded width (p = i*wp + j), is then sum_a R[p + a*dh*wp] @ K[a]: kh matrix
# products on contiguous row ranges instead of one kh*kw times wider patch matrix.
# Columns j >= ow are computed and dropped (the price: wp/ow more rows).


@njit(cache=True, inline="always")
def _shifted_rows(img, top, left, wp, q0, q1, kw, dw, rows):
    """rows[q - q0] = R[q] for q0 <= q < q1, read from the unpadded ``img`` (h, w, channels)."""
    h, w, nc = img.shape
    y, x = divmod(q0, wp)
    for q in range(q0, q1):
        yy = y - top
        for c in range(kw):
            xx = x + c * dw
            base = c * nc
            if 0 <= yy < h and left <= xx < left + w:
                for ch in range(nc):
                    rows[q - q0, base + ch] = img[yy, xx - left, ch]
            else:  # padding, or past the row's end (feeds only dropped columns)
                for ch in range(nc):
                    rows[q - q0, base + ch] = 0
        x += 1
        if x == wp:
            y, x = y + 1, 0


@njit(cache=True, parallel=True)
def _conv2d_shifted(x, top, left, wp, k3, bias, dh, dw, splits, chunk, out):
    """Stride-1 conv of ``x`` zero-padded to width ``wp`` (``top``/``left`` zeros before),
    parallel over (image, part of its output rows); ``k3`` is (kh, kw*channels, filters)."""
    nb, _, _, nc = x.shape
    kh, kwnc, nf = k3.shape
    kw = kwnc // nc
    oh, ow = out.shape[1], out.shape[2]
    r = oh * wp
    reach = (kh - 1) * dh * wp
    per = -(-r // splits)
    for t in prange(nb * splits):
        b = t // splits
        p0 = (t - b * splits) * per
        p1 = min(p0 + per, r)
        if p0 >= p1:
            continue
        rows = np.empty((p1 - p0 + reach, kwnc), x.dtype)
        _shifted_rows(x[b], top, left, wp, p0, p1 + reach, kw, dw, rows)
        acc = np.empty((chunk, nf), x.dtype)
        tmp = np.empty((chunk, nf), x.dtype)
        for c0 in range(0, p1 - p0, chunk):
            c1 = min(c0 + chunk, p1 - p0)
            np.dot(rows[c0:c1], k3[0], acc[:c1 - c0])
            for a in range(1, kh):
                np.dot(rows[c0 + a * dh * wp:c1 + a * dh * wp], k3[a], tmp[:c1 - c0])
                for p in range(c1 - c0):
                    for f in range(nf):
                        acc[p, f] += tmp[p, f]
            i, j = divmod(p0 + c0, wp)
            for p in range(c1 - c0):
                if j < ow:
                    for f in range(nf):
                        out[b, i, j, f] = acc[p, f] + bias[f]
                j += 1
                if j == wp:
                    i, j = i + 1, 0


@njit(cache=True, parallel=True)
def _conv2d_dkernel_shifted(x, top, left, wp, dout, kh, dh, dw, splits, chunk, parts, bias_parts):
    """Stride-1 kernel gradient: parts[t, a] = sum over task t's rows p of R[p + a*dh*wp].T @ dout[p];
    bias_parts[t] = the sum of task t's dout rows (float64, so a long sum stays accurate)."""
    nb, _, _, nc = x.shape
    _, oh, ow, nf = dout.shape
    kwnc = parts.shape[2]
    kw = kwnc // nc
    r = oh * wp
    reach = (kh - 1) * dh * wp
    per = -(-r // splits)
    for t in prange(nb * splits):
        b = t // splits
        p0 = (t - b * splits) * per
        p1 = min(p0 + per, r)
        parts[t] = 0
        bias_parts[t] = 0
        if p0 >= p1:
            continue
        rows = np.empty((p1 - p0 + reach, kwnc), x.dtype)
        _shifted_rows(x[b], top, left, wp, p0, p1 + reach, kw, dw, rows)
        d = np.empty((chunk, nf), x.dtype)  # dout over the padded width: zeros at j >= ow
        tmp = np.empty((kwnc, nf), x.dtype)
        for c0 in range(0, p1 - p0, chunk):
            c1 = min(c0 + chunk, p1 - p0)
            i, j = divmod(p0 + c0, wp)
            for p in range(c1 - c0):
                if j < ow:
                    for f in range(nf):
                        d[p, f] = dout[b, i, j, f]
                        bias_parts[t, f] += dout[b, i, j, f]
                else:
                    d[p] = 0
                j += 1
                if j == wp:
                    i, j = i + 1, 0
            for a in range(kh):
                np.dot(rows[c0 + a * dh * wp:c1 + a * dh * wp].T, d[:c1 - c0], tmp)
                acc = parts[t, a]
                for u in range(kwnc):
                    for f in range(nf):
                        acc[u, f] += tmp[u, f]

def _chunk(kk, nf):
    return max(1, _GEMM_VOLUME // (kk * nf))


def _splits(nb):
    """Parts per image so that every thread has work even when the batch is small."""
    return max(1, -(-get_num_threads() // nb))


def _conv2d_backward_stride1(dout, x, kernel, dilation, top, left, wp):
    """(dx, dkernel, dbias) of a stride-1 conv. dx is itself a stride-1 conv: of dout padded
    by the kernel's reach, with the kernel flipped and its in/out channels swapped."""
    nb, h, w, nc = x.shape
    kh, kw, _, nf = kernel.shape
    dh, dw = dilation
    splits = _splits(nb)
    parts = np.empty((nb * splits, kh, kw * nc, nf), x.dtype)
    bias_parts = np.empty((nb * splits, nf))
    _conv2d_dkernel_shifted(x, top, left, wp, dout, kh, dh, dw, splits, _chunk(kw * nc, nf), parts, bias_parts)
    rh, rw = (kh - 1) * dh, (kw - 1) * dw
    kflip = np.ascontiguousarray(kernel[::-1, ::-1].transpose(0, 1, 3, 2).reshape(kh, kw * nf, nc))
    dx = np.empty(x.shape, x.dtype)
    _conv2d_shifted(dout, rh - top, rw - left, w + rw, kflip, np.zeros(nc, x.dtype), dh, dw, splits,
                    _chunk(kw * nf, nc), dx)
    return dx, parts.sum(axis=0).reshape(kernel.shape), bias_parts.sum(axis=0).astype(x.dtype)
### END SOLUTION


def conv2d(x, kernel, bias=None, strides=1, padding="valid", dilation_rate=1):
    """2D cross-correlation. Mirrors ``keras.layers.Conv2D`` (channels_last) with these weights.

    x: (batch, height, width, in_channels).  kernel: (kh, kw, in_channels, filters).
    bias: (filters,) or None.  strides, dilation_rate: int or (rows, cols).
    padding: "valid" or "same" (extra zero row/column at the bottom/right when odd).
    Returns: (batch, out_height, out_width, filters) in the inputs' float dtype.
    """
    x, kernel, bias, strides, padding, dilation = _check_conv_args(x, kernel, bias, strides, padding,
                                                                   dilation_rate, 2)
    ### BEGIN SOLUTION
    nb, h, w, nc = x.shape
    kh, kw, _, nf = kernel.shape
    oh, top, bottom = _geometry(h, kh, strides[0], dilation[0], padding)
    ow, left, right = _geometry(w, kw, strides[1], dilation[1], padding)
    b = np.zeros(nf, x.dtype) if bias is None else np.ascontiguousarray(bias)
    out = np.empty((nb, oh, ow, nf), x.dtype)
    if strides == (1, 1):
        k3 = np.ascontiguousarray(kernel.reshape(kh, kw * nc, nf))
        _conv2d_shifted(np.ascontiguousarray(x), top, left, left + w + right, k3, b, dilation[0], dilation[1],
                        _splits(nb), _chunk(kw * nc, nf), out)
        return out
    xp = _pad(x, ((top, bottom), (left, right)))
    kmat = np.ascontiguousarray(kernel.reshape(kh * kw * nc, nf))
    _conv2d_chunks(xp, kmat, b, kh, kw, strides[0], strides[1], dilation[0], dilation[1], _chunk(kh * kw * nc, nf), out)
    return out
    ### END SOLUTION


def conv2d_backward(dout, x, kernel, bias=None, strides=1, padding="valid", dilation_rate=1):
    """Gradients of ``conv2d`` given ``dout = dL/dy``, as ``tf.GradientTape`` gives them.

    dout: (batch, out_height, out_width, filters).  x, kernel, bias and the
    options: as in ``conv2d``.
    Returns: ``(dx, dkernel, dbias)`` with the shapes of x, kernel and bias;
    ``dbias`` is None when ``bias`` is None.
    """
    x, kernel, bias, strides, padding, dilation = _check_conv_args(x, kernel, bias, strides, padding,
                                                                   dilation_rate, 2)
    dout = as_float_array(dout, "dout")
    require_ndim(dout, 4, "dout", "(batch, out_height, out_width, filters)")
    if dout.shape[0] != x.shape[0] or dout.shape[3] != kernel.shape[3]:
        raise ValueError(f"dout must have shape (batch, out_height, out_width, filters) with batch {x.shape[0]} "
                         f"and filters {kernel.shape[3]}, got {dout.shape}")
    dout = dout.astype(x.dtype, copy=False)
    ### BEGIN SOLUTION
    nb, h, w, nc = x.shape
    kh, kw, _, nf = kernel.shape
    oh, top, bottom = _geometry(h, kh, strides[0], dilation[0], padding)
    ow, left, right = _geometry(w, kw, strides[1], dilation[1], padding)
    if dout.shape[1:3] != (oh, ow):
        raise ValueError(f"dout must have the shape of conv2d's output {(nb, oh, ow, nf)}, got {dout.shape}")
    dout = np.ascontiguousarray(dout)
    if strides == (1, 1):
        dx, dkernel, dbias = _conv2d_backward_stride1(dout, np.ascontiguousarray(x), kernel, dilation, top, left,
                                                      left + w + right)
        return dx, dkernel, None if bias is None else dbias
    dbias = None if bias is None else dout.sum(axis=(0, 1, 2))
    xp = _pad(x, ((top, bottom), (left, right)))
    kmat = np.ascontiguousarray(kernel.reshape(kh * kw * nc, nf))
    dxp = np.zeros(xp.shape, x.dtype)
    dk_parts = np.empty((nb, kh * kw * nc, nf), x.dtype)
    _conv2d_backward_images(xp, kmat, dout, kh, kw, strides[0], strides[1],
                            dilation[0], dilation[1], _chunk(kh * kw * nc, nf), dxp, dk_parts)
    dx = np.ascontiguousarray(dxp[:, top:top + h, left:left + w, :])
    dkernel = dk_parts.sum(axis=0).reshape(kernel.shape)
    return dx, dkernel, dbias
    ### END SOLUTION


def conv2d_output_shape(input_shape, kernel_shape, strides=1, padding="valid", dilation_rate=1):
    """Output shape of ``conv2d``, as ``keras.layers.Conv2D(...).compute_output_shape(input_shape)``.

    input_shape: (batch, height, width, in_channels) ints.  kernel_shape:
    (kh, kw, in_channels, filters).  strides, padding, dilation_rate: as in ``conv2d``.
    Returns: a tuple of 4 Python ints (batch, out_height, out_width, filters).
    """
    input_shape = tuple(int(n) for n in input_shape)
    kernel_shape = tuple(int(n) for n in kernel_shape)
    if len(input_shape) != 4:
        raise ValueError(f"input_shape must have 4 entries (batch, height, width, channels), got {input_shape}")
    if len(kernel_shape) != 4:
        raise ValueError(f"kernel_shape must have 4 entries (kh, kw, in_channels, filters), got {kernel_shape}")
    if kernel_shape[2] != input_shape[3]:
        raise ValueError(f"kernel_shape {kernel_shape} has {kernel_shape[2]} input channels but input_shape "
                         f"{input_shape} has {input_shape[3]}")
    strides = as_int_tuple(strides, 2, "strides")
    dilation = as_int_tuple(dilation_rate, 2, "dilation_rate")
    padding = require_padding(padding)
    if padding == "valid":
        span = tuple(d * (k - 1) + 1 for d, k in zip(dilation, kernel_shape[:2]))
        require_window_fits(input_shape[1:3], span, "kernel (dilated)", "input_shape")
    ### BEGIN SOLUTION
    oh = _geometry(input_shape[1], kernel_shape[0], strides[0], dilation[0], padding)[0]
    ow = _geometry(input_shape[2], kernel_shape[1], strides[1], dilation[1], padding)[0]
    return (input_shape[0], oh, ow, kernel_shape[3])
    ### END SOLUTION


def conv1d(x, kernel, bias=None, strides=1, padding="valid", dilation_rate=1):
    """1D cross-correlation over time. Mirrors ``keras.layers.Conv1D`` with these weights.

    x: (batch, steps, in_channels).  kernel: (kernel_size, in_channels, filters).
    bias: (filters,) or None.  strides, dilation_rate: int (or a 1-tuple).
    padding: "valid", "same" or "causal" (``d(k-1)`` zeros on the left, then
    'valid': ``out[t]`` sees only ``x[<= t]``).
    Returns: (batch, out_steps, filters) in the inputs' float dtype.
    """
    x, kernel, bias, strides, padding, dilation = _check_conv_args(x, kernel, bias, strides, padding,
                                                                   dilation_rate, 1, ("valid", "same", "causal"))
    ### BEGIN SOLUTION
    # A sequence is an image of height 1: reuse conv2d.
    x4, k4 = x[:, None, :, :], kernel[None]
    if padding == "causal":
        x4 = np.pad(x4, ((0, 0), (0, 0), (dilation[0] * (kernel.shape[0] - 1), 0), (0, 0)))
        padding = "valid"
    return conv2d(x4, k4, bias, (1, strides[0]), padding, (1, dilation[0]))[:, 0]
    ### END SOLUTION
