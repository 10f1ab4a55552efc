"""Assembling actors: found names join the model's, one actor per referent, every mention."""

from extractor.actors import (
    ActorCandidate,
    add_found_bodies,
    add_found_people,
    add_found_states,
    assign_mentions,
    build_actors,
    drop_fragments,
    drop_misread_people,
    merge_actors,
)
from extractor.text.arabic import normalize


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


def _cand(text, name, type_):
    start = text.index(name)
    return ActorCandidate(name=name, type=type_, title=None, start=start, end=start + len(name), forms={name})


def test_found_states_join_fix_and_filter_the_model_answers():
    text = "وقعت مصر والسعودية اتفاقا للتعاون في ليبيا، وأعلنت مصر أنه نافذ."
    norm = normalize(text)
    model = [_cand(text, "السعودية", "person"), _cand(text, "ليبيا", "state"), _cand(text, "مصر والسعودية", "state")]
    out = {(c.name, c.type) for c in add_found_states(text, model, norm)}
    assert out == {("السعودية", "state"), ("مصر", "state")}


def test_found_people_yield_to_the_model_where_they_overlap():
    text = "وقال رئيس الوزراء نجيب ميقاتي مرسوما. وأضاف ميقاتي أن وزير المالية يوسف الخليل سيوقعه."
    norm = normalize(text)
    model = [_cand(text, "نجيب ميقاتي", "person")]
    out = [c.name for c in add_found_people(text, model, norm)]
    assert out == ["نجيب ميقاتي", "يوسف الخليل"]


def test_a_family_name_answered_as_a_group_merges_into_the_person():
    text = "قال الرئيس قيس سعيد إن سعيد لن يتراجع."
    merged = merge_actors([_cand(text, "قيس سعيد", "person"), _cand(text, "سعيد", "government")])
    assert [(m.name, m.type) for m in merged] == [("قيس سعيد", "person")]


def test_a_found_name_trims_a_model_answer_that_runs_into_the_title():
    text = "ورحب ولي عهد الكويت مشعل الأحمد بالاتفاق."
    norm = normalize(text)
    model = [_cand(text, "الكويت مشعل الأحمد", "person")]
    out = add_found_people(text, model, norm)
    assert [(c.name, c.type) for c in out] == [("مشعل الأحمد", "person")]


def test_one_definite_word_of_a_group_name_is_not_a_person():
    text = "وقالت قوات الحماية الشعبية إن الحماية مستمرة."
    cands = [_cand(text, "قوات الحماية الشعبية", "armed_group"), _cand(text, "الحماية", "person")]
    assert [c.name for c in drop_misread_people(cands)] == ["قوات الحماية الشعبية"]


def test_the_united_nations_is_found_by_its_cldr_name():
    text = "ودعت الأمم المتحدة إلى وقف القتال، ورحب الاتحاد الأوروبي بالدعوة."
    out = add_found_bodies(text, [], normalize(text))
    assert {(c.name, c.type) for c in out} == {
        ("الأمم المتحدة", "international_organization"),
        ("الاتحاد الأوروبي", "international_organization"),
    }


def test_a_capital_that_acts_stands_for_its_state():
    text = "وقعت أنقرة والرياض اتفاقا للتعاون في بغداد، وقالت تركيا إن الاتفاق نافذ."
    out = {c.name: c for c in add_found_states(text, [], normalize(text))}
    assert set(out) == {"تركيا", "الرياض"}  # بغداد is the place
    assert "أنقرة" in out["تركيا"].forms  # a mention of the state the article names


def test_a_dateline_city_is_a_place():
    text = "القاهرة - أعلنت الحكومة المصرية نتائج الانتخابات."
    assert add_found_states(text, [], normalize(text)) == []


TEXT = "التقى خليفة حفتر في بنغازي. وقال حفتر إن صدام حفتر سيزور أنقرة، وأكد إبراهيم قالن ذلك."


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
    assert all(text[m.start : m.end] == m.text for m in actors[0].mentions)


def test_duplicates_merge():
    a = ActorCandidate("خليفة حفتر", "person", "المشير", 6, 16, {"خليفة حفتر"})
    b = ActorCandidate("خليفه حفتر", "person", None, 6, 16, {"خليفه حفتر"})
    c = ActorCandidate("حفتر", "person", None, 30, 34, {"حفتر"})
    merged = merge_actors([a, b, c])
    assert len(merged) == 1 and merged[0].title == "المشير"


def test_a_formal_state_name_and_a_capital_are_the_state_and_a_place_capital_is_no_actor():
    text = (
        "أعلنت جمهورية العراق ودولة قطر أن العراق وقطر وقعا في روما اتفاقاً، ورحبت الجمهورية الإسلامية "
        "الإيرانية، وقالت إيران إن موسكو تدعم الاتفاق، وأكدت روسيا ذلك."
    )
    cands = [
        _cand(text, n, "state")
        for n in ("جمهورية العراق", "دولة قطر", "روما", "الجمهورية الإسلامية الإيرانية", "موسكو")
    ]
    out = {c.name: c.forms for c in add_found_states(text, cands, normalize(text))}
    assert set(out) == {"العراق", "قطر", "إيران", "روسيا"}
    assert "جمهورية العراق" in out["العراق"] and "موسكو" in out["روسيا"]


def test_a_government_named_by_the_gentilic_of_an_acting_state_is_that_state():
    from extractor.actors import ActorCandidate, add_named_bodies
    from extractor.text.arabic import normalize

    text = "رحبت تركيا بالاتفاق، وقالت الحكومة التركية إنها ستدعمه، وأعلن الجيش التركي استعداده."
    turkey = ActorCandidate(name="تركيا", type="state", title=None, start=4, end=9, forms={"تركيا"})
    out = add_named_bodies(text, [turkey], normalize(text))
    assert "الحكومة التركية" in turkey.forms  # the government stands for the state
    assert [c.name for c in out[1:]] == ["الجيش التركي"]  # its army is an actor of its own


def test_a_regional_government_named_by_its_region_where_an_agreement_is_stated_is_an_actor():
    from extractor.actors import add_named_bodies

    text = "وأعلنت الحكومة توقيع اتفاق مع إقليم دارفور أمس. وقالت حكومة إقليم دارفور إنها ستلتزم به."
    out = add_named_bodies(text, [], normalize(text))
    assert [(c.name, c.type) for c in out] == [("حكومة إقليم دارفور", "government")]
    assert "إقليم دارفور" in out[0].forms
    # named only outside the sentences that state an agreement: no actor of its own
    text = "ورحبت حكومة إقليم دارفور بالزيارة. وأعلنت الحكومة توقيع اتفاق مع الجيش السوداني."
    assert [c.name for c in add_named_bodies(text, [], normalize(text))] == ["الجيش السوداني"]


def test_a_states_government_named_with_its_gentilic_is_an_actor_wherever_it_is_named():
    from extractor.actors import add_named_bodies

    text = "وقالت الإدارة الأمريكية إنها تدعم المحادثات. ووقعت حركة الشباب اتفاقاً مع الحكومة الاتحادية."
    out = add_named_bodies(text, [], normalize(text))
    # a government with no state named («الحكومة الاتحادية») only where an agreement is stated
    assert [c.name for c in out] == ["الإدارة الأمريكية", "حركة الشباب", "الحكومة الاتحادية"]
    text = "وقالت الإدارة الأمريكية إنها تدعم المحادثات، ورحبت لجنة المتابعة بذلك."
    assert [c.name for c in add_named_bodies(text, [], normalize(text))] == ["الإدارة الأمريكية"]
