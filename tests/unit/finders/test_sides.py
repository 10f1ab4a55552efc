"""The sides a sentence names together, and its mediators (sentences written for these tests)."""

import re

import pytest

from extractor.contract import Actor, Span
from extractor.finders.sides import names_sides_by_anaphor, paired_sides, read_sides, speaks_for
from extractor.text.arabic import find_all


def _actors(text: str, names: list[str]) -> list[Actor]:
    return [
        Actor(
            id=f"A{i}",
            name=name,
            type="state",
            mentions=[Span(text=name, start=m.start(), end=m.end()) for m in re.finditer(name, text)],
        )
        for i, name in enumerate(names, start=1)
    ]


def _whole(text: str) -> Span:
    return Span(text=text, start=0, end=len(text))


def test_sides_named_together_are_the_parties_and_a_sponsor_mediates():
    text = "وقعت مالي والنيجر اتفاقاً برعاية الجزائر لوقف إطلاق النار."
    actors = _actors(text, ["مالي", "النيجر", "الجزائر"])
    assert read_sides(text, _whole(text), actors) == (["A1", "A2"], ["A3"])


def test_a_gentilic_after_a_name_still_joins_the_next_one():
    text = "ووقع الطرفان الإعلان بالتعاون مع الولايات المتحدة الأمريكية والمملكة المغربية."
    actors = _actors(text, ["الولايات المتحدة", "المملكة المغربية"])
    assert read_sides(text, _whole(text), actors) == ([], ["A1", "A2"])


def test_actors_not_named_together_are_no_sides():
    text = "وقال وزير خارجية تونس إن ليبيا توصلت إلى اتفاق."
    actors = _actors(text, ["تونس", "ليبيا"])
    assert read_sides(text, _whole(text), actors) == ([], [])


@pytest.mark.parametrize(
    "sentence,names,parties,mediators",
    [
        # a state named by its gentilic after a common noun
        ("اتفق الجانبان التركي والروسي على هدنة جديدة.", ["تركيا", "روسيا"], ["A1", "A2"], []),
        # «مع» joins the sides
        ("وقعت مصر مع السودان اتفاقاً للتعاون العسكري.", ["مصر", "السودان"], ["A1", "A2"], []),
        # a place is no side, a gentilic after a word of mediation mediates
        ("وقّع الطرفان في روما وإيطاليا اتفاقاً بوساطة قطرية.", ["روما", "إيطاليا", "قطر"], [], ["A3"]),
        (
            "توصلت الحكومة والمعارضة إلى اتفاق برعاية سعودية وأمريكية.",
            ["الحكومة", "المعارضة", "السعودية", "الولايات المتحدة"],
            ["A1", "A2"],
            ["A3", "A4"],
        ),
        # a gentilic right after a name describes that name
        ("وقعت الحكومة السودانية والحركة الشعبية الاتفاق.", ["الحكومة", "الحركة الشعبية", "السودان"], ["A1", "A2"], []),
    ],
)
def test_sides_by_gentilic_with_and_without_places(sentence, names, parties, mediators):
    actors = [
        Actor(
            id=f"A{i}",
            name=n,
            type="state" if i > 1 or "الحكومة" not in n else "government",
            title=None,
            mentions=[Span(text=sentence[s:e], start=s, end=e) for s, e in find_all(sentence, n)],
        )
        for i, n in enumerate(names, start=1)
    ]
    assert read_sides(sentence, _whole(sentence), actors) == (parties, mediators)


def test_a_person_stands_for_the_state_his_title_names():
    text = "وقع وزير الخارجية الأمريكي جون كيري الاتفاق مع روسيا."
    us = Actor(id="A1", name="الولايات المتحدة", type="state", title=None, mentions=[Span(text="جون", start=0, end=3)])
    kerry = Actor(
        id="A2",
        name="جون كيري",
        type="person",
        title="وزير الخارجية الأمريكي",
        mentions=[Span(text="جون كيري", start=text.index("جون"), end=text.index("جون") + 8)],
    )
    assert speaks_for(kerry, [us, kerry]) == "A1"
    assert speaks_for(us, [us, kerry]) is None


@pytest.mark.parametrize(
    ("text", "names", "parties"),
    [
        # one side tells of the agreement it reached with the other
        ("وقعت مالي أمس اتفاقاً للتعاون الأمني مع النيجر.", ["مالي", "النيجر"], ["مالي", "النيجر"]),
        (
            "قال مسؤول في جبهة التحرير إن هدنة مع الحكومة جرى إقرارها.",
            ["جبهة التحرير", "الحكومة"],
            ["جبهة التحرير", "الحكومة"],
        ),
        # «مع» before the agreement is named is no counterpart
        ("أعلنت مالي أن اجتماعاً مع النيجر سبق الاتفاق.", ["مالي", "النيجر"], []),
        # a side alone names no agreement
        ("وقعت مالي اتفاقاً للتعاون.", ["مالي"], []),
    ],
)
def test_a_side_and_the_one_it_agreed_with(text, names, parties):
    # a body, not a state: «في» before it is membership
    actors = [a.model_copy(update={"type": "armed_group"}) if " " in a.name else a for a in _actors(text, names)]
    by_name = {a.name: a.id for a in actors}
    assert read_sides(text, _whole(text), actors)[0] == [by_name[n] for n in parties]


def test_in_before_a_body_is_membership_not_a_place():
    text = "وقعت مالي اتفاقاً مع النيجر في الجزائر، وقال مسؤول في اللجنة إنه مهم."
    actors = _actors(text, ["مالي", "النيجر", "الجزائر"])
    # a state after «في» is the place: not a side
    assert read_sides(text, _whole(text), actors)[0] == ["A1", "A2"]


def test_a_body_named_as_the_mediator_mediates():
    text = "وقعت مالي والنيجر اتفاقاً، ورحب الوسيط الجزائري بالخطوة، وأشاد وسيط الاتحاد الإفريقي بها."
    actors = _actors(text, ["مالي", "النيجر", "الجزائر", "الاتحاد الإفريقي"])
    parties, mediators = read_sides(text, _whole(text), actors)
    assert parties == ["A1", "A2"]
    assert set(mediators) == {"A3", "A4"}  # the gentilic stands for its state


def test_a_gentilic_in_a_persons_title_is_not_a_side_named_with_him():
    text = "بحضور رئيس الوزراء المصري، ورئيس السودان، جرى توقيع اتفاق يجمع ليبيا وتشاد والنيجر."
    actors = _actors(text, ["مصر", "السودان", "ليبيا", "تشاد", "النيجر"])
    assert read_sides(text, _whole(text), actors)[0] == ["A3", "A4", "A5"]


def test_those_present_at_a_signing_are_no_sides():
    text = "وقع الاتفاق بحضور تونس والمغرب في العاصمة."
    actors = _actors(text, ["تونس", "المغرب"])
    assert read_sides(text, _whole(text), actors) == ([], [])


def test_a_head_of_government_with_no_state_named_stands_for_the_one_states_government():
    def actor(i, name, type_, title=None):
        return Actor(id=i, name=name, type=type_, title=title, mentions=[Span(text=name[0], start=0, end=1)])

    pm = actor("A1", "سالم عمر", "person", "رئيس الحكومة")
    sudan = actor("A2", "الحكومة السودانية", "government")
    region = actor("A3", "حكومة إقليم دارفور", "government")
    assert speaks_for(pm, [pm, sudan, region]) == "A2"  # the region's government names no state
    assert speaks_for(pm.model_copy(update={"title": "رئيس مجلس الوزراء"}), [pm, sudan]) == "A2"
    # two states' governments: which one he heads is not told
    chad = actor("A4", "الحكومة التشادية", "government")
    assert speaks_for(pm, [pm, sudan, chad]) is None
    # a minister is not the head of a government
    assert speaks_for(pm.model_copy(update={"title": "وزير الخارجية"}), [pm, sudan]) is None


@pytest.mark.parametrize(
    ("sentence", "anaphor"),
    [
        ("وتوصل طرفا النزاع إلى اتفاق لتبادل الأسرى.", True),
        ("وأكدت البعثة أن طرفي الصراع وقعا الهدنة.", True),
        ("وقال إن الطرفين اتفقا على وقف القتال.", True),
        ("ووقع الجانبان مذكرة تفاهم.", True),
        ("ودعت أطراف الأزمة إلى احترام الاتفاق.", True),
        # an adjective, and a side of one party only, are no anaphor for both
        ("وعقد الوزيران لقاء جانبيا على هامش القمة.", False),
        ("وقال إن طرفه ملتزم بالاتفاق.", False),
        ("ووقعت مصر والسودان اتفاقاً.", False),
    ],
)
def test_sides_told_by_an_anaphor(sentence, anaphor):
    assert names_sides_by_anaphor(sentence) is anaphor


@pytest.mark.parametrize(
    ("text", "names", "sides"),
    [
        # a pair after «بين»: the nearest before the agreement sentence
        (
            "تجددت الاشتباكات بين الجيش والحركة الشعبية. ثم توصل الطرفان إلى هدنة.",
            ["الجيش", "الحركة الشعبية"],
            ["الجيش", "الحركة الشعبية"],
        ),
        # delegations as a dual
        (
            "التقى وفدا المجلس الرئاسي وجبهة الخلاص في جنيف. وأعلن الجانبان اتفاقاً.",
            ["المجلس الرئاسي", "جبهة الخلاص"],
            ["المجلس الرئاسي", "جبهة الخلاص"],
        ),
        # one side set against the other, told after the agreement
        (
            "وقال إن طرفي النزاع وقعا الاتفاق. ويقاتل الجيش في مواجهة قوات الدعم منذ عام.",
            ["الجيش", "قوات الدعم"],
            ["الجيش", "قوات الدعم"],
        ),
        # two actors named together with no word of a pair are no pair
        ("زار الرئيس عمان والقاهرة. ثم وقع الطرفان الاتفاق.", ["عمان", "القاهرة"], []),
    ],
)
def test_the_pair_an_anaphor_refers_to(text, names, sides):
    actors = [a.model_copy(update={"type": "armed_group"}) for a in _actors(text, names)]
    by_name = {a.name: a.id for a in actors}
    at = re.search(r"طرف|الجانبان", text).start()  # where the anaphor is
    assert paired_sides(text, actors, at) == [by_name[n] for n in sides]
