"""Reading the model's answers."""

from extractor.llm.answers import parse_json


def test_parse_json_salvages_a_cut_list():
    cut = '{"actors":[{"name":"أ","type":"state","title":null},{"name":"ب","type":"st'
    assert parse_json(cut) == {"actors": [{"name": "أ", "type": "state", "title": None}]}
    assert parse_json("garbage") == {}
