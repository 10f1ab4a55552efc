"""Every setting is validated; a bad one is named in one line with the form it takes."""

import pytest
from pydantic import ValidationError

from extractor.config import Settings, describe_settings_error


def _error_for(monkeypatch, **env) -> str:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ValidationError) as info:
        Settings()
    return describe_settings_error(info.value)


@pytest.mark.parametrize(
    "name,value,expected",
    [
        ("EXTRACTOR_CONTEXT_TOKENS", "-5", "a whole number at least 256"),
        ("EXTRACTOR_CONTEXT_TOKENS", "lots", "a whole number at least 256"),
        ("EXTRACTOR_THREADS", "-1", "a whole number at least 0"),
        ("EXTRACTOR_WORKERS", "0", "a whole number at least 1"),
        ("EXTRACTOR_QUEUE_SIZE", "-3", "a whole number at least 0"),
        ("EXTRACTOR_PORT", "70000", "a whole number at least 1 and at most 65535"),
        ("EXTRACTOR_MAX_BODY_BYTES", "10", "a whole number at least 1024"),
        ("EXTRACTOR_MAX_TEXT_CHARS", "0", "a whole number at least 1"),
        ("EXTRACTOR_REQUEST_TIMEOUT_S", "0", "a number above 0"),
        ("EXTRACTOR_SHUTDOWN_GRACE_S", "-1", "a number at least 0"),
        ("EXTRACTOR_DEVICE", "gpu", "one of auto, cpu, cuda"),
        ("EXTRACTOR_ENGINE", "vllm", "one of auto, transformers, llamacpp"),
        ("EXTRACTOR_OFFLINE", "perhaps", "true or false"),
        (
            "EXTRACTOR_ACTOR_PASSES",
            "people,nobody",
            "a comma-separated list (or a JSON list) of: actors, people, groups",
        ),
        ("EXTRACTOR_ACTOR_PASSES", "[people", "a comma-separated list (or a JSON list)"),
        ("EXTRACTOR_ACTOR_PASSES", "", "a comma-separated list (or a JSON list)"),
        ("EXTRACTOR_MODEL", "", "a non-empty text"),
    ],
)
def test_bad_value_is_one_line_naming_the_setting_and_its_form(monkeypatch, name, value, expected):
    message = _error_for(monkeypatch, **{name: value})
    assert "\n" not in message
    assert message.startswith(f"bad setting: {name}")
    assert expected in message
    assert "{" not in message and "[{" not in message  # no Python repr of error lists


def test_several_bad_values_are_all_named(monkeypatch):
    message = _error_for(monkeypatch, EXTRACTOR_WORKERS="0", EXTRACTOR_DTYPE="int4")
    assert "EXTRACTOR_WORKERS" in message and "EXTRACTOR_DTYPE" in message and "\n" not in message


def test_bounds_that_must_agree(monkeypatch):
    message = _error_for(monkeypatch, EXTRACTOR_MIN_ACTORS="9", EXTRACTOR_MAX_ACTORS="3")
    assert "EXTRACTOR_MIN_ACTORS (9) must not exceed EXTRACTOR_MAX_ACTORS (3)" in message


def test_api_key_is_never_echoed(monkeypatch):
    monkeypatch.setenv("EXTRACTOR_API_KEY", "s3cret")
    monkeypatch.setenv("EXTRACTOR_WORKERS", "0")
    with pytest.raises(ValidationError) as info:
        Settings()
    assert "s3cret" not in describe_settings_error(info.value)


@pytest.mark.parametrize(
    "value,passes",
    [
        ("people", ("people",)),
        ("people,groups", ("people", "groups")),
        (" actors , people ", ("actors", "people")),
        ('["people", "groups"]', ("people", "groups")),
    ],
)
def test_lists_take_commas_or_json(monkeypatch, value, passes):
    monkeypatch.setenv("EXTRACTOR_ACTOR_PASSES", value)
    assert Settings().actor_passes == passes


def test_defaults_are_valid():
    settings = Settings()
    assert settings.shutdown_grace_s == 30 and settings.actor_passes == ("actors",)
