"""The course's Korean terms: one Korean word per concept, everywhere a student or instructor reads.

Every Korean text of the project (messages, hints, case notes, exercise
descriptions, theory files, notebook cells, feedback and class pages, the
terminal) uses the term of this table and none of its variants;
``tests/test_korean.py`` reads the table and checks them all. Where the course
notes name a concept, their term is the one kept (합성곱, 패딩, 스트라이드,
그래디언트, 이동 상태 ...).

Korean particles depend on the last sound of the word before them, which a
program cannot know for code (`dlkata check activations`, ``{exercise}``):
texts put no 은/는, 이/가, 을/를, 과/와, (으)로 right after a code span, a
placeholder or a Latin word (:data:`PARTICLE_AFTER_CODE` finds one); they
rephrase ("`dlkata check activations` 명령과", "{exercise}: ... 실패했습니다").
"""

from __future__ import annotations

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
    Term("padding", "패딩", ("패드 ",)),
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


#: A particle whose form depends on the sound before it, right after a code span, a placeholder or a
#: Latin letter or digit: what a Korean text must not contain ("`dlkata check activations`과").
PARTICLE_AFTER_CODE = r"(?:[`}A-Za-z0-9)\]'])(?:은|는|이|가|을|를|과|와|으로|로)(?=[\s.,:;!?)]|$)"
