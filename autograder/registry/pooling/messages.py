"""The pooling topic's feedback: ``HINTS`` per exercise and the ``MESSAGES`` of its diagnoses."""

from __future__ import annotations

HINTS = {
    "max_pool2d": {
        "en": "strides=None means strides = pool_size. Take the max of each window per channel; with 'same' the "
              "padding never wins (treat it as -inf, or cut the window to the input).",
        "ko": "strides=None이면 스트라이드 = pool_size입니다. 채널마다 창(window)의 최댓값을 고르세요. "
              "'same' 패딩은 절대 최댓값이 되지 않습니다 (-inf로 두거나 창을 입력 안으로 자르세요)."},
    "average_pool2d": {
        "en": "Mean of each window per channel; with 'same' divide by the number of real elements in the window, "
              "not by pool_h*pool_w (the padding is not counted).",
        "ko": "채널마다 창의 평균입니다. 'same' 패딩에서는 pool_h*pool_w가 아니라 창 안의 실제 원소 수로 나누세요 "
              "(패딩은 세지 않습니다)."},
    "min_pool2d": {
        "en": "Min pooling is -max_pool2d(-x): reuse your max pooling.",
        "ko": "최소 풀링은 -max_pool2d(-x)입니다. 최대 풀링을 재사용하세요."},
    "max_pool2d_backward": {
        "en": "Each window sends dout[b,i,j,c] to the position of its maximum; with ties only the first maximum in "
              "row-major order gets it (TensorFlow's MaxPoolGrad). Overlapping windows add up.",
        "ko": "각 창은 dout[b,i,j,c]를 최댓값 위치로 보냅니다. 최댓값이 여럿이면 행 우선 순서로 첫 번째 것만 받습니다 "
              "(TensorFlow의 MaxPoolGrad). 창이 겹치면 더해집니다."},
    "average_pool2d_backward": {
        "en": "Each window spreads dout[b,i,j,c] / count evenly over its real elements (count as in the forward "
              "pass); overlapping windows add up.",
        "ko": "각 창은 dout[b,i,j,c] / count를 실제 원소들에 고르게 나눠 줍니다 (count는 순전파와 같음). "
              "창이 겹치면 더해집니다."},
    "global_average_pool2d": {
        "en": "Mean over height and width (axes 1 and 2): (batch, channels).",
        "ko": "높이와 너비(축 1, 2)에 대한 평균입니다: (batch, channels)."},
    "global_max_pool2d": {
        "en": "Max over height and width (axes 1 and 2): (batch, channels).",
        "ko": "높이와 너비(축 1, 2)에 대한 최댓값입니다: (batch, channels)."},
    "flatten": {
        "en": "Keep the batch axis and reshape the rest in C order: x.reshape(batch, -1).",
        "ko": "배치 축은 두고 나머지를 C 순서로 펼치세요(평탄화): x.reshape(batch, -1)."},
}

MESSAGES = {
    "diag_pool_padding": {
        "en": "The result matches average pooling that divides every window by pool_h*pool_w: with 'same' padding "
              "Keras divides by the number of real elements in each window (the padding is not counted).",
        "ko": "모든 창을 pool_h*pool_w로 나눈 평균 풀링과 같습니다. 'same' 패딩에서 Keras는 창 안의 실제 원소 수로 "
              "나눕니다 (패딩은 세지 않습니다).",
    },
    "diag_pool_zero_padding": {
        "en": "The result matches {kind} pooling over zero padding: with 'same' the padding must never be picked "
              "(pad with {fill}, or cut each window to the input).",
        "ko": "0으로 채운 패딩 위에서 {kind} 풀링한 결과와 같습니다. 'same'에서 패딩은 절대 선택되면 안 됩니다 "
              "(채울 값은 {fill}; 아니면 창을 입력 안으로 자르세요).",
    },
    "diag_pool_ties_last": {
        "en": "Where a window has several equal maxima, the gradient went to the last one: TensorFlow sends it to the "
              "FIRST maximum in row-major order (replace the best only on a strictly greater value).",
        "ko": "창 안에 같은 최댓값이 여럿일 때 그래디언트가 마지막 것으로 갔습니다. TensorFlow는 행 우선 순서로 "
              "첫 번째 최댓값에 보냅니다 (더 큰 값일 때만 최댓값을 바꾸세요).",
    },
    "diag_pool_ties": {
        "en": "Only positions where a window has several equal maxima are wrong: TensorFlow sends each window's "
              "gradient to its first maximum in row-major order only, not to every tied maximum.",
        "ko": "창 안에 같은 최댓값이 여럿인 위치만 틀렸습니다. TensorFlow는 각 창의 그래디언트를 행 우선 순서로 "
              "첫 번째 최댓값 하나에만 보내고, 같은 값의 다른 최댓값에는 보내지 않습니다.",
    },
}

#: The Korean of the cases' notes (the case generators write them in English).
NOTES = {
    "pool_size=2, strides=None (= pool_size), 'valid'": "pool_size=2, strides=None (= pool_size), 'valid' 패딩",
    "'valid' drops the last row/column": "'valid' 패딩은 마지막 행/열을 버림",
    "'same' pads 1: 0 before and 1 after": "'same' 패딩 1칸: 앞에 0칸, 뒤에 1칸",
    "overlapping windows: gradients add up": "겹치는 창: 그래디언트가 더해짐",
    "a single window": "창 하나",
    "allowed with 'same': windows are cut to the input": "'same' 패딩에서는 허용: 창이 입력 경계에서 잘림",
    "many equal values: the first maximum in row-major order wins": "같은 값이 많음: 행 우선 순서로 첫 번째 최댓값만 받음",
    "nothing to pool": "풀링할 원소 없음",
    "channels_last: index (h*W + w)*C + c": "channels_last 배치: 인덱스 (h*W + w)*C + c",
    "already flat": "이미 평탄함",
    "some inputs are never read": "한 번도 읽지 않는 입력이 있음",
    "(out - 1) * s + p - n = -1 < 0: 'same' pads nothing": "(out - 1) * s + p - n = -1 < 0: 'same' 패딩이 아무것도 채우지 않음",
    'windows starting past column 256': '256번째 열 뒤에서 시작하는 창',
    'windows starting past row 256': '256번째 행 뒤에서 시작하는 창',
}

#: What each exercise computes, in Korean (the English is the first paragraph of its docstring).
DESCRIPTIONS = {
    "max_pool2d": "최대 풀링. ``keras.layers.MaxPooling2D(pool_size, strides, padding)`` 층과 같습니다.",
    "average_pool2d": "평균 풀링. ``keras.layers.AveragePooling2D(pool_size, strides, padding)`` 층과 같습니다.",
    "min_pool2d": "최소 풀링, ``-MaxPooling2D(pool_size, strides, padding)(-x)``.",
    "max_pool2d_backward": "``dout = dL/dy``가 주어졌을 때 ``max_pool2d`` 함수의 그래디언트 (``tf.GradientTape`` 결과와 같음).",
    "average_pool2d_backward": "``dout = dL/dy``가 주어졌을 때 ``average_pool2d`` 함수의 그래디언트 (``tf.GradientTape`` 결과와 같음).",
    "global_average_pool2d": "높이와 너비에 대한 평균. ``keras.layers.GlobalAveragePooling2D()`` 층과 같습니다.",
    "global_max_pool2d": "높이와 너비에 대한 최댓값. ``keras.layers.GlobalMaxPooling2D()`` 층과 같습니다.",
    "flatten": "배치 축을 뺀 나머지를 C 순서로 펼칩니다. ``keras.layers.Flatten()`` 층(channels_last)과 같습니다.",
}
