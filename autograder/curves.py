"""Training curves: the student's ``fit`` beside Keras' on a small shipped data set.

``dlkata show curves`` trains the same small Dense network from the same
initial weights twice, once with the student's ``training.fit`` (run in the
sandbox, never imported here) and once with ``keras.Sequential.fit``, and
draws loss and accuracy per epoch side by side (matplotlib, Agg backend).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..datasets.tabular import train_validation_split, two_moons

#: The demo network: 2 inputs, two hidden ReLU layers, one sigmoid output.
DEMO_MODEL = {"input_shape": (2,), "layers": [
    {"type": "dense", "units": 16, "activation": "relu"},
    {"type": "dense", "units": 16, "activation": "relu"},
    {"type": "dense", "units": 1, "activation": "sigmoid"},
]}


@dataclass
class CurveRun:
    """Both runs' histories (float arrays per key); ``student_error`` says why the student's is missing."""

    keras: dict
    student: dict | None = None
    student_error: str = ""
    settings: dict = field(default_factory=dict)

    def max_differences(self) -> dict[str, float]:
        """Largest |student - keras| per history key (empty when the student's run failed)."""
        if not self.student:
            return {}
        out = {}
        for key, ref in self.keras.items():
            got = self.student.get(key)
            try:
                got = np.asarray(got, np.float64)
                if got.shape == np.shape(ref):
                    out[key] = float(np.max(np.abs(got - np.asarray(ref, np.float64)))) if got.size else 0.0
            except (TypeError, ValueError):
                continue
        return out


def glorot_weights(model: dict, seed: int = 0, dtype=np.float32) -> list[list[np.ndarray]]:
    """Keras' default initialisation of a Dense model (Glorot uniform kernels, zero biases), seeded."""
    rng = np.random.default_rng(seed)
    n_in = int(np.prod(model["input_shape"]))
    weights = []
    for layer in model["layers"]:
        units = layer["units"]
        limit = np.sqrt(6.0 / (n_in + units))
        weights.append([rng.uniform(-limit, limit, (n_in, units)).astype(dtype), np.zeros(units, dtype)])
        n_in = units
    return weights


#: The settings whose Keras curves the student edition ships (``dlkata show curves`` needs no TensorFlow
#: with these): each optimizer at the command's defaults.
SHIPPED_SETTINGS = tuple({"epochs": 40, "batch_size": 32, "optimizer": {"name": name, "learning_rate": 0.01},
                          "samples": 300, "seed": 0} for name in ("adam", "rmsprop", "sgd"))


class CurvesNotShipped(LookupError):
    """The student edition has no Keras curves for these settings (and no TensorFlow to draw them)."""


def settings_for(epochs: int = 40, batch_size: int = 32, optimizer: dict | None = None, seed: int = 0,
                 n: int = 300) -> dict:
    """The settings of one run, as :data:`SHIPPED_SETTINGS` writes them."""
    return {"epochs": epochs, "batch_size": batch_size,
            "optimizer": dict(optimizer or {"name": "adam", "learning_rate": 0.01}), "samples": n, "seed": seed}


def fit_call(settings: dict) -> tuple[tuple, dict]:
    """``(args, kwargs)`` of ``training.fit`` for ``settings``: the demo network on two moons."""
    x, y = two_moons(settings["samples"], seed=settings["seed"])
    (xt, yt), (xv, yv) = train_validation_split(x, y)
    weights = glorot_weights(DEMO_MODEL, settings["seed"])
    args = (DEMO_MODEL, weights, xt, yt, "binary_crossentropy", settings["optimizer"])
    kwargs = {"batch_size": settings["batch_size"], "epochs": settings["epochs"], "validation_data": (xv, yv),
              "metrics": ("accuracy",)}
    return args, kwargs


def keras_history(settings: dict) -> dict:
    """Keras' history for ``settings``: computed with TensorFlow, or the shipped one in the student edition."""
    from . import public

    if public.in_use():
        for item in public.curves():
            if item["settings"] == settings:
                return item["history"]
        raise CurvesNotShipped(settings)
    from . import registry

    args, kwargs = fit_call(settings)
    return registry.get("training.fit").oracle(*args, **kwargs)[0]  # Keras' fit, the oracle


def train_both(directory, epochs: int = 40, batch_size: int = 32, optimizer: dict | None = None,
               seed: int = 0, n: int = 300, timeout: float = 120.0) -> CurveRun:
    """Run the student's ``fit`` (from ``directory``, sandboxed) and Keras' on the two-moons data."""
    from .checking import numba_cache_for, protected_paths
    from .sandbox import make_sandbox
    from .tracing import origin

    settings = settings_for(epochs, batch_size, optimizer, seed, n)
    run = CurveRun(keras_history(settings), settings=settings)
    args, kwargs = fit_call(settings)
    with make_sandbox(directory, protected=protected_paths(Path(directory)),
                      numba_cache=numba_cache_for(Path(directory))) as box:
        call = box.call("training", "fit", args, kwargs, timeout=timeout)
    if not call.ok:
        source = origin(call.traceback, "training.fit")
        unfinished = call.error.startswith("NotImplementedError")
        run.student_error = (f"{source} is not written yet (NotImplementedError)" if unfinished
                             else (call.error or call.stage) + ("" if source == "training.fit" else f" (in your {source})"))
    elif not (isinstance(call.value, (tuple, list)) and len(call.value) == 2 and isinstance(call.value[0], dict)):
        run.student_error = "fit did not return (history, weights)"
    else:
        run.student = call.value[0]
    return run


def plot(run: CurveRun, out, who: str = "") -> Path:
    """Draw loss and accuracy (train and validation) of both runs side by side into the PNG ``out``.

    ``who`` names the code that trained (``"reference"``, ``"your code: exercises"``) in the title.
    """
    from .pictures import pyplot

    plt = pyplot()
    out = Path(out)
    fig, axes = plt.subplots(1, 2, figsize=(11, 4.2), constrained_layout=True)
    for ax, metric, label in ((axes[0], "loss", "loss (binary cross-entropy)"), (axes[1], "accuracy", "accuracy")):
        for key, color in ((metric, "tab:blue"), ("val_" + metric, "tab:orange")):
            ref = np.asarray(run.keras.get(key, []), np.float64)
            epochs = np.arange(1, len(ref) + 1)
            part = "validation" if key.startswith("val_") else "training"
            ax.plot(epochs, ref, color=color, linewidth=2.5, alpha=0.45, label=f"Keras {part}")
            if run.student and key in run.student:
                try:
                    got = np.asarray(run.student[key], np.float64).ravel()
                    ax.plot(np.arange(1, len(got) + 1), got, color=color, linestyle="--", marker=".",
                            linewidth=1.2, label=f"your fit, {part}")
                except (TypeError, ValueError):
                    pass
        ax.set_xlabel("epoch")
        ax.set_title(label)
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8)
    s = run.settings
    title = (f"two moons, {s.get('samples')} samples, Dense 16-16-1, {s.get('optimizer', {}).get('name')}, "
             f"batch {s.get('batch_size')}, {s.get('epochs')} epochs" + (f" ({who})" if who else ""))
    if run.student_error:
        title += f"\nyour fit failed: {run.student_error[:120]}"
    elif run.student is not None:
        diffs = run.max_differences()
        worst = max(diffs.values()) if diffs else float("nan")
        title += f"\nlargest difference from Keras over all curves: {worst:.2g}"
    fig.suptitle(title, fontsize=10)
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, dpi=110)
    plt.close(fig)
    return out
