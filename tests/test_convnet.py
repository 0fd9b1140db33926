"""The shipped convnet and the shapes dataset: load offline, reach the stated accuracy, look at the shapes."""

import json

import numpy as np
import pytest

from dlkata.autograder.convnet import CONVNET_DIR, channels, layer_names, load_convnet, metadata
from dlkata.autograder.spec_shapes import output_shapes, weight_counts
from dlkata.autograder.keras_models import build as build_keras
from dlkata.datasets import shapes
from dlkata.solutions import transfer, visualization


@pytest.fixture(scope="module")
def test_split():
    return shapes.load_shapes("test", masks=True)


def test_weights_are_plain_arrays_that_match_the_spec():
    # np.load with allow_pickle=False refuses object arrays: the file holds plain numbers only
    with np.load(CONVNET_DIR / "weights.npz", allow_pickle=False) as z:
        assert all(z[k].dtype == np.float32 for k in z.keys())
    net = load_convnet()
    meta = json.loads((CONVNET_DIR / "model.json").read_text(encoding="utf-8"))
    assert net["spec"] == meta["spec"]
    _, weights = transfer.check_network(net["spec"], net["weights"])  # shapes checked layer by layer
    assert sum(w.size for ws in weights for w in ws) == sum(weight_counts(net["spec"])) == meta["params"]
    assert sum(w.size for ws in weights for w in ws) * 4 < 300_000, "the shipped network must stay small"
    assert layer_names(net["spec"]) == ["conv1", "conv2", "pool1", "conv3", "conv4", "pool2", "gap", "predictions"]
    assert output_shapes(net["spec"])[4] == (16, 16, 16)
    assert [channels(net["spec"], i) for i in range(len(net["spec"]["layers"]))] == \
        [shape[-1] for shape in output_shapes(net["spec"])]


def test_keras_reaches_the_stated_test_accuracy(test_split):
    x, y, _ = test_split
    net = load_convnet()
    model = build_keras(net["spec"], net["weights"])
    acc = float(np.mean(np.argmax(model.predict(x, verbose=0), axis=1) == y))
    stated = metadata()["test_accuracy"]
    assert stated >= 0.85
    assert acc >= stated - 1e-3, (acc, stated)


def test_numpy_reference_gives_keras_predictions(test_split):
    x, y, _ = test_split
    net = load_convnet()
    ours = transfer.extract_features(x[:200], {"layers": net["spec"]["layers"], "weights": net["weights"]})
    keras_probs = build_keras(net["spec"], net["weights"]).predict(x[:200], verbose=0)
    assert np.array_equal(ours.argmax(1), keras_probs.argmax(1))
    assert float(np.mean(ours.argmax(1) == y[:200])) >= metadata()["test_accuracy"] - 0.05


def test_shapes_are_deterministic_balanced_and_in_range():
    a, la = shapes.generate(40, seed=3)
    b, lb = shapes.generate(40, seed=3)
    c, _ = shapes.generate(40, seed=4)
    assert np.array_equal(a, b) and np.array_equal(la, lb) and not np.array_equal(a, c)
    assert a.shape == (40, 32, 32, 3) and a.dtype == np.float32 and la.dtype == np.int64
    assert a.min() >= 0 and a.max() <= 1
    assert np.bincount(la, minlength=4).tolist() == [10, 10, 10, 10]
    with pytest.raises(ValueError, match="split must be one of 'train', 'test'"):
        shapes.load_shapes("validation")


def test_shapes_masks_cover_the_shape(test_split):
    x, y, m = test_split
    assert m.shape == x.shape[:3] and m.dtype == bool
    area = m.mean(axis=(1, 2))
    assert (area > 0.01).all() and (area < 0.5).all()
    # the shape's pixels differ from the background around them
    from scipy.ndimage import binary_dilation

    i = 0
    ring = binary_dilation(m[i], iterations=2) & ~m[i]
    assert np.abs(x[i][m[i]].mean(0) - x[i][ring].mean(0)).sum() > 0.2


def test_gradcam_heatmaps_sit_on_the_shapes(test_split):
    from scipy.ndimage import binary_dilation

    x, y, m = test_split
    net = load_convnet()
    probs = transfer.extract_features(x[:120], {"layers": net["spec"]["layers"], "weights": net["weights"]})
    peaks, mass, area = [], [], []
    for i in np.flatnonzero(probs.argmax(1) == y[:120]):
        heat = np.kron(visualization.grad_cam(x[i], net, None, "conv4"), np.ones((2, 2)))  # 16x16 -> 32x32
        near = binary_dilation(m[i], iterations=3)
        peaks.append(near[np.unravel_index(heat.argmax(), heat.shape)])
        mass.append(heat[near].sum() / heat.sum())
        area.append(near.mean())
    assert np.mean(peaks) >= 0.7
    assert np.mean(mass) >= 2 * np.mean(area)


def test_build_keras_freezes_and_removes_the_softmax():
    net = load_convnet()
    model = build_keras(net["spec"], net["weights"], frozen=[0, 1], logits=True)
    assert [layer.trainable for layer in model.layers][:3] == [False, False, True]
    assert model.layers[-1].get_config()["activation"] == "linear"
    assert [layer.name for layer in model.layers] == layer_names(net["spec"])
