"""The agreements pass, driven by a scripted engine whose answers are checked against the schema."""

import json
import re

import jsonschema
import pytest

from extractor.config import Settings
from extractor.contract import Actor, DateMention, Span
from extractor.finders.dates import find_dates
from extractor.llm.engines.base import Engine, Generation
from extractor.pipeline import Extractor


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


def _dates(text: str) -> list[DateMention]:
    return [
        DateMention(id=f"D{i}", text=d.text, start=d.start, end=d.end, value=d.value)
        for i, d in enumerate(find_dates(text), start=1)
    ]


def _whole(text: str) -> Span:
    return Span(text=text, start=0, end=len(text))


class _Scripted(Engine):
    """Answers every question with one fixed JSON text (checked against the schema)."""

    def __init__(self, answer: dict):
        self.answer = answer
        self.load_seconds = 0.0

    @property
    def backend(self) -> str:
        return "scripted"

    def count_tokens(self, text: str) -> int:
        return len(text.split())

    def generate(self, messages, schema, max_new_tokens, deadline=None) -> Generation:
        jsonschema.validate(self.answer, schema)
        return Generation(json.dumps(self.answer, ensure_ascii=False), 10, 10, 0.0, 0.0)


def test_the_sentence_overrides_the_models_kind_stage_and_sides():
    text = (
        "وفي الخامس من مايو، توصلت مالي والنيجر إلى مذكرتي تفاهم، واحدة عن التعاون العسكري والأخرى عن التجارة. "
        "وقال المتحدث إن تونس رحبت."
    )
    actors = _actors(text, ["مالي", "النيجر", "تونس"])
    item = {
        "kind": "ceasefire",
        "status": "proposed",
        "parties": ["مالي"],
        "mediators": [],
        "sentence": 1,
        "date": None,
    }
    # the model lists the sentence twice: it names two memoranda, so two agreements
    engine = _Scripted({"agreements": [item, dict(item, kind="truce")]})
    found = Extractor(engine, Settings())._agreements(text, actors, [], {"prompt": 0, "output": 0, "deadline": None})
    assert [a.kind for a in found] == ["memorandum_of_understanding", "military_cooperation"]
    assert {a.status for a in found} == {"reached"}
    assert all(a.parties == ["A1", "A2"] for a in found)
    assert found[0].evidence.text == text.split(". ")[0] + "."


def test_the_same_kind_told_again_with_a_side_in_common_is_one_agreement():
    text = "وقعت مالي والنيجر اتفاقاً لوقف إطلاق النار. وأعلن رئيس النيجر وقائد الجيش اتفاقاً لوقف إطلاق النار في الشمال."
    actors = _actors(text, ["مالي", "النيجر", "قائد الجيش"])
    item = {"kind": "ceasefire", "status": "reached", "parties": [], "mediators": [], "sentence": 1, "date": None}
    engine = _Scripted({"agreements": [item, dict(item, sentence=2)]})
    found = Extractor(engine, Settings())._agreements(text, actors, [], {"prompt": 0, "output": 0, "deadline": None})
    assert [(a.kind, a.status, a.parties) for a in found] == [("ceasefire", "signed", ["A1", "A2"])]


def test_two_sentences_naming_different_sides_are_two_agreements():
    text = (
        "وقعت مالي والنيجر اتفاقاً لوقف إطلاق النار. "
        "ووقعت تشاد والسودان اتفاقاً لوقف إطلاق النار. "
        "وقال المتحدث إن بلاده وقعت اتفاقاً لوقف إطلاق النار."
    )
    actors = _actors(text, ["مالي", "النيجر", "تشاد", "السودان"])
    item = {"kind": "ceasefire", "status": "reached", "parties": [], "mediators": [], "sentence": 1, "date": None}
    engine = _Scripted({"agreements": [item, dict(item, sentence=2), dict(item, sentence=3, parties=["تشاد"])]})
    found = Extractor(engine, Settings())._agreements(text, actors, [], {"prompt": 0, "output": 0, "deadline": None})
    # the third names no sides of its own: the model's pick does not make it a new agreement
    assert [a.parties for a in found] == [["A1", "A2"], ["A3", "A4"]]


def test_a_day_the_report_looks_ahead_to_is_no_agreement_date():
    text = "وقعت مالي والنيجر أمس الجمعة اتفاقاً لوقف إطلاق النار يسري غداً السبت."
    dates = _dates(text)
    assert [d.text for d in dates] == ["أمس الجمعة", "غداً السبت"]
    item = {
        "kind": "ceasefire",
        "status": "reached",
        "parties": [],
        "mediators": [],
        "sentence": 1,
        "date": "أمس الجمعة",
    }
    engine = _Scripted({"agreements": [item]})
    found = Extractor(engine, Settings())._agreements(
        text, _actors(text, ["مالي", "النيجر"]), dates, {"prompt": 0, "output": 0, "deadline": None}
    )
    assert found[0].date == "D1"
    # the day to come is not among the choices the schema allows
    engine.answer = {"agreements": [dict(item, date="غداً السبت")]}
    with pytest.raises(jsonschema.ValidationError):
        Extractor(engine, Settings())._agreements(
            text, _actors(text, ["مالي", "النيجر"]), dates, {"prompt": 0, "output": 0, "deadline": None}
        )


def test_a_long_article_is_asked_about_its_agreements_part_by_part():
    from extractor.agreements import agreement_contexts
    from extractor.text.segments import Segment

    first = "وقعت مصر والسودان اتفاقاً للتعاون العسكري. "
    second = "وتوصلت تركيا وروسيا إلى هدنة في الشمال."
    text = first + second
    parts = [Segment(0, len(first), first), Segment(len(first), len(text), second)]
    contexts = agreement_contexts(text, [], [], 10, parts=parts)
    assert [[s.text for s in c.sentences] for c in contexts] == [[first.strip()], [second]]
    assert len(agreement_contexts(text, [], [], 10, parts=[Segment(0, len(text), text)])) == 1
    assert agreement_contexts("قال الوزير إن المحادثات مستمرة.", [], [], 10) == []


def test_the_stage_is_the_furthest_the_article_tells_of_the_agreement():
    text = (
        "وقعت مالي والنيجر اتفاقاً لوقف إطلاق النار. "
        "وأعلن الوسيط أن وقف إطلاق النار دخل حيز التنفيذ ليلاً. "
        "ووقعت تشاد والسودان اتفاقاً لوقف إطلاق النار، دخل حيز التنفيذ صباحاً."
    )
    actors = _actors(text, ["مالي", "النيجر", "تشاد", "السودان"])
    item = {"kind": "ceasefire", "status": "reached", "parties": [], "mediators": [], "sentence": 1, "date": None}
    engine = _Scripted({"agreements": [item]})
    found = Extractor(engine, Settings())._agreements(text, actors, [], {"prompt": 0, "output": 0, "deadline": None})
    # the second sentence tells of the same ceasefire; the third of another one between other sides
    assert [(a.parties, a.status) for a in found] == [(["A1", "A2"], "in_effect")]


def test_a_collapsed_agreement_is_not_moved_back_to_a_stage():
    text = "أعلنت النيجر انهيار وقف إطلاق النار مع مالي. وكانت مالي والنيجر قد وقعتا وقف إطلاق النار."
    actors = _actors(text, ["مالي", "النيجر"])
    item = {"kind": "ceasefire", "status": "collapsed", "parties": [], "mediators": [], "sentence": 1, "date": None}
    found = Extractor(_Scripted({"agreements": [item]}), Settings())._agreements(
        text, actors, [], {"prompt": 0, "output": 0, "deadline": None}
    )
    assert [a.status for a in found] == ["collapsed"]


def test_a_date_in_a_relative_clause_is_not_offered_as_the_day_of_the_agreement():
    text = "وقعت مالي والنيجر أمس الجمعة اتفاقاً يستند إلى الاتفاق الذي أبرم في أيار 2015."
    dates = _dates(text)
    assert [d.text for d in dates] == ["أمس الجمعة", "أيار 2015"]
    item = {
        "kind": "ceasefire",
        "status": "reached",
        "parties": [],
        "mediators": [],
        "sentence": 1,
        "date": "أيار 2015",
    }
    with pytest.raises(jsonschema.ValidationError):  # not among the choices the schema allows
        Extractor(_Scripted({"agreements": [item]}), Settings())._agreements(
            text, _actors(text, ["مالي", "النيجر"]), dates, {"prompt": 0, "output": 0, "deadline": None}
        )


def test_a_truce_and_a_ceasefire_in_one_report_are_one_agreement():
    text = "أعلنت مالي أن هدنة مع النيجر جرى إقرارها. وصادقت الحكومة على وقف إطلاق النار."
    item = {"kind": "truce", "status": "reached", "parties": [], "mediators": [], "sentence": 1, "date": None}
    engine = _Scripted({"agreements": [item, dict(item, kind="ceasefire", sentence=2)]})
    found = Extractor(engine, Settings())._agreements(
        text, _actors(text, ["مالي", "النيجر"]), [], {"prompt": 0, "output": 0, "deadline": None}
    )
    assert [(a.kind, a.parties) for a in found] == [("truce", ["A1", "A2"])]


def test_a_spokesman_is_no_side_unless_his_title_names_whom_he_speaks_for():
    text = (
        "وأعلن المتحدث باسم الوزارة سامي عادل توقيع الاتفاق مع تشاد أمس، وقال الناطق باسم الخارجية السودانية إنه مهم."
    )
    actors = [
        *_actors(text, ["تشاد", "السودان"]),
        Actor(
            id="A3",
            name="سامي عادل",
            type="person",
            title="المتحدث باسم الوزارة",
            mentions=[Span(text="سامي عادل", start=text.index("سامي"), end=text.index("سامي") + 9)],
        ),
    ]
    item = {"kind": "other", "status": "signed", "parties": ["سامي عادل", "تشاد"], "mediators": [], "sentence": 1}
    engine = _Scripted({"agreements": [dict(item, date=None)]})
    found = Extractor(engine, Settings())._agreements(text, actors, [], {"prompt": 0, "output": 0, "deadline": None})
    assert [a.parties for a in found] == [["A1"]]  # he announced it; the sides he names are the sides
    # a spokesman whose title names a state the article has stands for it, as any official does
    spokesman = actors[2].model_copy(update={"title": "الناطق باسم الخارجية السودانية"})
    from extractor.finders.sides import is_spokesman, speaks_for

    assert is_spokesman(spokesman) and speaks_for(spokesman, actors) == "A2"
    assert not is_spokesman(actors[2].model_copy(update={"title": "وزير الخارجية"}))


@pytest.mark.parametrize(
    "published,value,added",
    [
        ("2020-09-07", "2015-12", True),  # made years before the report
        ("2020-09-07", "2020-09", False),  # this month's: the report's own agreement told again
        ("2020-09-07", "--12-17", False),  # no year: cannot tell
        (None, "2015", True),  # no publication date: against today
    ],
)
def test_an_earlier_agreement_named_with_its_date_is_added(published, value, added):
    import datetime as dt

    from extractor.agreements import add_earlier_agreements

    text = "وأكد الوفدان التزامهما بالمادة 15 من اتفاق الطائف الذي أبرم في دجنبر 2015."
    start = text.index("دجنبر")
    day = DateMention(id="D1", text="دجنبر 2015", start=start, end=start + 10, value=value)
    pub = dt.date.fromisoformat(published) if published else None
    out = add_earlier_agreements(text, [], [day], pub)
    assert [(a.kind, a.status, a.parties, a.date, a.evidence.text) for a in out] == (
        [("political_agreement", "signed", [], "D1", "اتفاق الطائف الذي أبرم في دجنبر 2015")] if added else []
    )
    # one already listed with that date is not repeated
    assert add_earlier_agreements(text, out, [day], pub) == out
