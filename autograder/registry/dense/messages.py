"""The dense topic's feedback: ``HINTS`` per exercise and the ``MESSAGES`` of its diagnoses."""

from __future__ import annotations

HINTS = {
    "dense": {
        "en": "z = x @ kernel (+ bias) with kernel (in, units), then the activation from your activations.py; "
              "'linear' and None mean no activation. @ works on the last axis of a rank-3 x too.",
        "ko": "kernel의 모양이 (in, units)이므로 z = x @ kernel (+ bias)를 구하고, activations.py의 활성화 함수를 "
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
        "ko": "결과가 x @ kernel.T와 같습니다. Dense 커널의 모양은 (in, units)이므로 층은 x @ kernel을 계산합니다 "
              "(그래디언트는 dx에 kernel.T, dkernel에 x.T @ dz를 씁니다).",
    },
}
