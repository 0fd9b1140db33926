"""Cases of the visualization topic: Grad-CAM on the shipped convnet (its own label, the top class, another
class, a pooling layer's output, float64) and on small random networks; filter visualisation of live
filters (not dead on the start image) for a few steps, and zero steps."""

from __future__ import annotations

import numpy as np

from ...cases import Case
from ...convnet import layer_names
from ...spec_shapes import chain_terms, output_shapes
from ...networks import pick_test_images, random_network, shipped_network


def positive_column(model, c):
    """Make the head's column ``c`` positive so that the heatmap has a positive max (no 0/0)."""
    ws = [list(w) for w in model["weights"]]
    k = ws[-1][0].copy()
    k[:, c] = np.abs(k[:, c])
    ws[-1][0] = k
    return {"spec": model["spec"], "weights": ws}


def grad_cam(rng):
    """``(image, model, class_index, conv_layer)``."""
    cases = []
    net = shipped_network(np.float32)
    images, labels = pick_test_images(rng, 3)
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
            model = positive_column(model, c)
            image = rng.uniform(0, 1, model["spec"]["input_shape"]).astype(dt)
            cases.append(Case(f"{np.dtype(dt).name} small net, {head} head, {conv}", (image, model, c, conv),
                              terms=chain_terms(model["spec"], backward=True),
                              note=f"a small random network ending in {head} + dense"))
    return cases




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


def filter_visualization(rng):
    """``(model, layer, filter_index)`` with ``steps``, ``learning_rate`` and ``seed`` keywords."""
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
    model, _ = random_network(rng, np.float32, head="gap", classes=3, size=(10, 10))
    model["weights"][0][1][0] = -1e3  # filter 0 of the first conv layer never fires: its gradient is all zero
    cases.append(Case("float32 a dead filter", (model, layer_names(model["spec"])[0], 0), {"steps": 2, "seed": 3},
                      note="the filter's ReLU is never positive: a zero gradient, normalised by sqrt(max(0, 1e-12)), "
                           "leaves the start image as it is"))
    model, _ = random_network(rng, np.float64, head="gap", classes=3, size=(10, 10))
    cases.append(Case("float64 zero steps", (model, layer_names(model["spec"])[0], 0), {"steps": 0, "seed": 7},
                      note="steps=0 returns the start image: (U[0,1) - 0.5) * 0.25 from default_rng(seed)"))
    return cases


