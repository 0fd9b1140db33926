"""Transfer topic: bad input, freezing against Keras, float64 fine-tuning, and the freezing diagnoses."""

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
from dlkata.autograder.tfbridge import to_numpy
from dlkata.solutions import transfer as T

from .helpers import failing_cases, reference_copy, wrong_submission
from .strategies import seeds


@pytest.fixture(scope="module")
def net():
    return load_convnet()


def _batch(net, n=2, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.uniform(0, 1, (n, 32, 32, 3)).astype(np.float32)
    y = np.eye(4, dtype=np.float32)[rng.integers(0, 4, n)]
    return x, y


def test_unknown_frozen_layer_lists_the_layers(net):
    with pytest.raises(ValueError, match=r"unknown layer 'conv9'.*'conv1', 'conv2', 'pool1'"):
        T.trainable_count(net["spec"], ["conv9"])
    with pytest.raises(ValueError, match=r"layer index 8 is out of range for 8 layers"):
        T.trainable_count(net["spec"], [8])
    with pytest.raises(ValueError, match="neither a layer name nor an index"):
        T.trainable_count(net["spec"], [1.5])


def test_bad_images_and_bases_are_refused(net):
    base = {"layers": net["spec"]["layers"][:3], "weights": net["weights"][:3]}
    with pytest.raises(ValueError, match=r"images must have rank 4.*\(32, 32, 3\)"):
        T.extract_features(np.zeros((32, 32, 3), np.float32), base)
    with pytest.raises(ValueError, match=r"weights\[0\]\[0\] \(conv1, conv2d\) has shape \(3, 3, 3, 8\), "
                                         r"expected \(3, 3, 1, 8\)"):
        T.extract_features(np.zeros((1, 32, 32, 1), np.float32), base)
    with pytest.raises(ValueError, match="base must be a dict"):
        T.extract_features(np.zeros((1, 32, 32, 3), np.float32), base["layers"])
    with pytest.raises(ValueError, match=r"one list of arrays per layer \(3 layers\), got 2"):
        T.extract_features(np.zeros((1, 32, 32, 3), np.float32), {"layers": base["layers"],
                                                                  "weights": base["weights"][:2]})


def test_fine_tune_bad_data_is_refused(net):
    x, y = _batch(net)
    with pytest.raises(ValueError, match=r"x must have shape \(batch,\) \+ input_shape = \(batch, 32, 32, 3\)"):
        T.fine_tune_step(net["spec"], net["weights"], [], x[:, :16], y)
    with pytest.raises(ValueError, match=r"y must be one-hot of shape \(batch, classes\) = \(2, 4\)"):
        T.fine_tune_step(net["spec"], net["weights"], [], x, y[:, :3])
    spec = dict(net["spec"], layers=[*net["spec"]["layers"][:-1], dict(net["spec"]["layers"][-1], activation=None)])
    with pytest.raises(ValueError, match="last layer must be a dense layer with activation='softmax'"):
        T.fine_tune_step(spec, net["weights"], [], x, y)


def test_fine_tune_keeps_frozen_layers_and_inputs_untouched(net):
    x, y = _batch(net)
    before = [[w.copy() for w in ws] for ws in net["weights"]]
    loss, new = T.fine_tune_step(net["spec"], net["weights"], ["conv2", -1], x, y, learning_rate=0.1)
    assert loss.shape == () and loss.dtype == np.float32 and isinstance(new, list)
    for i, (a, b) in enumerate(zip(new, before)):
        changed = any(not np.array_equal(u, v) for u, v in zip(a, b))
        assert changed == (bool(b) and i not in (1, 7)), i
    for a, b in zip(net["weights"], before):
        assert all(np.array_equal(u, v) for u, v in zip(a, b))


def test_fine_tune_float64_matches_keras_weights(net):
    """float64 layers: Keras computes the loss in float32 (clipped probabilities); the weights still match."""
    x, y = _batch(net, 3, seed=1)
    w64 = [[w.astype(np.float64) for w in ws] for ws in net["weights"]]
    args = (net["spec"], w64, ["conv1"], x.astype(np.float64), y.astype(np.float64))
    loss, new = T.fine_tune_step(*args, learning_rate=0.05)
    k_loss, k_new = to_numpy(registry.get("transfer.fine_tune_step").oracle(*args, learning_rate=0.05))
    v = compare(new, k_new, chain_terms(net["spec"], backward=True))
    assert v.passed, v
    assert loss.dtype == np.float64
    # the loss itself is a float32 computation carried in float64: float32 accuracy
    assert abs(float(loss) - float(k_loss)) <= 1e-6 * max(1.0, abs(float(k_loss)))


@settings(max_examples=15, deadline=None)
@given(seeds, st.sampled_from(["gap", "flatten"]))
def test_trainable_count_matches_keras(seed, head):
    rng = np.random.default_rng(seed)
    model, _ = random_network(rng, np.float32, head=head)
    names = layer_names(model["spec"])
    frozen = [names[i] if rng.integers(2) else int(i) - len(names) * int(rng.integers(2))
              for i in rng.choice(len(names), int(rng.integers(0, len(names) + 1)), replace=False)]
    assert T.trainable_count(model["spec"], frozen) == registry.get("transfer.trainable_count").oracle(model["spec"], frozen)


# ---------------------------------------------------------------- diagnoses on wrong answers


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    """One copy of the references for the module, so the sandbox's Numba cache is compiled once."""
    return reference_copy(tmp_path_factory.mktemp("submission"))


@pytest.mark.slow
def test_updating_frozen_layers_is_diagnosed(workdir):
    directory = wrong_submission(workdir, "transfer", [("        if i not in frozen:\n            new[i] =",
                                                         "        if True:\n            new[i] =")], copy=False)
    failures = failing_cases("transfer.fine_tune_step", directory)
    shipped = [c for c in failures if c.case == "shipped net, conv1-conv3 frozen"]
    assert shipped and t("diag_frozen_updated", layer="conv3") in shipped[0].message
    assert all("keeps its weights exactly" in c.message for c in failures)


@pytest.mark.slow
def test_stopping_the_gradient_at_frozen_layers_is_diagnosed(workdir):
    old = "    first = min((i for i in range(len(layers)) if i not in frozen), default=len(layers))\n"
    new = "    first = max(frozen, default=-1) + 1\n"
    failures = failing_cases("transfer.fine_tune_step", wrong_submission(workdir, "transfer", [(old, new)], copy=False))
    diagnosed = [c for c in failures if "did not change" in c.message]
    assert diagnosed and "middle layer frozen" in " ".join(c.note for c in diagnosed)


@pytest.mark.slow
def test_counting_the_frozen_weights_is_diagnosed(workdir):
    directory = wrong_submission(workdir, "transfer", [("        if i not in frozen:\n            total",
                                                         "        if i in frozen:\n            total")], copy=False)
    failures = failing_cases("transfer.trainable_count", directory)
    assert failures and all("frozen (non-trainable) weights" in c.message for c in failures
                            if "nothing frozen" not in c.case)
