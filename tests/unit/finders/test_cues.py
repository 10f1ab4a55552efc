"""The sentences that state an agreement, and the kind and stage they name (sentences written for these tests)."""

import pytest

from extractor.finders.cues import agreement_sentences, stated_kinds, stated_status, unnamed_kind
from extractor.text.segments import sentences


def _stating(text: str) -> list[str]:
    return [s.text for s in agreement_sentences(text, sentences(text))]


def test_agreement_cues():
    text = (
        "وقعت أرمينيا وأذربيجان اتفاقاً برعاية روسيا. وسيطرت القوات على المدينة. "
        "وأعلنت الأمم المتحدة هدنة لمدة شهرين. وتوصل الطرفان إلى مذكرة تفاهم."
    )
    assert _stating(text) == [
        "وقعت أرمينيا وأذربيجان اتفاقاً برعاية روسيا.",
        "وأعلنت الأمم المتحدة هدنة لمدة شهرين.",
        "وتوصل الطرفان إلى مذكرة تفاهم.",
    ]
    assert _stating("أعلنت اللجنة النتائج الأولية للانتخابات الرئاسية.") == []
    # «وقع» also means "occurred": without an agreement word it is no cue
    assert _stating("ومنذ ذلك الحين وقعت اشتباكات بين القوات في المدينة.") == []
    # «المذكرة» refers back to a memorandum
    assert _stating("ووقعت الحكومة المذكرة مع الشركاء.") == ["ووقعت الحكومة المذكرة مع الشركاء."]


def test_a_retold_sentence_is_offered_once_and_mere_mentions_are_not_agreements():
    text = (
        "توصل الطرفان إلى اتفاق لتبادل الأسرى في جنيف.\n"
        "توصل الطرفان – بعد أشهر من المحادثات – إلى اتفاق لتبادل الأسرى في جنيف.\n"
        "وأعلن الوسيط أن الاتفاق يسري غدا."
    )
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


def test_kinds_in_the_order_the_sentence_names_them():
    assert stated_kinds("توصل البلدان إلى مذكرتي تفاهم، واحدة عن التعاون العسكري والأخرى عن التجارة.") == [
        "memorandum_of_understanding",
        "military_cooperation",
    ]
    assert stated_kinds("وطرح الرئيس مبادرة تدعو إلى وقف إطلاق النار.") == ["initiative", "ceasefire"]
    assert stated_kinds("واتفق الطرفان على استئناف العلاقات.") == ["political_agreement"]
    assert stated_kinds("واتفق الطرفان على موعد الجولة المقبلة.") == []


@pytest.mark.parametrize(
    "sentence,kind",
    [
        ("وقع البلدان اتفاقية للتعاون الاقتصادي.", "economic_agreement"),
        ("أعلنت الحركتان التوصل إلى مصالحة شاملة.", "political_agreement"),
        ("اتفق الطرفان على صفقة تبادل للمحتجزين.", "prisoner_exchange"),
        ("وقع الجانبان اتفاق وقف الأعمال العدائية.", "ceasefire"),
        ("أبرم البلدان اتفاقاً دفاعياً.", None),  # an indefinite adjective: no kind named
        ("أبرم البلدان اتفاقاً عسكرياً جديداً.", None),
        ("وقعت الدولتان الاتفاق العسكري.", "military_cooperation"),
        ("وقعا مذكرات تفاهم في مجالات عدة.", "memorandum_of_understanding"),
        ("ودعا الوسطاء إلى وقف إطلاق نار دائم.", "ceasefire"),  # «نار» indefinite
        ("واتفقا على وقف نار شامل.", "ceasefire"),
        # a named declaration: quoted, or after the capital where it was made
        ('ووقع الطرفان على "إعلان الخرطوم" أمس.', "other"),
        ("وأعلنت الدول الموقعة على إعلان الرباط التزامها به.", "other"),
        ("رحب المجلس بإعلان وقف إطلاق النار.", "ceasefire"),  # announcing a ceasefire
        ("شمل إعلان الرئيس الإفراج عن المعتقلين.", None),  # a president's announcement
    ],
)
def test_kind_vocabulary(sentence, kind):
    assert stated_kinds(sentence) == ([kind] if kind else [])


@pytest.mark.parametrize(
    "model_kind,kind",
    [
        ("ceasefire", "political_agreement"),
        ("memorandum_of_understanding", "political_agreement"),
        ("economic_agreement", "economic_agreement"),
        ("other", "other"),
        ("political_agreement", "political_agreement"),
    ],
)
def test_a_kind_with_words_of_its_own_is_not_assumed(model_kind, kind):
    assert unnamed_kind(model_kind, "وتوصل الطرفان إلى اتفاق.") == kind
    # one the article names elsewhere stands
    assert unnamed_kind("ceasefire", "وتوصل الطرفان إلى اتفاق. وأُعلن وقف إطلاق النار.") == "ceasefire"


def test_the_stage_the_verb_tells():
    assert stated_status("ووقعت الحكومة والمعارضة اتفاق سلام في العاصمة.") == "signed"
    assert stated_status("وأعلن الجيش دخول الهدنة حيز التنفيذ منتصف الليل.") == "in_effect"
    assert stated_status("وطرح الوسيط مبادرة جديدة.") == "proposed"
    # the signing told in a relative clause is background: the sentence proposes
    assert stated_status("وطرح الوزير مبادرة لتطبيق الاتفاق الذي تم توقيعه العام الماضي.") == "proposed"
    assert stated_status("وأشاد المجلس بالجهود المبذولة.") is None


@pytest.mark.parametrize(
    "sentence,found",
    [
        # an earlier agreement named in passing, the clause telling its signing or reaching
        (
            "وأكد الوفدان التزامهما بالمادة 15 من اتفاق الطائف الذي أبرم في 1989.",
            [("اتفاق الطائف الذي أبرم في 1989", "political_agreement", "signed")],
        ),
        (
            "وذكّر باتفاق السلام الذي وُقّع في جوبا عام 2020، وقال إنه صامد.",
            [("اتفاق السلام الذي وُقّع في جوبا عام 2020", "peace_agreement", "signed")],
        ),
        (
            "وفق اتفاقية الرياض التي جرى التوصل إليها في نوفمبر 2019.",
            [("اتفاقية الرياض التي جرى التوصل إليها في نوفمبر 2019", "political_agreement", "reached")],
        ),
        ("رحبت مصر بالاتفاق الذي جرى التوصل إليه بشأن المدينة.", []),  # the report's own, unnamed
        ("وقال إن اتفاق الطائف ما زال صالحاً.", []),  # no clause telling it was made
    ],
)
def test_earlier_agreements_named_in_passing(sentence, found):
    from extractor.finders.cues import earlier_agreements

    assert [(sentence[e.start : e.end], e.kind, e.status) for e in earlier_agreements(sentence)] == found
