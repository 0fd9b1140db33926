"""Registry: the visualization topic (``solutions/visualization.py``).

Oracles follow the keras-io examples (KERAS_SEMANTICS §11) on a
``keras.Sequential`` built from the case's spec and weights
(:func:`autograder.keras_models.build`): Grad-CAM with GradientTape on
``keras.Model(model.inputs, [conv_layer.output, model.output])`` with the last
activation removed; filter visualisation with GradientTape on
``keras.Model(model.inputs, layer.output)``, ``tf.math.l2_normalize`` and
``img += learning_rate * grads``.
"""

from __future__ import annotations

import numpy as np

from .. import keras_models
from ..cases import Case
from ..diagnose import candidate
from ..diagnose_checks import gradcam_unnormalized
from ..convnet import layer_names
from ..spec_shapes import chain_terms, output_shapes
from ..exercise import Exercise, Topic
from ..tfbridge import keras, tf
from .transfer import random_network, shipped_network, test_images

TOPIC = "visualization"


def _dtype(model):
    for ws in model["weights"]:
        for w in ws:
            return np.asarray(w).dtype
    return np.dtype(np.float32)


# ---------------------------------------------------------------- grad_cam


def _positive_column(model, c):
    """Make the head's column ``c`` positive so that the heatmap has a positive max (no 0/0)."""
    ws = [list(w) for w in model["weights"]]
    k = ws[-1][0].copy()
    k[:, c] = np.abs(k[:, c])
    ws[-1][0] = k
    return {"spec": model["spec"], "weights": ws}


def _grad_cam_cases(rng):
    cases = []
    net = shipped_network(np.float32)
    images, labels = test_images(rng, 3)
    terms = chain_terms(net["spec"], backward=True)
    cases.append(Case("shipped net, conv4, its own label", (images[0], net, int(labels[0]), "conv4"), terms=terms,
                      note="the shipped convnet on a test image: the heatmap should sit on the shape"))
    cases.append(Case("shipped net, conv4, top class", (images[1], net, None, "conv4"), terms=terms,
                      note="class_index=None: the top predicted class"))
    cases.append(Case("shipped net, conv3, another class", (images[2], net, int((labels[2] + 1) % 4), "conv3"),
                      terms=terms, note="a class the image is not: evidence against it is cut by the ReLU"))
    net64 = shipped_network(np.float64)
    cases.append(Case("shipped net float64, pool1", (images[0].astype(np.float64), net64, int(labels[0]), "pool1"),
                      terms=terms, note="a pooling layer's output as the feature map"))
    for dt in (np.float32, np.float64):
        for head in ("gap", "flatten"):
            model, start = random_network(rng, dt, head=head, classes=int(rng.integers(2, 5)), last_activation="relu")
            # the last conv layer: only pooling and the dense head follow it, so with a positive
            # column for the class every alpha_k >= 0 and the heatmap has a positive max
            conv = layer_names(model["spec"])[start - 1]
            c = int(rng.integers(model["spec"]["layers"][-1]["units"]))
            model = _positive_column(model, c)
            image = rng.uniform(0, 1, model["spec"]["input_shape"]).astype(dt)
            cases.append(Case(f"{np.dtype(dt).name} small net, {head} head, {conv}", (image, model, c, conv),
                              terms=chain_terms(model["spec"], backward=True),
                              note=f"a small random network ending in {head} + dense"))
    return cases


def _grad_cam_oracle(image, model, class_index, conv_layer, _softmax_score=False):
    t = tf()
    k = keras()
    dt = _dtype(model)
    net = keras_models.build(model["spec"], model["weights"], dtype=dt, logits=not _softmax_score)
    grad_model = k.Model(net.inputs, [net.get_layer(conv_layer).output, net.outputs[0]])
    img = t.constant(np.asarray(image, dt)[None])
    with t.GradientTape() as tape:
        conv_out, preds = grad_model(img)
        c = int(t.argmax(preds[0])) if class_index is None else class_index
        score = preds[:, c]
    grads = tape.gradient(score, conv_out)
    pooled = t.reduce_mean(grads, axis=(0, 1, 2))
    heat = conv_out[0] @ pooled[..., None]
    heat = t.squeeze(heat)
    return t.maximum(heat, 0) / t.math.reduce_max(heat)


_grad_cam_oracle.__name__ = "GradientTape Grad-CAM (keras-io grad_cam.py)"


# ---------------------------------------------------------------- filter_visualization


def _numpy_forward(model, upto, x):
    """Float64 NumPy forward of conv2d ('same'/'valid', stride 1) and max_pool2d layers (case screening only)."""
    from numpy.lib.stride_tricks import sliding_window_view

    for layer, ws in zip(model["spec"]["layers"][:upto + 1], model["weights"]):
        if layer["type"] == "conv2d":
            k = np.asarray(ws[0], np.float64)
            kh, kw = k.shape[:2]
            if layer.get("padding", "valid") == "same":
                ph, pw = kh - 1, kw - 1
                x = np.pad(x, ((0, 0), (ph // 2, ph - ph // 2), (pw // 2, pw - pw // 2), (0, 0)))
            win = sliding_window_view(x, (kh, kw), axis=(1, 2))  # (b, oh, ow, c, kh, kw)
            x = np.einsum("bijcuv,uvco->bijo", win, k) + (np.asarray(ws[1], np.float64) if len(ws) > 1 else 0)
            act = layer.get("activation")
            x = np.maximum(x, 0) if act == "relu" else (np.tanh(x) if act == "tanh" else x)
        elif layer["type"] == "max_pool2d":
            b, h, w, c = x.shape
            x = x[:, : h // 2 * 2, : w // 2 * 2].reshape(b, h // 2, 2, w // 2, 2, c).max(axis=(2, 4))
    return x


def _live_filter(rng, model, index, seed):
    """A filter of layer ``index`` that is not dead on the start image (else gradient ascent does nothing)."""
    start = (np.random.default_rng(seed).random((1, *model["spec"]["input_shape"])) - 0.5) * 0.25
    act = _numpy_forward(model, index, start)[:, 2:-2, 2:-2]
    live = np.flatnonzero((act > 0).any(axis=(0, 1, 2)))
    return int(rng.choice(live)) if live.size else 0


def _filter_cases(rng):
    cases = []
    net = shipped_network(np.float32)
    names = layer_names(net["spec"])
    for layer, steps in (("conv2", 3), ("conv4", 2)):
        seed = int(rng.integers(1000))
        f = _live_filter(rng, net, names.index(layer), seed)
        cases.append(Case(f"shipped net float32, {layer}", (net, layer, f),
                          {"steps": steps, "learning_rate": 10.0, "seed": seed},
                          terms=chain_terms(net["spec"], backward=True), note="the shipped convnet, a few steps"))
    net64 = shipped_network(np.float64)
    seed = int(rng.integers(1000))
    cases.append(Case("shipped net float64, conv3, 5 steps", (net64, "conv3", _live_filter(rng, net64, 3, seed)),
                      {"steps": 5, "learning_rate": 1.0, "seed": seed}, terms=chain_terms(net["spec"], backward=True)))
    for dt in (np.float64, np.float32):
        # relu, not tanh: a saturated tanh gives a tiny gradient whose L2 normalisation amplifies
        # rounding differences step after step (the ascent itself is ill-conditioned there)
        model, _ = random_network(rng, dt, head="gap", classes=3, size=(12, 14), last_activation="relu")
        spec = model["spec"]
        names = layer_names(spec)
        big = [i for i, (layer, shape) in enumerate(zip(spec["layers"], output_shapes(spec)))
               if layer["type"] == "conv2d" and min(shape[:2]) >= 5]
        i = big[-1] if dt == np.float64 else big[0]
        steps = 4 if dt == np.float64 else 3
        seed = int(rng.integers(1000))
        cases.append(Case(f"{np.dtype(dt).name} small net, {names[i]}", (model, names[i],
                                                                          _live_filter(rng, model, i, seed)),
                          {"steps": steps, "learning_rate": float(np.round(rng.uniform(0.5, 10), 2)), "seed": seed},
                          terms=steps * chain_terms(spec, i + 1, backward=True)))
    model, _ = random_network(rng, np.float64, head="gap", classes=3, size=(10, 10))
    cases.append(Case("float64 zero steps", (model, layer_names(model["spec"])[0], 0), {"steps": 0, "seed": 7},
                      note="steps=0 returns the start image: (U[0,1) - 0.5) * 0.25 from default_rng(seed)"))
    return cases


def _filter_oracle(model, layer, filter_index, steps=30, learning_rate=10.0, seed=0):
    t = tf()
    k = keras()
    dt = _dtype(model)
    net = keras_models.build(model["spec"], model["weights"], dtype=dt)
    extractor = k.Model(net.inputs, net.get_layer(layer).output)
    rng = np.random.default_rng(seed)
    img = t.constant(((rng.random((1, *model["spec"]["input_shape"])) - 0.5) * 0.25).astype(dt))
    for _ in range(steps):
        with t.GradientTape() as tape:
            tape.watch(img)
            activation = extractor(img)
            loss = t.reduce_mean(activation[:, 2:-2, 2:-2, filter_index])
        grads = tape.gradient(loss, img)
        grads = t.math.l2_normalize(grads)
        img = img + t.constant(learning_rate, dtype=dt) * grads
    return img[0]


_filter_oracle.__name__ = "GradientTape gradient ascent (keras-io visualizing_what_convnets_learn.py)"


def _grad_cam_mistakes(case, expected):
    """The heatmap of the softmax probability instead of the logit."""
    from ..tfbridge import to_numpy

    variant = to_numpy(_grad_cam_oracle(*case.args, _softmax_score=True))
    if not np.isfinite(variant).all():
        return []
    return candidate("diag_gradcam_softmax_score", np.asarray(variant), expected, case.terms)


HINTS = {
    "grad_cam": {
        "en": "Forward with the last layer's activation removed (layer_forward on dict(last, activation=None)), "
              "keep the conv_layer output A; backward a one-hot of the class from the logits down to that layer "
              "(layer_backward); alpha = grads.mean over (batch, h, w); heat = A[0] @ alpha; "
              "return maximum(heat, 0) / heat.max() (the max before the ReLU).",
        "ko": "마지막 층의 활성화 함수를 뺀 채(dict(last, activation=None)) 순전파하며 conv_layer의 출력 A를 "
              "저장하세요. 그 클래스의 one-hot을 로짓에서 그 층까지 역전파(layer_backward)한 뒤 "
              "alpha = grads의 (batch, h, w) 평균, heat = A[0] @ alpha, 결과는 maximum(heat, 0) / heat.max() "
              "(ReLU 전의 최댓값)입니다."},
    "filter_visualization": {
        "en": "Each step: forward up to `layer`, dL/dact = 1/((h-4)(w-4)) on act[:, 2:-2, 2:-2, filter_index] "
              "and 0 elsewhere, backward to the image, g /= sqrt(max(sum(g**2), 1e-12)) over the whole "
              "tensor, img += learning_rate * g. The start image is given (the seeded rng).",
        "ko": "매 단계: `layer`까지 순전파하고, act[:, 2:-2, 2:-2, filter_index]에만 1/((h-4)(w-4))인 "
              "그래디언트를 이미지까지 역전파한 뒤, 텐서 전체로 g /= sqrt(max(sum(g**2), 1e-12)) 정규화하고 "
              "img += learning_rate * g 하세요. 시작 이미지는 주어집니다(시드 고정 rng)."},
}

EXERCISES = (
    Exercise(TOPIC, "grad_cam", 4, _grad_cam_cases, _grad_cam_oracle, HINTS["grad_cam"],
             mistakes=_grad_cam_mistakes, checks=(gradcam_unnormalized,)),
    Exercise(TOPIC, "filter_visualization", 4, _filter_cases, _filter_oracle, HINTS["filter_visualization"]),
)

topic = Topic(TOPIC, {"en": "Visualizing what convnets learn", "ko": "합성곱 신경망 시각화"}, EXERCISES)
