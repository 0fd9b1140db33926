"""The course's Korean terms: one Korean word per concept, everywhere a student or instructor reads.

Every Korean text of the project (messages, hints, case notes, exercise
descriptions, theory files, notebook cells, feedback and class pages, the
terminal) uses the term of this table and none of its variants;
``tests/test_korean.py`` reads the table and checks them all. Where the course
notes name a concept, their term is the one kept (합성곱, 패딩, 스트라이드,
그래디언트, 이동 상태 ...).

Korean particles (은/는, 이/가, 을/를, 과/와, 으로/로) take their form from the
last sound of the word before them. After a placeholder (``{exercise}``) that
sound is unknown, so texts rephrase ("{exercise}: ... 실패했습니다",
"`dlkata check activations` 명령과"); after Latin letters and digits the sound
is how a Korean reader says them (x 엑스, l 엘, 3 삼; ``dtype`` 디타입), and
:func:`particle_problems` finds a particle of the wrong form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    """``english``: the concept; ``korean``: the one word used; ``avoid``: variants that must not appear."""

    english: str
    korean: str
    avoid: tuple[str, ...] = ()


TERMS: tuple[Term, ...] = (
    Term("cross-correlation", "교차상관", ("상호상관", "상호 상관", "교차 상관")),
    Term("hidden case", "숨은 케이스", ("숨겨진", "히든 케이스", "비공개 케이스")),
    Term("printed output (what print writes)", "print 출력", ("표준 출력", "출력됨:")),
    Term("expected value", "기댓값", ("기대값", "기대치")),
    Term("shape (of an array)", "형상", ("모양",)),
    Term("gradient", "그래디언트", ("기울기", "그라디언트", "그레이디언트")),
    Term("activation function", "활성화 함수", ("활성함수", "활성화함수")),
    Term("loss function", "손실 함수", ("손실함수",)),
    Term("bias (of a layer)", "편향", ("바이어스",)),
    Term("convolution", "합성곱", ("컨볼루션", "컨벌루션", "콘볼루션")),
    Term("pooling", "풀링", ("폴링",)),
    Term("padding", "패딩", ("패드를",)),
    Term("stride", "스트라이드", ("보폭",)),
    Term("dilation rate", "팽창률", ("확장률", "딜레이션")),
    Term("epoch", "에포크", ("에폭", "에팍")),
    Term("learning rate", "학습률", ("러닝 레이트", "학습 속도")),
    Term("optimizer", "옵티마이저", ("최적화기", "최적화 알고리즘")),
    Term("weights", "가중치", ("웨이트",)),
    Term("hidden state (of an RNN)", "은닉 상태", ("숨은 상태", "히든 상태", "숨겨진 상태")),
    Term("carry (LSTM)", "이동 상태", ("이동상태", "셀 상태")),
    Term("timestep", "타임스텝", ("시간 단계", "타임 스텝")),
    Term("backpropagation", "역전파", ("오차 역전파",)),
    Term("forward pass", "순전파", ("정전파",)),
    Term("tolerance", "허용오차", ("허용 오차", "허용치")),
    Term("exercise", "연습문제", ("연습 문제",)),
    Term("frozen (non-trainable) layer", "동결", ("얼린", "고정된 층")),
    Term("logits", "로짓", ("로지트",)),
    Term("vocabulary", "어휘 사전", ("단어장", "어휘집")),
    Term("token", "토큰", ()),
    Term("embedding", "임베딩", ("임베딩층",)),
    Term("transpose", "전치", ("트랜스포즈",)),
    Term("points", "점", ("포인트",)),
)


def forbidden() -> dict[str, str]:
    """``{variant: the term to use instead}`` for every variant of :data:`TERMS`."""
    return {v: term.korean for term in TERMS for v in term.avoid}


_PARTICLES = {"은": True, "이": True, "을": True, "과": True, "으로": True,
              "는": False, "가": False, "를": False, "와": False, "로": False}  # True: wants a final consonant
#: Latin letters and digits read with a final consonant (l 엘, m 엠, n 엔, r 알; 0 영, 1 일, 3 삼, 6 육, 7 칠, 8 팔),
#: and those whose final consonant is ㄹ (which takes 로, not 으로).
_FINAL, _RIEUL = set("lmnr0136789"), set("lr178")
#: How a Korean reader says the end of some code words (``dtype`` 디타입, ``padding`` 패딩, ``layer`` 레이어), by
#: suffix: ``{suffix: (final consonant?, ㄹ?)}``. Anything else is read by its last letter or digit.
READINGS = {"dtype": (True, False), "clip": (True, False), "step": (True, False), "ing": (True, False),
            "vocab": (True, False), "int": (False, False), "float": (False, False), "none": (True, False),
            "dout": (True, False), "same": (True, False), "table": (True, True), "prop": (True, False),
            "split": (True, False), "er": (False, False), "or": (False, False), "ear": (False, False),
            "hot": (True, False)}
_PARTICLE = re.compile(r"(?P<before>[^\s가-힣]+)(?P<p>으로|은|는|이|가|을|를|과|와|로)(?=[\s.,:;!?)\]]|$)")


def _reading(word: str) -> tuple[bool, bool] | None:
    """(ends in a consonant, that consonant is ㄹ) of a Hangul word, a code word or a number; None if unknown."""
    if not word:
        return None
    last = word[-1]
    if "가" <= last <= "힣":
        final = (ord(last) - 0xAC00) % 28
        return final != 0, final == 8
    key = re.findall(r"[A-Za-z0-9]+", word)
    if not key:
        return None
    key = key[-1].lower()
    for suffix in sorted(READINGS, key=len, reverse=True):
        if key.endswith(suffix):
            return READINGS[suffix]
    c = key[-1]
    return c in _FINAL, c in _RIEUL


def _opening(text: str, closing: int) -> int:
    """The index of the ``(`` that the ``)`` at ``closing`` closes (-1 if none)."""
    depth = 0
    for i in range(closing, -1, -1):
        depth += {")": 1, "(": -1}.get(text[i], 0)
        if depth == 0:
            return i
    return -1


def particle_problems(text: str) -> list[str]:
    """The particles of ``text`` whose form does not fit the word before them, or that follow a placeholder."""
    found = []
    for m in _PARTICLE.finditer(text):
        before, p = m.group("before"), m.group("p")
        if before.endswith("}"):
            found.append(f"{before}{p}: a particle after a placeholder (rephrase)")
            continue
        word = before
        if before.endswith(")"):  # the word before a parenthesis carries the particle: 형상(shape)이, str.lower()는
            closing = m.start() + len(before) - 1
            opening = _opening(text, closing)
            inside = text[opening + 1:closing]
            ahead = text[:max(opening, 0)].rstrip("*`'\"")
            # a gloss (형상(shape)이, momentum(1차 모멘트)과) leaves the particle to the word before it;
            # a call (sum(p)로) and a bracketed value ((batch, units)을) end with what is inside
            glossed = opening > 0 and not text[opening - 1].isspace() and ahead and \
                ("가" <= ahead[-1] <= "힣" or re.search("[가-힣]", inside))
            word = re.findall(r"[가-힣A-Za-z0-9_]*$", ahead)[0] if glossed else inside
        word = word.strip("`'\")]\"*")
        reading = _reading(word)
        if reading is None:
            continue
        final, rieul = reading
        wants = _PARTICLES[p]
        ok = (final and not rieul) if p == "으로" else (not final or rieul) if p == "로" else final == wants
        if not ok:
            found.append(f"{before}{p}")
    return found
