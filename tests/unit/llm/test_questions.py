"""The questions put to the model."""


def test_every_actor_pass_has_a_template_and_known_types():
    from typing import get_args

    from extractor.config import PROMPTS_DIR
    from extractor.contract import ActorType
    from extractor.llm.questions import ACTOR_QUESTIONS, AGREEMENTS

    for q in [*ACTOR_QUESTIONS.values(), AGREEMENTS]:
        assert (PROMPTS_DIR / f"{q.template}.jinja").is_file()
        assert q.types is None or set(q.types) <= set(get_args(ActorType))
