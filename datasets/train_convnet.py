"""Train the small convnet that ships with the course (``datasets/convnet/``).

    python -m dlkata.datasets.train_convnet            # a few minutes on 2 CPU cores

A VGG-style network on the shapes dataset (``datasets/shapes.py``): two blocks of
two 3x3 'same' ReLU convolutions and a 2x2 max pool, global average pooling,
and a softmax Dense layer. Seeds are fixed and TensorFlow's ops are made
deterministic, so a rerun on the same TensorFlow gives the same weights.

Writes ``datasets/convnet/weights.npz`` (plain arrays, one group per layer in
Keras ``get_weights()`` order; see :mod:`dlkata.autograder.convnet`) and
``datasets/convnet/model.json`` (the model spec, the class names, the test
accuracy and the training settings).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path


from ..autograder.convnet import CONVNET_DIR, save_weights
from ..autograder.keras_models import build as build_keras
from .shapes import CLASS_NAMES, SIZE, load_shapes

#: The network, in the course's plain-data model spec form.
SPEC = {
    "input_shape": [SIZE, SIZE, 3],
    "layers": [
        {"type": "conv2d", "filters": 8, "kernel_size": 3, "padding": "same", "activation": "relu", "name": "conv1"},
        {"type": "conv2d", "filters": 8, "kernel_size": 3, "padding": "same", "activation": "relu", "name": "conv2"},
        {"type": "max_pool2d", "pool_size": 2, "name": "pool1"},
        {"type": "conv2d", "filters": 16, "kernel_size": 3, "padding": "same", "activation": "relu", "name": "conv3"},
        {"type": "conv2d", "filters": 16, "kernel_size": 3, "padding": "same", "activation": "relu", "name": "conv4"},
        {"type": "max_pool2d", "pool_size": 2, "name": "pool2"},
        {"type": "global_average_pool2d", "name": "gap"},
        {"type": "dense", "units": len(CLASS_NAMES), "activation": "softmax", "name": "predictions"},
    ],
}

SETTINGS = {"seed": 0, "epochs": 50, "batch_size": 64, "optimizer": "adam", "learning_rate": 0.003}


def train(out: Path = CONVNET_DIR, epochs: int | None = None) -> dict:
    """Train, evaluate on the test split, save; returns the metadata written."""
    from ..autograder.tfbridge import keras, tf

    t, k = tf(), keras()
    t.config.threading.set_intra_op_parallelism_threads(2)
    t.config.threading.set_inter_op_parallelism_threads(1)
    settings = dict(SETTINGS, epochs=epochs or SETTINGS["epochs"])
    k.utils.set_random_seed(settings["seed"])
    t.config.experimental.enable_op_determinism()

    x_train, y_train = load_shapes("train")
    x_test, y_test = load_shapes("test")
    model = build_keras(SPEC)
    model.compile(optimizer=k.optimizers.Adam(settings["learning_rate"]),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    start = time.time()
    model.fit(x_train, y_train, batch_size=settings["batch_size"], epochs=settings["epochs"], shuffle=True,
              verbose=2)
    seconds = time.time() - start
    _, test_acc = model.evaluate(x_test, y_test, verbose=0)
    _, train_acc = model.evaluate(x_train, y_train, verbose=0)

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    save_weights(out / "weights.npz", [layer.get_weights() for layer in model.layers])
    meta = {
        "spec": SPEC,
        "class_names": list(CLASS_NAMES),
        "dataset": "dlkata.datasets.shapes.load_shapes",
        "test_accuracy": round(float(test_acc), 4),
        "train_accuracy": round(float(train_acc), 4),
        "params": int(model.count_params()),
        "training": dict(settings, seconds=round(seconds, 1), tensorflow=t.__version__, keras=k.__version__),
    }
    (out / "model.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    return meta


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=CONVNET_DIR)
    parser.add_argument("--epochs", type=int, default=None)
    args = parser.parse_args(argv)
    meta = train(args.out, args.epochs)
    print(json.dumps({k: meta[k] for k in ("test_accuracy", "train_accuracy", "params")}), flush=True)


if __name__ == "__main__":
    main()
