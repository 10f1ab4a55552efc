"""Titles read from the role phrase next to a person's mention (sentences written for these tests)."""

from extractor.contract import Span
from extractor.finders.titles import find_title, starts_with_role
from extractor.text.arabic import find_all


def title_of(text, name):
    spans = [Span(text=text[s:e], start=s, end=e) for s, e in find_all(text, name)]
    return find_title(text, spans)


def test_title_before_the_name():
    assert title_of("وقال الرئيس التركي رجب طيب أردوغان إن", "رجب طيب أردوغان") == "الرئيس التركي"


def test_title_after_the_name():
    text = "واجتمع مع خليفة حفتر، القائد العام للقوات المسلحة الليبية الشرقية."
    assert title_of(text, "خليفة حفتر") == "القائد العام للقوات المسلحة الليبية الشرقية"


def test_honorific_between_role_and_name_is_left_out():
    text = "أكد المتحدث باسم الجيش الوطني الليبي اللواء أحمد المسماري أن"
    assert title_of(text, "أحمد المسماري") == "المتحدث باسم الجيش الوطني الليبي"


def test_conjoined_role_starts_a_new_title():
    text = "اتصال بين الرئيس الأمريكي دونالد ترامب وولي عهد أبوظبي محمد بن زايد بحثا"
    assert title_of(text, "محمد بن زايد") == "ولي عهد أبوظبي"


def test_quoted_name_and_no_title():
    assert title_of('كشف وزير الخارجية الأمريكي "جون كيري" أنه', "جون كيري") == "وزير الخارجية الأمريكي"
    assert title_of("وصل فايز السراج إلى إسطنبول", "فايز السراج") is None


def test_role_phrases_are_not_names():
    assert starts_with_role("رئيس الاستخبارات التركية")
    assert not starts_with_role("حكومة الوفاق الوطني")
