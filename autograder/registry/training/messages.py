"""The training topic's feedback: ``HINTS`` per exercise and the ``MESSAGES`` of its diagnoses."""

from __future__ import annotations

HINTS = {
    "count_params": {
        "en": "Walk the layers keeping the current shape; Dense: in*units + units, Conv2D: kh*kw*in*filters + "
              "filters, LSTM: 4*(in*u + u*u + u), GRU: 3*(in*u + u*u) + bias (2*3u with reset_after).",
        "ko": "층을 따라 현재 형상(shape)을 추적하세요. Dense: in*units + units, Conv2D: kh*kw*in*filters + filters, "
              "LSTM: 4*(in*u + u*u + u), GRU: 3*(in*u + u*u) + 편향 (reset_after면 2*3u)."},
    "fit": {
        "en": "Per batch in order: forward, record the batch loss (before the update), backward, one optimizer "
              "step with a state carried across ALL steps. Epoch loss = sum(batch_loss * batch_len) / n. "
              "History values are float32 arrays of shape (epochs,).",
        "ko": "배치마다 순서대로: 순전파, (갱신 전) 배치 손실 기록, 역전파, 옵티마이저 한 스텝 (상태는 모든 스텝에 "
              "걸쳐 유지). 에포크 손실 = sum(배치 손실 * 배치 크기) / n. History 값은 (epochs,) float32 배열입니다."},
}

MESSAGES = {
    "diag_history_arrays": {
        "en": "Each history value must be a float32 NumPy array of shape (epochs,), e.g. "
              "np.asarray(values, np.float32): Keras keeps its metrics in float32.",
        "ko": "history의 각 값은 (epochs,) 형상의 float32 NumPy 배열이어야 합니다 (예: np.asarray(values, "
              "np.float32)). Keras는 지표를 float32로 저장합니다.",
    },
    "diag_logits_shortcut": {
        "en": "The result matches the loss computed from the clipped probabilities: with a sigmoid/softmax last "
              "layer and a cross-entropy loss, Keras computes the loss from that layer's logits (from_logits=True, "
              "no clipping); saturated outputs of exactly 0 or 1 show the difference.",
        "ko": "clip한 확률로 손실을 계산한 결과와 같습니다. 마지막 층이 sigmoid/softmax이고 손실 함수가 크로스엔트로피면, "
              "Keras는 그 층의 로짓으로 손실을 계산합니다 (from_logits=True, clip 없음). 출력이 정확히 0이나 1로 "
              "포화되면 차이가 드러납니다.",
    },
    "diag_history_bookkeeping": {
        "en": "The trained weights are right but the history is not: the epoch loss is the mean of the batch "
              "losses weighted by batch size, each taken BEFORE that batch's update; validation runs after the epoch.",
        "ko": "학습된 가중치는 맞지만 history가 틀렸습니다. 에포크 손실은 배치 크기로 가중한 배치 손실의 평균이고, "
              "각 배치 손실은 그 배치의 갱신 전에 계산합니다. 검증은 에포크가 끝난 뒤에 합니다.",
    },
}

#: The Korean of the cases' notes (the case generators write them in English).
NOTES = {
    "the book's MNIST convnet: Flatten's size depends on every conv and pool before it":
        "교재의 MNIST 합성곱 신경망: Flatten 층의 크기는 앞의 모든 합성곱 층과 풀링 층에 따라 정해짐",
    "Embedding + LSTM (4 gate blocks) on sequences of any length": "Embedding + LSTM (게이트 블록 4개), 시퀀스 길이는 무엇이든",
    "the Keras 2.2 GRU: bias (3*units,)": "Keras 2.2의 GRU: bias 형상 (3*units,)",
    "reset_after=True: bias (2, 3*units)": "reset_after=True: bias 형상 (2, 3*units)",
    "no bias anywhere": "편향이 하나도 없음",
    "Dense on (time, units) acts on the last axis": "(time, units) 입력의 Dense 층은 마지막 축에 작용",
    "rectangular kernel, strides, 'same' padding": "직사각형 커널, 스트라이드, 'same' 패딩",
    "y (n,) for one output: Keras expands it to (n, 1)": "출력이 하나일 때 y 형상 (n,): Keras에서는 (n, 1)로 늘림",
    "logits beyond +-17: float32 sigmoid gives exactly 0 or 1; Keras computes the loss from the logits":
        "+-17을 넘는 로짓: float32 sigmoid 결과가 정확히 0 또는 1이 되므로 Keras에서는 로짓으로 손실을 계산",
    "float64 weights, float32 data: the model computes in float64": "float64 가중치, float32 데이터: 모델은 float64로 계산",
    "a hidden layer, then logits far apart: the softmax gives exactly 0 and 1; Keras computes the loss from the last layer's logits": '은닉층 다음에 서로 멀리 떨어진 로짓: softmax가 정확히 0과 1을 냄; Keras는 마지막 층의 로짓으로 손실을 계산함',
    '(n, 1, 5) inputs, (n, 1, 2) outputs: the loss and the accuracy average over the steps': '(n, 1, 5) 입력, (n, 1, 2) 출력: 손실과 정확도는 타임스텝에 대해서도 평균함',
    '(n, 4, 5) inputs, (n, 4, 1) outputs: the loss and the accuracy average over the steps': '(n, 4, 5) 입력, (n, 4, 1) 출력: 손실과 정확도는 타임스텝에 대해서도 평균함',
    '(n, 4, 5) inputs, (n, 4, 3) outputs: the loss and the accuracy average over the steps': '(n, 4, 5) 입력, (n, 4, 3) 출력: 손실과 정확도는 타임스텝에 대해서도 평균함',
    'conv2d and max_pool2d layers: 12 samples, batch 8, 2 epochs': 'conv2d와 max_pool2d 층: 샘플 12개, 배치 8, 에포크 2번',
}

#: Notes made from numbers (``re.sub`` patterns and their Korean).
NOTE_PATTERNS = [
    (r"^(\d+) samples, batch (\d+), (\d+) epochs, validation$", r"샘플 \1개, 배치 \2, 에포크 \3, 검증 데이터 사용"),
    (r"^(\d+) samples, batch (\d+), (\d+) epochs$", r"샘플 \1개, 배치 \2, 에포크 \3"),
]

#: What each exercise computes, in Korean (the English is the first paragraph of its docstring).
DESCRIPTIONS = {
    "count_params": "모델의 가중치 수. ``keras.Sequential(...).count_params()`` 결과와 같습니다.",
    "fit": "미니배치로 모델을 학습합니다. ``model.compile(...)`` + ``model.fit(..., shuffle=False)`` 결과와 같습니다.",
}
