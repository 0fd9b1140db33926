"""Optimizers topic: many chained steps against Keras, bad input, and the teaching diagnoses."""

import numpy as np
import pytest

from dlkata.autograder.compare import compare
from dlkata.autograder.messages import t
from dlkata.autograder.registry.optimizers.rules import SLOT_ATTRS, emulate
from dlkata.autograder.tfbridge import keras
from dlkata.solutions import optimizers as O

from .helpers import failing_cases, wrong_submission

CONFIGS = [
    ("sgd", {}),
    ("sgd", {"learning_rate": 0.05, "momentum": 0.9}),
    ("sgd", {"learning_rate": 0.1, "momentum": 0.5, "nesterov": True}),
    ("rmsprop", {}),
    ("rmsprop", {"learning_rate": 0.01, "momentum": 0.7, "centered": True, "rho": 0.8}),
    ("rmsprop", {"epsilon": 0.05}),
    ("adam", {}),
    ("adam", {"learning_rate": 0.01, "beta_1": 0.5, "beta_2": 0.9, "epsilon": 0.1}),
]
KERAS_NAMES = {"sgd": "SGD", "rmsprop": "RMSprop", "adam": "Adam"}


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("name,hyper", CONFIGS)
def test_many_chained_steps_match_keras(name, hyper, dtype, run_seed):
    """The reference, fed its own state back for 30 steps, ends where Keras' optimizer ends."""
    rng = np.random.default_rng(run_seed)
    shapes = [(4, 3), (3,), (2, 2, 1, 3)]
    params = [rng.standard_normal(s).astype(dtype) for s in shapes]
    steps = 30
    grads = [[rng.standard_normal(s).astype(dtype) for s in shapes] for _ in range(steps)]
    k = keras()
    opt = getattr(k.optimizers, KERAS_NAMES[name])(**hyper)
    variables = [k.Variable(p, dtype=np.dtype(dtype).name) for p in params]
    state, mine = None, params
    for g in grads:
        opt.apply_gradients(zip([k.ops.convert_to_tensor(a) for a in g], variables))
        mine, state = getattr(O, name)(mine, g, state, **hyper)
    assert state["step"] == steps == int(opt.iterations.numpy())
    v = compare(mine, [np.asarray(v.numpy()) for v in variables], terms=2 * steps)
    assert v.passed, v
    for key, attr in SLOT_ATTRS[name].items():
        v = compare(state[key], [np.asarray(s.numpy()) for s in getattr(opt, attr)], terms=2 * steps)
        assert v.passed, (key, v)


@pytest.mark.parametrize("name,hyper", CONFIGS)
def test_case_replay_agrees_with_the_reference(name, hyper):
    """The float64 replay that draws cases' states follows the same rule as the reference."""
    rng = np.random.default_rng(3)
    params = [rng.standard_normal((3, 2)), rng.standard_normal(2)]
    state_a = state_b = None
    pa = pb = params
    for _ in range(5):
        g = [rng.standard_normal(p.shape) for p in params]
        pa, state_a = emulate(name, pa, g, state_a, hyper)
        pb, state_b = getattr(O, name)(pb, g, state_b, **hyper)
    assert compare(pa, pb, terms=10).passed
    assert compare(state_a, state_b, terms=10).passed


def test_inputs_are_not_modified_and_dtypes_kept():
    rng = np.random.default_rng(0)
    params = [rng.standard_normal((3, 2)).astype(np.float32), rng.standard_normal(2)]
    grads = [rng.standard_normal((3, 2)).astype(np.float32), rng.standard_normal(2)]
    _, state = O.adam(params, grads, None)
    before = [a.copy() for a in params + grads + state["momentums"] + state["velocities"]]
    new, new_state = O.adam(params, grads, state)
    after = params + grads + state["momentums"] + state["velocities"]
    assert all(np.array_equal(a, b) for a, b in zip(before, after))
    assert [a.dtype for a in new] == [np.float32, np.float64]
    assert [a.dtype for a in new_state["velocities"]] == [np.float32, np.float64]
    assert new_state["step"] == 2


def test_state_layout_without_momentum_or_centering():
    p, g = [np.ones(3)], [np.ones(3)]
    assert O.sgd(p, g, None)[1] == {"step": 1, "momentums": []}
    _, s = O.rmsprop(p, g, None)
    assert s["momentums"] == [] and s["average_gradients"] == [] and len(s["velocities"]) == 1


def test_bad_input_names_the_argument():
    p, g = [np.zeros((2, 3))], [np.zeros((2, 3))]
    with pytest.raises(ValueError, match=r"params has 1 arrays but grads has 2"):
        O.sgd(p, g + g, None)
    with pytest.raises(ValueError, match=r"params\[0\] has shape \(2, 3\) but grads\[0\] has shape \(3, 2\)"):
        O.adam(p, [np.zeros((3, 2))], None)
    with pytest.raises(ValueError, match=r"grads\[0\] must be a float32 or float64 array"):
        O.adam(p, [np.zeros((2, 3), int)], None)
    with pytest.raises(ValueError, match="momentum must be in"):
        O.sgd(p, g, None, momentum=1.5)
    with pytest.raises(ValueError, match="beta_1 must be in"):
        O.adam(p, g, None, beta_1=1.0)
    with pytest.raises(ValueError, match=r"state has keys \['momentums', 'step'\], expected"):
        O.adam(p, g, {"step": 1, "momentums": [np.zeros((2, 3))]})
    with pytest.raises(ValueError, match=r"state\['velocities'\]\[0\] has shape \(3,\) but params\[0\]"):
        O.adam(p, g, {"step": 1, "momentums": [np.zeros((2, 3))], "velocities": [np.zeros(3)]})
    with pytest.raises(ValueError, match=r"state\['momentums'\] holds 0 arrays, expected 1"):
        O.sgd(p, g, {"step": 1, "momentums": []}, momentum=0.9)
    with pytest.raises(ValueError, match=r"state\['step'\] must be an int"):
        O.sgd(p, g, {"step": -1, "momentums": []})


# ---------------------------------------------------------------- diagnoses on wrong submissions


@pytest.mark.parametrize("exercise,old,new,key", [
    ("optimizers.rmsprop", "        inc = (lr * g) / np.sqrt(den)\n",
     "        inc = (lr * g) / (np.sqrt(den - dt(epsilon)) + dt(epsilon))\n", "diag_eps_outside_sqrt"),
    ("optimizers.adam", "        new_params.append(w - (m * alpha) / (np.sqrt(v) + dt(epsilon)))\n",
     "        new_params.append(w - lr * (m / (1 - beta_1_power)) / (np.sqrt(v / (1 - beta_2_power)) + dt(epsilon)))\n",
     "diag_adam_paper_eps"),
    ("optimizers.adam", "        t = dt(step + 1)\n", "        t = dt(step + 2)\n", "diag_adam_step"),
    ("optimizers.sgd", "    return _through_float32(learning_rate, dtype)\n",
     "    return np.dtype(dtype).type(learning_rate)\n", "diag_lr_float32"),
    ("optimizers.adam", "        t = dt(step + 1)\n", "        t = dt(step)\n", "diag_adam_step"),
    ("optimizers.sgd", "            new_params.append(w + (m * mu - g * lr) if nesterov else w + m)\n",
     "            new_params.append(w + (m * mu - g * lr) if nesterov else w + slots['momentums'][i])\n",
     "diag_update_order"),
])
def test_typical_mistakes_are_diagnosed(tmp_path, exercise, old, new, key):
    messages = [c.message for c in failing_cases(exercise, wrong_submission(tmp_path, "optimizers", [(old, new)]))]
    assert any(t(key) in m for m in messages), messages[0]
