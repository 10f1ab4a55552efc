"""The prompt layout: what an engine can reuse between questions and between articles."""

import pytest

from extractor.llm.prompts import OPENING_MARK, messages, opening

ARTICLE = "وقّعت الحكومة والحركة اتفاق سلام في الدوحة يوم الأحد."


def _text(msgs: list[dict]) -> str:
    return "\n".join(m["content"] for m in msgs)


@pytest.mark.parametrize("template", ["actors", "people", "groups"])
def test_every_article_question_starts_with_the_opening_and_the_article(template):
    shared = _text(opening())
    shared = shared[: shared.index(OPENING_MARK)]
    asked = _text(messages(template, article=ARTICLE, min_items=2, max_items=14))
    # the same opening (computed once per process) and then the article: a second question on
    # the same article reuses all of it from the cache, and only its own question is read
    assert asked.startswith(shared + ARTICLE)
    assert "Answer with JSON only" in asked[len(shared + ARTICLE) :]


def test_agreements_question_reads_sentences_not_the_article():
    msgs = messages("agreements", actors=["الحكومة"], dates=[], sentences=[ARTICLE], max_items=4)
    assert msgs[0]["role"] == "system" and "[1] " + ARTICLE in msgs[1]["content"]
