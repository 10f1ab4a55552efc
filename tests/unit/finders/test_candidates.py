"""Candidate phrases a name may be chosen from."""

from extractor.finders.candidates import candidate_spans

TEXT = "التقى خليفة حفتر في بنغازي. وقال حفتر إن صدام حفتر سيزور أنقرة، وأكد إبراهيم قالن ذلك."


def test_candidates_are_article_phrases_without_stopword_edges():
    cands = candidate_spans(TEXT)
    assert "خليفة حفتر" in cands and "إبراهيم قالن" in cands
    assert all(c in TEXT for c in cands)
    assert not any(c.startswith("في ") or c.endswith(" في") for c in cands)
    assert not any("." in c or "،" in c for c in cands)
