"""Registry: the transfer topic (``solutions/transfer.py``).

Every oracle builds the same network in Keras from the case's spec and weights
(:func:`autograder.keras_models.build`): the shipped convnet
(``datasets/convnet/``) and small random networks drawn here.

- ``extract_features``: ``keras.Sequential(base layers)(images)``;
- ``trainable_count``: ``layer.trainable = False`` on the frozen layers, then
  the size of ``model.trainable_weights``;
- ``fine_tune_step``: the same freezing, ``compile(SGD(lr),
  "categorical_crossentropy")`` and ``train_on_batch`` -> (loss, weights).
"""

from __future__ import annotations

import functools

import numpy as np

from .. import keras_models
from ..cases import Case, normal, one_hot
from ..diagnose import Mistake, candidate
from ..convnet import layer_names, load_convnet
from ..spec_shapes import chain_terms, resolve_layers, weight_counts
from ..exercise import Exercise, Topic
from ..tfbridge import keras

TOPIC = "transfer"


# ---------------------------------------------------------------- networks shared with visualization


@functools.lru_cache(maxsize=4)
def _shipped(dtype_name: str):
    return load_convnet(dtype=np.dtype(dtype_name))


def shipped_network(dtype) -> dict:
    """The shipped convnet as ``{"spec", "weights"}`` in ``dtype`` (a fresh copy)."""
    net = _shipped(np.dtype(dtype).name)
    return {"spec": net["spec"], "weights": [[w.copy() for w in ws] for ws in net["weights"]]}


@functools.lru_cache(maxsize=1)
def _test_split():
    from ...datasets.shapes import load_shapes

    return load_shapes("test")


def test_images(rng, n):
    """``n`` images of the shapes test split and their labels, picked with ``rng``."""
    x, y = _test_split()
    idx = rng.choice(len(x), n, replace=False)
    return x[idx].copy(), y[idx].copy()


def random_network(rng, dtype, head="gap", classes=3, size=None, named=None, last_activation=None):
    """A small random convnet ``{"spec", "weights"}`` and the index where its head starts.

    conv (relu) -> [conv (relu)] -> max_pool2d -> conv (relu) -> global_average_pool2d or
    flatten -> dense softmax; odd sizes, 'same' and 'valid', some layers named.
    """
    h, w = size or (int(rng.integers(8, 13)), int(rng.integers(8, 13)))
    cin = int(rng.integers(1, 4))
    named = bool(rng.integers(2)) if named is None else named
    layers = [{"type": "conv2d", "filters": int(rng.integers(2, 5)), "kernel_size": 3,
               "padding": str(rng.choice(["same", "valid"])), "activation": "relu"}]
    if rng.integers(2):
        layers.append({"type": "conv2d", "filters": int(rng.integers(2, 5)), "kernel_size": [2, 3],
                       "padding": "same", "activation": "relu"})
    layers.append({"type": "max_pool2d", "pool_size": 2})
    layers.append({"type": "conv2d", "filters": int(rng.integers(2, 5)), "kernel_size": 2, "padding": "valid",
                   "activation": last_activation or str(rng.choice(["relu", "tanh"]))})
    start = len(layers)
    layers.append({"type": "global_average_pool2d"} if head == "gap" else {"type": "flatten"})
    layers.append({"type": "dense", "units": classes, "activation": "softmax"})
    if named:
        counts = {}
        for layer in layers:
            counts[layer["type"]] = counts.get(layer["type"], 0) + 1
            layer["name"] = f"{layer['type'].split('_')[0]}{counts[layer['type']]}"
    spec = {"input_shape": [h, w, cin], "layers": layers}
    weights = []
    shape = (h, w, cin)
    for layer in layers:
        if layer["type"] == "conv2d":
            k = layer["kernel_size"]
            kh, kw = (k, k) if isinstance(k, int) else k
            fan = kh * kw * shape[-1]
            f = layer["filters"]
            weights.append([normal(rng, (kh, kw, shape[-1], f), dtype, 1.5 / np.sqrt(fan)),
                            normal(rng, (f,), dtype, 0.1) + dtype(0.05)])
            if layer["padding"] == "same":
                shape = (shape[0], shape[1], f)
            else:
                shape = (shape[0] - kh + 1, shape[1] - kw + 1, f)
        elif layer["type"] == "max_pool2d":
            shape = (shape[0] // 2, shape[1] // 2, shape[2])
        elif layer["type"] == "flatten":
            shape = (int(np.prod(shape)),)
        elif layer["type"] == "global_average_pool2d":
            shape = (shape[-1],)
        else:
            weights.append([normal(rng, (shape[-1], classes), dtype, 2.0 / np.sqrt(shape[-1])),
                            normal(rng, (classes,), dtype, 0.1)])
            continue
        if layer["type"] != "conv2d":
            weights.append([])
    return {"spec": spec, "weights": weights}, start


# ---------------------------------------------------------------- extract_features


def _extract_cases(rng):
    cases = []
    net = shipped_network(np.float32)
    images, _ = test_images(rng, 2)
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


def _extract_oracle(images, base):
    k = keras()
    dt = images.dtype
    for ws in base["weights"]:
        for w in ws:
            dt = np.asarray(w).dtype
    spec = {"input_shape": list(images.shape[1:]), "layers": base["layers"]}
    model = keras_models.build(spec, base["weights"], dtype=dt)
    return model(k.ops.convert_to_tensor(np.asarray(images, dt)))


_extract_oracle.__name__ = "keras.Sequential(base layers)"


# ---------------------------------------------------------------- trainable_count


def _count_cases(rng):
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


def _count_oracle(model, frozen):
    net = keras_models.build(model, frozen=resolve_layers(model, frozen))
    return int(sum(int(np.prod(w.shape)) for w in net.trainable_weights))


_count_oracle.__name__ = "sum(w.size for w in model.trainable_weights)"


# ---------------------------------------------------------------- fine_tune_step


def _fine_tune_cases(rng):
    cases = []
    net = shipped_network(np.float32)
    images, labels = test_images(rng, 2)
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
    return cases


def _fine_tune_oracle(model, weights, frozen, x, y, learning_rate=0.01):
    k = keras()
    dt = np.asarray(weights[-1][0]).dtype
    net = keras_models.build(model, weights, dtype=dt, frozen=resolve_layers(model, frozen))
    net.compile(optimizer=k.optimizers.SGD(learning_rate), loss="categorical_crossentropy", jit_compile=False)
    loss = net.train_on_batch(np.asarray(x, dt), np.asarray(y, dt))
    return np.asarray(loss, dt), keras_models.get_weights(net)


_fine_tune_oracle.__name__ = "keras Sequential, trainable=False, SGD train_on_batch"


def _count_mistakes(case, expected):
    spec, _ = case.args
    total = sum(weight_counts(spec))
    return (candidate("diag_trainable_ignored_frozen", total, expected, fields={"got": total}, mode="exact")
            + candidate("diag_trainable_complement", total - expected, expected, fields={"got": total - expected},
                        mode="exact", alone=True))


def _fine_tune_mistakes(case, expected):
    """A frozen layer's weights changed; or a layer below the frozen ones left as it was."""
    spec, weights, frozen = case.args[:3]
    names = layer_names(spec)
    idx = sorted(set(resolve_layers(spec, frozen)))
    found = [Mistake("diag_frozen_updated", [((1, i), weights[i])], "differs", fields={"layer": names[i]}, alone=True)
             for i in idx if weights[i]]
    for i in range(max(idx) if idx else 0):
        if i not in idx and weights[i]:
            found += candidate("diag_frozen_blocks_gradient", weights[i], expected, path=(1, i),
                               fields={"layer": names[i]}, alone=True, mode="exact")
    return found


HINTS = {
    "extract_features": {
        "en": "Run layer_forward layer after layer over the base; the output of the last base layer is the feature "
              "array. layer_forward uses your conv2d, max_pool2d, dense, flatten and global_average_pool2d, with "
              "the conv layer's activation applied after conv2d.",
        "ko": "기반층의 각 층에 layer_forward를 차례로 적용하세요. 마지막 층의 출력이 특성입니다. layer_forward는 "
              "conv2d, max_pool2d, dense, flatten, global_average_pool2d를 쓰고, conv 층의 활성화 함수는 conv2d "
              "다음에 적용합니다."},
    "trainable_count": {
        "en": "Add up the weights of every layer NOT in frozen (resolve names and negative indices first); "
              "count_params({'input_shape': that layer's input shape, 'layers': [layer]}) counts one layer.",
        "ko": "frozen에 없는 층들의 가중치 수를 더하세요(이름과 음수 인덱스를 먼저 층 번호로 바꾸세요). "
              "count_params({'input_shape': 그 층의 입력 모양, 'layers': [layer]})로 층 하나를 셀 수 있습니다."},
    "fine_tune_step": {
        "en": "Forward with caches (the head without its softmax gives logits z); loss = mean(-sum(y * "
              "log_softmax(z))); dz = (softmax(z) - y) / batch; backward layer by layer (gradients pass through "
              "frozen layers too); update only unfrozen layers: w - float32(lr) * dw; frozen weights stay as they "
              "were. Return (loss as a 0-d array, new weights as a list of lists).",
        "ko": "캐시를 저장하며 순전파하고(헤드는 softmax 없이 로짓 z), loss = mean(-sum(y * log_softmax(z))), "
              "dz = (softmax(z) - y) / batch에서 시작해 층마다 역전파하세요(동결된 층도 그래디언트는 통과). "
              "동결되지 않은 층만 w - float32(lr) * dw로 바꾸고, 동결된 가중치는 그대로 둡니다. "
              "(0차원 배열 loss, 리스트의 리스트인 새 가중치)를 반환하세요."},
}

EXERCISES = (
    Exercise(TOPIC, "extract_features", 2, _extract_cases, _extract_oracle, HINTS["extract_features"]),
    Exercise(TOPIC, "trainable_count", 1, _count_cases, _count_oracle, HINTS["trainable_count"],
             mistakes=_count_mistakes),
    Exercise(TOPIC, "fine_tune_step", 4, _fine_tune_cases, _fine_tune_oracle, HINTS["fine_tune_step"],
             mistakes=_fine_tune_mistakes, outputs=("loss", "weights")),
)

topic = Topic(TOPIC, {"en": "Transfer learning", "ko": "전이학습"}, EXERCISES)
