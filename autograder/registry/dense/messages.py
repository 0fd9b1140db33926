"""The dense topic's feedback: ``HINTS`` per exercise and the ``MESSAGES`` of its diagnoses."""

from __future__ import annotations

HINTS = {
    "dense": {
        "en": "z = x @ kernel (+ bias) with kernel (in, units), then the activation from your activations.py; "
              "'linear' and None mean no activation. @ works on the last axis of a rank-3 x too.",
        "ko": "kernel의 형상이 (in, units)이므로 z = x @ kernel (+ bias)를 구하고, activations.py의 활성화 함수를 "
              "적용하세요. 'linear'와 None은 활성화 없음입니다. @는 3차원 x의 마지막 축에도 작동합니다."},
    "dense_backward": {
        "en": "Recompute z, get dz from your activation's backward, then dx = dz @ kernel.T, "
              "dkernel = x.T @ dz summed over every leading axis (reshape to 2-D), dbias = dz summed likewise "
              "(None when bias is None).",
        "ko": "z를 다시 구하고 활성화 함수의 backward로 dz를 얻은 뒤 dx = dz @ kernel.T, dkernel = x.T @ dz "
              "(앞쪽 축을 모두 합하도록 2차원으로 reshape), dbias도 같은 방식으로 합하세요 (bias가 None이면 None)."},
}

MESSAGES = {
    "diag_kernel_transposed": {
        "en": "The result matches x @ kernel.T: the Dense kernel has shape (in, units), so the layer computes x @ kernel "
              "(and the gradients use kernel.T for dx, x.T @ dz for dkernel).",
        "ko": "결과가 x @ kernel.T와 같습니다. Dense 커널의 형상은 (in, units)이므로 층은 x @ kernel을 계산합니다 "
              "(그래디언트는 dx에 kernel.T, dkernel에 x.T @ dz를 씁니다).",
    },
}

#: The Korean of the cases' notes (the case generators write them in English).
NOTES = {
    "(batch, time, in): Dense acts on the last axis": "(batch, time, in): Dense 층은 마지막 축에 작용합니다",
    "in == units: a transposed kernel has the right shape but the wrong values": "in == units: 전치한 커널도 형상은 맞지만 값이 틀립니다",
    "softmax over the units of a rank-4 input": "4차원 입력의 유닛 축에 대한 softmax",
    "a single sigmoid output": "sigmoid 출력 하나",
}

#: What each exercise computes, in Korean (the English is the first paragraph of its docstring).
DESCRIPTIONS = {
    "dense": "마지막 축에 작용하는 Dense 층 ``act(x @ kernel + bias)``. ``keras.layers.Dense`` 층과 같습니다.",
    "dense_backward": "``dense`` 함수의 그래디언트 ``(dx, dkernel, dbias)`` (``tf.GradientTape`` 결과와 같음).",
}
