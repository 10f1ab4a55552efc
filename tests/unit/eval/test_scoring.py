
from extractor.eval.evaluation import load_dataset
from extractor.eval.scoring import name_similarity, score_article, summarize

ARTICLE = "وقعت أرمينيا وأذربيجان اتفاقا برعاية روسيا في التاسع من تشرين الثاني. وقال إلهام علييف إن باكو راضية. نقلت وكالة فرانس برس"
GOLD = {
    "id": "x", "published": "2020-11-10",
    "actors": [
        {"name": "أرمينيا", "aliases": [], "type": "state", "title": None, "required": True},
        {"name": "أذربيجان", "aliases": ["باكو"], "type": "state", "title": None, "required": True},
        {"name": "روسيا", "aliases": [], "type": "state", "title": None, "required": True},
        {"name": "إلهام علييف", "aliases": [], "type": "person", "title": None, "required": True},
        {"name": "وكالة فرانس برس", "aliases": [], "type": "media", "title": None, "required": False},
    ],
    "agreements": [{"kind": "ceasefire", "parties": ["أرمينيا", "أذربيجان"], "mediators": ["روسيا"],
                    "status": "signed", "date": {"text": "التاسع من تشرين الثاني", "value": "2020-11-09"},
                    "evidence": "وقعت أرمينيا وأذربيجان اتفاقا برعاية روسيا", "required": True}],
    "dates": [{"text": "التاسع من تشرين الثاني", "value": "2020-11-09", "event": "", "required": True}],
}


def _span(text):
    s = ARTICLE.find(text)
    return {"text": text, "start": s, "end": s + len(text)}


def perfect():
    actors = [{"id": f"A{i}", "name": a["name"], "type": a["type"], "mentions": [_span(a["name"])]}
              for i, a in enumerate(GOLD["actors"][:4], start=1)]
    dates = [{"id": "D1", **_span("التاسع من تشرين الثاني"), "value": "2020-11-09"}]
    dates[0].pop("text")
    dates[0]["text"] = "التاسع من تشرين الثاني"
    agreements = [{"id": "G1", "kind": "ceasefire", "parties": ["A1", "A2"], "mediators": ["A3"],
                   "status": "signed", "date": "D1",
                   "evidence": _span("وقعت أرمينيا وأذربيجان اتفاقا برعاية روسيا")}]
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
    pred["actors"].append({"id": "A9", "name": "الاتحاد الأوروبي", "type": "international_organization",
                           "mentions": []})
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


def test_a_prediction_fitting_required_and_optional_items_counts_for_the_required_one():
    gold = {**GOLD, "agreements": [
        {**GOLD["agreements"][0], "required": False, "evidence": "وقعت أرمينيا وأذربيجان اتفاقا"},
        {**GOLD["agreements"][0], "required": True, "evidence": "اتفاقا برعاية روسيا"},
    ]}
    s = summarize([score_article(perfect(), gold, ARTICLE)])["agreements"]
    assert (s["tp"], s["fn"]) == (1, 0)
