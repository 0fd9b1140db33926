"""Argument checks shared by every topic (given to students as is).

Each raises ``ValueError`` naming the argument and the shapes it saw, as the
curriculum requires of bad input.
"""

import numpy as np


def as_float_array(x, name):
    """``x`` as a float32/float64 array; other dtypes are refused by name."""
    x = np.asarray(x)
    if x.dtype not in (np.float32, np.float64):
        raise ValueError(f"{name} must be a float32 or float64 array, got dtype {x.dtype}")
    return x


def require_ndim(x, ndim, name, layout=""):
    """Refuse an array whose rank is not ``ndim`` (or one of a tuple of ranks)."""
    allowed = ndim if isinstance(ndim, tuple) else (ndim,)
    if x.ndim not in allowed:
        want = " or ".join(str(n) for n in allowed)
        extra = f" {layout}" if layout else ""
        raise ValueError(f"{name} must have rank {want}{extra}, got shape {x.shape}")


def require_same_shape(a, b, name_a, name_b):
    """Refuse two arrays whose shapes differ."""
    if a.shape != b.shape:
        raise ValueError(f"{name_a} has shape {a.shape} but {name_b} has shape {b.shape}; they must match")


def result_dtype(*arrays):
    """The float dtype a result takes from its float inputs (float64 if any is)."""
    return np.result_type(*[a.dtype for a in arrays if a is not None and a.dtype.kind == "f"])


def require_recurrent_weights(kernel, recurrent_kernel, bias, input_dim, gates, layer, bias_rows=0):
    """Check the weights of a recurrent layer with ``gates`` blocks; return ``units``.

    ``recurrent_kernel`` must be ``(units, gates*units)`` (``units`` is read from
    its first axis), ``kernel`` ``(input_dim, gates*units)`` and ``bias``
    ``(gates*units,)``, or ``(bias_rows, gates*units)`` when ``bias_rows`` is set
    (GRU with ``reset_after=True``).
    """
    blocks = f"{gates}*units" if gates > 1 else "units"
    require_ndim(recurrent_kernel, 2, "recurrent_kernel", f"(units, {blocks})")
    units = recurrent_kernel.shape[0]
    width = gates * units
    if recurrent_kernel.shape != (units, width):
        raise ValueError(f"recurrent_kernel must have shape (units, {blocks}) = ({units}, {width}) for {layer}, "
                         f"got {recurrent_kernel.shape}")
    require_ndim(kernel, 2, "kernel", f"(input_dim, {blocks})")
    if kernel.shape != (input_dim, width):
        raise ValueError(f"kernel must have shape (input_dim, {blocks}) = ({input_dim}, {width}) for {layer} "
                         f"(input_dim {input_dim} from the input, units {units} from recurrent_kernel "
                         f"{recurrent_kernel.shape}), got {kernel.shape}")
    want = (bias_rows, width) if bias_rows else (width,)
    if bias.shape != want:
        raise ValueError(f"bias must have shape {want} for {layer} with units {units}, got {bias.shape}")
    return units


def require_state(h, batch, units, name):
    """Refuse a recurrent state that is not ``(batch, units)``."""
    if h.shape != (batch, units):
        raise ValueError(f"{name} must have shape (batch, units) = ({batch}, {units}), got {h.shape}")


def require_str(x, name):
    """Refuse anything that is not a Python ``str``."""
    if not isinstance(x, str):
        raise ValueError(f"{name} must be a str, got {type(x).__name__}")
    return x


def require_str_list(x, name):
    """``x`` as a list of str (a list or tuple of them); anything else is refused by name."""
    if not isinstance(x, (list, tuple)) or not all(isinstance(s, str) for s in x):
        raise ValueError(f"{name} must be a list of str, got {type(x).__name__}"
                         + (f" holding {sorted({type(s).__name__ for s in x})}" if isinstance(x, (list, tuple)) else ""))
    return list(x)


def require_choice(value, choices, name):
    """Refuse a string option that is not one of ``choices``."""
    if not isinstance(value, str) or value not in choices:
        raise ValueError(f"{name} must be one of {', '.join(repr(c) for c in choices)}, got {value!r}")
    return value


def require_int_array(x, name, ndim=None):
    """``x`` as an integer array (any int dtype; an empty list is int64); floats and others are refused by name."""
    arr = np.asarray(x)
    if arr.size == 0 and arr.dtype.kind == "f" and not isinstance(x, np.ndarray):
        arr = arr.astype(np.int64)
    if arr.dtype.kind not in "iu":
        raise ValueError(f"{name} must hold integers (any int dtype), got dtype {arr.dtype} and shape {arr.shape}")
    if ndim is not None:
        require_ndim(arr, ndim, name)
    return arr


def as_int_tuple(value, n, name, minimum=1):
    """An int or a sequence of ``n`` ints (Keras' ``strides``, ``pool_size``, ...) as an ``n``-tuple.

    Every entry must be an integer ``>= minimum``; otherwise ValueError naming the argument.
    """
    items = (value,) * n if isinstance(value, (int, np.integer)) and not isinstance(value, bool) else value
    try:
        items = tuple(items)
    except TypeError:
        raise ValueError(f"{name} must be an int or a tuple of {n} ints, got {value!r}") from None
    if len(items) != n or not all(isinstance(v, (int, np.integer)) and not isinstance(v, bool) for v in items):
        raise ValueError(f"{name} must be an int or a tuple of {n} ints, got {value!r}")
    if any(v < minimum for v in items):
        raise ValueError(f"{name} must be >= {minimum}, got {value!r}")
    return tuple(int(v) for v in items)


def require_padding(padding, allowed=("valid", "same")):
    """``padding`` lower-cased, refused unless it is one of ``allowed``."""
    if not isinstance(padding, str) or padding.lower() not in allowed:
        raise ValueError(f"padding must be one of {', '.join(repr(a) for a in allowed)}, got {padding!r}")
    return padding.lower()


def require_window_fits(spatial, window, name, input_name="x"):
    """Refuse a window (dilated kernel or pool) larger than the unpadded input ('valid' padding)."""
    if any(w > n for n, w in zip(spatial, window)):
        raise ValueError(f"{name} spans {tuple(window)} but {input_name} is only {tuple(spatial)} "
                         f"with padding='valid': the output would be empty")
