from extractor.config import Settings
from extractor.llm.engines import pick_engine
from extractor.llm.engines.base import repeats_itself
from extractor.models.sources import resolve

# one character per token keeps the examples readable


# one character per token keeps the examples readable
TOKENS = {ch: i for i, ch in enumerate('{}[]," :abcdefghijklmnopqrstuvwxyz')}


def ids(text: str) -> list[int]:
    return [TOKENS[ch] for ch in text]


def detok(tokens: list[int]) -> str:
    inverse = {i: ch for ch, i in TOKENS.items()}
    return "".join(inverse[t] for t in tokens)


def test_a_whole_item_written_twice_is_a_loop():
    assert repeats_itself(ids('[{"n":"abc"},{"n":"xyz"},{"n":"xyz"},'), detok)
    # the run may start anywhere in the item: a rotation of the item repeated is the same loop
    assert repeats_itself(ids('[{"n":"abc"},{"n":"xyz"},{"n":"xyz"},{"n'), detok)


def test_other_repetitions_are_not_loops():
    assert not repeats_itself(ids('[{"n":"abc"},{"n":"xyz"},{"n":"xyw"},'), detok)
    assert not repeats_itself(ids('{"m":["abcdefg","abcdefg",'), detok)  # inside one item: schema-bounded
    assert not repeats_itself(ids("aaaaa"), detok)


def test_folders_go_to_transformers_gguf_on_cpu_to_llamacpp(tiny_model_dir):
    folder = resolve(str(tiny_model_dir), Settings().cache_dir)
    assert pick_engine(Settings(), folder) == "transformers"
    assert pick_engine(Settings(engine="llamacpp"), folder) == "llamacpp"
