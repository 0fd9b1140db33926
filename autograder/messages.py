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
    # teaching diagnoses, returned by an exercise's diagnose()
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
