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
    "diag_text_empty_tokens": {
        "en": "Empty tokens ('') in the result: Keras splits on runs of ASCII whitespace and drops what is empty, so "
              "two spaces in a row give no '' token and an empty or all-space text gives [] (split(\" \") keeps "
              "the empty strings).",
        "ko": "결과에 빈 토큰('')이 있습니다. Keras는 연속된 ASCII 공백을 하나의 구분자로 나누고 빈 문자열은 버립니다. "
              "그래서 공백 두 개 사이에 '' 토큰이 생기지 않고, 빈 텍스트나 공백뿐인 텍스트는 []가 됩니다 "
              "(split(\" \")은 빈 문자열을 남깁니다).",
    },
    "diag_text_vocab_order": {
        "en": "The right tokens in the wrong order: sort by count, most frequent first, and break ties by the "
              "token in DESCENDING order ('b' before 'a'), as Keras' adapt() does.",
        "ko": "토큰은 맞지만 순서가 다릅니다. 빈도 내림차순으로 정렬하고, 빈도가 같으면 토큰의 내림차순('b'가 "
              "'a'보다 먼저)으로 정하세요. Keras의 adapt()와 같습니다.",
    },
    "diag_text_vocab_specials": {
        "en": "The vocabulary must start with '' (index 0, padding) and '[UNK]' (index 1, unknown tokens).",
        "ko": "어휘 사전은 빈 문자열 ''(인덱스 0, 패딩)과 '[UNK]' 토큰(인덱스 1, 모르는 토큰)으로 시작해야 합니다.",
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

#: The Korean of the cases' notes (the case generators write them in English).
NOTES = {
    "an empty text": "빈 텍스트",
    "every punctuation mark": "모든 구두점",
    "the apostrophe and the hyphen are punctuation too": "아포스트로피와 하이픈도 구두점",
    "tf.strings.lower changes A-Z only": "tf.strings.lower 함수는 A-Z만 바꿈",
    "Korean text with punctuation": "구두점이 있는 한국어 텍스트",
    "no-break and ideographic spaces are not ASCII whitespace": "줄바꿈 없는 공백과 전각 공백은 ASCII 공백이 아님",
    "leading, trailing and repeated whitespace": "앞뒤 공백과 반복된 공백",
    "all sizes 1..1": "크기 1..1 모두",
    "all sizes 1..2": "크기 1..2 모두",
    "all sizes 1..3": "크기 1..3 모두",
    "a tuple gives exactly those sizes, in that order": "튜플은 딱 그 크기들만, 그 순서대로",
    "bigrams only": "바이그램만",
    "no padding: sizes 3 and 4 give nothing": "패딩 없음: 크기 3과 4에서는 결과 없음",
    "equal n-grams are all kept": "같은 N-gram도 모두 남김",
    "no tokens, no n-grams": "토큰이 없으면 N-gram도 없음",
    "ties are broken by the token, descending": "빈도가 같으면 토큰의 내림차순",
    "max_tokens counts '' and '[UNK]' and is smaller than the vocabulary":
        "max_tokens 값에는 ''와 '[UNK]'도 포함되고, 어휘 사전보다 작음",
    "counts and ties": "빈도와 동률",
    "Korean and accented words": "한국어와 악센트가 있는 단어",
    "no tokens at all": "토큰이 하나도 없음",
    "the vocabulary comes from other texts: unknown words are [UNK]": "다른 텍스트로 만든 어휘 사전: 모르는 단어는 [UNK]",
    "truncated at the end": "끝을 잘라냄",
    "padded with 0 at the end": "끝을 0으로 채움",
    "given weights; the [UNK] column weighs their mean": "가중치가 주어짐; [UNK] 열의 가중치는 그 평균",
    "idf = log(1 + N / (1 + df)), as adapt() computes it": "idf = log(1 + N / (1 + df)), adapt() 계산과 같음",
    "1 however often the token occurs": "토큰이 몇 번 나오든 1",
    "no tokens: shape (2, 0)": "토큰 없음: 형상 (2, 0)",
    "maxlen None: the longest sequence": "maxlen=None: 가장 긴 시퀀스의 길이",
    "cast to int32 by truncation toward zero, as Keras does": "Keras처럼 0 쪽으로 버림하여 int32로 변환",
    "few bins: different tokens share a bucket; repeated tokens always agree":
        "버킷 수가 적음: 다른 토큰이 같은 버킷을 쓰고, 같은 토큰은 늘 같은 버킷",
    "the empty string and the 8-byte block boundaries": "빈 문자열과 8바이트 블록 경계",
    "the UTF-8 bytes are hashed": "UTF-8 바이트를 해시함",
    "an int s means the key (s, s)": "정수 s는 키 (s, s)를 뜻함",
    "no tokens: shape (0,)": "토큰 없음: 형상 (0,)",
    'A and Z, both ends of the range': '범위의 양 끝인 A와 Z',
    'no texts: shape (0, 0)': '텍스트 없음: 형상 (0, 0)',
    'the empty string, the 8-byte block boundaries, and a token longer than 255 bytes (the length byte keeps len % 256)': '빈 문자열, 8바이트 블록 경계, 그리고 255바이트보다 긴 토큰 (길이 바이트에는 len % 256이 들어감)',
}

#: What each exercise computes, in Korean (the English is the first paragraph of its docstring).
DESCRIPTIONS = {
    "standardize": "ASCII 대문자를 소문자로 바꾸고 구두점을 지웁니다. TextVectorization의 기본 standardize와 같습니다.",
    "tokenize": "텍스트 하나에서 ``TextVectorization`` 층이 만드는 토큰: ``standardize`` 다음 공백으로 나누기.",
    "ngrams": '``tokens``의 N-gram을 ``" "``로 이어 붙인 것, TextVectorization과 같은 순서.',
    "build_vocabulary": "``TextVectorization(max_tokens, ngrams=ngrams).adapt(texts)``로 학습되는 어휘 사전.",
    "vectorize": "``texts``에 ``TextVectorization(vocabulary=..., output_mode=...)`` 층을 적용한 결과.",
    "pad_sequences": "정수 시퀀스를 한 길이로 채우거나 자릅니다. ``keras.utils.pad_sequences`` 함수(dtype int32)와 같습니다.",
    "hash_tokens": "각 토큰의 버킷: ``SipHash-2-4(key=salt, utf-8 bytes) mod num_bins``.",
}
