"""What a user meets first: bad settings and unreachable models, reported in one clear line."""

import socket
import subprocess

import pytest

from .conftest import ROOT, cli_env, extractor_cmd


def run(*args, stdin="نص", **env):
    return subprocess.run(
        extractor_cmd(*args), cwd=ROOT, env=cli_env(**env), input=stdin, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize(
    "name,value,says",
    [
        ("EXTRACTOR_CONTEXT_TOKENS", "-5", "EXTRACTOR_CONTEXT_TOKENS (got '-5') must be a whole number at least 256"),
        ("EXTRACTOR_ACTOR_PASSES", "people,everyone", "EXTRACTOR_ACTOR_PASSES"),
        ("EXTRACTOR_WORKERS", "many", "EXTRACTOR_WORKERS (got 'many') must be a whole number at least 1"),
    ],
)
@pytest.mark.parametrize("command", [("schema", "--check"), ("extract", "-"), ("serve",)])
def test_bad_setting_is_one_line_before_any_work(name, value, says, command):
    proc = run(*command, **{name: value})
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: bad setting: ") and says in lines[0], proc.stderr


def test_comma_separated_list_setting_works(tiny_model_dir):
    proc = run(
        "extract",
        "-",
        "--model",
        str(tiny_model_dir),
        stdin="وقعت تركيا وليبيا مذكرة تفاهم أمس.",
        EXTRACTOR_ACTOR_PASSES="people,groups",
    )
    assert proc.returncode == 0, proc.stderr


def test_unreachable_hub_fails_with_a_clear_message(tmp_path):
    with socket.socket() as s:  # a port nothing listens on: the hub is unreachable
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = run(
        "extract",
        "-",
        "--model",
        "made-up-org/no-such-model-9f3e",
        HF_ENDPOINT=f"http://127.0.0.1:{port}",
        HF_HOME=str(tmp_path / "hf"),
    )
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert "made-up-org/no-such-model-9f3e is not in the local Hugging Face cache" in lines[0]
    assert f"the hub (http://127.0.0.1:{port}) cannot be reached" in lines[0]


def test_offline_setting_fails_without_asking_the_hub(tmp_path):
    proc = run(
        "extract",
        "-",
        "--model",
        "made-up-org/no-such-model-9f3e",
        EXTRACTOR_OFFLINE="true",
        HF_ENDPOINT="http://127.0.0.1:9",
        HF_HOME=str(tmp_path / "hf"),
    )
    assert proc.returncode == 2 and "EXTRACTOR_OFFLINE" in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


def test_article_that_is_not_utf8_is_a_clear_error(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes("نص".encode("cp1256"))
    proc = run("extract", str(path))
    assert proc.returncode == 2 and f"{path} is not valid UTF-8 (byte 0xe4 at byte 0)" in proc.stderr
