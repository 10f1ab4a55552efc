"""Countries from CLDR's Arabic names, and when a country acts (sentences written for these tests)."""

from extractor.finders.countries import acting_countries, country_names, find_countries


def test_country_names_come_from_cldr():
    assert {"تركيا", "المملكة العربية السعودية", "جنوب السودان", "السعودية"} <= set(country_names())
    text = "وصل الوفد إلى جنوب السودان قادما من السودان، ومسؤولًا تركيًا."
    assert [name for name, _ in find_countries(text)] == ["جنوب السودان", "السودان"]


def test_a_country_named_only_as_a_place_or_in_a_title_does_not_act():
    text = (
        "وقعت تركيا وقطر اتفاقا في ليبيا، وقال وزير خارجية الأردن إن الأردن يرحب به. "
        "وتعهدت تركيا بدعم الاتفاق في ليبيا."
    )
    acting = [name for name, _ in acting_countries(text, in_title=lambda w: w in {"خارجيه"})]
    assert acting == ["تركيا", "قطر", "الأردن"]
    assert "ليبيا" not in acting
