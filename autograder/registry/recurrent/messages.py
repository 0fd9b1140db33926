"""The recurrent topic's feedback: ``HINTS`` per exercise and the ``MESSAGES`` of its diagnoses."""

from __future__ import annotations

HINTS = {
    "simple_rnn_step": {
        "en": "h = tanh(x_t @ kernel + bias + h_prev @ recurrent_kernel); shapes (B, D) @ (D, U) and (B, U) @ (U, U).",
        "ko": "h = tanh(x_t @ kernel + bias + h_prev @ recurrent_kernel). 형상은 (B, D) @ (D, U)와 (B, U) @ (U, U)입니다.",
    },
    "simple_rnn": {
        "en": "Start from h0 (zeros unless initial_state is given) and apply the step for t = 0..T-1 on x[:, t]; "
              "return h_T, or stack every h_t on axis 1 with return_sequences; return_state adds h_T.",
        "ko": "h0(initial_state가 없으면 0벡터)에서 시작해 t = 0..T-1마다 x[:, t]로 스텝을 적용하세요. 마지막 h_T를 "
              "반환하고, return_sequences면 모든 h_t를 축 1로 쌓습니다. return_state면 h_T를 함께 반환합니다.",
    },
    "simple_rnn_backward": {
        "en": "Run the forward pass keeping every h_t; go backward in time with dh = dout_t + carry, "
              "dz = dh * (1 - h_t**2), carry = dz @ recurrent_kernel.T; sum x_t.T @ dz, h_{t-1}.T @ dz and dz over steps.",
        "ko": "순전파에서 모든 h_t를 저장하고, 시간을 거꾸로 가며 dh = dout_t + carry, dz = dh * (1 - h_t**2), "
              "carry = dz @ recurrent_kernel.T를 계산하세요. x_t.T @ dz, h_{t-1}.T @ dz, dz를 모든 스텝에 대해 더합니다.",
    },
    "lstm_step": {
        "en": "z = x_t @ kernel + h_prev @ recurrent_kernel + bias, split in 4 blocks [i, f, c, o]; "
              "c = sigmoid(f) * c_prev + sigmoid(i) * tanh(c block); h = sigmoid(o) * tanh(c).",
        "ko": "z = x_t @ kernel + h_prev @ recurrent_kernel + bias를 [i, f, c, o] 네 블록으로 나누세요. "
              "c = sigmoid(f) * c_prev + sigmoid(i) * tanh(c 블록), h = sigmoid(o) * tanh(c)입니다.",
    },
    "lstm_gates": {
        "en": "Split z = x_t @ kernel + h_prev @ recurrent_kernel + bias into 4 equal blocks along the last axis, "
              "in Keras' order [i, f, c, o]; sigmoid for i, f, o and tanh for the c block.",
        "ko": "z = x_t @ kernel + h_prev @ recurrent_kernel + bias를 마지막 축으로 4등분하세요. Keras 순서는 "
              "[i, f, c, o]이고, i, f, o에는 sigmoid, c 블록에는 tanh를 씁니다.",
    },
    "lstm": {
        "en": "Carry both h and c (the carry track) through time, starting from (h0, c0); "
              "return_state returns (output, h_T, c_T) in that order.",
        "ko": "h와 c(이동 상태, carry track)를 (h0, c0)에서 시작해 시간 순서대로 전달하세요. "
              "return_state는 (output, h_T, c_T) 순서로 반환합니다.",
    },
    "lstm_backward": {
        "en": "Keep the gates and c_t of every step. Backward: dc += dh * o * (1 - tanh(c)**2); "
              "di = dc * g, df = dc * c_prev, dg = dc * i, do = dh * tanh(c); multiply by each activation's "
              "derivative; dc_prev = dc * f, dh_prev = dz @ recurrent_kernel.T.",
        "ko": "각 스텝의 게이트와 c_t를 저장하세요. 역전파: dc += dh * o * (1 - tanh(c)**2); di = dc * g, "
              "df = dc * c_prev, dg = dc * i, do = dh * tanh(c)에 각 활성화 함수의 미분을 곱합니다. "
              "dc_prev = dc * f, dh_prev = dz @ recurrent_kernel.T.",
    },
    "gru_step": {
        "en": "Blocks [z, r, h]. reset_after=True: bias[0] goes with the input, bias[1] with h_prev @ recurrent_kernel, "
              "and r multiplies (h_prev @ R_h + b_h). reset_after=False: r multiplies h_prev before @ R_h. "
              "h = z * h_prev + (1 - z) * n.",
        "ko": "블록 순서는 [z, r, h]입니다. reset_after=True면 bias[0]은 입력 쪽, bias[1]은 h_prev @ recurrent_kernel 쪽에 "
              "더하고 r은 (h_prev @ R_h + b_h)에 곱합니다. reset_after=False면 r을 h_prev에 먼저 곱한 뒤 @ R_h. "
              "h = z * h_prev + (1 - z) * n.",
    },
    "gru": {
        "en": "Loop your gru_step over time from h0; the bias shape tells reset_after: (2, 3U) for True, (3U,) for False.",
        "ko": "h0에서 시작해 gru_step을 시간 순서대로 반복하세요. bias 형상이 reset_after를 알려줍니다: "
              "True면 (2, 3U), False면 (3U,).",
    },
    "gradient_norms_through_time": {
        "en": "Backprop through time from h_T with each one-hot seed e_s (e.g. repeat every sample U times in the "
              "batch); the gradient reaching h_t is row s of d h_T / d h_t. norms[b, t] is the Frobenius norm of "
              "those U rows; the last column is sqrt(units).",
        "ko": "h_T에 원-핫 시드 e_s를 넣고 시간을 거슬러 역전파하세요 (예: 배치에서 각 샘플을 U번 반복). h_t에 도달한 "
              "그래디언트가 d h_T / d h_t의 s번째 행입니다. norms[b, t]는 그 U개 행의 프로베니우스 노름이고, "
              "마지막 열은 sqrt(units)입니다.",
    },
}

MESSAGES = {
    "diag_gate_order": {
        "en": "The result matches the gate blocks read in the order {order}: Keras concatenates the {layer} blocks as "
              "{keras_order} along the last axis of kernel, recurrent_kernel and bias.",
        "ko": "게이트 블록을 {order} 순서로 읽은 결과와 같습니다. Keras는 {layer}의 블록을 kernel, recurrent_kernel, "
              "bias의 마지막 축에 {keras_order} 순서로 이어 붙입니다.",
    },
    "diag_initial_state_ignored": {
        "en": "The result matches a run from a zero state: initial_state was given, start from it instead of zeros.",
        "ko": "0벡터 상태에서 시작한 결과와 같습니다. initial_state가 주어졌으면 0 대신 그 상태에서 시작하세요.",
    },
    "diag_gru_update_swapped": {
        "en": "The result matches h = (1 - z) * h_prev + z * n: Keras keeps the old state with z, h = z * h_prev + (1 - z) * n.",
        "ko": "h = (1 - z) * h_prev + z * n의 결과와 같습니다. Keras는 z로 이전 상태를 유지합니다: h = z * h_prev + (1 - z) * n.",
    },
    "diag_gru_reset_after": {
        "en": "The result matches the other GRU formula: with reset_after={value}, n = {formula}.",
        "ko": "다른 GRU 식의 결과와 같습니다. reset_after={value}이면 n = {formula}입니다.",
    },
    "diag_state_order": {
        "en": "The states are swapped: with return_state=True, LSTM returns (output, h_T, c_T), h before c.",
        "ko": "상태의 순서가 바뀌었습니다. return_state=True일 때 LSTM은 (output, h_T, c_T) 순서, 즉 h 다음 c를 반환합니다.",
    },
    "diag_return_sequences": {
        "en": "return_sequences={value}: True returns every step, (batch, time, units); False only the last state, "
              "(batch, units).",
        "ko": "return_sequences={value}입니다. True면 모든 스텝의 출력(형상 (batch, time, units))을, "
              "False면 마지막 상태(형상 (batch, units))만 반환합니다.",
    },
    "diag_bptt_truncated": {
        "en": "The gradients match backprop that stops at every step: the gradient reaching h_(t-1), "
              "dz_t @ recurrent_kernel.T, must be added to the gradient of step t-1 (backprop through time).",
        "ko": "매 스텝에서 멈춘 역전파의 결과와 같습니다. h_(t-1)에 도달하는 그래디언트 dz_t @ recurrent_kernel.T를 "
              "스텝 t-1의 그래디언트에 더해야 합니다 (시간에 따른 역전파, BPTT).",
    },
    "diag_bptt_no_carry": {
        "en": "The gradients match LSTM backprop without the carry track: dc_(t-1) = dc_t * f_t must flow back "
              "through time too, besides dh.",
        "ko": "이동 상태(carry track) 경로가 빠진 LSTM 역전파의 결과와 같습니다. dh뿐 아니라 dc_(t-1) = dc_t * f_t도 "
              "시간을 거슬러 전달해야 합니다.",
    },
    "diag_bptt_last_only": {
        "en": "The gradients match using only dout[:, -1]: with return_sequences=True every step's output gets "
              "its own upstream gradient dout[:, t].",
        "ko": "dout[:, -1]만 사용한 결과와 같습니다. return_sequences=True면 모든 스텝의 출력이 각자의 "
              "그래디언트 dout[:, t]를 받습니다.",
    },
}

#: The Korean of the cases' notes (the case generators write them in English).
NOTES = {
    "last step": "마지막 스텝만",
    "sequences": "모든 스텝의 시퀀스",
    "state, initial_state": "상태 반환, initial_state 사용",
    "batch 1, sequences and state": "배치 1, 시퀀스와 상태 반환",
    "length 1, initial_state": "길이 1, initial_state 사용",
    "reset_after=True": "reset_after=True",
    "reset_after=False": "reset_after=False",
    "last step, reset_after=True": "마지막 스텝만, reset_after=True",
    "sequences, reset_after=False": "모든 스텝의 시퀀스, reset_after=False",
    "state, initial_state, reset_after=True": "상태 반환, initial_state 사용, reset_after=True",
    "batch 1, sequences and state, reset_after=False": "배치 1, 시퀀스와 상태 반환, reset_after=False",
    "length 1, initial_state, reset_after=True": "길이 1, initial_state 사용, reset_after=True",
}

#: What each exercise computes, in Korean (the English is the first paragraph of its docstring).
DESCRIPTIONS = {
    "simple_rnn_step":
        "``keras.layers.SimpleRNN`` 층의 한 스텝: ``h = tanh(x_t @ kernel + bias + h_prev @ recurrent_kernel)``.",
    "simple_rnn": "이 가중치를 쓴 ``keras.layers.SimpleRNN(units)`` 층: ``h_t = tanh(x_t K + b + h_{t-1} R)``.",
    "simple_rnn_backward": "``simple_rnn`` 함수의 시간 역전파 (``keras.layers.SimpleRNN`` 층에서 ``tf.GradientTape`` 결과와 같음).",
    "lstm_step": "``keras.layers.LSTM`` 층의 한 스텝 (게이트 활성화 함수 sigmoid, 활성화 함수 tanh).",
    "lstm_gates": "``keras.layers.LSTM`` 층 한 스텝의 네 게이트, 활성화 함수를 적용한 뒤의 값.",
    "lstm": "이 가중치를 쓴 ``keras.layers.LSTM(units)`` 층 (게이트 블록 ``[i, f, c, o]``, ``lstm_step`` 참고).",
    "lstm_backward": "``lstm`` 함수의 시간 역전파 (``keras.layers.LSTM`` 층에서 ``tf.GradientTape`` 결과와 같음).",
    "gru_step": "``keras.layers.GRU`` 층의 한 스텝 (블록 ``[z, r, h]``; sigmoid 게이트, tanh 후보 상태).",
    "gru": "이 가중치를 쓴 ``keras.layers.GRU(units, reset_after=reset_after)`` 층 (``gru_step`` 참고).",
    "gradient_norms_through_time": "마지막 상태가 각 이전 상태에 얼마나 의존하는지: 모든 t에 대한 ``||d h_T / d h_t||``.",
}
