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
        "en": "With a sigmoid/softmax last layer and a cross-entropy loss, Keras computes the loss from that "
              "layer's logits (from_logits=True, no clipping); saturated outputs of exactly 0 or 1 show the difference.",
        "ko": "마지막 층이 sigmoid/softmax이고 손실함수가 크로스엔트로피면, Keras는 그 층의 로짓으로 손실을 계산합니다 "
              "(from_logits=True, clip 없음). 출력이 정확히 0이나 1로 포화되면 차이가 드러납니다.",
    },
    "diag_history_bookkeeping": {
        "en": "The trained weights are right but the history is not: the epoch loss is the mean of the batch "
              "losses weighted by batch size, each taken BEFORE that batch's update; validation runs after the epoch.",
        "ko": "학습된 가중치는 맞지만 history가 틀렸습니다. 에포크 손실은 배치 크기로 가중한 배치 손실의 평균이고, "
              "각 배치 손실은 그 배치의 갱신 전에 계산합니다. 검증은 에포크가 끝난 뒤에 합니다.",
    },
}
