"""The activations topic's feedback: ``HINTS`` per exercise and the ``MESSAGES`` of its diagnoses."""

from __future__ import annotations

HINTS = {
    "relu": {"en": "np.maximum(x, 0) keeps the dtype when 0 is a scalar of x's dtype.",
             "ko": "np.maximum(x, 0)을 쓰되, 0을 x와 같은 dtype으로 두면 dtype이 유지됩니다."},
    "relu_backward": {"en": "The gradient passes where x > 0 and is 0 elsewhere, including x == 0.",
                      "ko": "x > 0인 곳에서만 그래디언트가 흐르고, x == 0을 포함한 나머지는 0입니다."},
    "sigmoid": {"en": "exp(-x) overflows for x << 0: use exp(-|x|) and pick the form by the sign of x.",
                "ko": "x가 아주 작으면 exp(-x)가 오버플로합니다. exp(-|x|)를 쓰고 x의 부호로 식을 고르세요."},
    "sigmoid_backward": {"en": "d sigmoid/dx = s (1 - s); reuse your stable sigmoid.",
                         "ko": "sigmoid의 미분은 s (1 - s)입니다. 안정한 sigmoid를 재사용하세요."},
    "tanh": {"en": "np.tanh is stable and keeps the dtype.", "ko": "np.tanh는 안정하고 dtype을 유지합니다."},
    "tanh_backward": {"en": "d tanh/dx = 1 - tanh(x)^2.", "ko": "tanh의 미분은 1 - tanh(x)^2입니다."},
    "softmax": {"en": "Subtract the max along the axis (keepdims=True) before exp; then divide by the sum.",
                "ko": "exp 전에 그 축의 최댓값을 빼고(keepdims=True), 합으로 나누세요. 다 더하면 1입니다."},
    "softmax_backward": {"en": "dx = s * (dout - sum(dout * s, axis, keepdims=True)).",
                         "ko": "dx = s * (dout - sum(dout * s, axis, keepdims=True))."},
}

MESSAGES = {
    "diag_softmax_axis": {
        "en": "This is softmax over axis={used}, but axis={axis} was asked for: take the max, the exp and the sum "
              "along the `axis` argument (keepdims=True), not along a fixed axis.",
        "ko": "axis={used}에 대한 softmax입니다. 요청된 축은 axis={axis}입니다. 고정된 축이 아니라 `axis` 인자를 따라 "
              "최댓값, exp, 합을 구하세요 (keepdims=True).",
    },
}

#: The Korean of the cases' notes (the case generators write them in English).
NOTES = {
    "huge positive and negative inputs": "아주 큰 양수와 음수 입력",
    "exact zeros and equal entries": "정확히 0인 값과 서로 같은 값",
    "softmax over a middle axis": "가운데 축에 대한 softmax",
    "softmax over the first axis": "첫 번째 축에 대한 softmax",
}

#: What each exercise computes, in Korean (the English is the first paragraph of its docstring).
DESCRIPTIONS = {
    "relu": "ReLU, ``max(x, 0)``. ``keras.activations.relu`` 함수와 같습니다.",
    "relu_backward": "ReLU의 그래디언트: ``x > 0``인 곳은 ``dout``, 나머지는 0 (TensorFlow처럼 정확히 0인 곳도 0).",
    "sigmoid": "로지스틱 sigmoid ``1 / (1 + exp(-x))``, |x|가 아주 커도 안정해야 합니다. ``keras.activations.sigmoid`` 함수와 같습니다.",
    "sigmoid_backward": "sigmoid의 그래디언트: ``s = sigmoid(x)``일 때 ``dout * s * (1 - s)``.",
    "tanh": "쌍곡탄젠트. ``keras.activations.tanh`` 함수와 같습니다.",
    "tanh_backward": "tanh의 그래디언트: ``dout * (1 - tanh(x)**2)``.",
    "softmax": "``axis`` 축에 대한 softmax: ``exp(x - max) / sum(exp(x - max))``. ``keras.activations.softmax`` 함수와 같습니다.",
    "softmax_backward": "softmax의 그래디언트: ``s = softmax(x, axis)``일 때 ``s * (dout - sum(dout * s, axis))``.",
}
