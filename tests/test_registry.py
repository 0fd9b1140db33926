"""The registry's layout: one folder per topic, every message once, every theory file readable."""

import ast
import inspect
import re
import tomllib
from dataclasses import replace

import pytest

from dlkata.autograder import messages, registry, theory
from dlkata.autograder.paths import ROOT

TOPICS = [tp.name for tp in registry.topics()]


def test_every_topic_folder_is_a_listed_package_with_its_files():
    packages = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    folders = sorted(p.name for p in (ROOT / "autograder" / "registry").iterdir() if (p / "__init__.py").exists())
    assert folders == sorted(TOPICS)
    for name in TOPICS:
        assert f"dlkata.autograder.registry.{name}" in packages, name
        for part in ("__init__.py", "cases.py", "oracles.py", "messages.py", "theory.en.md", "theory.ko.md"):
            assert (registry.folder(name) / part).exists(), (name, part)


def test_exercise_ids_are_unique_and_hints_bilingual():
    ids = [ex.id for ex in registry.exercises()]
    assert len(ids) == len(set(ids))
    for ex in registry.exercises():
        assert ex.topic == ex.id.split(".")[0] and ex.points > 0
        assert set(ex.hint) == {"en", "ko"} and all(ex.hint.values()), ex.id


def test_a_message_key_defined_twice_is_refused():
    tp = registry.topic("dense")
    with pytest.raises(ValueError, match="'diag_border' is defined twice"):
        registry.catalogue((replace(tp, messages={"diag_border": {"en": "x", "ko": "y"}}),))
    other = replace(registry.topic("pooling"), messages=dict(tp.messages))
    with pytest.raises(ValueError, match="'diag_kernel_transposed' is defined twice.*'pooling'"):
        registry.catalogue((tp, other))
    with pytest.raises(ValueError, match="needs exactly 'en' and 'ko'"):
        registry.catalogue((replace(tp, messages={"diag_new": {"en": "only English"}}),))


@pytest.mark.parametrize("name", TOPICS)
def test_every_key_a_topic_uses_is_defined_and_every_topic_key_used(name):
    folder = registry.folder(name)
    code = "".join(p.read_text(encoding="utf-8") for p in folder.glob("*.py") if p.name != "messages.py")
    code += "".join(inspect.getsource(ex.diagnose) for ex in registry.topic(name).exercises  # diagnose_checks' too
                    if ex.diagnose is not None)
    used = set(re.findall(r'"(diag_[a-z0-9_]+)"', code))
    known = registry.messages()
    assert used <= set(known), used - set(known)
    assert set(registry.topic(name).messages) <= used, "a message no diagnosis of the topic returns"


def test_t_finds_shared_and_topic_keys_in_both_languages():
    assert messages.t("diag_flipped", "en").startswith("The result matches a flipped kernel")
    assert "교차상관" in messages.t("diag_flipped", "ko")
    assert messages.t("diag_border", "ko").startswith("가장자리만")
    assert messages.t("no_such_key") == "no_such_key"
    for key, texts in registry.messages().items():
        assert set(texts) == {"en", "ko"} and all(texts.values()), key


@pytest.mark.parametrize("name", TOPICS)
def test_theory_files_read_into_the_notebook_parts(name):
    parts = theory.theory(name)
    assert parts["ko"].startswith("## ") and parts["en"].startswith("## ")
    assert any("\uac00" <= ch <= "\ud7a3" for ch in parts["ko"])
    assert set(parts["formulas"]) == {"ko", "en"} and all("$" in f for f in parts["formulas"].values())  # LaTeX
    for code in ("example", "plot"):
        if parts[code] is not None:
            ast.parse("\n".join(ln for ln in parts[code].splitlines() if not ln.startswith("%")))


def test_theory_layout_errors_are_named(tmp_path):
    (tmp_path / "theory.ko.md").write_text("## 이론\n\n<!-- example -->\n```python\nprint(2)\n```\n", encoding="utf-8")
    (tmp_path / "theory.en.md").write_text("## Theory\n\n<!-- example -->\n```python\nprint(1)\n```\n",
                                           encoding="utf-8")
    with pytest.raises(theory.TheoryError, match="'example' is in both theory files"):
        theory.read(tmp_path, "t")
    (tmp_path / "theory.ko.md").write_text("## 이론\n\n<!-- formulas -->\n$$a$$\n", encoding="utf-8")
    (tmp_path / "theory.en.md").write_text("## Theory\n", encoding="utf-8")
    with pytest.raises(theory.TheoryError, match="'formulas' is missing from theory.en.md"):
        theory.read(tmp_path, "t")
    (tmp_path / "theory.en.md").write_text("## Theory\n\n<!-- exmaple -->\n", encoding="utf-8")
    with pytest.raises(theory.TheoryError, match="unknown section 'exmaple'"):
        theory.read(tmp_path, "t")
    (tmp_path / "theory.en.md").write_text("## Theory\n\n<!-- example -->\nprint(1)\n", encoding="utf-8")
    with pytest.raises(theory.TheoryError, match="one fenced ```python block"):
        theory.read(tmp_path, "t")
    (tmp_path / "theory.en.md").write_text("## Theory\n\n<!-- formulas -->\n$$b$$\n\n<!-- example -->\n"
                                           "```python\nprint(1)\n```\n", encoding="utf-8")
    parts = theory.read(tmp_path, "t")
    assert parts == {"ko": "## 이론\n", "en": "## Theory\n", "formulas": {"ko": "$$a$$\n", "en": "$$b$$\n"},
                     "example": "print(1)\n", "plot": None}
    (tmp_path / "theory.ko.md").unlink()
    with pytest.raises(theory.TheoryError, match="no theory.ko.md"):
        theory.read(tmp_path, "t")
