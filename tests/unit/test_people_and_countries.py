"""The finders that read actors straight from the text: people by their titles, countries by
their CLDR names. The sentences are written for these tests."""

from extractor.text.arabic import normalize
from extractor.finders.countries import acting_countries, country_names, find_countries
from extractor.finders.people import find_people
from extractor.resolver import (ActorCandidate, add_found_bodies, add_found_people, add_found_states,
                                drop_misread_people, merge_actors)


def names(text):
    return [text[s:e] for s, e in find_people(text)]


def test_name_after_its_title():
    text = "وقال وزير الخارجية الأردني أيمن الصفدي في مؤتمر صحفي إن المحادثات مستمرة."
    assert names(text) == ["أيمن الصفدي"]


def test_name_before_a_title_behind_a_comma():
    text = "وأكدت نجلاء المنقوش، وزيرة الخارجية الليبية، أن الحوار هو الطريق الوحيد."
    assert names(text) == ["نجلاء المنقوش"]


def test_led_by_and_honorifics():
    text = "تقدمت القوات بقيادة العميد سالم جحا نحو المدينة."
    assert names(text) == ["سالم جحا"]


def test_particles_belong_to_the_name():
    text = "واستقبل ولي العهد الأمير محمد بن سلمان الوفد في الرياض."
    assert names(text) == ["محمد بن سلمان"]


def test_a_title_without_a_name_gives_nothing():
    text = "وقال المتحدث باسم الوزارة إن الاجتماع انتهى دون نتائج، وأضاف رئيس الوفد أن الحوار سيستأنف."
    assert names(text) == []


def test_a_name_does_not_run_on_into_the_object():
    # VSO: the verb's object follows the name; «ميقاتي» alone later marks the end of the name
    text = "ووقع رئيس الوزراء نجيب ميقاتي مرسوما جديدا. وأوضح ميقاتي أن المرسوم نافذ."
    assert names(text) == ["نجيب ميقاتي"]


def test_conjunction_is_not_part_of_the_name():
    text = "اجتمع الرئيس التونسي قيس سعيد ورئيسة الحكومة نجلاء بودن في قصر قرطاج."
    assert names(text) == ["قيس سعيد", "نجلاء بودن"]


def test_country_names_come_from_cldr():
    assert {"تركيا", "المملكة العربية السعودية", "جنوب السودان", "السعودية"} <= set(country_names())
    text = "وصل الوفد إلى جنوب السودان قادما من السودان، ومسؤولًا تركيًا."
    assert [name for name, _ in find_countries(text)] == ["جنوب السودان", "السودان"]


def test_a_country_named_only_as_a_place_or_in_a_title_does_not_act():
    text = ("وقعت تركيا وقطر اتفاقا في ليبيا، وقال وزير خارجية الأردن إن الأردن يرحب به. "
            "وتعهدت تركيا بدعم الاتفاق في ليبيا.")
    acting = [name for name, _ in acting_countries(text, in_title=lambda w: w in {"خارجيه"})]
    assert acting == ["تركيا", "قطر", "الأردن"]
    assert "ليبيا" not in acting


def _cand(text, name, type_):
    start = text.index(name)
    return ActorCandidate(name=name, type=type_, title=None, start=start, end=start + len(name), forms={name})


def test_found_states_join_fix_and_filter_the_model_answers():
    text = "وقعت مصر والسعودية اتفاقا للتعاون في ليبيا، وأعلنت مصر أنه نافذ."
    norm = normalize(text)
    model = [_cand(text, "السعودية", "person"), _cand(text, "ليبيا", "state"),
             _cand(text, "مصر والسعودية", "state")]
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
    assert {(c.name, c.type) for c in out} == {("الأمم المتحدة", "international_organization"),
                                              ("الاتحاد الأوروبي", "international_organization")}


def test_a_capital_that_acts_stands_for_its_state():
    text = "وقعت أنقرة والرياض اتفاقا للتعاون في بغداد، وقالت تركيا إن الاتفاق نافذ."
    out = {c.name: c for c in add_found_states(text, [], normalize(text))}
    assert set(out) == {"تركيا", "الرياض"}  # بغداد is the place
    assert "أنقرة" in out["تركيا"].forms  # a mention of the state the article names


def test_a_dateline_city_is_a_place():
    text = "القاهرة - أعلنت الحكومة المصرية نتائج الانتخابات."
    assert add_found_states(text, [], normalize(text)) == []
