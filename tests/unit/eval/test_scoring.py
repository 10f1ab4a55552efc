import pytest

from extractor.eval.evaluation import load_dataset
from extractor.eval.scoring import name_similarity, score_article, summarize

ARTICLE = "وقعت أرمينيا وأذربيجان اتفاقا برعاية روسيا في التاسع من تشرين الثاني. وقال إلهام علييف إن باكو راضية. نقلت وكالة فرانس برس"
GOLD = {
    "id": "x",
    "published": "2020-11-10",
    "actors": [
        {"name": "أرمينيا", "aliases": [], "type": "state", "title": None, "required": True},
        {"name": "أذربيجان", "aliases": ["باكو"], "type": "state", "title": None, "required": True},
        {"name": "روسيا", "aliases": [], "type": "state", "title": None, "required": True},
        {"name": "إلهام علييف", "aliases": [], "type": "person", "title": None, "required": True},
        {"name": "وكالة فرانس برس", "aliases": [], "type": "media", "title": None, "required": False},
    ],
    "agreements": [
        {
            "kind": "ceasefire",
            "parties": ["أرمينيا", "أذربيجان"],
            "mediators": ["روسيا"],
            "status": "signed",
            "date": {"text": "التاسع من تشرين الثاني", "value": "2020-11-09"},
            "evidence": "وقعت أرمينيا وأذربيجان اتفاقا برعاية روسيا",
            "required": True,
        }
    ],
    "dates": [{"text": "التاسع من تشرين الثاني", "value": "2020-11-09", "event": "", "required": True}],
}


def _span(text):
    s = ARTICLE.find(text)
    return {"text": text, "start": s, "end": s + len(text)}


def perfect():
    actors = [
        {"id": f"A{i}", "name": a["name"], "type": a["type"], "mentions": [_span(a["name"])]}
        for i, a in enumerate(GOLD["actors"][:4], start=1)
    ]
    dates = [{"id": "D1", **_span("التاسع من تشرين الثاني"), "value": "2020-11-09"}]
    dates[0].pop("text")
    dates[0]["text"] = "التاسع من تشرين الثاني"
    agreements = [
        {
            "id": "G1",
            "kind": "ceasefire",
            "parties": ["A1", "A2"],
            "mediators": ["A3"],
            "status": "signed",
            "date": "D1",
            "evidence": _span("وقعت أرمينيا وأذربيجان اتفاقا برعاية روسيا"),
        }
    ]
    return {"actors": actors, "agreements": agreements, "dates": dates}


def test_perfect_prediction_scores_one():
    s = summarize([score_article(perfect(), GOLD, ARTICLE)])
    for field in ("actors", "agreements", "dates"):
        assert s[field]["f1"] == 1.0
    assert all(v == 1.0 for v in s["accuracy"].values())


def test_empty_prediction_has_zero_recall():
    s = summarize([score_article({"actors": [], "agreements": [], "dates": []}, GOLD, ARTICLE)])
    for field in ("actors", "agreements", "dates"):
        assert s[field]["recall"] == 0.0


def test_optional_items_are_neutral():
    pred = perfect()
    pred["actors"].append({"id": "A9", "name": "وكالة فرانس برس", "type": "media", "mentions": []})
    assert summarize([score_article(pred, GOLD, ARTICLE)])["actors"]["precision"] == 1.0


def test_hallucinated_actor_costs_precision():
    pred = perfect()
    pred["actors"].append(
        {"id": "A9", "name": "الاتحاد الأوروبي", "type": "international_organization", "mentions": []}
    )
    s = summarize([score_article(pred, GOLD, ARTICLE)])["actors"]
    assert s["precision"] < 1.0 and s["recall"] == 1.0


def test_arabic_variants_and_short_forms_match():
    assert name_similarity("الهام علييف", "إلهام علييف") == 1.0
    assert name_similarity("وأذربيجان", "أذربيجان") == 1.0
    assert name_similarity("للأمم المتحدة", "الأمم المتحدة") == 1.0
    assert name_similarity("حفتر", "خليفة حفتر") == 0.8
    assert name_similarity("روسيا", "أرمينيا") == 0.0


def test_wrong_date_value_lowers_value_accuracy():
    pred = perfect()
    pred["dates"][0]["value"] = "2020-11-10"
    s = summarize([score_article(pred, GOLD, ARTICLE)])
    assert s["dates"]["f1"] == 1.0
    assert s["accuracy"]["date_value"] == 0.0


def test_gold_files_are_grounded_in_their_articles():
    for dataset in ("seeds", "devset"):
        for ex in load_dataset(dataset):
            g = ex.gold
            strings = [a["name"] for a in g["actors"]] + [x for a in g["actors"] for x in a["aliases"]]
            strings += [a["title"] for a in g["actors"] if a["title"]]
            strings += [a["evidence"] for a in g["agreements"]]
            strings += [a["date"]["text"] for a in g["agreements"] if a["date"]]
            strings += [d["text"] for d in g["dates"]]
            missing = [s for s in strings if s not in ex.text]
            assert not missing, f"{ex.id}: {missing}"


def test_seed_gold_covers_all_seeds():
    assert len(load_dataset("seeds")) == 5
    assert len(load_dataset("devset")) == 27
    assert [len(load_dataset("devset", split)) for split in ("d", "e")] == [15, 12]


def test_a_prediction_fitting_required_and_optional_items_counts_for_the_required_one():
    gold = {
        **GOLD,
        "agreements": [
            {**GOLD["agreements"][0], "required": False, "evidence": "وقعت أرمينيا وأذربيجان اتفاقا"},
            {**GOLD["agreements"][0], "required": True, "evidence": "اتفاقا برعاية روسيا"},
        ],
    }
    s = summarize([score_article(perfect(), gold, ARTICLE)])["agreements"]
    assert (s["tp"], s["fn"]) == (1, 0)


# --- what an analyst reads in a record: links, whole records, actors by type -----------------


def _actor(aid, name, kind):
    return {"id": aid, "name": name, "type": kind, "mentions": [_span(name)]}


def _agreement(gid, evidence, parties, mediators, kind="ceasefire", status="signed"):
    return {
        "id": gid,
        "kind": kind,
        "parties": parties,
        "mediators": mediators,
        "status": status,
        "date": "D1",
        "evidence": _span(evidence),
    }


def _with_alias_party(p):  # Azerbaijan named only by its capital, matched through the gold alias
    p["actors"][1] = _actor("A2", "باكو", "state")


def _with_extra_party(p):  # the mediator listed as a party too
    p["agreements"][0]["parties"].append("A3")


def _without_mediator(p):
    p["agreements"][0]["mediators"] = []


def _with_unknown_party(p):  # an actor the gold does not have
    p["actors"].append(_actor("A9", "الاتحاد الأوروبي", "international_organization"))
    p["agreements"][0]["parties"].append("A9")


def _with_party_twice(p):
    p["agreements"][0]["parties"].append("A1")


def _with_wrong_kind(p):
    p["agreements"][0]["kind"] = "truce"


def _with_wrong_status(p):
    p["agreements"][0]["status"] = "reached"


def _without_agreement(p):
    p["agreements"] = []


def _with_extra_agreement(p):  # a second agreement the text does not state, with two parties
    p["agreements"].append(_agreement("G2", "وقال إلهام علييف إن باكو راضية", ["A4", "A2"], []))


def _with_person_as_party(p):  # the signer instead of his state: a wrong link and a missed one
    p["agreements"][0]["parties"] = ["A1", "A4"]


LINK_CASES = [
    # name, change, party (tp, fp, fn), mediator (tp, fp, fn), whole records right
    ("perfect", lambda p: None, (2, 0, 0), (1, 0, 0), 1),
    ("party matched through an alias", _with_alias_party, (2, 0, 0), (1, 0, 0), 1),
    ("extra party", _with_extra_party, (2, 1, 0), (1, 0, 0), 0),
    ("missing mediator", _without_mediator, (2, 0, 0), (0, 0, 1), 1),
    ("party not in the gold actors", _with_unknown_party, (2, 1, 0), (1, 0, 0), 0),
    ("party listed twice counts once", _with_party_twice, (2, 0, 0), (1, 0, 0), 1),
    ("wrong kind", _with_wrong_kind, (2, 0, 0), (1, 0, 0), 0),
    ("wrong status", _with_wrong_status, (2, 0, 0), (1, 0, 0), 0),
    ("agreement missed", _without_agreement, (0, 0, 2), (0, 0, 1), 0),
    ("agreement not in the gold", _with_extra_agreement, (2, 2, 0), (1, 0, 0), 1),
    ("person for his state", _with_person_as_party, (1, 1, 1), (1, 0, 0), 0),
]


@pytest.mark.parametrize("name,change,party,mediator,right", LINK_CASES, ids=[c[0] for c in LINK_CASES])
def test_links_and_whole_records(name, change, party, mediator, right):
    pred = perfect()
    change(pred)
    s = summarize([score_article(pred, GOLD, ARTICLE)])
    assert tuple(s["party_links"][k] for k in ("tp", "fp", "fn")) == party
    assert tuple(s["mediator_links"][k] for k in ("tp", "fp", "fn")) == mediator
    assert s["whole_record"] == {"right": right, "total": 1, "recall": float(right)}


def _gold_with_optional_agreement():
    optional = {
        **GOLD["agreements"][0],
        "kind": "political_agreement",
        "parties": ["أذربيجان", "روسيا"],
        "mediators": [],
        "status": "reached",
        "date": None,
        "required": False,
        "evidence": "وقال إلهام علييف إن باكو راضية",
    }
    return {**GOLD, "agreements": [GOLD["agreements"][0], optional]}


def _gold_with_optional_party():  # the news agency as a third party: optional, as the agency is
    agreement = {**GOLD["agreements"][0], "parties": ["أرمينيا", "أذربيجان", "وكالة فرانس برس"]}
    return {**GOLD, "agreements": [agreement]}


def _with_agency(p):
    p["actors"].append(_actor("A5", "وكالة فرانس برس", "media"))


def _with_agency_as_party(p):
    _with_agency(p)
    p["agreements"][0]["parties"].append("A5")


OPTIONAL_CASES = [
    # gold, change, party (tp, fp, fn), whole records (right, total)
    ("optional agreement missed: no error", _gold_with_optional_agreement, lambda p: None, (2, 0, 0), (1, 1)),
    (
        "optional agreement found with wrong parties: neutral",
        _gold_with_optional_agreement,
        lambda p: p["agreements"].append(
            _agreement("G2", "وقال إلهام علييف إن باكو راضية", ["A1"], [], kind="political_agreement", status="reached")
        ),
        (2, 0, 0),
        (1, 1),
    ),
    ("optional party left out: no error", _gold_with_optional_party, _with_agency, (2, 0, 0), (1, 1)),
    ("optional party given: neutral", _gold_with_optional_party, _with_agency_as_party, (2, 0, 0), (1, 1)),
    ("optional actor given as a party where the gold has none", lambda: GOLD, _with_agency_as_party, (2, 1, 0), (0, 1)),
]


@pytest.mark.parametrize("name,gold,change,party,whole", OPTIONAL_CASES, ids=[c[0] for c in OPTIONAL_CASES])
def test_optional_agreements_and_actors_in_links_are_neutral(name, gold, change, party, whole):
    pred = perfect()
    change(pred)
    s = summarize([score_article(pred, gold(), ARTICLE)])
    assert tuple(s["party_links"][k] for k in ("tp", "fp", "fn")) == party
    assert (s["whole_record"]["right"], s["whole_record"]["total"]) == whole
    assert s["agreements"]["fp"] == 0  # a match to the optional agreement is neutral there too


def test_whole_records_add_up_over_articles_as_n_of_m():
    wrong = perfect()
    _with_wrong_kind(wrong)
    s = summarize(
        [
            score_article(perfect(), GOLD, ARTICLE),
            score_article(wrong, GOLD, ARTICLE),
            score_article(perfect(), {**GOLD, "agreements": []}, ARTICLE),
        ]
    )
    assert s["whole_record"] == {"right": 1, "total": 2, "recall": 0.5}
    no_agreements = summarize(
        [score_article({"actors": [], "agreements": [], "dates": []}, {**GOLD, "agreements": []}, ARTICLE)]
    )
    assert no_agreements["whole_record"] == {"right": 0, "total": 0, "recall": None}


def _retyped(p):  # a match counts under its gold type, whatever type was predicted
    p["actors"][2]["type"] = "government"


def _with_extra_organisation(p):
    p["actors"].append(_actor("A9", "الاتحاد الأوروبي", "international_organization"))


def _without_person(p):
    p["actors"].pop(3)


TYPE_CASES = [
    # name, change, {type: (tp, fp, fn)}
    ("perfect", lambda p: None, {"person": (1, 0, 0), "state": (3, 0, 0)}),
    ("optional media found: neutral", _with_agency, {"person": (1, 0, 0), "state": (3, 0, 0)}),
    ("wrong type on a match", _retyped, {"person": (1, 0, 0), "state": (3, 0, 0)}),
    (
        "extra prediction counts under its own type",
        _with_extra_organisation,
        {"international_organization": (0, 1, 0), "person": (1, 0, 0), "state": (3, 0, 0)},
    ),
    ("missed person", _without_person, {"person": (0, 0, 1), "state": (3, 0, 0)}),
    ("state matched through an alias", _with_alias_party, {"person": (1, 0, 0), "state": (3, 0, 0)}),
]


@pytest.mark.parametrize("name,change,expected", TYPE_CASES, ids=[c[0] for c in TYPE_CASES])
def test_actors_by_type(name, change, expected):
    pred = perfect()
    change(pred)
    s = summarize([score_article(pred, GOLD, ARTICLE)])
    by_type = {k: (v["tp"], v["fp"], v["fn"]) for k, v in s["actors_by_type"].items()}
    assert by_type == expected
    assert sum(v[0] for v in by_type.values()) == s["actors"]["tp"]  # the types add up to the whole
    assert sum(v[1] for v in by_type.values()) == s["actors"]["fp"]
    assert sum(v[2] for v in by_type.values()) == s["actors"]["fn"]


def test_type_wrong_on_a_match_still_lowers_type_accuracy():
    pred = perfect()
    _retyped(pred)
    assert summarize([score_article(pred, GOLD, ARTICLE)])["accuracy"]["actor_type"] == 0.75
