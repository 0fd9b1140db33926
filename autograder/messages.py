"""Feedback text in English and Korean.

Korean wording follows the course notes (``shared/COURSE_NOTES.ko.md``):
합성곱, 패딩, 스트라이드, 풀링, 손실함수, 활성화함수 ... Every message is a
template keyed by name; :func:`t` fills it in for a language.
"""

from __future__ import annotations

LANGS = ("en", "ko")

MESSAGES: dict[str, dict[str, str]] = {
    # comparison problems (keys match compare.Verdict.problem)
    "type": {
        "en": "{where}: returned {got}, expected {expected}.",
        "ko": "{where}: {expected} 대신 {got}을(를) 반환했습니다.",
    },
    "length": {
        "en": "{where}: returned {got} items, expected {expected}.",
        "ko": "{where}: 항목 {expected}개가 필요한데 {got}개를 반환했습니다.",
    },
    "keys": {
        "en": "{where}: keys {got}, expected {expected}.",
        "ko": "{where}: 키가 {got}입니다. 기대값: {expected}.",
    },
    "shape": {
        "en": "{where}: shape {got}, expected {expected}.",
        "ko": "{where}: 형상(shape)이 {got}입니다. 기대값: {expected}.",
    },
    "dtype": {
        "en": "{where}: dtype {got}, expected {expected} (a float result keeps the dtype of the float inputs).",
        "ko": "{where}: dtype이 {got}입니다. 기대값: {expected} (실수 결과는 입력과 같은 dtype이어야 합니다).",
    },
    "kind": {
        "en": "{where}: {got}, expected {expected} (counts and indices are integers, yes/no answers are bools).",
        "ko": "{where}: {got}입니다. 기대값: {expected} (개수와 인덱스는 정수, 예/아니오는 bool입니다).",
    },
    "exact": {
        "en": "{where}: {got} where {expected} was expected{at}.",
        "ko": "{where}: {expected} 대신 {got}{at}.",
    },
    "nonfinite": {
        "en": "{where}: at index {index} got {got}, expected {expected} ({count} of {size} elements disagree on "
              "inf/NaN; is the computation numerically stable for huge inputs?).",
        "ko": "{where}: 인덱스 {index}에서 {got}, 기대값 {expected} ({size}개 중 {count}개가 inf/NaN에서 다름; "
              "아주 큰 입력에서도 수치적으로 안정한가요?).",
    },
    "values": {
        "en": "{where}: worst element at index {index}: got {got:.7g}, expected {expected:.7g}; "
              "max abs error {max_abs:.3g}, max rel error {max_rel:.3g} (allowed {rtol:.1e}); "
              "{count} of {size} elements out of tolerance.",
        "ko": "{where}: 가장 큰 오차는 인덱스 {index}: 결과 {got:.7g}, 기대값 {expected:.7g}; "
              "최대 절대오차 {max_abs:.3g}, 최대 상대오차 {max_rel:.3g} (허용 {rtol:.1e}); "
              "{size}개 중 {count}개가 허용오차를 벗어남.",
    },
    # call problems (keys match sandbox.CallResult.stage)
    "import": {
        "en": "the module could not be imported: {error}",
        "ko": "모듈을 import할 수 없습니다: {error}",
    },
    "missing": {
        "en": "the function is missing: {error}",
        "ko": "함수가 없습니다: {error}",
    },
    "stub": {
        "en": "not implemented yet (the stub raises NotImplementedError).",
        "ko": "아직 구현되지 않았습니다 (NotImplementedError).",
    },
    "raised": {
        "en": "raised {error}",
        "ko": "예외 발생: {error}",
    },
    "timeout": {
        "en": "{error}: an infinite loop, or far too slow.",
        "ko": "{error}: 무한 루프이거나 너무 느립니다.",
    },
    "crash": {
        "en": "crashed: {error}.",
        "ko": "비정상 종료: {error}.",
    },
    "return": {
        "en": "{error}",
        "ko": "{error}",
    },
    "protocol": {
        "en": "{error}",
        "ko": "{error}",
    },
    "mutated": {
        "en": "modified its input argument(s) {args}; functions must be pure (copy before writing).",
        "ko": "입력 인자 {args}을(를) 수정했습니다. 함수는 입력을 바꾸면 안 됩니다 (복사 후 수정하세요).",
    },
    "unavailable": {
        "en": "case '{case}': its expected output is not in this course's shipped public cases, so it cannot be "
              "checked here. Update the course (reinstall its newest wheel: pip install --force-reinstall "
              "dist/dlkata-*.whl) or ask your instructor.",
        "ko": "케이스 '{case}': 이 과정에 함께 배포된 공개 케이스에 기대 출력이 없어 여기서는 확인할 수 없습니다. "
              "과정을 업데이트하거나(최신 wheel 재설치: pip install --force-reinstall dist/dlkata-*.whl) "
              "강사에게 문의하세요.",
    },
    # report frame
    "case": {"en": "case", "ko": "케이스"},
    "inputs": {"en": "inputs", "ko": "입력"},
    "hint": {"en": "hint", "ko": "힌트"},
    "output": {"en": "printed", "ko": "출력"},
    "passed": {"en": "passed", "ko": "통과"},
    "failed": {"en": "failed", "ko": "실패"},
    "summary": {"en": "{earned}/{total} points, {passed} of {count} exercises passed",
                "ko": "{earned}/{total}점, 연습문제 {count}개 중 {passed}개 통과"},
    "next_step": {"en": "Next: open {files}, replace a `raise NotImplementedError` with your code, and check again.",
                  "ko": "다음 단계: {files}를 열어 `raise NotImplementedError`를 여러분의 코드로 바꾸고 다시 확인하세요."},
    # teaching diagnoses (autograder.diagnose, autograder.diagnose_checks)
    "diag_transposed": {
        "en": "The result equals the expected one transposed: check the order of the axes.",
        "ko": "결과가 기대값의 전치(transpose)와 같습니다. 축의 순서를 확인하세요.",
    },
    "diag_negated": {
        "en": "The result has the opposite sign everywhere: check the sign of the gradient.",
        "ko": "결과의 부호가 모두 반대입니다. 그래디언트의 부호를 확인하세요.",
    },
    "diag_scaled": {
        "en": "The result is the expected one times {factor:.4g}: a missing or extra mean/sum over the batch?",
        "ko": "결과가 기대값의 {factor:.4g}배입니다. 배치에 대한 평균/합을 빠뜨리거나 더 했나요?",
    },
    "diag_unstable": {
        "en": "Huge inputs give inf/NaN: subtract the maximum before exp, or use a form that cannot overflow.",
        "ko": "아주 큰 입력에서 inf/NaN이 나옵니다. exp 전에 최댓값을 빼거나 오버플로가 없는 식을 쓰세요.",
    },
    "diag_no_clip": {
        "en": "Probabilities of exactly 0 or 1 must be clipped to [epsilon, 1 - epsilon] with epsilon = 1e-7, as Keras does.",
        "ko": "확률 0이나 1은 Keras처럼 [epsilon, 1 - epsilon] (epsilon = 1e-7)으로 잘라야(clip) 합니다.",
    },
    "diag_no_normalize": {
        "en": "Keras renormalises the predicted probabilities so that each row sums to 1 before clipping.",
        "ko": "Keras는 clip하기 전에 예측 확률을 각 행의 합이 1이 되도록 다시 정규화합니다.",
    },
    "diag_border": {
        "en": "Only the border is wrong: the padding is the likely cause ('same' puts the extra row/column at the bottom/right).",
        "ko": "가장자리만 틀렸습니다. 패딩(padding)이 원인일 가능성이 큽니다 ('same'은 남는 행/열을 아래/오른쪽에 둡니다).",
    },
    "diag_flipped": {
        "en": "The result matches a flipped kernel: that is true convolution, but Keras computes cross-correlation (no flip).",
        "ko": "커널을 뒤집은 결과와 같습니다. 그것은 수학적 합성곱이고, Keras는 뒤집지 않는 상호상관(cross-correlation)을 계산합니다.",
    },
    "diag_sparse_order": {
        "en": "sparse_categorical_crossentropy (TensorFlow backend) clips first and then renormalises: "
              "loss = -log(clip(p)_y / sum(clip(p))), with clip to [1e-7, 1 - 1e-7].",
        "ko": "sparse_categorical_crossentropy는 (TensorFlow 백엔드에서) 먼저 clip하고 그다음 정규화합니다: "
              "loss = -log(clip(p)_y / sum(clip(p))), clip 범위는 [1e-7, 1 - 1e-7]입니다.",
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
    "diag_eps_added": {
        "en": "The result matches log(p + 1e-7): that is tf.keras 2's formula. Keras 3 clips p to [1e-7, 1 - 1e-7] "
              "and adds nothing inside the log.",
        "ko": "결과가 log(p + 1e-7)과 같습니다. 그것은 tf.keras 2의 식입니다. Keras 3는 p를 [1e-7, 1 - 1e-7]로 clip할 뿐 "
              "log 안에 아무것도 더하지 않습니다.",
    },
    "diag_kernel_transposed": {
        "en": "The result matches x @ kernel.T: the Dense kernel has shape (in, units), so the layer computes x @ kernel "
              "(and the gradients use kernel.T for dx, x.T @ dz for dkernel).",
        "ko": "결과가 x @ kernel.T와 같습니다. Dense 커널의 모양은 (in, units)이므로 층은 x @ kernel을 계산합니다 "
              "(그래디언트는 dx에 kernel.T, dkernel에 x.T @ dz를 씁니다).",
    },
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
        "ko": "return_sequences={value}입니다. True면 모든 스텝 (batch, time, units)을, False면 마지막 상태 "
              "(batch, units)만 반환합니다.",
    },
    "diag_lr_float32": {
        "en": "Keras keeps the learning rate in a float32 variable: round it with np.float32(learning_rate) and then "
              "cast it to the weight's dtype (0.001 becomes 0.0010000000475).",
        "ko": "Keras는 학습률을 float32 변수에 저장합니다. np.float32(learning_rate)로 반올림한 다음 가중치의 dtype으로 "
              "바꾸세요 (0.001은 0.0010000000475가 됩니다).",
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
    "diag_text_unicode_lower": {
        "en": "Non-ASCII letters were lowercased: tf.strings.lower changes only A-Z ('ÉCOLE' -> 'École'), "
              "while Python's str.lower() changes every letter.",
        "ko": "ASCII가 아닌 글자까지 소문자가 되었습니다. tf.strings.lower는 A-Z만 바꿉니다('ÉCOLE' -> 'École'). "
              "파이썬의 str.lower()는 모든 글자를 바꿉니다.",
    },
    "diag_text_punctuation": {
        "en": "Punctuation is left in the result: Keras deletes all 32 characters of string.punctuation, "
              "the apostrophe and the hyphen included (\"it's\" -> \"its\", \"x-y\" -> \"xy\").",
        "ko": "구두점이 남아 있습니다. Keras는 string.punctuation의 32개 문자를 모두 지웁니다. "
              "아포스트로피와 하이픈도 포함됩니다 (\"it's\" -> \"its\", \"x-y\" -> \"xy\").",
    },
    "diag_text_unicode_split": {
        "en": "A token was split at a Unicode space (no-break space, ideographic space, ...): tf.strings.split "
              "splits only on ASCII whitespace, while Python's str.split() splits on every Unicode space.",
        "ko": "유니코드 공백(줄바꿈 없는 공백, 전각 공백 등)에서 토큰이 나뉘었습니다. tf.strings.split은 ASCII "
              "공백에서만 나누고, 파이썬의 str.split()은 모든 유니코드 공백에서 나눕니다.",
    },
    "diag_text_vocab_order": {
        "en": "The right tokens in the wrong order: sort by count, most frequent first, and break ties by the "
              "token in DESCENDING order ('b' before 'a'), as Keras' adapt() does.",
        "ko": "토큰은 맞지만 순서가 다릅니다. 빈도 내림차순으로 정렬하고, 빈도가 같으면 토큰의 내림차순('b'가 "
              "'a'보다 먼저)으로 정하세요. Keras의 adapt()와 같습니다.",
    },
    "diag_text_vocab_specials": {
        "en": "The vocabulary must start with '' (index 0, padding) and '[UNK]' (index 1, unknown tokens).",
        "ko": "어휘 사전은 ''(인덱스 0, 패딩)와 '[UNK]'(인덱스 1, 모르는 토큰)로 시작해야 합니다.",
    },
    "diag_text_max_tokens": {
        "en": "max_tokens={max_tokens} counts the two special tokens '' and '[UNK]': keep max_tokens - 2 learnt "
              "tokens (your vocabulary has {got} entries).",
        "ko": "max_tokens={max_tokens}에는 특수 토큰 ''와 '[UNK]'가 포함됩니다. 학습한 토큰은 max_tokens - 2개만 "
              "남기세요 (결과의 어휘는 {got}개).",
    },
    "diag_text_bag_width": {
        "en": "One column too many: multi_hot, count and tf_idf have no padding column, so the width is "
              "len(vocabulary) - 1 = {width}, column 0 is [UNK] and vocabulary[j] is column j - 1.",
        "ko": "열이 하나 많습니다. multi_hot, count, tf_idf에는 패딩 열이 없어 너비는 len(vocabulary) - 1 = {width}, "
              "0열이 [UNK]이고 vocabulary[j]는 j - 1열입니다.",
    },
    "diag_text_oov_idf": {
        "en": "Only the [UNK] column is wrong: Keras weighs it with the mean of the tokens' idf weights.",
        "ko": "[UNK] 열만 틀렸습니다. Keras는 이 열에 토큰 idf 가중치의 평균을 씁니다.",
    },
    "diag_text_pad_side": {
        "en": "This is the result of the other side for {arg}: {arg}={value!r} means the 'pre' side is the "
              "beginning ('pre' truncation keeps the last items, 'pre' padding fills in front).",
        "ko": "{arg}의 반대쪽을 처리한 결과입니다. {arg}={value!r}에서 'pre'는 앞쪽입니다 ('pre' 자르기는 마지막 "
              "항목들을 남기고, 'pre' 패딩은 앞을 채웁니다).",
    },
    "diag_embedding_repeated_ids": {
        "en": "Repeated ids keep only one gradient: dtable[ids] += dout does not add up duplicates. Use "
              "np.add.at(dtable, ids, dout) or a loop.",
        "ko": "반복된 id의 그래디언트가 하나만 남았습니다. dtable[ids] += dout은 중복을 누적하지 않습니다. "
              "np.add.at(dtable, ids, dout)이나 반복문을 쓰세요.",
    },
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
    "diag_pool_padding": {
        "en": "The result matches average pooling that divides every window by pool_h*pool_w: with 'same' padding "
              "Keras divides by the number of real elements in each window (the padding is not counted).",
        "ko": "모든 창을 pool_h*pool_w로 나눈 평균 풀링과 같습니다. 'same' 패딩에서 Keras는 창 안의 실제 원소 수로 "
              "나눕니다 (패딩은 세지 않습니다).",
    },
    "diag_pool_ties": {
        "en": "Only positions where a window has several equal maxima are wrong: TensorFlow sends each window's "
              "gradient to its first maximum in row-major order only, not to every tied maximum.",
        "ko": "창 안에 같은 최댓값이 여럿인 위치만 틀렸습니다. TensorFlow는 각 창의 그래디언트를 행 우선 순서로 "
              "첫 번째 최댓값 하나에만 보내고, 같은 값의 다른 최댓값에는 보내지 않습니다.",
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
        "ko": "이동상태(carry track) 경로가 빠진 LSTM 역전파의 결과와 같습니다. dh뿐 아니라 dc_(t-1) = dc_t * f_t도 "
              "시간을 거슬러 전달해야 합니다.",
    },
    "diag_bptt_last_only": {
        "en": "The gradients match using only dout[:, -1]: with return_sequences=True every step's output gets "
              "its own upstream gradient dout[:, t].",
        "ko": "dout[:, -1]만 사용한 결과와 같습니다. return_sequences=True면 모든 스텝의 출력이 각자의 "
              "그래디언트 dout[:, t]를 받습니다.",
    },
    "diag_frozen_updated": {
        "en": "The weights of frozen layer {layer} changed: a layer with trainable=False keeps its weights exactly; "
              "only the other layers take w - lr * dw.",
        "ko": "동결된 층 {layer}의 가중치가 바뀌었습니다. trainable=False인 층은 가중치를 그대로 두고, 나머지 층만 "
              "w - lr * dw로 갱신합니다.",
    },
    "diag_frozen_blocks_gradient": {
        "en": "Layer {layer} sits below a frozen layer and did not change: freezing stops the update of that layer's "
              "weights, not the gradient flowing through it to earlier layers.",
        "ko": "층 {layer}는 동결된 층 아래에 있는데 바뀌지 않았습니다. 동결은 그 층의 가중치 갱신만 막을 뿐, 그 층을 "
              "지나 앞쪽 층으로 가는 그래디언트는 막지 않습니다.",
    },
    "diag_trainable_ignored_frozen": {
        "en": "{got} is the count of every weight: the layers in frozen must be left out.",
        "ko": "{got}은 모든 가중치의 개수입니다. frozen에 있는 층은 빼야 합니다.",
    },
    "diag_trainable_complement": {
        "en": "{got} is the count of the frozen (non-trainable) weights; the question is how many stay trainable.",
        "ko": "{got}은 동결된(학습되지 않는) 가중치의 개수입니다. 학습 가능한 가중치의 개수를 구해야 합니다.",
    },
    "diag_gradcam_unnormalized": {
        "en": "The heatmap has the right shape but is not scaled: divide maximum(heat, 0) by the max of heat.",
        "ko": "히트맵의 모양은 맞지만 크기 조정이 빠졌습니다. maximum(heat, 0)을 heat의 최댓값으로 나누세요.",
    },
    "diag_gradcam_softmax_score": {
        "en": "The heatmap matches one computed from the softmax probability: Grad-CAM's class score is the "
              "pre-softmax logit (remove the last layer's activation).",
        "ko": "softmax 확률로 계산한 히트맵과 같습니다. Grad-CAM의 클래스 점수는 softmax 이전의 로짓입니다 "
              "(마지막 층의 활성화 함수를 빼세요).",
    },
}


def t(key: str, lang: str = "en", **fields) -> str:
    """The message ``key`` in ``lang`` (falling back to English), filled in."""
    entry = MESSAGES.get(key)
    if entry is None:
        return key
    template = entry.get(lang) or entry["en"]
    try:
        return template.format(**fields)
    except (KeyError, ValueError, IndexError):
        return entry["en"].format_map(_Loose(fields)) if lang != "en" else template


class _Loose(dict):
    def __missing__(self, key):
        return "?"


def pick(texts: dict[str, str], lang: str) -> str:
    """A ``{"en": ..., "ko": ...}`` text in ``lang``, English if missing."""
    return texts.get(lang) or texts.get("en", "")
