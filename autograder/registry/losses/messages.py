"""The losses topic's feedback: ``HINTS`` per exercise and the ``MESSAGES`` of its diagnoses."""

from __future__ import annotations

HINTS = {
    "binary_crossentropy": {
        "en": "Clip p to [1e-7, 1 - 1e-7] (in p's dtype), then -(y log p + (1-y) log(1-p)) and the mean over the "
              "last axis. Logits: max(z, 0) - z y + log1p(exp(-|z|)).",
        "ko": "p를 [1e-7, 1 - 1e-7]로 clip한 뒤(p와 같은 dtype) -(y log p + (1-y) log(1-p))를 마지막 축에 대해 평균 내세요. "
              "로짓(logits)이면 max(z, 0) - z y + log1p(exp(-|z|))입니다."},
    "binary_crossentropy_backward": {
        "en": "Differentiate the batch mean: divide by the number of elements of y_pred. Where the clip acted "
              "(p < 1e-7 or p > 1 - 1e-7) the gradient is 0. Logits: (sigmoid(z) - y) / size.",
        "ko": "배치 평균을 미분합니다: y_pred의 원소 수로 나누세요. clip이 작동한 곳(p < 1e-7 또는 p > 1 - 1e-7)의 "
              "그래디언트는 0입니다. 로짓이면 (sigmoid(z) - y) / size입니다."},
    "categorical_crossentropy": {
        "en": "First p / sum(p) along the last axis, then clip to [1e-7, 1 - 1e-7], then -sum(y log p). "
              "Logits: -sum(y * log_softmax(z)) with the max subtracted.",
        "ko": "먼저 마지막 축으로 p / sum(p)로 정규화하고, [1e-7, 1 - 1e-7]로 clip한 뒤 -sum(y log p)입니다. "
              "로짓이면 최댓값을 뺀 log_softmax로 -sum(y * log_softmax(z))입니다."},
    "categorical_crossentropy_backward": {
        "en": "Chain rule through log, the clip (0 where it acted) and q = p / sum(p); divide by the batch size. "
              "Logits: (softmax(z) - y) / batch.",
        "ko": "log, clip(작동한 곳은 0), q = p / sum(p)를 차례로 거슬러 연쇄법칙을 쓰고 배치 크기로 나누세요. "
              "로짓이면 (softmax(z) - y) / batch입니다."},
    "sparse_categorical_crossentropy": {
        "en": "TensorFlow backend: clip p to [1e-7, 1 - 1e-7] first, then renormalise: -log(clip(p)_y / sum(clip(p))). "
              "Logits: -log_softmax(z)_y. Squeeze a trailing label dim of 1.",
        "ko": "TensorFlow 백엔드는 먼저 p를 [1e-7, 1 - 1e-7]로 clip하고 그다음 정규화합니다: "
              "-log(clip(p)_y / sum(clip(p))). 로짓이면 -log_softmax(z)_y. 레이블의 마지막 크기 1 축은 없애세요."},
    "sparse_categorical_crossentropy_backward": {
        "en": "With z = log(clip(p)): dz = softmax(z) - onehot(y); dp = dz / clip(p), 0 where the clip acted; "
              "divide by the batch size.",
        "ko": "z = log(clip(p))라 두면 dz = softmax(z) - onehot(y), dp = dz / clip(p)이고 clip이 작동한 곳은 0입니다. "
              "배치 크기로 나누세요."},
    "mean_squared_error": {
        "en": "mean((y_true - y_pred)**2) over the last axis only: one loss per sample.",
        "ko": "마지막 축에 대해서만 mean((y_true - y_pred)**2)를 구하세요. 샘플마다 손실이 하나입니다."},
    "mean_squared_error_backward": {
        "en": "2 (y_pred - y_true) divided by the number of elements (the last axis times the batch).",
        "ko": "2 (y_pred - y_true)를 원소 수(마지막 축 크기 × 배치)로 나누세요."},
    "ctc_loss": {
        "en": "log_softmax each frame; extend the labels to blank, l1, blank, ..., lL, blank; alpha[0] starts in the "
              "first two states; alpha[t, s] = logsumexp(alpha[t-1, s], alpha[t-1, s-1], alpha[t-1, s-2] if l_s is not "
              "blank and differs from l_{s-2}) + log p[t, l_s]; the loss is -logsumexp of the last two states at "
              "frame logit_length-1. Work in log space; -inf stays -inf (loss +inf).",
        "ko": "프레임마다 log_softmax를 구하고 레이블을 blank, l1, blank, ..., lL, blank로 늘리세요. alpha[0]은 처음 두 상태에서 "
              "시작하고, alpha[t, s] = logsumexp(alpha[t-1, s], alpha[t-1, s-1], (l_s가 blank가 아니고 l_(s-2) 레이블과 다르면) "
              "alpha[t-1, s-2]) + log p[t, l_s]입니다. 손실은 logit_length-1 프레임의 마지막 두 상태에 대한 -logsumexp입니다. "
              "로그 공간에서 계산하고, -inf는 그대로 두세요 (손실 +inf)."},
    "ctc_loss_backward": {
        "en": "Run beta backwards like alpha; the posterior of state s at frame t is exp(alpha + beta - log p) "
              "(beta without frame t's own probability). Gradient = softmax - posterior summed per class, 0 after "
              "logit_length; an infeasible sample (loss +inf) gets just the softmax.",
        "ko": "beta를 alpha처럼 뒤에서부터 구하세요. 프레임 t에서 상태 s의 사후확률은 exp(alpha + beta - log p)입니다 "
              "(beta에는 프레임 t 자신의 확률을 넣지 않음). 그래디언트 = softmax - 클래스별로 더한 사후확률이고, logit_length 이후는 "
              "0입니다. 불가능한 샘플(손실 +inf)은 softmax만 받습니다."},
}

MESSAGES = {
    "diag_no_clip": {
        "en": "Probabilities of exactly 0 or 1 must be clipped to [epsilon, 1 - epsilon] with epsilon = 1e-7, as Keras does.",
        "ko": "확률 0이나 1은 Keras처럼 [epsilon, 1 - epsilon] 구간으로 잘라야(clip) 합니다 (epsilon = 1e-7).",
    },
    "diag_no_normalize": {
        "en": "Keras renormalises the predicted probabilities so that each row sums to 1 before clipping.",
        "ko": "Keras는 clip하기 전에 예측 확률을 각 행의 합이 1이 되도록 다시 정규화합니다.",
    },
    "diag_sparse_order": {
        "en": "sparse_categorical_crossentropy (TensorFlow backend) clips first and then renormalises: "
              "loss = -log(clip(p)_y / sum(clip(p))), with clip to [1e-7, 1 - 1e-7].",
        "ko": "sparse_categorical_crossentropy는 (TensorFlow 백엔드에서) 먼저 clip하고 그다음 정규화합니다: "
              "loss = -log(clip(p)_y / sum(clip(p))), clip 범위는 [1e-7, 1 - 1e-7]입니다.",
    },
    "diag_eps_added": {
        "en": "The result matches log(p + 1e-7): that is tf.keras 2's formula. Keras 3 clips p to [1e-7, 1 - 1e-7] "
              "and adds nothing inside the log.",
        "ko": "결과가 log(p + 1e-7)과 같습니다. 그것은 tf.keras 2의 식입니다. Keras 3은 p를 [1e-7, 1 - 1e-7]로 clip할 뿐 "
              "log 안에 아무것도 더하지 않습니다.",
    },
    "diag_ctc_log_softmax": {
        "en": "The result matches CTC on the raw logits: tf.nn.ctc_loss takes unnormalised scores and applies "
              "log_softmax over the classes of every frame itself.",
        "ko": "결과가 로짓을 그대로 쓴 CTC와 같습니다. tf.nn.ctc_loss는 정규화되지 않은 점수를 받아 프레임마다 "
              "클래스 축으로 log_softmax를 직접 적용합니다.",
    },
    "diag_ctc_repeats": {
        "en": "The result matches CTC that may skip the blank between two equal labels: a repeated label needs a "
              "blank between its copies (the s-2 transition is allowed only when l_s differs from l_(s-2)).",
        "ko": "결과가 같은 레이블 둘 사이의 blank를 건너뛰는 CTC와 같습니다. 반복되는 레이블 사이에는 blank가 "
              "있어야 합니다 (s-2 전이는 l_s가 l_(s-2)와 다를 때만 허용됩니다).",
    },
    "diag_ctc_softmax_term": {
        "en": "The result is -posterior alone, the gradient with respect to the log-probabilities; with respect to "
              "the logits it is softmax - posterior (log_softmax's Jacobian adds the softmax).",
        "ko": "결과가 -사후확률뿐입니다. 그것은 로그 확률에 대한 그래디언트이고, 로짓에 대한 그래디언트는 "
              "softmax - 사후확률입니다 (log_softmax의 야코비안이 softmax를 더합니다).",
    },
}

#: The Korean of the cases' notes (the case generators write them in English).
NOTES = {
    "a single sigmoid output per sample": "샘플마다 sigmoid 출력 하나",
    "labels strictly between 0 and 1": "0과 1 사이(양 끝 제외)의 레이블",
    "probabilities of exactly 0 and 1 (Keras clips to [1e-7, 1 - 1e-7])":
        "정확히 0과 1인 확률 (Keras에서는 [1e-7, 1 - 1e-7] 구간으로 clip)",
    "(batch, time, k): the mean is over the last axis only": "(batch, time, k): 평균은 마지막 축에 대해서만",
    "logits up to +-1e4: exp must not overflow": "최대 +-1e4의 로짓: exp 계산에서 오버플로가 나면 안 됩니다",
    "rows that do not sum to 1": "합이 1이 아닌 행",
    "probabilities of exactly 0 and 1, some rows unnormalised": "정확히 0과 1인 확률, 정규화되지 않은 행 포함",
    "label rows that sum to 1 but are not one-hot": "합은 1이지만 원-핫이 아닌 레이블 행",
    "logits of +-1e4: subtract the max before exp": "+-1e4의 로짓: exp 전에 최댓값을 빼세요",
    "(batch, time, classes): one loss per position": "(batch, time, classes): 위치마다 손실 하나",
    "a trailing label dim of 1 is squeezed, any int dtype": "크기 1인 마지막 레이블 차원은 없애고, 정수 dtype은 무엇이든 됨",
    "regression with one output per sample": "샘플마다 출력이 하나인 회귀",
    "y_true is cast to y_pred's dtype": "y_true 값은 y_pred의 dtype으로 변환",
    "per-sample lengths shorter than the frames": "프레임 수보다 짧은 샘플별 길이",
    "a repeated label needs a blank between": "반복된 레이블 사이에는 blank가 필요",
    "the blank is the last class": "blank는 마지막 클래스",
    "the blank is a middle class": "blank는 가운데 클래스",
    "one frame and one label": "프레임 하나, 레이블 하나",
    "samples 0 and 2 cannot fit their repeated labels in the frames: +inf loss":
        "샘플 0과 2는 반복된 레이블을 프레임 안에 넣을 수 없음: 손실 +inf",
    "confident frames: path probabilities underflow float32 unless the recursion is in log space":
        "확신이 큰 프레임: 점화식을 로그 공간에서 계산하지 않으면 경로 확률이 float32에서 언더플로",
    "a single alignment fits": "가능한 정렬이 하나뿐",
    "every score near -1e4: the log-softmax must subtract the frame's maximum": '모든 점수가 -1e4 근처: log-softmax는 그 프레임의 최댓값을 빼야 함',
    '(batch, time, classes) logits: the softmax and the sum are over the last axis': '(batch, time, classes) 로짓: softmax와 합은 마지막 축에 대해',
    '(classes,) alone: one loss, a 0-d array': '(classes,) 하나만: 손실 하나, 0차원 배열',
    'probabilities of exactly 0 and 1, and exactly at the clip bounds [1e-7, 1 - 1e-7] (where the clip still passes the gradient)': '정확히 0과 1인 확률, 그리고 정확히 clip 경계 [1e-7, 1 - 1e-7]인 확률 (경계에서는 clip이 그래디언트를 그대로 전달함)',
    'probabilities of exactly 1e-7 and 1 - 1e-7: the clip still passes the gradient': '정확히 1e-7과 1 - 1e-7인 확률: clip이 그래디언트를 그대로 전달함',
    'scores of +800 along one path: log-probabilities 800 apart, whose exp overflows unless the larger one is factored out': '한 경로를 따라 +800인 점수: 로그 확률이 800만큼 차이 나서, 큰 쪽을 먼저 빼내지 않으면 exp가 오버플로함',
}

#: What each exercise computes, in Korean (the English is the first paragraph of its docstring).
DESCRIPTIONS = {
    "binary_crossentropy": "이진 크로스엔트로피, 마지막 축에 대한 평균. ``keras.losses.binary_crossentropy`` 함수와 같습니다.",
    "binary_crossentropy_backward": "``binary_crossentropy`` 값의 배치 평균을 ``y_pred``에 대해 미분한 그래디언트.",
    "categorical_crossentropy": "원-핫(또는 소프트) 레이블의 범주형 크로스엔트로피. ``keras.losses.categorical_crossentropy`` 함수와 같습니다.",
    "categorical_crossentropy_backward": "``categorical_crossentropy`` 값의 배치 평균을 ``y_pred``에 대해 미분한 그래디언트.",
    "sparse_categorical_crossentropy":
        "정수 레이블의 범주형 크로스엔트로피. ``keras.losses.sparse_categorical_crossentropy`` 함수와 같습니다.",
    "sparse_categorical_crossentropy_backward":
        "``sparse_categorical_crossentropy`` 값의 배치 평균을 ``y_pred``에 대해 미분한 그래디언트.",
    "mean_squared_error": "마지막 축에 대한 평균 제곱 오차. ``keras.losses.mean_squared_error`` 함수와 같습니다.",
    "mean_squared_error_backward": "``mean_squared_error`` 값의 배치 평균을 ``y_pred``에 대해 미분한 그래디언트.",
    "ctc_loss":
        "CTC(Connectionist Temporal Classification) 손실. ``tf.nn.ctc_loss(..., logits_time_major=False)`` 함수와 같습니다.",
    "ctc_loss_backward": "``sum(ctc_loss(...))`` 값을 ``logits``에 대해 미분한 그래디언트 (``tf.GradientTape`` 결과와 같음).",
}
