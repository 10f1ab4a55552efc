from extractor.text.arabic import find_all, normalize
from extractor.contract import Span
from extractor.finders.cues import agreement_sentences
from extractor.resolver import ActorCandidate, drop_fragments
from extractor.text.segments import sentences
from extractor.finders.titles import find_title, starts_with_role


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


def _stating(text: str) -> list[str]:
    return [s.text for s in agreement_sentences(text, sentences(text))]


def test_agreement_cues():
    text = ("وقعت أرمينيا وأذربيجان اتفاقاً برعاية روسيا. وسيطرت القوات على المدينة. "
            "وأعلنت الأمم المتحدة هدنة لمدة شهرين. وتوصل الطرفان إلى مذكرة تفاهم.")
    assert _stating(text) == ["وقعت أرمينيا وأذربيجان اتفاقاً برعاية روسيا.", "وأعلنت الأمم المتحدة هدنة لمدة شهرين.",
                              "وتوصل الطرفان إلى مذكرة تفاهم."]
    assert _stating("أعلنت اللجنة النتائج الأولية للانتخابات الرئاسية.") == []
    # «وقع» also means "occurred": without an agreement word it is no cue
    assert _stating("ومنذ ذلك الحين وقعت اشتباكات بين القوات في المدينة.") == []
    # «المذكرة» refers back to a memorandum
    assert _stating("ووقعت الحكومة المذكرة مع الشركاء.") == ["ووقعت الحكومة المذكرة مع الشركاء."]


def test_a_retold_sentence_is_offered_once_and_mere_mentions_are_not_agreements():
    text = ("توصل الطرفان إلى اتفاق لتبادل الأسرى في جنيف.\n"
            "توصل الطرفان – بعد أشهر من المحادثات – إلى اتفاق لتبادل الأسرى في جنيف.\n"
            "وأعلن الوسيط أن الاتفاق يسري غدا.")
    assert _stating(text) == ["توصل الطرفان إلى اتفاق لتبادل الأسرى في جنيف.", "وأعلن الوسيط أن الاتفاق يسري غدا."]
    # a meeting held to calm tensions mentions de-escalation but states no agreement
    assert _stating("التقى الوزير قائد القوات في اجتماع عقد لتهدئة التوترات.") == []


def test_a_statement_in_a_relative_or_temporal_clause_is_background():
    welcome = "ورحبت الجامعة العربية بالاتفاق الذي جرى التوصل إليه بين الطرفين."
    visit = "ووصل الوزير إلى العاصمة غداة دخول وقف إطلاق النار حيز التنفيذ."
    told = "وكان الجيش قد أعلن دخول وقف إطلاق النار حيز التنفيذ منتصف الليل."
    assert _stating(" ".join([welcome, visit, told])) == [told]
    # after a comma a new clause starts: «وبعد أشهر من الخلافات، تم التوصل ...» states it
    after = "وبعد أشهر من الخلافات، تم التوصل إلى اتفاق بين الحكومة والمعارضة."
    assert _stating(after) == [after]


def test_title_lines_give_way_to_the_body():
    title = "الحكومة تصادق على الاتفاق الأمني مع الجارة"
    body = "وكان البلدان قد وقعا الاتفاق الأمني في نوفمبر الماضي."
    assert _stating(f"{title}\n\n{body}") == [body]
    # a title is kept where no body sentence states the agreement
    assert _stating(f"{title}\n\nوقال المتحدث إن المحادثات مستمرة.") == [title]
