"""Feedback text in English and Korean: the keys every topic shares.

Every message is a template keyed by name; :func:`t` fills it in for a
language. The keys here are the shared ones (comparison and call problems,
the report's frame, the generic diagnoses of :mod:`autograder.diagnose`);
a topic's own keys (its diagnoses) live in its folder,
``registry/<topic>/messages.py``, and :func:`t` finds them through the
registry, which refuses a key defined twice. Korean wording follows the
course's terms: 합성곱, 패딩, 스트라이드, 풀링, 손실 함수, 활성화 함수 ...
"""

from __future__ import annotations

LANGS = ("en", "ko")

#: The keys every topic shares.
SHARED: dict[str, dict[str, str]] = {
    # comparison problems (keys match compare.Verdict.problem)
    "type": {
        "en": "{where}: returned {got}, expected {expected}.",
        "ko": "{where}: 반환값의 종류가 {got}입니다. 기댓값: {expected}.",
    },
    "length": {
        "en": "{where}: returned {got} items, expected {expected}.",
        "ko": "{where}: 항목 {expected}개가 필요한데 {got}개를 반환했습니다.",
    },
    "keys": {
        "en": "{where}: keys {got}, expected {expected}.",
        "ko": "{where}: 키가 {got}입니다. 기댓값: {expected}.",
    },
    "shape": {
        "en": "{where}: shape {got}, expected {expected}.",
        "ko": "{where}: 형상(shape)이 {got}입니다. 기댓값: {expected}.",
    },
    "dtype": {
        "en": "{where}: dtype {got}, expected {expected} (a float result keeps the dtype of the float inputs).",
        "ko": "{where}: dtype이 {got}입니다. 기댓값: {expected} (실수 결과는 실수 입력과 같은 dtype이어야 합니다).",
    },
    "kind": {
        "en": "{where}: {got}, expected {expected} (counts and indices are integers, yes/no answers are bools).",
        "ko": "{where}: 결과가 {got}입니다. 기댓값: {expected} (개수와 인덱스는 정수, 예/아니오는 bool입니다).",
    },
    "exact": {
        "en": "{where}: {got} where {expected} was expected{at}.",
        "ko": "{where}: 결과 {got}, 기댓값 {expected}{at}.",
    },
    "at_index": {"en": " at index {index}", "ko": " (인덱스 {index})"},
    "nonfinite": {
        "en": "{where}: at index {index} got {got}, expected {expected} ({count} of {size} elements disagree on "
              "inf/NaN; is the computation numerically stable for huge inputs?).",
        "ko": "{where}: 인덱스 {index}에서 결과 {got}, 기댓값 {expected} ({size}개 중 {count}개가 inf/NaN에서 다름; "
              "아주 큰 입력에서도 수치적으로 안정한가요?).",
    },
    "values": {
        "en": "{where}: worst element at index {index}: got {got:.7g}, expected {expected:.7g}; "
              "max abs error {max_abs:.3g}, max rel error {max_rel:.3g} (allowed {rtol:.1e}); "
              "{count} of {size} elements out of tolerance.",
        "ko": "{where}: 가장 큰 오차는 인덱스 {index}: 결과 {got:.7g}, 기댓값 {expected:.7g}; "
              "최대 절대오차 {max_abs:.3g}, 최대 상대오차 {max_rel:.3g} (허용오차 {rtol:.1e}); "
              "{size}개 중 {count}개가 허용오차를 벗어남.",
    },
    "values_zero": {
        "en": "{where}: worst element at index {index}: got {got:.7g}, expected 0 (an error of {error:.3g} where "
              "{allowed:.1e} is allowed); max abs error {max_abs:.3g}; {count} of {size} elements out of tolerance.",
        "ko": "{where}: 가장 큰 오차는 인덱스 {index}: 결과 {got:.7g}, 기댓값 0 (오차 {error:.3g}, 허용 {allowed:.1e}); "
              "최대 절대오차 {max_abs:.3g}; {size}개 중 {count}개가 허용오차를 벗어남.",
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
    "missing_function": {
        "en": "the function is missing: {module}.py has no function {function}()",
        "ko": "함수가 없습니다: {module}.py에 {function}() 함수가 없습니다.",
    },
    "stub": {
        "en": "not implemented yet: {exercise} still raises NotImplementedError.",
        "ko": "아직 구현되지 않았습니다: {exercise}에서 아직 NotImplementedError가 발생합니다.",
    },
    "raised": {
        "en": "raised {error}",
        "ko": "예외 발생: {error}",
    },
    "timeout": {
        "en": "did not finish within {seconds:g} s: an infinite loop, or far too slow.",
        "ko": "{seconds:g}초 안에 끝나지 않았습니다: 무한 루프이거나 너무 느립니다.",
    },
    "crash": {
        "en": "crashed: {error}.",
        "ko": "비정상 종료: {error}.",
    },
    "crash_signal": {
        "en": "crashed: the process was killed by {signal}.",
        "ko": "비정상 종료: 프로세스가 {signal} 신호로 종료되었습니다.",
    },
    "crash_memory": {
        "en": "crashed: the process was killed by {signal} (out of memory?).",
        "ko": "비정상 종료: 프로세스가 {signal} 신호로 종료되었습니다 (메모리 부족?).",
    },
    "crash_cpu": {
        "en": "crashed: the process was killed by {signal} (CPU time limit).",
        "ko": "비정상 종료: 프로세스가 {signal} 신호로 종료되었습니다 (CPU 시간 제한).",
    },
    "crash_status": {
        "en": "crashed: the process exited with status {status} (os._exit or a fatal error).",
        "ko": "비정상 종료: 프로세스가 끝났습니다 (종료 상태 {status}: os._exit 또는 치명적 오류).",
    },
    "return": {
        "en": "{error}",
        "ko": "반환값을 받을 수 없습니다: {error}",
    },
    "protocol": {
        "en": "{error}",
        "ko": "채점 프로세스와의 통신 오류: {error}",
    },
    "too_large": {
        "en": "{error} (the reply was not read).",
        "ko": "반환값이 너무 큽니다: {error} (응답을 읽지 않았습니다).",
    },
    "too_large_bytes": {
        "en": "returned {bytes} bytes, far more than the expected output (at most {cap} accepted): output too large "
              "(the reply was not read).",
        "ko": "반환값이 너무 큽니다: {bytes}바이트를 반환했고, 기댓값보다 훨씬 큽니다 (최대 {cap}바이트 허용; "
              "응답을 읽지 않았습니다).",
    },
    "mutated": {
        "en": "modified its input argument(s) {args}; functions must be pure (copy before writing).",
        "ko": "입력 인자 {args}의 값이 바뀌었습니다. 함수는 입력을 바꾸면 안 됩니다 (복사한 뒤 수정하세요).",
    },
    "text": {"en": "{text}", "ko": "{text}"},
    "error": {"en": "grading error: the output could not be judged ({error})",
              "ko": "채점 오류: 결과를 판정할 수 없습니다 ({error})"},
    "receipt_damaged": {
        "en": "{receipt} is not a dlkata receipt; your files were graded as they are.",
        "ko": "{receipt} 파일은 dlkata 영수증이 아닙니다. 파일은 있는 그대로 채점했습니다.",
    },
    "receipt_missing": {
        "en": "{file}: listed in the receipt of `dlkata submit` but missing; your files were graded as they are.",
        "ko": "{file}: `dlkata submit` 영수증에는 있지만 제출물에 없습니다. 파일은 있는 그대로 채점했습니다.",
    },
    "receipt_changed": {
        "en": "{file}: differs from the receipt (changed after `dlkata submit`); it was graded as it is.",
        "ko": "{file}: 영수증과 다릅니다 (`dlkata submit` 뒤에 바뀜). 있는 그대로 채점했습니다.",
    },
    "receipt_added": {
        "en": "{file}: not in the receipt (added after `dlkata submit`); it was graded as it is.",
        "ko": "{file}: 영수증에 없습니다 (`dlkata submit` 뒤에 추가됨). 있는 그대로 채점했습니다.",
    },
    "notebook_ignored": {
        "en": "{ignored} was not graded: {graded} is the notebook graded for its topic.",
        "ko": "{ignored} 파일은 채점하지 않았습니다. 이 주제에서 채점한 노트북은 {graded} 파일입니다.",
    },  # a report stored as text by an older dlkata
    "submission": {
        "en": "{error}",
        "ko": "제출물을 채점할 수 없습니다: {error}",
    },
    # where a failure comes from (checking.trace): another exercise of the student's
    "source_inside_fails": {
        "en": "{exercise} failed inside your {source}, which fails its own cases — fix {source} first.",
        "ko": "{exercise}: 여러분이 작성한 {source} 안에서 실패했습니다. {source} 자체도 자기 케이스에서 "
              "실패하니 먼저 고치세요.",
    },
    "source_inside_passes": {
        "en": "{exercise} failed inside your {source}, which passes its own cases: look at what {exercise} gives it.",
        "ko": "{exercise}: 여러분이 작성한 {source} 안에서 실패했습니다. {source} 자체는 자기 케이스를 "
              "통과하니 {exercise}에서 넘겨주는 인자를 확인하세요.",
    },
    "source_inside_unchecked": {
        "en": "{exercise} failed inside your {source}: check {source} on its own first.",
        "ko": "{exercise}: 여러분이 작성한 {source} 안에서 실패했습니다. 먼저 {source} 자체를 확인하세요.",
    },
    "source_unfinished": {
        "en": "{exercise} needs your {source}, which is not written yet (it raises NotImplementedError) — "
              "write {source} first.",
        "ko": "{exercise}: 사용하는 함수 {source} 자체가 아직 작성되지 않았습니다 (NotImplementedError). "
              "먼저 {source}부터 작성하세요.",
    },
    "source_uses_fails": {
        "en": "{exercise} uses your {source}, which fails its own cases — fix {source} first.",
        "ko": "{exercise}: 사용하는 함수 {source} 자체가 자기 케이스에서 실패합니다. 먼저 {source}부터 고치세요.",
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
    "result_name": {"en": "output", "ko": "반환값"},
    "hidden_name": {"en": "hidden {n}: {name}", "ko": "숨은 케이스 {n}: {name}"},
    "inputs": {"en": "inputs", "ko": "입력"},
    "hint": {"en": "hint", "ko": "힌트"},
    "output": {"en": "printed", "ko": "print 출력"},
    "passed": {"en": "passed", "ko": "통과"},
    "failed": {"en": "failed", "ko": "실패"},
    "summary": {"en": "{earned}/{total} points, {passed} of {count} exercises passed",
                "ko": "{earned}/{total}점, 연습문제 {count}개 중 {passed}개 통과"},
    "next_step": {"en": "Next: open {files}, replace a `raise NotImplementedError` with your code, and check again.",
                  "ko": "다음 단계: {files} 파일을 열어 `raise NotImplementedError` 자리에 코드를 쓰고 다시 확인하세요."},
    "more_failing": {"en": "(+{n} more failing cases; -v shows all)",
                     "ko": "(실패한 케이스 {n}개 더 있음; -v로 모두 보기)"},
    "more_failing_notebook": {"en": "(+{n} more failing cases not shown)",
                              "ko": "(실패한 케이스 {n}개 더 있음, 생략)"},
    "hidden_passed": {"en": "hidden cases passed", "ko": "숨은 케이스 통과"},
    "notebook_failed": {"en": "{names}: some cases failed (report above)", "ko": "{names}: 실패한 케이스가 있습니다 (위 보고 참고)"},
    "notebook_hidden_failed": {"en": "{names}: some hidden cases failed (report above)",
                               "ko": "{names}: 실패한 숨은 케이스가 있습니다 (위 보고 참고)"},
    "platform_cases": {"en": "{passed} of {count} cases passed.", "ko": "케이스 {count}개 중 {passed}개 통과."},
    "platform_hidden_withheld": {
        "en": "{failed} of {count} hidden cases failed (details are withheld).",
        "ko": "숨은 케이스 {count}개 중 {failed}개가 실패했습니다 (세부 내용은 비공개).",
    },
    "platform_more_cases": {"en": "... and {more} more failing cases.", "ko": "... 실패한 케이스 {more}개 더."},
    "platform_summary": {"en": "dlkata {version}: {earned}/{total} points, {passed} of {count} exercises passed.",
                         "ko": "dlkata {version}: {earned}/{total}점, 연습문제 {count}개 중 {passed}개 통과."},
    "platform_unfinished": {
        "en": "The grader stopped before it finished grading this submission (it was killed or ran out of time). "
              "Please tell your instructor.",
        "ko": "채점기가 이 제출물의 채점을 마치기 전에 멈췄습니다 (강제 종료 또는 시간 초과). 담당 교수자에게 알려 주세요.",
    },
    "platform_failed": {
        "en": "The grader failed on this submission ({error}). Please tell your instructor.",
        "ko": "이 제출물을 채점하다가 채점기가 실패했습니다 ({error}). 담당 교수자에게 알려 주세요.",
    },
    "no_oracle": {
        "en": "the expected output of case '{case}' is not cached here, and TensorFlow, which computes it, "
              "cannot be imported ({error}). Install TensorFlow (pip install tensorflow-cpu) and run again: "
              "the output is computed once and kept in {cache}.",
        "ko": "케이스 '{case}'의 기댓값이 캐시에 없고, 이를 계산할 TensorFlow 패키지를 import할 수 없습니다 ({error}). "
              "TensorFlow 패키지를 설치(pip install tensorflow-cpu)하고 다시 실행하세요. 기댓값은 한 번 계산되어 "
              "{cache} 폴더에 저장됩니다.",
    },
    "reproduce": {
        "en": "reproduce this case: from dlkata.autograder.pytest_plugin import case; "
              "c = case({exercise!r}, {name!r}); {function}(*c.args, **c.kwargs)",
        "ko": "이 케이스 재현: from dlkata.autograder.pytest_plugin import case; "
              "c = case({exercise!r}, {name!r}); {function}(*c.args, **c.kwargs)",
    },
    # words of the tables (dlkata list, the feedback and class pages)
    "word_exercise": {"en": "exercise", "ko": "연습문제"},
    "word_points": {"en": "points", "ko": "점수"},
    "word_exercises_passed": {"en": "exercises passed", "ko": "통과한 연습문제"},
    # dlkata list
    "list_status": {"en": "status", "ko": "상태"},
    "list_stub": {"en": "stub", "ko": "아직 작성 전"},
    "list_written": {"en": "written", "ko": "작성함"},
    "list_unparsable": {"en": "missing/unparsable", "ko": "없음 또는 구문 오류"},
    "list_no_file": {"en": "missing file", "ko": "파일 없음"},
    # feedback pages and Gradescope results (autograder.exports)
    "page_title": {"en": "dlkata feedback", "ko": "dlkata 피드백"},
    "page_topic": {"en": "topic", "ko": "주제"},
    "page_more": {"en": "… {n} more failing cases", "ko": "… 실패한 케이스 {n}개 더 있음"},
    "page_withheld": {"en": "A hidden case failed (details are withheld).",
                      "ko": "숨은 케이스가 실패했습니다 (세부 내용은 비공개)."},
    "page_all_passed": {"en": "{n} cases passed", "ko": "케이스 {n}개 모두 통과"},
    "page_graded": {"en": "Graded by dlkata against TensorFlow.", "ko": "dlkata가 TensorFlow 계산과 비교해 채점했습니다."},
    "page_image": {"en": "left: your output · middle: the expected output · right: |yours − expected| "
                         "(grey: the value, darker is smaller)",
                   "ko": "왼쪽: 여러분의 결과 · 가운데: 기댓값 · 오른쪽: |결과 − 기댓값| (회색의 밝기가 값, 어두울수록 작음)"},
    "page_curves": {"en": "solid line with dots: expected · dashed line with crosses: yours",
                    "ko": "점과 실선: 기댓값 · 가위표와 점선: 여러분의 결과"},
    "page_part": {"en": "shown: the slice {part} of the {shape} arrays", "ko": "표시한 부분: {shape} 배열의 {part} 단면"},
    "page_marks": {"en": "marked:", "ko": "표시:"},
    "page_alt": {"en": "your output beside the expected one", "ko": "여러분의 결과와 기댓값"},
    "page_mark_nan": {"en": "NaN", "ko": "NaN (숫자가 아님)"},
    "page_mark_+inf": {"en": "+inf", "ko": "+inf (양의 무한대)"},
    "page_mark_-inf": {"en": "−inf", "ko": "−inf (음의 무한대)"},
    # dlkata grade
    "grade_skipped": {"en": "skip {student} (already graded, unchanged)", "ko": "{student}: 이미 채점됨, 바뀐 것 없음"},
    "grade_submissions": {"en": "{n} submissions", "ko": "제출물 {n}개"},
    "grade_class": {"en": "class", "ko": "반 전체"},
    "grade_totals": {"en": "total: min {low}, median {median}, max {high} of {max}",
                     "ko": "총점: 최저 {low}, 중앙값 {median}, 최고 {high} (만점 {max})"},
    "grade_done": {"en": "graded {graded}, skipped {skipped}, grading errors {errors} → {out}/index.html, "
                         "{out}/grades.csv, {out}/results/, {out}/feedback/",
                   "ko": "채점 {graded}개, 건너뜀 {skipped}개, 채점 오류 {errors}개 → {out}/index.html, "
                         "{out}/grades.csv, {out}/results/, {out}/feedback/"},
    # the class page (autograder.classpage)
    "class_title": {"en": "dlkata — the class", "ko": "dlkata — 반 전체"},
    "class_summary": {"en": "{n} submissions · mean {mean:.1f} of {max} points · median {median:g}",
                      "ko": "제출물 {n}개 · 평균 {mean:.1f}점 / {max}점 · 중앙값 {median:g}점"},
    "class_distribution": {"en": "Scores", "ko": "점수 분포"},
    "class_bin": {"en": "{lo}–{hi} points: {n} students", "ko": "{lo}–{hi}점: {n}명"},
    "class_rates": {"en": "Pass rate per exercise", "ko": "연습문제별 통과율"},
    "class_diagnoses": {"en": "Mistakes the class made most often", "ko": "반에서 가장 많이 나온 실수"},
    "class_diagnosis": {"en": "diagnosis", "ko": "진단"},
    "class_students_hit": {"en": "students", "ko": "학생 수"},
    "class_where": {"en": "in", "ko": "연습문제"},
    "class_none": {"en": "No diagnosis was made in this run.", "ko": "이번 채점에서 나온 진단이 없습니다."},
    "class_sources": {"en": "Failures that come from an earlier exercise", "ko": "앞 연습문제에서 비롯된 실패"},
    "class_source_row": {"en": "{exercise} failed because of {source}", "ko": "{exercise} 실패의 원인: {source}"},
    "class_students": {"en": "Students", "ko": "학생"},
    "class_student": {"en": "student", "ko": "학생"},
    "class_about": {"en": "about the submission", "ko": "제출물 안내"},
    "class_sort_hint": {"en": "click a column header to sort", "ko": "열 제목을 누르면 정렬됩니다"},
    # generic diagnoses (autograder.diagnose), and the padding one that convolution and pooling share
    "diag_transposed": {
        "en": "The result equals the expected one transposed: check the order of the axes.",
        "ko": "결과가 기댓값의 전치(transpose)와 같습니다. 축의 순서를 확인하세요.",
    },
    "diag_negated": {
        "en": "The result has the opposite sign everywhere: check the sign of the gradient.",
        "ko": "결과의 부호가 모두 반대입니다. 그래디언트의 부호를 확인하세요.",
    },
    "diag_scaled": {
        "en": "The result is the expected one times {factor:.4g}: a missing or extra mean/sum over the batch?",
        "ko": "결과가 기댓값의 {factor:.4g}배입니다. 배치에 대한 평균/합을 빠뜨리거나 더 했나요?",
    },
    "diag_unstable": {
        "en": "Huge inputs give inf/NaN: subtract the maximum before exp, or use a form that cannot overflow.",
        "ko": "아주 큰 입력에서 inf/NaN이 나옵니다. exp 전에 최댓값을 빼거나 오버플로가 없는 식을 쓰세요.",
    },
    "diag_output_size": {
        "en": "The output has {got} positions along the window axes where Keras has {expected}. An axis of n "
              "inputs, a window reaching span = d(k-1)+1 inputs and stride s gives floor((n - span) / s) + 1 "
              "positions with 'valid' padding (the last window must fit) and ceil(n / s) with 'same' or 'causal'; "
              "here (padding='{padding}'): {detail}.",
        "ko": "창(window) 축을 따라 출력 위치가 {got}개인데 Keras는 {expected}개입니다. 입력 n개, 창이 닿는 범위 "
              "span = d(k-1)+1, 스트라이드 s이면 'valid' 패딩은 floor((n - span) / s) + 1개 (마지막 창이 입력 안에 "
              "들어가야 함), 'same'과 'causal'은 ceil(n / s)개입니다. 여기서는 (padding='{padding}'): {detail}.",
    },
    "diag_padding_side": {
        "en": "The result matches 'same' padding with the extra row/column on the wrong side: when the total "
              "padding is odd, TensorFlow puts total // 2 before and the rest after (the extra one at the "
              "bottom/right).",
        "ko": "남는 패딩 행/열을 반대쪽에 둔 'same' 패딩의 결과와 같습니다. 전체 패딩이 홀수이면 TensorFlow는 앞에 "
              "total // 2, 뒤에 나머지를 둡니다 (남는 하나는 아래/오른쪽).",
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


def note_text(note: str, lang: str = "en") -> str:
    """A case's note (written in English by the case generators) in ``lang``.

    The Korean comes from the topics' ``NOTES`` (``registry/<topic>/messages.py``:
    ``{English note: Korean note}``) and ``NOTE_PATTERNS`` (notes made from
    numbers); a note with no entry (one that is only names and values, like
    ``learning_rate=0.01, momentum=0.9``) is shown as it is.
    """
    if not note or lang == "en":
        return note
    import re

    from . import registry

    if note in registry.notes():
        return registry.notes()[note]
    for pattern, korean in registry.note_patterns():
        if re.match(pattern, note):
            return re.sub(pattern, korean, note)
    return note


def pick(texts: dict[str, str], lang: str) -> str:
    """A ``{"en": ..., "ko": ...}`` text in ``lang``, English if missing."""
    return texts.get(lang) or texts.get("en", "")
