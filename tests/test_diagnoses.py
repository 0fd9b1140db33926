"""Diagnoses that never mislead: each typical mistake is named when it is made, and only then.

Each test makes a mistake as a student would (a function, or an edit of the
reference) and judges it on the public cases as ``dlkata check`` does; and
gives the diagnosis's old wrong trigger to check that it no longer fires.
"""

import numpy as np
import pytest

from dlkata.autograder import diagnose, oracle, registry
from dlkata.autograder.checking import draw_cases
from dlkata.autograder.compare import compare
from dlkata.autograder.messages import t

from .helpers import edited_module as edited
from .helpers import judged as failures

GENERIC = {"diag_transposed", "diag_negated", "diag_scaled"}


def _keys(fails):
    return {k for f in fails for k in f.keys}


# ---------------------------------------------------------------- unstable exp: only when an exp overflows


def test_softmax_without_the_max_is_named_unstable():
    def softmax(x, axis=-1):
        e = np.exp(x)
        return e / e.sum(axis=axis, keepdims=True)

    fails = failures("activations.softmax", softmax)
    assert fails and all("huge" in f.case for f in fails), [f.case for f in fails]
    assert all(f.keys == ["diag_unstable"] for f in fails), [(f.case, f.keys) for f in fails]


def test_a_nan_without_an_exp_is_not_called_unstable():
    ref = edited("visualization")

    def grad_cam(*args, **kwargs):
        heat = ref.grad_cam(*args, **kwargs)
        heat[0, 0] = np.nan  # e.g. 0 / 0 in the scaling: no exp anywhere
        return heat

    fails = failures("visualization.grad_cam", grad_cam)
    assert fails and "diag_unstable" not in _keys(fails)
    assert t("diag_unstable") not in "".join(f.message for f in fails)


def test_binary_crossentropy_without_clipping_is_named_alone():
    losses = edited("losses", ("        p, _ = _clip(y_pred)\n        per =", "        p = y_pred\n        per ="))
    fails = failures("losses.binary_crossentropy", losses.binary_crossentropy)
    assert fails and all(f.keys == ["diag_no_clip"] for f in fails), [(f.case, f.keys) for f in fails]
    assert t("diag_unstable") not in "".join(f.message for f in fails)


def test_logits_through_a_naive_sigmoid_are_named_unstable():
    ref = edited("losses")

    def binary_crossentropy(y_true, y_pred, from_logits=False):
        if from_logits:
            y_pred = 1 / (1 + np.exp(-y_pred))
            y = y_true.astype(y_pred.dtype)
            return -(y * np.log(y_pred) + (1 - y) * np.log(1 - y_pred)).mean(axis=-1)
        return ref.binary_crossentropy(y_true, y_pred)

    fails = failures("losses.binary_crossentropy", binary_crossentropy)
    assert any(f.keys == ["diag_unstable"] for f in fails if "huge" in f.case), [(f.case, f.keys) for f in fails]


# ---------------------------------------------------------------- softmax over the wrong axis


def test_softmax_over_a_fixed_axis_names_the_axis():
    ref = edited("activations")
    fails = failures("activations.softmax", lambda x, axis=-1: ref.softmax(x, -1))
    assert {f.case for f in fails} == {"float64 axis=1", "float64 axis=0"}
    assert all(f.keys == ["diag_softmax_axis"] for f in fails)
    by_case = {f.case: f.message for f in fails}
    assert t("diag_softmax_axis", used=2, axis=1) in by_case["float64 axis=1"]
    assert "e+30" not in by_case["float64 axis=1"]
    fails = failures("activations.softmax_backward", lambda dout, x, axis=-1: ref.softmax_backward(dout, x, 0))
    assert fails and all(f.keys == ["diag_softmax_axis"] for f in fails), [(f.case, f.keys) for f in fails]


# ---------------------------------------------------------------- convolution


def test_dx_without_the_rotated_kernel_is_not_told_to_remove_a_flip():
    ref = edited("convolution")

    def conv2d_backward(dout, x, kernel, bias=None, **kw):
        dx, dk, db = ref.conv2d_backward(dout, x, kernel, bias, **kw)
        dx_plain = ref.conv2d_backward(dout, x, np.ascontiguousarray(kernel[::-1, ::-1]), bias, **kw)[0]
        return dx_plain, dk, db

    fails = failures("convolution.conv2d_backward", conv2d_backward)
    assert fails and all(f.keys == ["diag_dx_kernel_not_rotated"] for f in fails), [(f.case, f.keys) for f in fails]
    assert not any(t("diag_flipped") in f.message for f in fails)


def test_a_flipped_dkernel_and_a_flipped_forward_kernel_are_named():
    ref = edited("convolution")

    def conv2d_backward(dout, x, kernel, bias=None, **kw):
        dx, dk, db = ref.conv2d_backward(dout, x, kernel, bias, **kw)
        return dx, np.ascontiguousarray(dk[::-1, ::-1]), db

    fails = failures("convolution.conv2d_backward", conv2d_backward)
    assert fails and all(f.keys == ["diag_dkernel_flipped"] for f in fails), [(f.case, f.keys) for f in fails]
    fails = failures("convolution.conv2d", lambda x, kernel, bias=None, **kw: ref.conv2d(
        x, np.ascontiguousarray(kernel[::-1, ::-1]), bias, **kw))
    assert fails and all(f.keys == ["diag_flipped"] for f in fails), [(f.case, f.keys) for f in fails]


def test_only_the_border_when_only_the_border_is_wrong():
    ref = edited("convolution")

    def border_wrong(x, kernel, bias=None, **kw):
        y = ref.conv2d(x, kernel, bias, **kw)
        if kw.get("padding") == "same":
            y[:, 0] *= 1.5
        return y

    def middle_wrong(x, kernel, bias=None, **kw):
        y = ref.conv2d(x, kernel, bias, **kw)
        y[:, y.shape[1] // 2, y.shape[2] // 2] += 1.0
        return y

    fails = failures("convolution.conv2d", border_wrong)
    assert fails and any(f.keys == ["diag_border"] for f in fails)
    assert all(f.keys in (["diag_border"], []) for f in fails)
    # every element out of tolerance on a border: only where the border is not the whole output
    for f in fails:
        if f.keys == ["diag_border"]:
            assert t("diag_border") in f.message
    assert "diag_border" not in _keys(failures("convolution.conv2d", middle_wrong))


def test_off_by_one_output_sizes_say_what_the_formula_gives():
    ref = edited("pooling")

    def max_pool2d(x, pool_size=2, strides=None, padding="valid"):
        y = ref.max_pool2d(x, pool_size, strides, padding)
        return y[:, :-1] if padding == "valid" and y.shape[1] > 1 else y  # the last window row is missing

    fails = failures("pooling.max_pool2d", max_pool2d)
    assert fails and all(f.keys == ["diag_output_size"] for f in fails), [(f.case, f.keys) for f in fails]
    assert "floor((" in fails[0].message and ") + 1 = " in fails[0].message

    conv = edited("convolution")
    fails = failures("convolution.conv2d", lambda x, kernel, bias=None, **kw: conv.conv2d(x, kernel, bias, **kw)[:, :, 1:])
    assert fails and all(f.keys == ["diag_output_size"] for f in fails)
    fails = failures("convolution.conv1d", lambda x, kernel, bias=None, **kw: conv.conv1d(x, kernel, bias, **kw)[:, :-1])
    assert fails and all(f.keys == ["diag_output_size"] for f in fails)

    def output_shape(input_shape, kernel_shape, **kw):
        n, h, w, f = conv.conv2d_output_shape(input_shape, kernel_shape, **kw)
        return n, h + 1, w, f

    fails = failures("convolution.conv2d_output_shape", output_shape)
    assert fails and all(f.keys == ["diag_output_size"] for f in fails)


def test_max_pooling_over_zero_padding_is_named():
    ref = edited("pooling")

    def max_pool2d(x, pool_size=2, strides=None, padding="valid"):
        if padding != "same":
            return ref.max_pool2d(x, pool_size, strides, padding)
        # pad with zeros, as np.pad does by default, then pool 'valid' over the padded input
        pool = (pool_size, pool_size) if isinstance(pool_size, int) else tuple(pool_size)
        s = pool if strides is None else ((strides, strides) if isinstance(strides, int) else tuple(strides))
        pads = []
        for n, p, st in ((x.shape[1], pool[0], s[0]), (x.shape[2], pool[1], s[1])):
            total = max((-(-n // st) - 1) * st + p - n, 0)
            pads.append((total // 2, total - total // 2))
        return ref.max_pool2d(np.pad(x, ((0, 0), pads[0], pads[1], (0, 0))), pool, s, "valid")

    fails = failures("pooling.max_pool2d", max_pool2d)
    assert fails and all(f.keys == ["diag_pool_zero_padding"] for f in fails), [(f.case, f.keys) for f in fails]


# ---------------------------------------------------------------- text


def test_an_empty_token_is_not_called_unicode_lowercasing():
    ref = edited("text")
    fails = failures("text.tokenize", lambda text: ref.tokenize(text) or [""])
    assert {f.case for f in fails} >= {"empty", "punctuation only"}
    assert all(f.keys == ["diag_text_empty_tokens"] for f in fails), [(f.case, f.keys) for f in fails]
    assert not any(t("diag_text_unicode_lower") in f.message for f in fails)


def test_unicode_lowercasing_and_splitting_are_still_named():
    ref = edited("text")
    fails = failures("text.tokenize", lambda text: ref.standardize(text).split())
    assert {f.case for f in fails} == {"unicode spaces"}
    assert fails[0].keys == ["diag_text_unicode_split"]
    python = edited("text", ('    lowered = "".join(chr(ord(c) + 32) if "A" <= c <= "Z" else c for c in text)\n',
                             "    lowered = text.lower()\n"))
    fails = failures("text.tokenize", python.tokenize)
    assert fails and all(f.keys == ["diag_text_unicode_lower"] for f in fails), [(f.case, f.keys) for f in fails]


# ---------------------------------------------------------------- the worst element at an expected 0


def test_an_error_where_zero_is_expected_is_not_a_huge_relative_error():
    ref = edited("activations")
    fails = failures("activations.relu", lambda x: np.where(x > 0, x, x * x.dtype.type(0.1)))
    assert fails
    for f in fails:
        assert "e+30" not in f.message, f.message
    at_zero = [f.message for f in fails if "expected 0 (an error of" in f.message]
    assert at_zero, fails[0].message
    v = compare(np.array([0.5, 1.0]), np.array([0.0, 1.0]))
    assert v.details["expected"] == 0 and v.details["max_rel"] == 0 and v.details["error"] == 0.5
    assert ref.relu(np.zeros(2, np.float32)).dtype == np.float32


# ---------------------------------------------------------------- optimizers


def _float64_without_float32_rounding():
    return edited("optimizers", ("    return np.dtype(dtype).type(np.float32(value))\n",
                                 "    return np.dtype(dtype).type(value)\n"))


@pytest.mark.parametrize("name", ["adam", "rmsprop", "sgd"])
def test_hyperparameters_not_rounded_to_float32_are_named(name):
    module = _float64_without_float32_rounding()
    fails = failures(f"optimizers.{name}", getattr(module, name))
    assert fails and all(f.case.startswith("float64") for f in fails)
    assert all(f.keys == ["diag_lr_float32"] for f in fails), [(f.case, f.keys) for f in fails]
    assert "float32" in registry.get(f"optimizers.{name}").hint["en"]


def test_adam_without_bias_correction_is_named_in_both_dtypes():
    no_bias = ("        alpha = lr * np.sqrt(dt(1) - beta_2_power) / (dt(1) - beta_1_power)\n",
               "        alpha = lr\n")
    fails = failures("optimizers.adam", edited("optimizers", no_bias).adam)
    named = {f.case.split()[0] for f in fails if f.keys == ["diag_adam_no_bias_correction"]}
    assert named == {"float32", "float64"}, [(f.case, f.keys) for f in fails]
    # where a large epsilon makes the paper's form give the same step, the case cannot tell: nothing is named
    assert all(f.keys in (["diag_adam_no_bias_correction"], []) for f in fails), [(f.case, f.keys) for f in fails]
    # written in float64 without Keras' float32 rounding, too: both slips are named on float64 weights
    both = edited("optimizers", no_bias, ("    return np.dtype(dtype).type(np.float32(value))\n",
                                          "    return np.dtype(dtype).type(value)\n"))
    fails = failures("optimizers.adam", both.adam)
    assert {f.case.split()[0] for f in fails if f.keys} == {"float32", "float64"}
    for f in fails:
        want = {"diag_adam_no_bias_correction"} | ({"diag_lr_float32"} if f.case.startswith("float64") else set())
        assert set(f.keys) <= want, (f.case, f.keys)  # a late step with small betas has no bias to correct
    assert not any(t("diag_adam_paper_eps") in f.message for f in fails)


def test_adams_paper_form_is_named():
    paper = edited("optimizers", (
        "        new_params.append(w - (m * alpha) / (np.sqrt(v) + dt(epsilon)))\n",
        "        new_params.append(w - lr * (m / (1 - beta_1_power)) / (np.sqrt(v / (1 - beta_2_power)) + dt(epsilon)))\n"))
    fails = failures("optimizers.adam", paper.adam)
    assert fails and all(f.keys in (["diag_adam_paper_eps"], []) for f in fails)
    assert any(f.keys == ["diag_adam_paper_eps"] for f in fails)


# ---------------------------------------------------------------- correct answers


def _reference_outputs_get_no_diagnosis(topics):
    for topic in topics:
        module = edited(topic)
        for ex in registry.topic(topic).exercises:
            for case in draw_cases(ex, 0):
                got = getattr(module, ex.name)(*case.args, **case.kwargs)
                expected = oracle.expected(ex, case)
                assert diagnose.diagnoses(ex, case, got, expected) == [], (ex.id, case.name)


def test_a_right_answer_gets_no_diagnosis():
    _reference_outputs_get_no_diagnosis(["activations", "dense", "pooling", "text", "embedding", "optimizers"])


@pytest.mark.slow
def test_a_right_answer_gets_no_diagnosis_in_any_topic():
    _reference_outputs_get_no_diagnosis(["losses", "convolution", "recurrent", "training", "transfer",
                                         "visualization"])
