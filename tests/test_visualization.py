"""Visualization topic: bad input, properties, against GradientTape, and the Grad-CAM diagnoses."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlkata.autograder import registry
from dlkata.autograder.compare import compare
from dlkata.autograder.convnet import layer_names, load_convnet
from dlkata.autograder.spec_shapes import chain_terms
from dlkata.autograder.messages import t
from dlkata.autograder.networks import random_network
from dlkata.autograder.registry.visualization.cases import positive_column
from dlkata.autograder.tfbridge import to_numpy
from dlkata.datasets.shapes import load_shapes
from dlkata.solutions import visualization as V

from .helpers import failing_cases, reference_copy, wrong_submission
from .strategies import float_dtypes, seeds


@pytest.fixture(scope="module")
def net():
    return load_convnet()


@pytest.fixture(scope="module")
def image():
    x, _ = load_shapes("test")
    return x[0]


def test_bad_layer_class_and_image_are_refused(net, image):
    with pytest.raises(ValueError, match=r"conv_layer must name a conv2d or max_pool2d layer; valid layers are "
                                         r"\['conv1', 'conv2', 'pool1', 'conv3', 'conv4', 'pool2'\], got 'gap'"):
        V.grad_cam(image, net, 0, "gap")
    with pytest.raises(ValueError, match=r"class_index must be None or an int in \[0, 4\), got 4"):
        V.grad_cam(image, net, 4, "conv4")
    with pytest.raises(ValueError, match=r"class_index must be None or an int in \[0, 4\), got -1"):
        V.grad_cam(image, net, -1, "conv4")
    with pytest.raises(ValueError, match=r"image must have the model's input shape \(32, 32, 3\), got \(28, 28, 3\)"):
        V.grad_cam(image[:28, :28], net, 0, "conv4")
    with pytest.raises(ValueError, match=r"image must have rank 3"):
        V.grad_cam(image[None], net, 0, "conv4")
    with pytest.raises(ValueError, match="model must be a dict"):
        V.grad_cam(image, net["spec"], 0, "conv4")


def test_filter_visualization_bad_input(net):
    with pytest.raises(ValueError, match=r"layer must name a conv2d or max_pool2d layer with an output of at least "
                                         r"5x5; valid layers are \['conv1', 'conv2', 'pool1', 'conv3', 'conv4', "
                                         r"'pool2'\], got 'predictions'"):
        V.filter_visualization(net, "predictions", 0)
    with pytest.raises(ValueError, match=r"filter_index must be an int in \[0, 8\) for layer 'conv2', got 8"):
        V.filter_visualization(net, "conv2", 8)
    with pytest.raises(ValueError, match="steps must be an int >= 0, got -1"):
        V.filter_visualization(net, "conv2", 0, steps=-1)
    rng = np.random.default_rng(0)
    small, _ = random_network(rng, np.float64, size=(8, 8), named=True)
    small["spec"]["layers"][0]["padding"] = "valid"  # 8x8 -> 6x6 -> pool 3x3: too small for the 2-px border
    names = layer_names(small["spec"])
    assert [layer["type"] for layer in small["spec"]["layers"][:3]] == ["conv2d", "max_pool2d", "conv2d"]
    with pytest.raises(ValueError, match=rf"valid layers are \['{names[0]}'\], got '{names[2]}'"):
        V.filter_visualization(small, names[2], 0)


def test_grad_cam_is_a_unit_heatmap_and_leaves_inputs_alone(net, image):
    before = image.copy()
    heat = V.grad_cam(image, net, None, "conv4")
    assert heat.shape == (16, 16) and heat.dtype == np.float32
    assert heat.min() >= 0 and heat.max() == pytest.approx(1.0)
    assert np.array_equal(image, before)
    assert V.grad_cam(image, net, None, "pool1").shape == (16, 16)
    assert V.grad_cam(image, net, None, "conv1").shape == (32, 32)


def test_filter_start_image_is_the_documented_draw(net):
    start = V.filter_visualization(net, "conv3", 2, steps=0, seed=11)
    want = ((np.random.default_rng(11).random((32, 32, 3)) - 0.5) * 0.25).astype(np.float32)
    assert np.array_equal(start, want)
    a = V.filter_visualization(net, "conv3", 2, steps=3, seed=11)
    assert np.array_equal(a, V.filter_visualization(net, "conv3", 2, steps=3, seed=11))
    assert not np.array_equal(a, start)


@settings(max_examples=8, deadline=None)
@given(seeds, float_dtypes, st.sampled_from(["gap", "flatten"]))
def test_grad_cam_and_filters_match_gradient_tape(seed, dt, head):
    rng = np.random.default_rng(seed)
    model, start = random_network(rng, dt, head=head, size=(12, 12), last_activation="relu")
    conv = layer_names(model["spec"])[start - 1]
    c = int(rng.integers(model["spec"]["layers"][-1]["units"]))
    model = positive_column(model, c)
    image = rng.uniform(0, 1, model["spec"]["input_shape"]).astype(dt)
    terms = chain_terms(model["spec"], backward=True)
    v = compare(V.grad_cam(image, model, c, conv), to_numpy(registry.get("visualization.grad_cam").oracle(image, model, c, conv)), terms)
    assert v.passed, v
    first = layer_names(model["spec"])[0]
    kw = {"steps": 2, "learning_rate": 1.0, "seed": seed % 1000}
    v = compare(V.filter_visualization(model, first, 0, **kw), to_numpy(registry.get("visualization.filter_visualization").oracle(model, first, 0, **kw)),
                2 * terms)
    assert v.passed, v


# ---------------------------------------------------------------- diagnoses on wrong answers


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    """One copy of the references for the module, so the sandbox's Numba cache is compiled once."""
    return reference_copy(tmp_path_factory.mktemp("submission"))


@pytest.mark.slow
def test_unscaled_heatmap_is_diagnosed(workdir):
    old = "        return (np.maximum(heat, 0) / heat.max()).astype(dtype)\n"
    failures = failing_cases("visualization.grad_cam",
                         wrong_submission(workdir, "visualization", [(old, old.replace(" / heat.max()", " * 3"))],
                                                        copy=False))
    assert failures and all(t("diag_gradcam_unnormalized") in c.message for c in failures)


@pytest.mark.slow
def test_softmax_score_is_diagnosed(workdir):
    old = "    layers[-1] = dict(last, activation=None)  # the class score is the logit\n"
    failures = failing_cases("visualization.grad_cam", wrong_submission(workdir, "visualization",
                                                                        [(old, "    layers[-1] = dict(last)\n")], copy=False))
    assert failures and any(t("diag_gradcam_softmax_score") in c.message for c in failures)


# ---------------------------------------------------------------- dlkata show gradcam / filters


def test_show_commands_write_pngs(tmp_path):
    from click.testing import CliRunner

    from dlkata.cli.show import show

    runner = CliRunner()
    res = runner.invoke(show, ["gradcam", "--out", str(tmp_path), "--count", "2", "--solutions"])
    assert res.exit_code == 0, res.output
    res = runner.invoke(show, ["filters", "--out", str(tmp_path), "--layer", "conv2", "--steps", "2", "--solutions"])
    assert res.exit_code == 0, res.output
    for name in ("gradcam.png", "filters_conv2.png"):
        assert (tmp_path / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    res = runner.invoke(show, ["gradcam", "--out", str(tmp_path), "--layer", "gap", "--solutions"])
    assert res.exit_code == 1 and "valid layers are" in res.output
    res = runner.invoke(show, ["filters", "--out", str(tmp_path), "--layer", "conv9"])
    assert res.exit_code == 2 and "conv1, conv2, pool1" in res.output


def test_vision_pictures_are_drawn_by_the_engine(tmp_path):
    """``autograder.vision`` draws; a student's failing function is a StudentError naming the call."""
    from dlkata.autograder import vision
    from dlkata.autograder.convnet import StudentError

    with pytest.raises(ValueError, match="unknown layer 'conv9'; layers are conv1, conv2"):
        vision.filters(tmp_path, layer="conv9")
    target = vision.filters(tmp_path, layer="conv1", steps=1)
    assert target == tmp_path / "filters_conv1.png" and target.read_bytes()[:4] == b"\x89PNG"
    (tmp_path / "student").mkdir()
    student = wrong_submission(tmp_path / "student", "visualization", source="def grad_cam(*a):\n    raise KeyError('x')\n")
    # grad_cam fails: the picture is drawn without heatmaps, and the failure names the call
    target, failures = vision.gradcam(tmp_path, student, count=1)
    assert target.exists() and len(failures) == 1 and isinstance(failures[0], StudentError)
    assert str(failures[0]).startswith("visualization.grad_cam: KeyError")
    d = vision.deprocess(np.array([[0.0, 2.0], [4.0, 6.0]]))
    assert d.min() >= 0 and d.max() <= 1 and abs(d.mean() - 0.5) < 1e-9
