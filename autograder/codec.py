"""A safe wire format for values that cross the sandbox boundary.

Student code runs in a child process, so whatever it sends back is untrusted:
``pickle`` would let it run code in the grader. This codec carries only
``None``, bools, ints, floats, strings, lists, tuples, string-keyed dicts and
NumPy arrays of plain numeric/bool dtypes, as a JSON header followed by raw
array bytes. The same format stores cached oracle outputs.
"""

from __future__ import annotations

import json
import struct

import numpy as np

_ALLOWED_KINDS = "biufc"  # bool, int, uint, float, complex
_HEADER = struct.Struct("<Q")


class CodecError(ValueError):
    """The bytes do not hold a value this codec can carry."""


def encode(value) -> bytes:
    """Serialize a value tree to bytes (arrays by raw buffer, never pickled)."""
    blobs: list[bytes] = []
    offset = 0

    def walk(v):
        nonlocal offset
        if v is None or isinstance(v, (bool, str)):
            return v
        if isinstance(v, (int, float)) and not isinstance(v, np.generic):
            return v
        if isinstance(v, np.generic):
            v = np.asarray(v)
        if isinstance(v, np.ndarray):
            if v.dtype.kind not in _ALLOWED_KINDS:
                raise CodecError(f"arrays of dtype {v.dtype} cannot be sent")
            data = np.ascontiguousarray(v).tobytes()
            blobs.append(data)
            ref = {"__nd__": [v.dtype.str, list(v.shape), offset, len(data)]}
            offset += len(data)
            return ref
        if isinstance(v, tuple):
            return {"__tuple__": [walk(x) for x in v]}
        if isinstance(v, list):
            return [walk(x) for x in v]
        if isinstance(v, dict):
            if not all(isinstance(k, str) for k in v):
                raise CodecError("dict keys must be strings")
            return {"__dict__": [[k, walk(x)] for k, x in v.items()]}
        raise CodecError(f"values of type {type(v).__name__} cannot be sent")

    header = json.dumps(walk(value), separators=(",", ":")).encode()
    return _HEADER.pack(len(header)) + header + b"".join(blobs)


def size_of(value) -> int:
    """About how many bytes :func:`encode` makes of ``value`` (arrays by their size; for reply caps)."""
    if isinstance(value, np.ndarray):
        return int(value.nbytes) + 64
    if isinstance(value, (list, tuple)):
        return 16 + sum(size_of(v) for v in value)
    if isinstance(value, dict):
        return 16 + sum(len(str(k)) + size_of(v) for k, v in value.items())
    if isinstance(value, str):
        return 2 + len(value.encode("utf-8", "surrogatepass"))
    return 24


def decode(data: bytes):
    """Inverse of :func:`encode`; raises :class:`CodecError` on anything malformed."""
    if len(data) < _HEADER.size:
        raise CodecError("truncated message")
    (n,) = _HEADER.unpack_from(data)
    if n > len(data) - _HEADER.size:
        raise CodecError("truncated message header")
    try:
        tree = json.loads(data[_HEADER.size : _HEADER.size + n])
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CodecError(f"malformed header: {exc}") from None
    body = memoryview(data)[_HEADER.size + n :]

    def walk(v):
        if isinstance(v, list):
            return [walk(x) for x in v]
        if not isinstance(v, dict):
            return v
        if "__nd__" in v:
            try:
                dtype_str, shape, start, length = v["__nd__"]
                dtype = np.dtype(dtype_str)
            except (TypeError, ValueError):
                raise CodecError("malformed array reference") from None
            if dtype.kind not in _ALLOWED_KINDS or dtype.hasobject:
                raise CodecError(f"dtype {dtype} not allowed")
            if not all(isinstance(s, int) and s >= 0 for s in shape):
                raise CodecError("malformed array shape")
            count = int(np.prod(shape, dtype=np.int64)) if shape else 1
            if count * dtype.itemsize != length or start < 0 or start + length > len(body):
                raise CodecError("array size does not match its shape")
            arr = np.frombuffer(body[start : start + length], dtype=dtype)
            return arr.reshape(shape).copy()
        if "__tuple__" in v:
            return tuple(walk(x) for x in v["__tuple__"])
        if "__dict__" in v:
            return {str(k): walk(x) for k, x in v["__dict__"]}
        raise CodecError("unknown object in message")

    try:
        return walk(tree)
    except CodecError:
        raise
    except (TypeError, ValueError, KeyError, IndexError, RecursionError, OverflowError, MemoryError) as exc:
        raise CodecError(f"malformed message ({type(exc).__name__})") from None
