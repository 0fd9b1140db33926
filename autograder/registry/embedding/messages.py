"""The embedding topic's feedback: ``HINTS`` per exercise and the ``MESSAGES`` of its diagnoses."""

from __future__ import annotations

HINTS = {
    "embedding": {
        "en": "The lookup is table[ids]: NumPy's integer indexing gives shape ids.shape + (dim,) and keeps table's dtype.",
        "ko": "임베딩 조회는 table[ids]입니다. 정수 인덱싱으로 ids.shape + (dim,) 형상이 되고 table의 dtype이 유지됩니다.",
    },
    "embedding_mask": {
        "en": "mask_zero=True marks padding: True where ids != 0, as a bool array of ids' shape.",
        "ko": "mask_zero=True는 패딩을 표시합니다. ids != 0인 곳이 True인 bool 배열(ids와 같은 형상)입니다.",
    },
    "embedding_backward": {
        "en": "Start from zeros (vocab_size, dim) and add each position's dout to the row of its id; repeated ids must "
              "add up (dtable[ids] += dout does not; use np.add.at or a loop).",
        "ko": "(vocab_size, dim) 영행렬에서 시작해 각 위치의 dout 값을 그 id의 행에 더하세요. 반복된 id는 누적되어야 합니다 "
              "(dtable[ids] += dout 방식으로는 누적되지 않습니다. np.add.at이나 반복문을 쓰세요).",
    },
}

MESSAGES = {
    "diag_embedding_repeated_ids": {
        "en": "Repeated ids keep only one gradient: dtable[ids] += dout does not add up duplicates. Use "
              "np.add.at(dtable, ids, dout) or a loop.",
        "ko": "반복된 id의 그래디언트가 하나만 남았습니다. dtable[ids] += dout 방식으로는 중복이 누적되지 않습니다. "
              "np.add.at(dtable, ids, dout)이나 반복문을 쓰세요.",
    },
}

#: The Korean of the cases' notes (the case generators write them in English).
NOTES = {
    "a tiny vocabulary: every id occurs many times": "아주 작은 어휘 사전: 모든 id 값이 여러 번 나옴",
    "sequences of length 1": "길이 1인 시퀀스",
    "a flat list of ids": "1차원 id 리스트",
    "ids of any rank": "차원 수가 제각각인 ids",
    "0 is still looked up (row 0 of the table)": "0도 조회합니다 (table의 0번 행)",
    "no ids at all": "id 없음 (빈 입력)",
    "rows of ids that never occur are zero": "한 번도 나오지 않는 id의 행은 0",
}

#: What each exercise computes, in Korean (the English is the first paragraph of its docstring).
DESCRIPTIONS = {
    "embedding": "id마다 ``table``의 행 하나를 조회합니다. ``table`` 배열을 가중치로 쓴 ``keras.layers.Embedding`` 층과 같습니다.",
    "embedding_mask": "``keras.layers.Embedding(mask_zero=True)`` 층의 마스크: ``ids != 0``인 곳이 True (0은 패딩).",
    "embedding_backward": "table의 그래디언트: ``dtable[v]``는 ``ids[p] == v``인 위치 p의 ``dout[p]``를 모두 더한 값.",
}
