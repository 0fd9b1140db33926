"""Feedback text in English and Korean: the keys every topic shares.

Every message is a template keyed by name; :func:`t` fills it in for a
language. The keys here are the shared ones (comparison and call problems,
the report's frame, the generic diagnoses of :mod:`autograder.diagnose`);
a topic's own keys (its diagnoses) live in its folder,
``registry/<topic>/messages.py``, and :func:`t` finds them through the
registry, which refuses a key defined twice. Korean wording follows the
course's terms: 합성곱, 패딩, 스트라이드, 풀링, 손실함수, 활성화함수 ...
"""

from __future__ import annotations

LANGS = ("en", "ko")

#: The keys every topic shares.
SHARED: dict[str, dict[str, str]] = {
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
        "en": "not implemented yet: {exercise} still raises NotImplementedError",
        "ko": "아직 구현되지 않았습니다: {exercise}에서 아직 NotImplementedError가 발생합니다",
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
    "no_oracle": {
        "en": "the expected output of case '{case}' is not cached here, and TensorFlow, which computes it, "
              "cannot be imported ({error}). Install TensorFlow (pip install tensorflow-cpu) and run again: "
              "the output is computed once and kept in {cache}.",
        "ko": "케이스 '{case}'의 기대값이 캐시에 없고, 이를 계산할 TensorFlow를 import할 수 없습니다 ({error}). "
              "TensorFlow를 설치(pip install tensorflow-cpu)하고 다시 실행하세요. 기대값은 한 번 계산되어 {cache}에 저장됩니다.",
    },
    "reproduce": {
        "en": "reproduce this case: from dlkata.autograder.pytest_plugin import case; "
              "c = case({exercise!r}, {name!r}); {function}(*c.args, **c.kwargs)",
        "ko": "이 케이스 재현: from dlkata.autograder.pytest_plugin import case; "
              "c = case({exercise!r}, {name!r}); {function}(*c.args, **c.kwargs)",
    },
    # generic diagnoses (autograder.diagnose), and the padding one that convolution and pooling share
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
    "diag_border": {
        "en": "Only the border is wrong: the padding is the likely cause ('same' puts the extra row/column at the bottom/right).",
        "ko": "가장자리만 틀렸습니다. 패딩(padding)이 원인일 가능성이 큽니다 ('same'은 남는 행/열을 아래/오른쪽에 둡니다).",
    },
}


def catalogue() -> dict[str, dict[str, str]]:
    """Every message: the shared keys and every topic's own (see :func:`autograder.registry.messages`)."""
    from . import registry

    return registry.messages()


def t(key: str, lang: str = "en", **fields) -> str:
    """The message ``key`` (shared or a topic's) in ``lang`` (falling back to English), filled in."""
    entry = SHARED.get(key) or catalogue().get(key)
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
