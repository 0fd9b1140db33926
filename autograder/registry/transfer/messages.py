"""The transfer topic's feedback: ``HINTS`` per exercise and the ``MESSAGES`` of its diagnoses."""

from __future__ import annotations

HINTS = {
    "extract_features": {
        "en": "Run layer_forward layer after layer over the base; the output of the last base layer is the feature "
              "array. layer_forward uses your conv2d, max_pool2d, dense, flatten and global_average_pool2d, with "
              "the conv layer's activation applied after conv2d.",
        "ko": "기반층의 각 층에 layer_forward를 차례로 적용하세요. 마지막 층의 출력이 특성입니다. layer_forward는 "
              "conv2d, max_pool2d, dense, flatten, global_average_pool2d를 쓰고, conv 층의 활성화 함수는 conv2d "
              "다음에 적용합니다."},
    "trainable_count": {
        "en": "Add up the weights of every layer NOT in frozen (resolve names and negative indices first); "
              "count_params({'input_shape': that layer's input shape, 'layers': [layer]}) counts one layer.",
        "ko": "frozen에 없는 층들의 가중치 수를 더하세요(이름과 음수 인덱스를 먼저 층 번호로 바꾸세요). "
              "count_params({'input_shape': 그 층의 입력 형상, 'layers': [layer]})로 층 하나를 셀 수 있습니다."},
    "fine_tune_step": {
        "en": "Forward with caches (the head without its softmax gives logits z); loss = mean(-sum(y * "
              "log_softmax(z))); dz = (softmax(z) - y) / batch; backward layer by layer (gradients pass through "
              "frozen layers too); update only unfrozen layers: w - float32(lr) * dw; frozen weights stay as they "
              "were. Return (loss as a 0-d array, new weights as a list of lists).",
        "ko": "캐시를 저장하며 순전파하고(헤드는 softmax 없이 로짓 z), loss = mean(-sum(y * log_softmax(z))), "
              "dz = (softmax(z) - y) / batch에서 시작해 층마다 역전파하세요(동결된 층도 그래디언트는 통과). "
              "동결되지 않은 층만 w - float32(lr) * dw로 바꾸고, 동결된 가중치는 그대로 둡니다. "
              "(0차원 배열 loss, 리스트의 리스트인 새 가중치)를 반환하세요."},
}

MESSAGES = {
    "diag_frozen_updated": {
        "en": "The weights of frozen layer {layer} changed: a layer with trainable=False keeps its weights exactly; "
              "only the other layers take w - lr * dw.",
        "ko": "동결된 층 {layer}의 가중치가 바뀌었습니다. trainable=False인 층은 가중치를 그대로 두고, 나머지 층만 "
              "w - lr * dw로 갱신합니다.",
    },
    "diag_frozen_blocks_gradient": {
        "en": "Layer {layer} sits below a frozen layer and did not change: freezing stops the update of that layer's "
              "weights, not the gradient flowing through it to earlier layers.",
        "ko": "동결된 층 아래에 있는 층 {layer}의 가중치가 바뀌지 않았습니다. 동결은 그 층의 가중치 갱신만 막을 뿐, 그 층을 "
              "지나 앞쪽 층으로 가는 그래디언트는 막지 않습니다.",
    },
    "diag_trainable_ignored_frozen": {
        "en": "{got} is the count of every weight: the layers in frozen must be left out.",
        "ko": "결과 {got}: 모든 가중치의 개수입니다. frozen에 있는 층은 빼야 합니다.",
    },
    "diag_trainable_complement": {
        "en": "{got} is the count of the frozen (non-trainable) weights; the question is how many stay trainable.",
        "ko": "결과 {got}: 동결된(학습되지 않는) 가중치의 개수입니다. 학습 가능한 가중치의 개수를 구해야 합니다.",
    },
}

#: The Korean of the cases' notes (the case generators write them in English).
NOTES = {
    "the shipped convnet's first layers on test images": "함께 제공된 합성곱 신경망의 앞쪽 층, 테스트 이미지",
    "a random small base": "무작위로 만든 작은 기반 층",
    "freeze the base, train the head": "기반 층은 동결하고 헤드만 학습",
    "frozen=[]: every weight trains": "frozen=[]: 모든 가중치를 학습",
    "indices, negative from the end": "층 번호, 음수는 끝에서부터",
    "freezing layers without weights changes nothing": "가중치가 없는 층을 동결해도 달라지는 것이 없음",
    "gradients flow through frozen conv3 into nothing trainable below it": "그래디언트가 동결된 conv3 층을 지나가지만 그 아래에 학습할 층이 없음",
    "nothing frozen: every layer updates": "동결 없음: 모든 층을 갱신",
    "a middle layer frozen: the layers below still update": "가운데 층 동결: 그 아래 층은 여전히 갱신",
    "the first layer frozen": "첫 번째 층 동결",
    "class 0 certain: float32 probabilities of exactly 1 and 0, clipped at the labels (sample 0's label is the certain class, the others' impossible ones)": '클래스 0이 확실함: 정확히 1과 0인 float32 확률이 레이블에서 clip됨 (샘플 0의 레이블은 확실한 클래스, 나머지는 불가능한 클래스)',
    'float64 weights: the loss is the clipped float32 cross-entropy of the softmax': 'float64 가중치: 손실은 softmax의 clip된 float32 크로스엔트로피',
    'logits in the hundreds; max_pool2d with its default pool_size; conv2d and dense with use_bias=False': '수백 단위의 로짓; 기본 pool_size의 max_pool2d; use_bias=False인 conv2d와 dense',
}

#: What each exercise (and helper) computes, in Korean (the English is the first paragraph of its docstring).
DESCRIPTIONS = {
    "layer_forward": "명세의 층 하나를 ``x``에 적용합니다. ``layer_backward`` 함수에 넘길 ``(out, cache)``를 반환합니다.",
    "layer_backward": "층 하나의 역전파: ``dout = dL/d out``에 대한 ``(dx, dweights)``.",
    "extract_features": "``images``에 대한 합성곱 기반 층의 출력: 특성 추출.",
    "trainable_count": "``frozen``에 있는 층을 동결한 뒤에도 학습 가능한 가중치의 수.",
    "fine_tune_step": "미세조정의 한 스텝: 동결된 층이 있는 ``model.train_on_batch(x, y)``.",
}
