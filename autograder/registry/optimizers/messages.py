"""The optimizers topic's feedback: ``HINTS`` per exercise and the ``MESSAGES`` of its diagnoses."""

from __future__ import annotations

HINTS = {
    "sgd": {"en": "lr = float32(learning_rate) cast to the weight's dtype; with momentum keep the velocity "
                  "m = momentum*m - lr*g and add it (Nesterov adds momentum*m - lr*g with the new m).",
            "ko": "lr은 float32로 반올림한 뒤 가중치 dtype으로 바꿉니다. 모멘텀이 있으면 속도 m = momentum*m - lr*g를 "
                  "저장하고 더합니다 (Nesterov는 새 m으로 momentum*m - lr*g를 더함)."},
    "rmsprop": {"en": "lr = float32(learning_rate) cast to the weight's dtype (Keras rounds it to float32 even for "
                      "float64 weights); v = rho*v + (1-rho)*g^2, then w -= lr*g / sqrt(v + eps): epsilon goes INSIDE "
                      "the square root in Keras 3 (centered: sqrt(v - a^2 + eps)).",
                "ko": "lr은 float32로 반올림한 뒤 가중치 dtype으로 바꿉니다 (가중치가 float64여도 Keras는 float32로 "
                      "반올림합니다). v = rho*v + (1-rho)*g^2 다음 w -= lr*g / sqrt(v + eps). Keras 3에서 epsilon은 "
                      "제곱근 안에 들어갑니다 (centered: sqrt(v - a^2 + eps))."},
    "adam": {"en": "lr, and beta_1/beta_2 where they are raised to the power t, are rounded to float32 first (even for "
                   "float64 weights), then cast to the weight's dtype. t = step + 1; update m and v first, then "
                   "alpha = lr*sqrt(1-beta_2^t)/(1-beta_1^t) and w -= alpha*m/(sqrt(v) + eps) (epsilon is not "
                   "bias-corrected).",
             "ko": "lr과, t제곱에 쓰는 beta_1/beta_2는 먼저 float32로 반올림하고 (가중치가 float64여도) 가중치 dtype으로 "
                   "바꿉니다. t = step + 1. m과 v를 먼저 갱신하고 alpha = lr*sqrt(1-beta_2^t)/(1-beta_1^t), "
                   "w -= alpha*m/(sqrt(v) + eps) (epsilon은 편향 보정하지 않음)."},
}

MESSAGES = {
    "diag_lr_float32": {
        "en": "Keras rounds hyperparameters to float32 even for float64 weights: the learning rate lives in a float32 "
              "variable, and SGD's momentum and the beta_1/beta_2 that Adam raises to the power t go through float32 "
              "too. Round each with np.float32(value), then cast it to the weight's dtype (0.001 becomes "
              "0.0010000000475).",
        "ko": "Keras는 가중치가 float64여도 하이퍼파라미터를 float32로 반올림합니다. 학습률은 float32 변수에 저장되고, "
              "SGD의 momentum과 Adam이 t제곱하는 beta_1/beta_2도 float32를 거칩니다. 각각 np.float32(값)로 반올림한 "
              "다음 가중치의 dtype으로 바꾸세요 (0.001은 0.0010000000475가 됩니다).",
    },
    "diag_eps_outside_sqrt": {
        "en": "This matches epsilon OUTSIDE the square root, lr*g/(sqrt(v)+eps) (tf.keras 2 legacy); Keras 3's "
              "RMSprop uses lr*g/sqrt(v+eps).",
        "ko": "epsilon을 제곱근 밖에 둔 lr*g/(sqrt(v)+eps) (tf.keras 2 legacy)와 같습니다. Keras 3의 RMSprop은 "
              "lr*g/sqrt(v+eps)입니다.",
    },
    "diag_update_order": {
        "en": "The weights were updated with the optimizer state from BEFORE this step: update the slots "
              "(momentum/velocity/average) first, then use the new values for the weights.",
        "ko": "가중치를 이번 스텝 이전의 옵티마이저 상태로 갱신했습니다. 먼저 슬롯(momentum/velocity/average)을 "
              "갱신하고, 새 값으로 가중치를 갱신하세요.",
    },
    "diag_adam_paper_eps": {
        "en": "This is the paper's form m_hat/(sqrt(v_hat)+eps); Keras folds the bias corrections into "
              "alpha = lr*sqrt(1-beta_2^t)/(1-beta_1^t) and divides m by (sqrt(v)+eps), so epsilon is not corrected.",
        "ko": "논문의 식 m_hat/(sqrt(v_hat)+eps)입니다. Keras는 편향 보정을 alpha = lr*sqrt(1-beta_2^t)/(1-beta_1^t)에 "
              "넣고 m을 (sqrt(v)+eps)로 나눕니다. epsilon은 보정하지 않습니다.",
    },
    "diag_adam_no_bias_correction": {
        "en": "The bias correction is missing: multiply lr by sqrt(1-beta_2^t)/(1-beta_1^t) with t = step + 1.",
        "ko": "편향 보정이 빠졌습니다. lr에 sqrt(1-beta_2^t)/(1-beta_1^t)를 곱하세요 (t = step + 1).",
    },
    "diag_adam_step": {
        "en": "The bias correction uses the wrong step: t = state['step'] + 1 (t = 1 on the first step).",
        "ko": "편향 보정의 스텝이 틀렸습니다. t = state['step'] + 1입니다 (첫 스텝에서 t = 1).",
    },
    "diag_momentum_sign": {
        "en": "The momentums have the opposite sign: Keras stores the velocity m = momentum*m - lr*g and ADDS it to w.",
        "ko": "momentums의 부호가 반대입니다. Keras는 속도 m = momentum*m - lr*g를 저장하고 w에 더합니다.",
    },
    "diag_step_count": {
        "en": "new_state['step'] must count the steps taken: state['step'] + 1, or 1 after the first step "
              "(state None).",
        "ko": "new_state['step']은 지금까지의 스텝 수입니다: state['step'] + 1, 첫 스텝(state None) 후에는 1.",
    },
}

#: The Korean of the cases' notes (the case generators write them in English).
NOTES = {
    "an all-zero gradient must leave its parameter unchanged": "그래디언트가 모두 0이면 파라미터는 바뀌지 않아야 함",
    "a late step": "여러 스텝이 지난 뒤의 스텝",
}

#: What each exercise computes, in Korean (the English is the first paragraph of its docstring).
DESCRIPTIONS = {
    "sgd": "확률적 경사 하강법(SGD)의 한 스텝. ``keras.optimizers.SGD(...).apply_gradients`` 결과와 같습니다.",
    "rmsprop": "RMSprop의 한 스텝. ``keras.optimizers.RMSprop(...).apply_gradients`` 결과와 같습니다.",
    "adam": "Adam의 한 스텝. ``keras.optimizers.Adam(...).apply_gradients`` 결과와 같습니다.",
}
