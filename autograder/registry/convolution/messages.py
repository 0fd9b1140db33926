"""The convolution topic's feedback: ``HINTS`` per exercise and the ``MESSAGES`` of its diagnoses."""

from __future__ import annotations

HINTS = {
    "conv2d": {
        "en": "Cross-correlation, no kernel flip: y[b,i,j,o] = bias[o] + sum over (a, c, ch) of "
              "xpad[b, i*sh + a*dh, j*sw + c*dw, ch] * kernel[a, c, ch, o]. 'same': out = ceil(n/s), "
              "pad total = max((out-1)*s + d*(k-1) + 1 - n, 0), total//2 on top/left and the rest at the bottom/right.",
        "ko": "합성곱(Conv2D)은 커널을 뒤집지 않는 상호상관입니다: y[b,i,j,o] = bias[o] + (a, c, ch)에 대한 합 "
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
        "ko": "커널을 뒤집은 결과와 같습니다. 그것은 수학적 합성곱이고, Keras는 뒤집지 않는 상호상관(cross-correlation)을 계산합니다.",
    },
}
