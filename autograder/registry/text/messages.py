"""The text topic's feedback: ``HINTS`` per exercise and the ``MESSAGES`` of its diagnoses."""

from __future__ import annotations

HINTS = {
    "standardize": {
        "en": "tf.strings.lower changes only A-Z (not 'É' or 'Ä'); then delete every character of string.punctuation, "
              "the apostrophe included.",
        "ko": "tf.strings.lower는 A-Z만 소문자로 바꿉니다('É', 'Ä'는 그대로). 그다음 string.punctuation의 모든 문자를 "
              "(아포스트로피 포함) 지우세요.",
    },
    "tokenize": {
        "en": "standardize first, then split on runs of ASCII whitespace (space \\t \\n \\v \\f \\r) only; "
              "str.split() would also split on Unicode spaces.",
        "ko": "먼저 standardize하고, ASCII 공백(space \\t \\n \\v \\f \\r)으로만 토큰화(split)하세요. "
              "str.split()은 유니코드 공백에서도 나눕니다.",
    },
    "ngrams": {
        "en": "An int n means sizes 1..n; a tuple means exactly those sizes in that order. For each size, slide a window "
              "left to right and join with ' '.",
        "ko": "정수 n은 크기 1..n, 튜플은 그 크기들만 그 순서대로입니다. 크기마다 왼쪽부터 창을 밀며 ' '로 이어 붙이세요 (N-gram).",
    },
    "build_vocabulary": {
        "en": "Count every token (n-grams included), sort by count descending and break ties by the token descending; "
              "'' and '[UNK]' come first and count toward max_tokens.",
        "ko": "모든 토큰(N-gram 포함)의 빈도를 세어 내림차순으로 정렬하고, 같은 빈도는 토큰의 내림차순으로 정하세요. "
              "''와 '[UNK]'가 맨 앞이며 max_tokens에 포함됩니다.",
    },
    "vectorize": {
        "en": "int: index per token (0 pads, 1 is [UNK]). multi_hot/count/tf_idf have no padding column: column 0 is "
              "[UNK] and vocabulary[j] is column j-1. tf_idf = count * idf; the [UNK] idf is the mean of the others.",
        "ko": "int: 토큰마다 인덱스 (0은 패딩, 1은 [UNK]). multi_hot/count/tf_idf에는 패딩 열이 없어 0열이 [UNK], "
              "vocabulary[j]는 j-1열입니다. tf_idf = 빈도 * idf이고 [UNK]의 idf는 나머지의 평균입니다.",
    },
    "pad_sequences": {
        "en": "'pre' truncation keeps the LAST maxlen items; 'pre' padding puts the fill before the sequence. "
              "The result is int32.",
        "ko": "'pre' 자르기는 마지막 maxlen개를 남기고, 'pre' 패딩은 채움값을 앞에 둡니다. 결과는 int32입니다.",
    },
    "hash_tokens": {
        "en": "SipHash-2-4 on the UTF-8 bytes with key (k0, k1) = salt, then mod num_bins. Use Python ints masked "
              "with 2**64 - 1 for the 64-bit additions and rotations.",
        "ko": "salt를 키 (k0, k1)로 하여 UTF-8 바이트에 SipHash-2-4를 계산하고 num_bins로 나눈 나머지를 구하세요. "
              "64비트 덧셈과 회전은 2**64 - 1로 마스크한 파이썬 정수로 하세요.",
    },
}

MESSAGES = {
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
}
