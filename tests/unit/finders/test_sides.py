"""The sides a sentence names together, and its mediators (sentences written for these tests)."""

import re

import pytest

from extractor.contract import Actor, Span
from extractor.finders.sides import read_sides, speaks_for
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
