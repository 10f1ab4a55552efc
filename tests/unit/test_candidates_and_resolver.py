from extractor.text.arabic import normalize
from extractor.finders.candidates import candidate_spans
from extractor.resolver import ActorCandidate, Grounder, assign_mentions, build_actors, merge_actors, parse_json

TEXT = "التقى خليفة حفتر في بنغازي. وقال حفتر إن صدام حفتر سيزور أنقرة، وأكد إبراهيم قالن ذلك."


def test_candidates_are_article_phrases_without_stopword_edges():
    cands = candidate_spans(TEXT)
    assert "خليفة حفتر" in cands and "إبراهيم قالن" in cands
    assert all(c in TEXT for c in cands)
    assert not any(c.startswith("في ") or c.endswith(" في") for c in cands)
    assert not any("." in c or "،" in c for c in cands)


def test_grounder_repairs_small_misspellings_and_drops_inventions():
    g = Grounder(TEXT)
    assert TEXT[slice(*g.span("ابراهيم قالين"))] == "إبراهيم قالن"
    assert TEXT[slice(*g.span("الإبراهيم قالن"))] == "إبراهيم قالن"
    assert g.span("الاتحاد الأوروبي") is None
    assert g.actor({"name": "الاتحاد الأوروبي", "type": "organization", "title": None}) is None
    assert g.dropped == 1


def test_short_form_shared_by_two_people_is_not_assigned():
    a = ActorCandidate("خليفة حفتر", "person", None, 6, 16, {"خليفة حفتر"})
    b = ActorCandidate("صدام حفتر", "person", None, 0, 0, {"صدام حفتر"})
    mentions = assign_mentions(TEXT, [a, b], normalize(TEXT))
    assert [m.text for m in mentions[0]] == ["خليفة حفتر"]
    assert [m.text for m in mentions[1]] == ["صدام حفتر"]


def test_unique_short_form_becomes_a_mention():
    a = ActorCandidate("إبراهيم قالن", "person", None, TEXT.find("إبراهيم"), 0, {"إبراهيم قالن"})
    text = TEXT + " ثم غادر قالن."
    actors = build_actors(text, [a], normalize(text))
    assert [m.text for m in actors[0].mentions] == ["إبراهيم قالن", "قالن"]
    assert all(text[m.start:m.end] == m.text for m in actors[0].mentions)


def test_duplicates_merge():
    a = ActorCandidate("خليفة حفتر", "person", "المشير", 6, 16, {"خليفة حفتر"})
    b = ActorCandidate("خليفه حفتر", "person", None, 6, 16, {"خليفه حفتر"})
    c = ActorCandidate("حفتر", "person", None, 30, 34, {"حفتر"})
    merged = merge_actors([a, b, c])
    assert len(merged) == 1 and merged[0].title == "المشير"


def test_parse_json_salvages_a_cut_list():
    cut = '{"actors":[{"name":"أ","type":"state","title":null},{"name":"ب","type":"st'
    assert parse_json(cut) == {"actors": [{"name": "أ", "type": "state", "title": None}]}
    assert parse_json("garbage") == {}


def test_person_names_lose_a_leading_nisba_but_not_a_surname():
    text = "قال الرئيس المصري عبد الفتاح السيسي إن السيسي لن يتراجع عن موقف مصر، وأكد المتحدث إبراهيم كالين ذلك."
    g = Grounder(text)
    assert g.actor({"name": "المصري عبد الفتاح السيسي", "type": "person"}).name == "عبد الفتاح السيسي"
    assert g.actor({"name": "السيسي", "type": "person"}).name == "السيسي"
    assert g.actor({"name": "المصري", "type": "person"}) is None  # the adjective of «مصر»
    # «الين» is inside «كالين», not ك + «الين»
    assert g.span("الين") is None


def test_titles_are_not_person_names():
    text = "وقال المدعي العام الليبي إن الرئيسين الفرنسي والمصري اتفقا مع عبد الفتاح السيسي."
    g = Grounder(text)
    assert g.actor({"name": "المدعي العام الليبي", "type": "person"}) is None
    assert g.actor({"name": "الرئيسين الفرنسي", "type": "person"}) is None
    assert g.actor({"name": "عبد الفتاح السيسي", "type": "person"}).name == "عبد الفتاح السيسي"


def test_a_title_written_with_the_name_is_cut_off():
    text = "وقال الرئيس الأمريكي دونالد ترامب والمتحدث باسم الرئاسة التركية إبراهيم كالين إن الهدنة صامدة."
    g = Grounder(text)
    assert g.actor({"name": "الرئيس الأمريكي دونالد ترامب", "type": "person"}).name == "دونالد ترامب"
    assert g.actor({"name": "الرئاسة التركية إبراهيم كالين", "type": "person"}).name == "إبراهيم كالين"
    assert g.actor({"name": "الرئاسة التركية", "type": "government"}).name == "الرئاسة التركية"
