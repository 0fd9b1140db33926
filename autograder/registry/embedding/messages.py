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
    "pretrained_matrix": {
        "en": "Start from np.zeros((len(vocabulary), D), dtype); for every index i >= 2 whose word has a vector, copy "
              "vectors[word] into row i. Rows 0 ('') and 1 ('[UNK]') stay zero, and so does a word without a vector.",
        "ko": "np.zeros((len(vocabulary), D), dtype)에서 시작해, 인덱스 i >= 2인 단어에 벡터가 있으면 vectors[word]를 "
              "i번 행에 복사하세요. 0번('')과 1번('[UNK]') 행, 그리고 벡터가 없는 단어의 행은 0으로 둡니다.",
    },
    "nearest_words": {
        "en": "cosine: divide each row by sqrt(max(sum(row**2), 1e-12)) as tf.math.l2_normalize does (a zero row stays "
              "zero), then score = unit row . unit[w]; l2: score = -sqrt(sum((table - table[w])**2, axis=1)). Give rows "
              "0, 1 and w the score -inf, order with a stable sort (np.argsort(-scores, kind='stable')) and take k words.",
        "ko": "cosine: tf.math.l2_normalize처럼 각 행을 sqrt(max(sum(row**2), 1e-12))로 나누고(0인 행은 그대로 0) "
              "점수 = 단위 행 . unit[w]; l2: 점수 = -sqrt(sum((table - table[w])**2, axis=1)). 0번, 1번, w번 행의 점수는 "
              "-inf로 두고 안정 정렬(np.argsort(-scores, kind='stable'))로 정렬해 앞의 k개 단어를 고르세요.",
    },
}

MESSAGES = {
    "diag_embedding_repeated_ids": {
        "en": "Repeated ids keep only one gradient: dtable[ids] += dout does not add up duplicates. Use "
              "np.add.at(dtable, ids, dout) or a loop.",
        "ko": "반복된 id의 그래디언트가 하나만 남았습니다. dtable[ids] += dout 방식으로는 중복이 누적되지 않습니다. "
              "np.add.at(dtable, ids, dout)이나 반복문을 쓰세요.",
    },
    "diag_pretrained_specials": {
        "en": "Rows 0 and 1 must stay zero: index 0 is the padding '' and index 1 is '[UNK]'; they get no pretrained "
              "vector even when the vectors have those keys.",
        "ko": "0번과 1번 행은 0이어야 합니다. 0번은 패딩 '', 1번은 '[UNK]'이며, 벡터에 그 키가 있어도 사전 훈련된 "
              "벡터를 받지 않습니다.",
    },
    "diag_nearest_self": {
        "en": "The answer holds the word {word!r} itself: leave its own row out (every word is nearest to itself).",
        "ko": "답에 단어 {word!r} 자신이 들어 있습니다. 자기 자신의 행은 빼세요 (모든 단어는 자신과 가장 가깝습니다).",
    },
    "diag_nearest_specials": {
        "en": "The answer holds '' or '[UNK]': rows 0 (padding) and 1 (unknown words) are never returned.",
        "ko": "답에 '' 또는 '[UNK]'가 들어 있습니다. 0번(패딩)과 1번(모르는 단어) 행은 반환하지 않습니다.",
    },
    "diag_nearest_metric": {
        "en": "The words are ordered by the other metric ({other}): metric={metric!r} means {meaning} first.",
        "ko": "다른 척도({other})의 순서입니다. metric={metric!r}일 때는 {meaning_ko} 순서입니다.",
    },
    "diag_nearest_direction": {
        "en": "The order is reversed: nearest first is the largest cosine similarity, or the smallest Euclidean "
              "distance, first.",
        "ko": "순서가 반대입니다. 가까운 순서란 코사인 유사도가 큰 것부터, 또는 유클리드(L2) 거리가 작은 것부터입니다.",
    },
    "diag_nearest_zero_rows": {
        "en": "Rows of zeros (words without a vector) made NaN similarities: tf.math.l2_normalize divides by "
              "sqrt(max(sum(x**2), 1e-12)), so a zero row stays zero and its cosine similarity is 0.",
        "ko": "0으로 된 행(벡터가 없는 단어)에서 NaN 유사도가 나왔습니다. tf.math.l2_normalize는 "
              "sqrt(max(sum(x**2), 1e-12))로 나누므로 0인 행은 그대로 0이고 코사인 유사도는 0입니다.",
    },
    "diag_nearest_ties": {
        "en": "The right scores, but equal scores in the wrong order: the lower index comes first (the order of "
              "tf.math.top_k; a stable sort keeps it).",
        "ko": "점수는 맞지만 같은 점수끼리의 순서가 다릅니다. 인덱스가 작은 것이 먼저입니다 (tf.math.top_k의 순서이며, "
              "안정 정렬(stable sort)이 이를 유지합니다).",
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
    "D = 1; the result's dtype is dtype, whatever the vectors' is": "D = 1; 벡터의 dtype과 상관없이 결과는 dtype 인자의 자료형",
    "a (2, D) matrix of zeros": "0으로 채운 (2, D) 행렬",
    "equal and scaled copies of rows tie exactly": "같은 행과 배율만 다른 행은 정확히 동점",
    "equal rows tie; scaled copies do not (the word is the last row)":
        "같은 행은 동점이고 배율만 다른 행은 동점이 아님 (그 단어는 마지막 행)",
    "every row is zero": "모든 행이 0",
    "its row is zero: every cosine similarity is 0, so the k lowest indices win":
        "그 단어의 행이 0: 코사인 유사도가 모두 0이므로 인덱스가 작은 k개가 선택됨",
    "rows 0 and 1 are never returned, however near": "0번과 1번 행은 아무리 가까워도 반환하지 않음",
    "rows 0 and 1 stay zero even when the vectors have those keys": "벡터에 그 키가 있어도 0번과 1번 행은 0",
    "smallest Euclidean distance first": "유클리드 거리가 작은 것부터",
    "some words have no vector, many vectors are for words outside the vocabulary":
        "벡터가 없는 단어가 있고, 어휘 사전에 없는 단어의 벡터가 많음",
    "the lookup is exact: 'Great' is not 'great'": "정확히 같은 단어만 찾음: 'Great'와 'great'는 다른 단어",
    "the shipped word vectors": "함께 제공된 단어 벡터",
    "zero rows (cosine 0) rank above the negative similarities": "0인 행(코사인 0)은 음의 유사도보다 앞",
    "zero rows have cosine 0: after the positive similarities, before the negative ones":
        "0인 행의 코사인은 0: 양의 유사도 뒤, 음의 유사도 앞",
}

#: What each exercise computes, in Korean (the English is the first paragraph of its docstring).
DESCRIPTIONS = {
    "embedding": "id마다 ``table``의 행 하나를 조회합니다. ``table`` 배열을 가중치로 쓴 ``keras.layers.Embedding`` 층과 같습니다.",
    "embedding_mask": "``keras.layers.Embedding(mask_zero=True)`` 층의 마스크: ``ids != 0``인 곳이 True (0은 패딩).",
    "pretrained_matrix": "사전 훈련된 단어 벡터(GloVe, word2vec)로 만든 ``vocabulary`` 어휘 사전의 임베딩 행렬.",
    "nearest_words": "``table``에서 ``word`` 단어의 행과 가장 가까운 행을 가진 단어 ``k``개, 가까운 것부터.",
    "embedding_backward": "table의 그래디언트: ``dtable[v]``는 ``ids[p] == v``인 위치 p의 ``dout[p]``를 모두 더한 값.",
}
