"""The visualization topic's feedback: ``HINTS`` per exercise and the ``MESSAGES`` of its diagnoses."""

from __future__ import annotations

HINTS = {
    "grad_cam": {
        "en": "Forward with the last layer's activation removed (layer_forward on dict(last, activation=None)), "
              "keep the conv_layer output A; backward a one-hot of the class from the logits down to that layer "
              "(layer_backward); alpha = grads.mean over (batch, h, w); heat = A[0] @ alpha; "
              "return maximum(heat, 0) / heat.max() (the max before the ReLU).",
        "ko": "마지막 층의 활성화 함수를 뺀 채(dict(last, activation=None)) 순전파하며 conv_layer의 출력 A를 "
              "저장하세요. 그 클래스의 one-hot을 로짓에서 그 층까지 역전파(layer_backward)한 뒤 "
              "alpha = grads의 (batch, h, w) 평균, heat = A[0] @ alpha, 결과는 maximum(heat, 0) / heat.max() "
              "(ReLU 전의 최댓값)입니다."},
    "filter_visualization": {
        "en": "Each step: forward up to `layer`, dL/dact = 1/((h-4)(w-4)) on act[:, 2:-2, 2:-2, filter_index] "
              "and 0 elsewhere, backward to the image, g /= sqrt(max(sum(g**2), 1e-12)) over the whole "
              "tensor, img += learning_rate * g. The start image is given (the seeded rng).",
        "ko": "매 단계: `layer`까지 순전파하고, act[:, 2:-2, 2:-2, filter_index]에만 1/((h-4)(w-4))인 "
              "그래디언트를 이미지까지 역전파한 뒤, 텐서 전체로 g /= sqrt(max(sum(g**2), 1e-12)) 정규화하고 "
              "img += learning_rate * g 하세요. 시작 이미지는 주어집니다(시드 고정 rng)."},
}

MESSAGES = {
    "diag_gradcam_unnormalized": {
        "en": "The heatmap has the right shape but is not scaled: divide maximum(heat, 0) by the max of heat.",
        "ko": "히트맵의 형상은 맞지만 크기 조정이 빠졌습니다. maximum(heat, 0)을 heat의 최댓값으로 나누세요.",
    },
    "diag_gradcam_softmax_score": {
        "en": "The heatmap matches one computed from the softmax probability: Grad-CAM's class score is the "
              "pre-softmax logit (remove the last layer's activation).",
        "ko": "softmax 확률로 계산한 히트맵과 같습니다. Grad-CAM의 클래스 점수는 softmax 이전의 로짓입니다 "
              "(마지막 층의 활성화 함수를 빼세요).",
    },
}

#: The Korean of the cases' notes (the case generators write them in English).
NOTES = {
    "the shipped convnet on a test image: the heatmap should sit on the shape":
        "함께 제공된 합성곱 신경망과 테스트 이미지: 히트맵이 도형 위에 있어야 함",
    "class_index=None: the top predicted class": "class_index=None: 가장 높게 예측한 클래스",
    "a class the image is not: evidence against it is cut by the ReLU": "이미지와 다른 클래스: 반대 증거는 ReLU에서 잘림",
    "a pooling layer's output as the feature map": "풀링 층의 출력을 특성 맵으로 사용",
    "a small random network ending in gap + dense": "gap + dense로 끝나는 작은 무작위 네트워크",
    "a small random network ending in flatten + dense": "flatten + dense로 끝나는 작은 무작위 네트워크",
    "the shipped convnet, a few steps": "함께 제공된 합성곱 신경망, 몇 스텝만",
    "steps=0 returns the start image: (U[0,1) - 0.5) * 0.25 from default_rng(seed)":
        "steps=0이면 시작 이미지를 반환: default_rng(seed)로 만든 (U[0,1) - 0.5) * 0.25",
    "the filter's ReLU is never positive: a zero gradient, normalised by sqrt(max(0, 1e-12)), leaves the start image as it is": '필터의 ReLU가 한 번도 양수가 아님: sqrt(max(0, 1e-12))로 정규화한 0 그래디언트는 시작 이미지를 그대로 둠',
}

#: What each exercise (and helper) computes, in Korean (the English is the first paragraph of its docstring).
DESCRIPTIONS = {
    "grad_cam": "이미지 하나에 대한 ``class_index`` 클래스의 Grad-CAM 히트맵, 값은 [0, 1] 구간.",
    "filter_visualization": "필터 하나를 가장 크게 반응시키는 입력 패턴, 입력 공간에서의 경사 상승법으로 찾습니다.",
}
