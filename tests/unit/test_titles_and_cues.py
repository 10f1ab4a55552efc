from extractor.arabic import find_all, normalize
from extractor.contract import Span
from extractor.cues import agreement_sentences
from extractor.resolver import ActorCandidate, drop_fragments
from extractor.segments import sentences
from extractor.titles import find_title, starts_with_role


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


def test_fragment_that_never_stands_alone_is_dropped():
    text = "زار بنغازي واجتمع مع القائد العام للقوات المسلحة الليبية الشرقية. ثم عاد."
    long_ = ActorCandidate("للقوات المسلحة الليبية الشرقية", "armed_group", None, 0, 0)
    frag = ActorCandidate("المسلحة الليبية الشرقية", "state", None, 0, 0)
    kept = drop_fragments(text, [long_, frag], normalize(text))
    assert [a.name for a in kept] == [long_.name]


def test_name_that_also_stands_alone_is_kept():
    text = "بعثة الأمم المتحدة للدعم في ليبيا رحبت، كما رحبت الأمم المتحدة."
    a = ActorCandidate("بعثة الأمم المتحدة للدعم في ليبيا", "international_organization", None, 0, 0)
    b = ActorCandidate("الأمم المتحدة", "international_organization", None, 0, 0)
    assert len(drop_fragments(text, [a, b], normalize(text))) == 2


def test_agreement_cues():
    text = ("وقعت أرمينيا وأذربيجان اتفاقاً برعاية روسيا. وسيطرت القوات على المدينة. "
            "وأعلنت الأمم المتحدة هدنة لمدة شهرين. وتوصل الطرفان إلى مذكرة تفاهم.")
    found = [s.text for s in agreement_sentences(sentences(text))]
    assert found == ["وقعت أرمينيا وأذربيجان اتفاقاً برعاية روسيا.", "وأعلنت الأمم المتحدة هدنة لمدة شهرين.",
                     "وتوصل الطرفان إلى مذكرة تفاهم."]
    assert agreement_sentences(sentences("أعلنت اللجنة النتائج الأولية للانتخابات الرئاسية.")) == []


def test_a_repeated_headline_is_offered_once_and_mere_mentions_are_not_agreements():
    text = "اتفاق بين الطرفين\nاتفاق بين الطرفين\nوتوصل الطرفان إلى اتفاق لتبادل الأسرى."
    assert [s.text for s in agreement_sentences(sentences(text))] == [
        "اتفاق بين الطرفين", "وتوصل الطرفان إلى اتفاق لتبادل الأسرى."]
    # a meeting held to calm tensions mentions de-escalation but states no agreement
    assert agreement_sentences(sentences("التقى الوزير قائد القوات في اجتماع عقد لتهدئة التوترات.")) == []
