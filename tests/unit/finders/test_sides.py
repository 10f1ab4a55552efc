"""The sides a sentence names together, and its mediators (sentences written for these tests)."""

import re

from extractor.contract import Actor, Span
from extractor.finders.sides import read_sides


def _actors(text: str, names: list[str]) -> list[Actor]:
    return [Actor(id=f"A{i}", name=name, type="state",
                  mentions=[Span(text=name, start=m.start(), end=m.end()) for m in re.finditer(name, text)])
            for i, name in enumerate(names, start=1)]


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
