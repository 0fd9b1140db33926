"""Korean everywhere a student or instructor reads: one term per concept (the glossary), particles that
fit the word before them, and Markdown that renders (no literal ``**``) in the notebooks."""

from __future__ import annotations

import re

import pytest

from dlkata.autograder import glossary, messages, notebooks, registry, theory
from dlkata.autograder.report import report


def korean_texts() -> dict[str, str]:
    """Every Korean text of the project, by where it comes from."""
    found = {f"messages.{k}": v["ko"] for k, v in registry.messages().items()}
    for tp in registry.topics():
        found[f"{tp.name} title"] = tp.title["ko"]
        found.update({f"{ex.id} hint": ex.hint["ko"] for ex in tp.exercises})
        found.update({f"{tp.name} description {k}": v for k, v in registry.descriptions(tp.name).items()})
        th = theory.theory(tp.name)
        found[f"{tp.name}/theory.ko.md"] = th["ko"] + th["formulas"]["ko"]
    found.update({f"note {en!r}": ko for en, ko in registry.notes().items()})
    found.update({f"note pattern {p!r}": ko for p, ko in registry.note_patterns()})
    found.update({f"notebooks.{k}": v["ko"] for k, v in notebooks.TEXT.items()})
    return found


TEXTS = korean_texts()


def test_the_glossary_is_one_term_per_concept():
    koreans = [t.korean for t in glossary.TERMS]
    assert len(koreans) == len(set(koreans))
    assert not set(koreans) & set(glossary.forbidden())


@pytest.mark.parametrize("where", sorted(TEXTS))
def test_korean_text_uses_the_glossary_terms_and_fitting_particles(where):
    text = TEXTS[where]
    wrong = {v: term for v, term in glossary.forbidden().items() if v in text}
    assert not wrong, f"{where}: use {wrong} ({text!r})"
    assert not glossary.particle_problems(text), f"{where}: {glossary.particle_problems(text)} in {text!r}"


def test_the_particle_check_catches_the_mistakes_it_is_for():
    assert glossary.particle_problems("`dlkata check activations`과 같은")
    assert glossary.particle_problems("{got}은 모든 가중치")
    assert glossary.particle_problems("x[:, None]와 kernel[None]로")
    assert not glossary.particle_problems("`dlkata check activations`와 같은 형상(shape)이 dtype이 x가 커널을 l로 3으로")


@pytest.mark.parametrize("lang", ["ko", "both"])
@pytest.mark.parametrize("name", [tp.name for tp in registry.topics()])
def test_notebook_markdown_renders_in_nbconvert_and_commonmark(name, lang):
    from markdown_it import MarkdownIt
    from nbconvert.filters.markdown import markdown2html_mistune

    nb = notebooks.build(registry.topic(name), lang)
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for html in (MarkdownIt("commonmark").render(cell.source), markdown2html_mistune(cell.source)):
            text = re.sub(r"<code>.*?</code>|<pre>.*?</pre>|\$\$.*?\$\$|\$[^$]*\$", "", html, flags=re.S)
            assert "**" not in text, f"{name} ({lang}): literal ** in {cell.source[:200]!r}"
        if lang == "ko":
            assert "Formulas" not in cell.source and "Worked example" not in cell.source
    if lang == "ko":
        descriptions = [c.source for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id", "")
                        .startswith("describe-") and "###" in c.source]
        assert descriptions and all(re.search("[가-힣]", d.split("\n\n", 1)[-1]) for d in descriptions)


def test_a_korean_report_has_no_english_frame():
    from dlkata.autograder.checking import CaseResult

    cr = CaseResult("hidden 2: float32 huge", False, "values",
                    {"where": "output", "index": [0, 1], "got": 1.0, "expected": 2.0, "max_abs": 1.0, "max_rel": 0.5,
                     "rtol": 1e-6, "count": 3, "size": 9}, exercise="activations.relu", hint="activations.relu",
                    shapes="float32[3, 3]", note="huge positive and negative inputs", output="hi\n")
    ko = report(cr, lang="ko")
    assert ko.startswith("케이스 '숨은 케이스 2: float32 huge' (아주 큰 양수와 음수 입력) — 입력: float32[3, 3]")
    assert "반환값: 가장 큰 오차는 인덱스 (0, 1)" in ko and "print 출력: hi" in ko
    assert messages.t("output", "ko") == "print 출력"


def test_every_case_note_and_every_exercise_reads_in_korean():
    from dlkata.autograder.cases import rng_for

    neutral = re.compile(r"^\w+=[^,]+(, \w+=[^,]+)*$")  # only names and values: "learning_rate=0.01, momentum=0.9"
    missing = set()
    for ex in registry.exercises():
        for seed, salt in ((0, ""), (1, "hidden"), (2, "validate")):
            for case in ex.cases(rng_for(seed, ex.id, salt)):
                if case.note and messages.note_text(case.note, "ko") == case.note and not neutral.match(case.note):
                    missing.add(f"{ex.id}: {case.note!r}")
    assert not missing, "notes without Korean (registry/<topic>/messages.py NOTES):\n" + "\n".join(sorted(missing))
    for tp in registry.topics():
        assert {e.name for e in tp.exercises} <= set(registry.descriptions(tp.name)), tp.name
