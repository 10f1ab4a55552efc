"""Named bodies read from the shape of their names (sentences written for these tests)."""

import pytest

from extractor.finders.institutions import find_bodies


def _bodies(text: str) -> list[tuple[str, str]]:
    return [(text[b.start : b.end], b.type) for b in find_bodies(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an indefinite head and its genitive, then adjectives that agree
        ("اجتمع مجلس الشيوخ أمس.", [("مجلس الشيوخ", "government")]),
        ("أعلنت حكومة الإنقاذ الوطني قرارها.", [("حكومة الإنقاذ الوطني", "government")]),
        ("وصلت قوات حرس الحدود إلى المعبر.", [("قوات حرس الحدود", "armed_group")]),
        # a definite head takes adjectives only
        ("قالت الحكومة الأردنية إن الوفد غادر.", [("الحكومة الأردنية", "government")]),
        ("أعلن الجيش الجزائري السيطرة على الموقع.", [("الجيش الجزائري", "government")]),
        ("انتقد الحزب الشيوعي القرار.", [("الحزب الشيوعي", "political_party")]),
        # a clitic is not part of the name; «لل» (ل + ال) leaves no clean name
        (
            "رحب بالاتحاد الأوروبي والمجلس الانتقالي الجنوبي.",
            [("الاتحاد الأوروبي", "international_organization"), ("المجلس الانتقالي الجنوبي", "government")],
        ),
        ("قدم الدعم للحكومة الموريتانية.", []),
        # a state named as the genitive, a region word and the word that names it
        ("دعت حكومة الصومال إلى الحوار.", [("حكومة الصومال", "government")]),
        ("انسحبت قوات إقليم أمهرة.", [("قوات إقليم أمهرة", "armed_group")]),
        # «لل» + a noun that carries its own adjective continues the name
        ("اجتمع المجلس الأعلى للقضاء الأردني.", [("المجلس الأعلى للقضاء الأردني", "government")]),
        # a state's forces are a government's; a council of security or with «الدولي» is international
        ("انتشرت القوات المسلحة اللبنانية.", [("القوات المسلحة اللبنانية", "government")]),
        ("انتشرت القوات الفرنسية في المنطقة.", [("القوات الفرنسية", "government")]),
        ("دعا مجلس الأمن إلى الهدوء.", [("مجلس الأمن", "international_organization")]),
        # the forces of an army are the army
        ("تقدمت قوات الجيش الوطني نحو المدينة.", [("الجيش الوطني", "government")]),
        ("قضت المحكمة الجنائية الدولية بذلك.", [("المحكمة الجنائية الدولية", "international_organization")]),
        # a group's own one-word name after its head, with or without an adjective after it
        ("قال مسؤول في حركة فتح إن الوفد وصل.", [("حركة فتح", "armed_group")]),
        ("وقعت حركة حماس وإسرائيل على الهدنة.", [("حركة حماس", "armed_group")]),
        ("أعلنت حركة أمل اللبنانية موقفها.", [("حركة أمل اللبنانية", "armed_group")]),
    ],
)
def test_named_bodies(text, expected):
    assert _bodies(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "قالت الحكومة إنها ستدرس الأمر.",  # a bare head names no one
        "أكدت الحكومة الجديدة التزامها.",  # an adjective that is no nisba
        "رحب رئيس الحكومة الإسرائيلي بالقرار.",  # the adjective agrees with «رئيس», not the head
        "غادرت القوات الأجنبية البلاد.",  # a generic group
        "أعلنت قوات المشير تقدمها.",  # a title is no genitive: the person follows
        "عقد المجلس اجتماعه الماضي في الشهر الماضي.",  # a time word is no nisba
        "جرى ذلك في الشهر الماضي.",  # no head
        "انسحبت قوات الطرفين من الخطوط.",
        "تقدمت قوات الجيش نحو المدينة.",  # a bare army  # «the two sides» names no one
        "أعلنت الإدارة الذاتية قرارها.",  # «الإدارة» names a body only as a state's
        # after a group's head: a feminine noun, a verb, a derived verbal noun, a preposition
        "نشأت حركة مقاومة في الجنوب.",
        "ظهرت جماعة تنشط في الشمال.",
        "قادت حركة احتجاج واسعة المظاهرات.",
        "وقعت مواجهات بين حزب معارض والشرطة.",
        "تشكلت جبهة ضد القرار.",
    ],
)
def test_no_named_body(text):
    assert _bodies(text) == []


def test_a_body_inside_a_longer_name_is_not_listed_apart():
    text = "تقدمت قوات حكومة الوحدة الوطنية نحو المدينة."
    assert _bodies(text) == [("قوات حكومة الوحدة الوطنية", "government")]


def test_a_name_in_quotes_after_its_head_is_the_body():
    text = 'التقى الوفد ممثلين عن حركة "الشباب" وعن جماعة «أنصار الدين» في المدينة.'
    assert _bodies(text) == [("الشباب", "armed_group"), ("أنصار الدين", "armed_group")]
