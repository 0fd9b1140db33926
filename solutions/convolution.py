"""Convolution: Conv2D and Conv1D forward, Conv2D backward, and the output shape.

Course notes, 합성곱(Convolution): a filter (커널, kernel) slides over the image
by the stride (스트라이드); at each position the products of the window and
the filter are summed. Padding (패딩) puts zeros around the input so that
'same' keeps the size (for stride 1).

What Keras does, all of which the checks test:

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


# Layout: "tap rows". For an image zero-padded by (top, left), let
#     R[y, j] = the kw pixels (y, j*sw + c*dw), c = 0..kw-1, side by side   (kw*channels values)
# for every padded row y and output column j. Output row i is then
#     out[i] = sum over a of R[i*sh + a*dh] @ K[a],   K[a] = kernel[a] as (kw*channels, filters),
# kh matrix products on blocks of R rows; with stride 1 in height, consecutive output rows use
# consecutive blocks, so a single product covers several output rows. R is kh times smaller than
# the patch matrix of im2col, which is why this is faster: building it costs less memory traffic.


@njit(cache=True, inline="always")
def _tap_rows(img, top, left, y0, y1, ow, sw, kw, dw, rows):
    """rows[(y - y0)*ow + j] = R[y, j] for padded rows y0 <= y < y1, read from the unpadded ``img`` (h, w, c)."""
    h, w, nc = img.shape
    for y in range(y0, y1):
        yy = y - top
        for j in range(ow):
            r = (y - y0) * ow + j
            for c in range(kw):
                xx = j * sw + c * dw - left
                if 0 <= yy < h and 0 <= xx < w:
                    for ch in range(nc):
                        rows[r, c * nc + ch] = img[yy, xx, ch]
                else:  # padding
                    for ch in range(nc):
                        rows[r, c * nc + ch] = 0


@njit(cache=True, inline="always")
def _task_rows(x, t, splits, oh, ow, top, left, sh, sw, kh, kw, dh, dw):
    """Task ``t`` of ``splits`` per image: its image b, output rows [i0, i1), first padded row y0
    and the tap rows of padded rows y0 ... (i1-1)*sh + (kh-1)*dh (none when the task is empty)."""
    per = -(-oh // splits)
    b = t // splits
    i0 = min((t - b * splits) * per, oh)
    i1 = min(i0 + per, oh)
    y0 = i0 * sh
    y1 = (i1 - 1) * sh + (kh - 1) * dh + 1 if i1 > i0 else y0
    rows = np.empty(((y1 - y0) * ow, kw * x.shape[3]), x.dtype)
    _tap_rows(x[b], top, left, y0, y1, ow, sw, kw, dw, rows)
    return b, i0, i1, y0, rows


@njit(cache=True, parallel=True)
def _conv2d_rows(x, top, left, k3, bias, sh, sw, dh, dw, splits, chunk, out):
    """Parallel over (image, part of its output rows); ``k3`` is (kh, kw*channels, filters);
    at most ``chunk`` outputs go through one matrix product."""
    nb = x.shape[0]
    kh, kwnc, nf = k3.shape
    kw = kwnc // x.shape[3]
    oh, ow = out.shape[1], out.shape[2]
    for t in prange(nb * splits):
        b, i0, i1, y0, rows = _task_rows(x, t, splits, oh, ow, top, left, sh, sw, kh, kw, dh, dw)
        res = out[b].reshape(oh * ow, nf)
        tmp = np.empty((min(chunk, (i1 - i0) * ow), nf), x.dtype)
        run_rows = i1 - i0 if sh == 1 else 1  # output rows whose tap rows follow one another
        for i in range(i0, i1, max(run_rows, 1)):
            run = (min(i + run_rows, i1) - i) * ow
            for q in range(0, run, chunk):
                m = min(chunk, run - q)
                dst = res[i * ow + q:i * ow + q + m]
                r = (i * sh - y0) * ow + q  # the tap row of the first output, for a = 0
                np.dot(rows[r:r + m], k3[0], dst)
                for a in range(1, kh):
                    np.dot(rows[r + a * dh * ow:r + a * dh * ow + m], k3[a], tmp[:m])
                    for p in range(m):
                        for f in range(nf):
                            dst[p, f] += tmp[p, f]
                for p in range(m):
                    for f in range(nf):
                        dst[p, f] += bias[f]


@njit(cache=True, parallel=True)
def _conv2d_kernel_grad(x, top, left, dout, kh, sh, sw, dh, dw, splits, chunk, parts, bias_parts):
    """Per task t (image, part of its output rows): parts[t, a] = sum of R[i*sh + a*dh].T @ dout[i]
    over its rows i, and bias_parts[t] = the sum of its dout (in float64: a long sum stays accurate)."""
    nb = x.shape[0]
    _, oh, ow, nf = dout.shape
    kwnc = parts.shape[2]
    kw = kwnc // x.shape[3]
    for t in prange(nb * splits):
        b, i0, i1, y0, rows = _task_rows(x, t, splits, oh, ow, top, left, sh, sw, kh, kw, dh, dw)
        parts[t] = 0
        bias_parts[t] = 0
        d = dout[b].reshape(oh * ow, nf)
        for p in range(i0 * ow, i1 * ow):
            for f in range(nf):
                bias_parts[t, f] += d[p, f]
        tmp = np.empty((kwnc, nf), x.dtype)
        run_rows = i1 - i0 if sh == 1 else 1
        for i in range(i0, i1, max(run_rows, 1)):
            run = (min(i + run_rows, i1) - i) * ow
            for q in range(0, run, chunk):
                m = min(chunk, run - q)
                r = (i * sh - y0) * ow + q
                for a in range(kh):
                    np.dot(rows[r + a * dh * ow:r + a * dh * ow + m].T, d[i * ow + q:i * ow + q + m], tmp)
                    acc = parts[t, a]
                    for u in range(kwnc):
                        for f in range(nf):
                            acc[u, f] += tmp[u, f]


#: Largest matrix product (m*n*k) per call inside the parallel kernels: OpenBLAS runs a product
#: below 2 * 262144 on the calling thread, instead of starting its own threads inside Numba's
#: (oversubscribed, spinning threads were measured 10x slower).
_GEMM_VOLUME = 500_000


def _plan(nb, oh, kwnc, nf):
    """(splits, chunk): parts per image so every thread has work, outputs per matrix product."""
    return min(oh, max(1, -(-get_num_threads() // nb))), max(1, _GEMM_VOLUME // (kwnc * nf))


def _conv(x, top, left, k3, bias, strides, dilation, out):
    """Run :func:`_conv2d_rows` into ``out`` (batch, oh, ow, filters)."""
    nb, oh, ow, nf = out.shape
    splits, chunk = _plan(nb, oh, k3.shape[1], nf)
    _conv2d_rows(np.ascontiguousarray(x), top, left, np.ascontiguousarray(k3), bias, strides[0], strides[1],
                 dilation[0], dilation[1], splits, chunk, out)
    return out
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
    oh, top, _ = _geometry(h, kh, strides[0], dilation[0], padding)
    ow, left, _ = _geometry(w, kw, strides[1], dilation[1], padding)
    b = np.zeros(nf, x.dtype) if bias is None else np.ascontiguousarray(bias)
    return _conv(x, top, left, kernel.reshape(kh, kw * nc, nf), b, strides, dilation,
                 np.empty((nb, oh, ow, nf), x.dtype))
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
    (sh, sw), (dh, dw) = strides, dilation
    oh, top, _ = _geometry(h, kh, sh, dh, padding)
    ow, left, _ = _geometry(w, kw, sw, dw, padding)
    if dout.shape[1:3] != (oh, ow):
        raise ValueError(f"dout must have the shape of conv2d's output {(nb, oh, ow, nf)}, got {dout.shape}")
    dout = np.ascontiguousarray(dout)
    splits, chunk = _plan(nb, oh, kw * nc, nf)
    parts = np.empty((nb * splits, kh, kw * nc, nf), x.dtype)
    bias_parts = np.empty((nb * splits, nf))
    _conv2d_kernel_grad(np.ascontiguousarray(x), top, left, dout, kh, sh, sw, dh, dw, splits, chunk, parts,
                        bias_parts)
    # dx is a stride-1 conv too: of dout with stride-1 zeros between its pixels, padded by the
    # kernel's reach, with the kernel flipped and its in/out channels swapped. (With strides, most
    # of those products are with the spread zeros: simple, and strided layers here are small.)
    if (sh, sw) != (1, 1):
        spread = np.zeros((nb, (oh - 1) * sh + 1, (ow - 1) * sw + 1, nf), x.dtype)
        spread[:, ::sh, ::sw] = dout
        dout = spread
    kflip = kernel[::-1, ::-1].transpose(0, 1, 3, 2).reshape(kh, kw * nf, nc)
    dx = _conv(dout, (kh - 1) * dh - top, (kw - 1) * dw - left, kflip, np.zeros(nc, x.dtype), (1, 1), dilation,
               np.empty(x.shape, x.dtype))
    dbias = None if bias is None else bias_parts.sum(axis=0).astype(x.dtype)
    return dx, parts.sum(axis=0).reshape(kernel.shape), dbias
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
