"""Cases of the transfer topic, on the shipped convnet (``datasets/convnet/``) and small random networks
(:mod:`autograder.networks`): bases cut at different layers, layers frozen by name and by (negative)
index, layers without weights frozen, gradients flowing through frozen layers."""

from __future__ import annotations

import numpy as np

from ...cases import Case, one_hot
from ...convnet import layer_names
from ...spec_shapes import chain_terms
from ...networks import pick_test_images, random_network, shipped_network


def extract_features(rng):
    """``(images, base)``: ``base`` the first layers of a network and their weights."""
    cases = []
    net = shipped_network(np.float32)
    images, _ = pick_test_images(rng, 2)
    for upto, label in ((6, "conv base (to pool2)"), (7, "conv base + global average pooling")):
        base = {"layers": net["spec"]["layers"][:upto], "weights": net["weights"][:upto]}
        cases.append(Case(f"shipped net, {label}", (images, base), terms=chain_terms(net["spec"], upto),
                          note="the shipped convnet's first layers on test images"))
    for dt in (np.float32, np.float64):
        for head in ("gap", "flatten"):
            model, start = random_network(rng, dt, head=head)
            upto = start + 1 if rng.integers(2) or dt == np.float64 else start
            base = {"layers": model["spec"]["layers"][:upto], "weights": model["weights"][:upto]}
            x = rng.uniform(0, 1, (int(rng.integers(1, 4)), *model["spec"]["input_shape"])).astype(dt)
            cases.append(Case(f"{np.dtype(dt).name} small base, {head}", (x, base),
                              terms=chain_terms(model["spec"], upto), note="a random small base"))
    return cases




def trainable_count(rng):
    """``(model, frozen)``: a spec and the layers frozen (names and indices)."""
    cases = []
    spec = shipped_network(np.float32)["spec"]
    cases.append(Case("shipped net, conv base frozen", (spec, ["conv1", "conv2", "pool1", "conv3", "conv4"]),
                      note="freeze the base, train the head"))
    cases.append(Case("shipped net, nothing frozen", (spec, []), note="frozen=[]: every weight trains"))
    cases.append(Case("shipped net, by index", (spec, [0, 1, -1]), note="indices, negative from the end"))
    cases.append(Case("shipped net, weightless layers", (spec, ["pool1", "gap"]),
                      note="freezing layers without weights changes nothing"))
    for _ in range(3):
        model, start = random_network(rng, np.float32, head=str(rng.choice(["gap", "flatten"])),
                                      classes=int(rng.integers(2, 6)))
        names = layer_names(model["spec"])
        pick = rng.choice(len(names), int(rng.integers(1, len(names) + 1)), replace=False)
        frozen = [names[i] if rng.integers(2) else int(i) for i in pick]
        cases.append(Case(f"small net, {len(frozen)} frozen", (model["spec"], frozen)))
    return cases




def fine_tune_step(rng):
    """``(model, weights, frozen, x, y)`` with the ``learning_rate`` keyword."""
    cases = []
    net = shipped_network(np.float32)
    images, labels = pick_test_images(rng, 2)
    y = np.eye(4, dtype=np.float32)[(labels + rng.integers(0, 2, 2)) % 4]
    spec = net["spec"]
    cases.append(Case("shipped net, conv1-conv3 frozen", (spec, net["weights"], ["conv1", "conv2", "conv3"],
                                                           images, y), {"learning_rate": 0.05},
                      terms=chain_terms(spec, backward=True),
                      note="gradients flow through frozen conv3 into nothing trainable below it"))
    cases.append(Case("shipped net, only the head trains", (spec, net["weights"], [0, 1, 2, 3, 4], images, y),
                      {"learning_rate": 0.01}, terms=chain_terms(spec, backward=True)))
    for i in range(3):
        model, start = random_network(rng, np.float32, head=str(rng.choice(["gap", "flatten"])),
                                      classes=int(rng.integers(2, 5)))
        names = layer_names(model["spec"])
        frozen = [] if i == 0 else ([names[1], -2] if i == 1 else [0])
        batch = int(rng.integers(1, 5))
        x = rng.uniform(0, 1, (batch, *model["spec"]["input_shape"])).astype(np.float32)
        yy = one_hot(rng, batch, model["spec"]["layers"][-1]["units"], np.float32)
        note = ["nothing frozen: every layer updates", "a middle layer frozen: the layers below still update",
                "the first layer frozen"][i]
        cases.append(Case(f"small net, frozen {frozen}", (model["spec"], model["weights"], frozen, x, yy),
                          {"learning_rate": float(np.round(rng.uniform(0.01, 0.5), 3))},
                          terms=chain_terms(model["spec"], backward=True), note=note))
    # a confident head (logits near 100: exp(2 * max) overflows float32), a pool with the default pool_size,
    # a convolution without bias
    model, _ = random_network(rng, np.float32, head="flatten", classes=3)
    spec, weights = model["spec"], model["weights"]
    for layer in spec["layers"]:
        if layer["type"] == "max_pool2d":
            del layer["pool_size"]
    spec["layers"][0]["use_bias"] = False
    weights[0] = weights[0][:1]
    spec["layers"][-1]["use_bias"] = False
    weights[-1] = [weights[-1][0] * np.float32(300)]
    batch = int(rng.integers(2, 4))
    x = rng.uniform(0, 1, (batch, *spec["input_shape"])).astype(np.float32)
    cases.append(Case("small net, confident head, no conv bias", (spec, weights, [], x, one_hot(rng, batch, 3, np.float32)),
                      {"learning_rate": 0.001}, terms=chain_terms(spec, backward=True),
                      note="logits in the hundreds; max_pool2d with its default pool_size; conv2d and dense with "
                           "use_bias=False"))
    # a confident float64 head: float32 probabilities of exactly 0 and 1, where Keras' clip acts
    model, _ = random_network(rng, np.float64, head="flatten", classes=3)
    spec, weights = model["spec"], model["weights"]
    weights[-1] = [weights[-1][0], np.array([300.0, 0.0, 0.0])]  # class 0 wins every sample by ~300
    x = rng.uniform(0, 1, (3, *spec["input_shape"]))
    cases.append(Case("float64 small net, confident head", (spec, weights, [], x, np.eye(3)), {"learning_rate": 0.05},
                      terms=chain_terms(spec, backward=True), accuracy=np.float32,
                      note="class 0 certain: float32 probabilities of exactly 1 and 0, clipped at the labels "
                           "(sample 0's label is the certain class, the others' impossible ones)"))
    # float64 weights: Keras computes the loss in float32 from the float64 softmax, so the logits shortcut is lost
    for head, frozen in (("gap", [0]), ("flatten", [])):
        model, _ = random_network(rng, np.float64, head=head, classes=3)
        batch = int(rng.integers(2, 4))
        x = rng.uniform(0, 1, (batch, *model["spec"]["input_shape"])).astype(np.float64)
        yy = one_hot(rng, batch, 3, np.float64)
        cases.append(Case(f"float64 small net, {head}, frozen {frozen}", (model["spec"], model["weights"], frozen, x, yy),
                          {"learning_rate": 0.1}, terms=chain_terms(model["spec"], backward=True),
                          accuracy=np.float32,  # Keras takes the loss and its gradient through float32
                          note="float64 weights: the loss is the clipped float32 cross-entropy of the softmax"))
    return cases


