"""The convolution topic's feedback: ``HINTS`` per exercise and the ``MESSAGES`` of its diagnoses."""

from __future__ import annotations

HINTS = {
    "conv2d": {
        "en": "Cross-correlation, no kernel flip: y[b,i,j,o] = bias[o] + sum over (a, c, ch) of "
              "xpad[b, i*sh + a*dh, j*sw + c*dw, ch] * kernel[a, c, ch, o]. 'same': out = ceil(n/s), "
              "pad total = max((out-1)*s + d*(k-1) + 1 - n, 0), total//2 on top/left and the rest at the bottom/right.",
        "ko": "합성곱(Conv2D)은 커널을 뒤집지 않는 교차상관입니다: y[b,i,j,o] = bias[o] + (a, c, ch)에 대한 합 "
              "xpad[b, i*sh + a*dh, j*sw + c*dw, ch] * kernel[a, c, ch, o]. 'same' 패딩: 출력 = ceil(n/스트라이드), "
              "패딩 총량 = max((out-1)*s + d*(k-1) + 1 - n, 0)이고 total//2를 위/왼쪽에, 나머지를 아래/오른쪽에 둡니다."},
    "conv2d_backward": {
        "en": "Loop over the same windows as the forward pass: dkernel[a,c,ch,o] += xpad[window] * dout[b,i,j,o], "
              "dxpad[window] += kernel[a,c,ch,o] * dout[b,i,j,o] (then cut the padding off), dbias = dout summed over "
              "batch, rows and columns (None without a bias).",
        "ko": "순전파와 같은 창(window)을 돌면서 dkernel[a,c,ch,o] += xpad[창] * dout[b,i,j,o], "
              "dxpad[창] += kernel[a,c,ch,o] * dout[b,i,j,o]를 더하고 마지막에 패딩 부분을 잘라 내세요. "
              "dbias는 dout을 배치·행·열에 대해 더한 값입니다 (bias가 None이면 None)."},
    "conv2d_output_shape": {
        "en": "Per spatial axis: 'valid' gives (n - d*(k-1) - 1)//s + 1, 'same' gives ceil(n/s); batch stays, "
              "the last axis becomes the number of filters. Return Python ints in a tuple.",
        "ko": "공간 축마다 'valid'는 (n - d*(k-1) - 1)//s + 1, 'same'은 ceil(n/s)입니다(s는 스트라이드, d는 팽창률). "
              "배치는 그대로, 마지막 축은 필터 수가 됩니다. 파이썬 int의 튜플을 반환하세요."},
    "conv1d": {
        "en": "A sequence is an image of height 1: reuse conv2d with x[:, None] and kernel[None]. 'causal' pads "
              "d*(k-1) zeros on the left only, then runs 'valid'.",
        "ko": "시퀀스는 높이 1인 이미지입니다: x[:, None]과 kernel[None]으로 conv2d를 재사용하세요. "
              "'causal' 패딩은 왼쪽에만 d*(k-1)개의 0을 붙이고 'valid'로 계산합니다."},
}

MESSAGES = {
    "diag_flipped": {
        "en": "The result matches a flipped kernel: that is true convolution, but Keras computes cross-correlation (no flip).",
        "ko": "커널을 뒤집은 결과와 같습니다. 그것은 수학적 합성곱이고, Keras는 뒤집지 않는 교차상관(cross-correlation)을 계산합니다.",
    },
    "diag_dx_kernel_not_rotated": {
        "en": "dx matches a correlation of dout with the kernel as it is: dx needs the kernel rotated by 180 degrees "
              "(kernel[::-1, ::-1]), or equivalently each dout[b, i, j] spread back over its window with "
              "kernel[a, c] at offset (a, c).",
        "ko": "dx가 dout과 커널을 그대로 교차상관한 결과와 같습니다. dx에는 180도 회전한 커널(kernel[::-1, ::-1])이 "
              "필요합니다. 같은 말로, 각 dout[b, i, j]를 자기 창으로 되돌려 보내되 위치 (a, c)에 kernel[a, c]를 곱하세요.",
    },
    "diag_dkernel_flipped": {
        "en": "dkernel is the expected one rotated by 180 degrees: dkernel[a, c] sums x at offset (a, c) of each window "
              "times dout, with the same indexing as the forward cross-correlation (no flip).",
        "ko": "dkernel이 기댓값을 180도 회전한 것과 같습니다. dkernel[a, c]는 각 창의 위치 (a, c)에 있는 x와 dout의 곱을 "
              "더한 것으로, 순전파의 교차상관과 같은 인덱스를 씁니다 (뒤집지 않음).",
    },
}

#: The Korean of the cases' notes (the case generators write them in English).
NOTES = {
    "defaults: strides 1, padding 'valid'": "기본값: 스트라이드 1, 패딩 'valid'",
    "'same' pads 3: 1 before and 2 after (the extra row/column goes bottom/right)":
        "'same' 패딩 3칸: 앞에 1칸, 뒤에 2칸 (남는 행/열은 아래/오른쪽에)",
    "n=7, k=4, s=3: pads (1, 2)": "n=7, k=4, s=3: 패딩 (1, 2)",
    "a 1x1 convolution mixes channels only": "1x1 합성곱은 채널만 섞습니다",
    "valid: a single output position": "'valid' 패딩: 출력 위치가 하나뿐",
    "kernel taps 2 apart": "커널 탭 사이 간격 2",
    "kernel taps 3 apart": "커널 탭 사이 간격 3",
    "width 3, stride 3: one output column (TensorFlow's oneDNN kernel gets this wrong; the oracle does not use it)":
        "너비 3, 스트라이드 3: 출력 열 하나 (TensorFlow의 oneDNN 커널은 이 경우를 틀리게 계산하므로 기댓값 계산에 쓰지 않습니다)",
    "bias=None: dbias is None": "bias=None: dbias도 None",
    "floor((n - k)/s) + 1: the last rows/columns that do not fit are dropped":
        "floor((n - k)/s) + 1: 창에 들어맞지 않는 마지막 행/열은 버립니다",
    "'same' gives ceil(n/s)": "'same' 패딩의 출력 크기는 ceil(n/s)",
    "shapes and pairs given as lists": "형상과 쌍을 리스트로 준 경우",
    "defaults": "기본값",
    "pads 1 before and 2 after": "앞에 1칸, 뒤에 2칸 패딩",
    "left padding d(k-1): out[t] sees only x[<= t]": "왼쪽 패딩 d(k-1): out[t]에는 x[<= t]만 반영됩니다",
    "WaveNet-style": "WaveNet 방식",
    "some inputs are never read": "한 번도 읽지 않는 입력이 있음",
    "n=9, k=2, s=3: (out - 1) * s + k - n = -1 < 0, 'same' pads nothing": "n=9, k=2, s=3: (out - 1) * s + k - n = -1 < 0, 'same' 패딩이 아무것도 채우지 않음",
    '16x7 images, 256 channels in and out': '16x7 이미지, 입력·출력 채널 256개',
    '3x3x512x512: 2.4 million weights': '3x3x512x512: 가중치 240만 개',
    '9x9 input, 5x5 output': '9x9 입력, 5x5 출력',
    'a 24x24 image, 48 channels in, 64 out': '24x24 이미지, 입력 채널 48개, 출력 채널 64개',
    'a 3x3 kernel reaching 7x7': '7x7 범위에 닿는 3x3 커널',
    'each axis with its own dilation: the window reaches d*(k-1)+1 inputs': '축마다 다른 팽창률: 창이 입력 d*(k-1)+1개에 닿음',
}

#: What each exercise computes, in Korean (the English is the first paragraph of its docstring).
DESCRIPTIONS = {
    "conv2d": "2D 교차상관. 이 가중치를 쓴 ``keras.layers.Conv2D`` 층(channels_last)과 같습니다.",
    "conv2d_backward": "``dout = dL/dy``가 주어졌을 때 ``conv2d`` 함수의 그래디언트 (``tf.GradientTape`` 결과와 같음).",
    "conv2d_output_shape":
        "``conv2d`` 함수의 출력 형상, ``keras.layers.Conv2D(...).compute_output_shape(input_shape)`` 결과와 같습니다.",
    "conv1d": "시간 축에 대한 1D 교차상관. 이 가중치를 쓴 ``keras.layers.Conv1D`` 층과 같습니다.",
}
