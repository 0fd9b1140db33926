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
        "ko": "(vocab_size, dim) 영행렬에서 시작해 각 위치의 dout을 그 id의 행에 더하세요. 반복된 id는 누적되어야 합니다 "
              "(dtable[ids] += dout은 누적하지 않습니다. np.add.at이나 반복문을 쓰세요).",
    },
}

MESSAGES = {
    "diag_embedding_repeated_ids": {
        "en": "Repeated ids keep only one gradient: dtable[ids] += dout does not add up duplicates. Use "
              "np.add.at(dtable, ids, dout) or a loop.",
        "ko": "반복된 id의 그래디언트가 하나만 남았습니다. dtable[ids] += dout은 중복을 누적하지 않습니다. "
              "np.add.at(dtable, ids, dout)이나 반복문을 쓰세요.",
    },
}
