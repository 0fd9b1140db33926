"""Training topic: count_params and fit against Keras, bad input, diagnoses, the curves picture."""

import numpy as np
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from dlkata.autograder import registry
from dlkata.autograder.compare import compare
from dlkata.autograder.messages import t
from dlkata.autograder.registry.training.cases import fit_case
from dlkata.datasets.tabular import train_validation_split, two_moons
from dlkata.solutions import training as T

from .helpers import failing_cases, wrong_submission

F32 = np.float32
MLP = {"input_shape": (3,), "layers": [{"type": "dense", "units": 4, "activation": "relu"},
                                       {"type": "dense", "units": 2, "activation": "softmax"}]}


def _mlp_weights(dt=F32):
    rng = np.random.default_rng(0)
    return [[rng.standard_normal((3, 4)).astype(dt), np.zeros(4, dt)],
            [rng.standard_normal((4, 2)).astype(dt), np.zeros(2, dt)]]


def _xy(n=10):
    rng = np.random.default_rng(1)
    return rng.standard_normal((n, 3)).astype(F32), np.eye(2, dtype=F32)[rng.integers(0, 2, n)]


# ---------------------------------------------------------------- count_params

layer_st = st.one_of(
    st.builds(lambda u, b: {"type": "simple_rnn", "units": u, "use_bias": b, "return_sequences": True},
              st.integers(1, 9), st.booleans()),
    st.builds(lambda u, b: {"type": "lstm", "units": u, "use_bias": b, "return_sequences": True},
              st.integers(1, 9), st.booleans()),
    st.builds(lambda u, b, r: {"type": "gru", "units": u, "use_bias": b, "reset_after": r, "return_sequences": True},
              st.integers(1, 9), st.booleans(), st.booleans()),
    st.builds(lambda u, b: {"type": "dense", "units": u, "use_bias": b}, st.integers(1, 9), st.booleans()),
)


@settings(max_examples=15, deadline=None)
@given(st.integers(1, 8), st.integers(1, 8), st.lists(layer_st, min_size=1, max_size=3))
def test_count_params_of_sequence_models_matches_keras(time, features, layers):
    model = {"input_shape": (time, features), "layers": layers}
    assert T.count_params(model) == registry.get("training.count_params").oracle(model)


@settings(max_examples=10, deadline=None)
@given(st.integers(6, 14), st.integers(1, 4), st.integers(1, 3), st.integers(1, 3), st.sampled_from(["valid", "same"]),
       st.integers(1, 3), st.booleans())
def test_count_params_of_convnets_matches_keras(side, channels, kernel, stride, padding, pool, bias):
    model = {"input_shape": (side, side, channels), "layers": [
        {"type": "conv2d", "filters": 3, "kernel_size": kernel, "strides": stride, "padding": padding,
         "use_bias": bias},
        {"type": "max_pool2d", "pool_size": pool, "padding": "same"},
        {"type": "flatten"},
        {"type": "dense", "units": 2}]}
    assert T.count_params(model) == registry.get("training.count_params").oracle(model)


def test_count_params_bad_specs_name_the_layer():
    with pytest.raises(ValueError, match=r"model\['layers'\]\[1\]: unknown layer type 'dropout'"):
        T.count_params({"input_shape": (3,), "layers": [{"type": "dense", "units": 2}, {"type": "dropout"}]})
    with pytest.raises(ValueError, match=r"\[0\] \(dense\) is missing the argument\(s\) units"):
        T.count_params({"input_shape": (3,), "layers": [{"type": "dense"}]})
    with pytest.raises(ValueError, match=r"\(dense\): unknown argument\(s\) filters"):
        T.count_params({"input_shape": (3,), "layers": [{"type": "dense", "units": 2, "filters": 3}]})
    with pytest.raises(ValueError, match=r"\(conv2d\) needs inputs of shape \(height, width, channels\), got \(3,\)"):
        T.count_params({"input_shape": (3,), "layers": [{"type": "conv2d", "filters": 2, "kernel_size": 2}]})
    with pytest.raises(ValueError, match="input_shape"):
        T.count_params({"input_shape": (0,), "layers": []})
    with pytest.raises(ValueError, match="model must be a dict"):
        T.count_params([{"type": "dense", "units": 2}])


def test_the_one_keras_builder_names_layers_and_takes_training_specs():
    from dlkata.autograder import keras_models

    named = {"input_shape": (7,), "layers": [{"type": "embedding", "input_dim": 20, "output_dim": 3, "name": "emb"},
                                             {"type": "gru", "units": 2},
                                             {"type": "dense", "units": 1, "name": "out"}]}
    bare = {"input_shape": (7,), "layers": [{k: v for k, v in layer.items() if k != "name"}
                                            for layer in named["layers"]]}
    model = keras_models.build(named)
    assert [layer.name for layer in model.layers] == ["emb", "gru_1", "out"]
    assert model.inputs[0].dtype == "int32"  # an embedding takes ids
    assert registry.get("training.count_params").oracle(named) == registry.get("training.count_params").oracle(bare) == T.count_params(bare)
    with pytest.raises(ValueError, match="unknown layer type 'dropuot'"):
        keras_models.build({"input_shape": (3,), "layers": [{"type": "dropuot", "rate": 0.5}]})
    # weights are cast to the model's dtype and come back in get_weights() order
    model = keras_models.build(MLP, _mlp_weights(np.float64), dtype=None)
    got = keras_models.get_weights(model)
    assert all(w.dtype == F32 for ws in got for w in ws)
    assert all(np.array_equal(a, b.astype(F32)) for ga, gb in zip(got, _mlp_weights(np.float64))
               for a, b in zip(ga, gb))


def test_count_params_takes_named_layers():
    named = {"input_shape": (3,), "layers": [{"type": "dense", "units": 2, "name": "out"},
                                             {"type": "dense", "units": 4, "name": "head", "use_bias": False}]}
    assert T.count_params(named) == 3 * 2 + 2 + 2 * 4 == registry.get("training.count_params").oracle(named)


# ---------------------------------------------------------------- fit: bad input


def test_fit_bad_weights_name_the_array():
    x, y = _xy()
    w = _mlp_weights()
    w[1][0] = w[1][0][:3]
    with pytest.raises(ValueError, match=r"weights\[1\]\[0\] \(dense\) has shape \(3, 2\), expected \(4, 2\)"):
        T.fit(MLP, w, x, y, "categorical_crossentropy", {"name": "sgd"})
    with pytest.raises(ValueError, match=r"weights\[0\] \(dense\) holds 1 arrays, expected 2"):
        T.fit(MLP, [_mlp_weights()[0][:1], _mlp_weights()[1]], x, y, "categorical_crossentropy", {"name": "sgd"})
    with pytest.raises(ValueError, match=r"one list of arrays per layer \(2 layers\), got 1"):
        T.fit(MLP, _mlp_weights()[:1], x, y, "categorical_crossentropy", {"name": "sgd"})


def test_fit_bad_arguments_say_which():
    x, y = _xy()
    w = _mlp_weights()
    with pytest.raises(ValueError, match="loss='hinge' is unknown"):
        T.fit(MLP, w, x, y, "hinge", {"name": "sgd"})
    with pytest.raises(ValueError, match="optimizer name 'adagrad' is unknown"):
        T.fit(MLP, w, x, y, "categorical_crossentropy", {"name": "adagrad"})
    with pytest.raises(ValueError, match=r"optimizer sgd: unknown argument\(s\) beta_1"):
        T.fit(MLP, w, x, y, "categorical_crossentropy", {"name": "sgd", "beta_1": 0.9})
    with pytest.raises(ValueError, match=r"training y has shape \(10, 3\).*output shape \(10, 2\)"):
        T.fit(MLP, w, x, np.zeros((10, 3), F32), "categorical_crossentropy", {"name": "sgd"})
    with pytest.raises(ValueError, match=r"training y has shape \(9, 2\) but x has shape \(10, 3\)"):
        T.fit(MLP, w, x, y[:9], "categorical_crossentropy", {"name": "sgd"})
    with pytest.raises(ValueError, match=r"class ids in \[0, 5\] but the model has 2 classes"):
        T.fit(MLP, w, x, np.arange(10) % 6, "sparse_categorical_crossentropy", {"name": "sgd"})
    with pytest.raises(ValueError, match=r"validation x has shape \(4, 2\)"):
        T.fit(MLP, w, x, y, "categorical_crossentropy", {"name": "sgd"}, validation_data=(x[:4, :2], y[:4]))
    with pytest.raises(ValueError, match="metric 'mae' is not supported"):
        T.fit(MLP, w, x, y, "categorical_crossentropy", {"name": "sgd"}, metrics=("mae",))
    with pytest.raises(ValueError, match="batch_size must be a positive int"):
        T.fit(MLP, w, x, y, "categorical_crossentropy", {"name": "sgd"}, batch_size=0)
    rnn = {"input_shape": (4, 3), "layers": [{"type": "simple_rnn", "units": 2}]}
    with pytest.raises(ValueError, match=r"fit trains dense, flatten, .* layers, not 'simple_rnn'"):
        T.fit(rnn, [[np.zeros((3, 2), F32), np.zeros((2, 2), F32), np.zeros(2, F32)]], np.zeros((2, 4, 3), F32),
              np.zeros((2, 2), F32), "mean_squared_error", {"name": "sgd"})
    conv = {"input_shape": (4, 4, 1), "layers": [{"type": "conv2d", "filters": 2, "kernel_size": (2, 3)}]}
    with pytest.raises(ValueError, match=r"weights\[0\]\[0\] \(conv2d\) has shape \(2, 2, 1, 2\), expected \(2, 3, 1, 2\)"):
        T.fit(conv, [[np.zeros((2, 2, 1, 2), F32), np.zeros(2, F32)]], np.zeros((2, 4, 4, 1), F32),
              np.zeros((2, 3, 2, 2), F32), "mean_squared_error", {"name": "sgd"})


def test_fit_leaves_its_inputs_alone():
    x, y = _xy()
    w = _mlp_weights()
    before = [a.copy() for layer in w for a in layer]
    _, new = T.fit(MLP, w, x, y, "categorical_crossentropy", {"name": "adam"}, batch_size=4, epochs=2)
    assert all(np.array_equal(a, b) for a, b in zip(before, [a for layer in w for a in layer]))
    assert not np.array_equal(new[0][0], w[0][0])


# ---------------------------------------------------------------- fit against Keras


@pytest.mark.parametrize("loss,kind,units,act,opt", [
    ("binary_crossentropy", "binary", 1, "sigmoid", {"name": "sgd", "learning_rate": 0.1, "momentum": 0.9}),
    ("categorical_crossentropy", "categorical", 3, "softmax", {"name": "rmsprop", "centered": True}),
    ("sparse_categorical_crossentropy", "sparse", 4, "softmax", {"name": "adam", "learning_rate": 0.02}),
    ("mean_squared_error", "regression", 2, None, {"name": "adam"}),
    ("binary_crossentropy", "binary", 2, "softmax", {"name": "sgd", "learning_rate": 0.2}),
])
def test_fit_matches_keras(run_seed, loss, kind, units, act, opt):
    rng = np.random.default_rng(run_seed)
    model = {"input_shape": (4,), "layers": [{"type": "dense", "units": 6, "activation": "tanh"},
                                             {"type": "dense", "units": units, "activation": act}]}
    case = fit_case(rng, "t", model, loss, kind, opt, int(rng.integers(20, 50)), int(rng.integers(3, 20)),
                     2, True, ("accuracy",) if kind != "regression" else (), F32)
    got = T.fit(*case.args, **case.kwargs)
    v = compare(got, registry.get("training.fit").oracle(*case.args, **case.kwargs), case.terms, names=("history", "weights"))
    assert v.passed, v


# ---------------------------------------------------------------- diagnoses on wrong submissions


def test_unweighted_epoch_mean_is_diagnosed(tmp_path):
    directory = wrong_submission(tmp_path, "training", [
        ("            total += float(np.mean(_loss_values(loss_fn, yb, out, logits_last))) * xb.shape[0]\n",
         "            total += float(np.mean(_loss_values(loss_fn, yb, out, logits_last))) * n / -(-n // batch_size)\n")])
    failures = failing_cases("training.fit", directory)
    assert failures and all(t("diag_history_bookkeeping") in c.message for c in failures)


def test_missing_logits_shortcut_is_diagnosed(tmp_path):
    directory = wrong_submission(tmp_path, "training", [
        ("    logits_last = loss != \"mean_squared_error\" and last_act in (\"sigmoid\", \"softmax\")\n",
         "    logits_last = False\n")])
    failures = failing_cases("training.fit", directory)
    assert any(c.case.endswith("saturated sigmoid") and t("diag_logits_shortcut") in c.message for c in failures)


def test_history_lists_are_diagnosed(tmp_path):
    directory = wrong_submission(tmp_path, "training", [
        ("    return {k: np.asarray(v, np.float32) for k, v in history.items()}, weights\n",
         "    return history, weights\n")])
    failures = failing_cases("training.fit", directory)
    assert failures and all(t("diag_history_arrays") in c.message for c in failures)


# ---------------------------------------------------------------- data and the curves picture


def test_two_moons_is_deterministic_and_balanced():
    x, y = two_moons(101, seed=3)
    x2, y2 = two_moons(101, seed=3)
    assert np.array_equal(x, x2) and np.array_equal(y, y2)
    assert x.shape == (101, 2) and y.shape == (101, 1) and x.dtype == y.dtype == np.float32
    assert abs(float(y.mean()) - 0.5) < 0.01
    (xt, _), (xv, _) = train_validation_split(x, y, 0.2)
    assert len(xt) + len(xv) == 101 and len(xv) == 20
    assert not np.array_equal(two_moons(101, seed=4)[0], x)


@pytest.mark.slow
def test_show_curves_draws_a_png(tmp_path):
    from dlkata.cli.main import main

    res = CliRunner().invoke(main, ["show", "curves", "--solutions", "--epochs", "3", "--out", str(tmp_path)])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "curves.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "largest |yours - Keras|" in res.output
    # the default is the student's own code (exercises/: stubs), and --out is a folder there too
    stub = CliRunner().invoke(main, ["show", "curves", "--epochs", "2", "--out", str(tmp_path / "stub")])
    assert stub.exit_code == 1 and (tmp_path / "stub" / "curves.png").exists()
    assert "training.fit is not written yet" in stub.output


@pytest.mark.parametrize("layers,loss,kind", [
    ([{"type": "conv2d", "filters": 4, "kernel_size": 3, "activation": "relu"},
      {"type": "max_pool2d", "pool_size": 2},
      {"type": "conv2d", "filters": 3, "kernel_size": 2, "padding": "same", "activation": "tanh"},
      {"type": "flatten"},
      {"type": "dense", "units": 3, "activation": "softmax"}], "categorical_crossentropy", "categorical"),
    ([{"type": "conv2d", "filters": 3, "kernel_size": (2, 3), "strides": 2, "use_bias": False},
      {"type": "global_average_pool2d"},
      {"type": "dense", "units": 1, "activation": "sigmoid"}], "binary_crossentropy", "binary"),
])
def test_fit_of_a_small_convnet_matches_keras(run_seed, layers, loss, kind, opt=None):
    """Not graded (fit's cases are Dense models), but the reference trains convnets like Keras too.

    SGD: Adam and RMSprop normalise each gradient element, so an element whose gradient is
    a near-cancelling sum (the ReLU/max-pool sparsity makes them) can amplify summation-order
    differences beyond any honest tolerance, rarely but not never.
    """
    opt = opt or {"name": "sgd", "learning_rate": 0.05, "momentum": 0.9}
    rng = np.random.default_rng(run_seed)
    model = {"input_shape": (8, 8, 1), "layers": layers}
    batch, n = 8, 20
    x = rng.standard_normal((n, 8, 8, 1)).astype(F32)
    units = layers[-1]["units"]
    y = (np.eye(units, dtype=F32)[rng.integers(0, units, n)] if kind == "categorical"
         else rng.integers(0, 2, (n, 1)).astype(F32))
    weights, shapes = [], T.check_model(model)
    for layer, shape in zip(layers, shapes):
        if layer["type"] == "conv2d":
            kh, kw = (layer["kernel_size"],) * 2 if isinstance(layer["kernel_size"], int) else layer["kernel_size"]
            w = [rng.standard_normal((kh, kw, shape[-1], layer["filters"])).astype(F32) * 0.5]
            weights.append(w + ([rng.standard_normal(layer["filters"]).astype(F32) * 0.1]
                                if layer.get("use_bias", True) else []))
        elif layer["type"] == "dense":
            weights.append([rng.standard_normal((shape[-1], layer["units"])).astype(F32) * 0.3,
                            np.zeros(layer["units"], F32)])
        else:
            weights.append([])
    kwargs = {"batch_size": batch, "epochs": 2, "validation_data": (x[:6], y[:6])}
    args = (model, weights, x, y, loss, opt)
    steps = 2 * -(-n // batch)
    v = compare(T.fit(*args, **kwargs), registry.get("training.fit").oracle(*args, **kwargs), steps * batch * 36)
    assert v.passed, v
