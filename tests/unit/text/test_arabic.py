from extractor.text.arabic import find_all, fold, locate, normalize


def spans(text, query):
    return [text[s:e] for s, e in find_all(text, query)]


def test_normalize_keeps_offsets_back_to_original():
    text = "قالَ الرئيـــسُ"
    norm = normalize(text)
    assert norm.text == "قال الرئيس"
    s, e = norm.original_span(4, len(norm.text))
    assert text[s:e].startswith("الرئي")


def test_diacritics_and_tatweel_match():
    text = "وصل الرئيـسُ أردوغانُ إلى أنقرة"
    assert spans(text, "الرئيس أردوغان") == ["الرئيـسُ أردوغان"]


def test_alef_yeh_teh_marbuta_variants_match():
    text = "قال ابراهيم قالن إن الحكومه وافقت على المبادرة مع مصطفى"
    assert spans(text, "إبراهيم قالن") == ["ابراهيم قالن"]
    assert spans(text, "الحكومة") == ["الحكومه"]
    assert spans(text, "مصطفي") == ["مصطفى"]


def test_attached_clitics_stay_outside_the_span():
    text = "واجتمع وبحفتر ثم لحفتر وحفتر"
    assert spans(text, "حفتر") == ["حفتر", "حفتر", "حفتر"]


def test_lil_clitic_keeps_the_letters_when_no_clean_form_exists():
    text = "وجه رسالة للأمم المتحدة أمس"
    assert spans(text, "الأمم المتحدة") == ["للأمم المتحدة"]


def test_whole_words_only():
    text = "التركية تركيا"
    assert spans(text, "تركي") == []


def test_repeated_names_are_all_found_with_exact_offsets():
    text = "خليفة حفتر قال. ثم قال حفتر، وأكد خليفة حفتر"
    hits = find_all(text, "خليفة حفتر")
    assert len(hits) == 2
    assert all(text[s:e] == "خليفة حفتر" for s, e in hits)


def test_locate_prefers_verbatim_occurrence():
    text = "الحكومه ثم الحكومة"
    s, e = locate(text, "الحكومة")
    assert text[s:e] == "الحكومة"


def test_fold_is_idempotent():
    assert fold(fold("إِبراهيم")) == fold("إِبراهيم") == "ابراهيم"
