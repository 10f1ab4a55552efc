"""The wheel, installed into a fresh virtual environment, runs from another directory: its prompt
templates, schema and docs assets come from the installed package, not from a source tree."""

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile

from extractor.contract import ArticleExtraction, grounding_errors

from .conftest import ROOT, cli_env

SHIPPED = [
    "extractor/assets/prompts/actors.jinja",
    "extractor/assets/prompts/system.txt",
    "extractor/assets/schemas/article_extraction.schema.json",
    "extractor/assets/docs/swagger-ui-bundle.js",
    "extractor/assets/docs/LICENSE",
    "extractor/review/static/index.html",
    "extractor/review/static/review.js",
]


def test_wheel_installs_and_runs_from_elsewhere(tmp_path, tiny_model_dir, seed_texts):
    # build from a copy of the sources (no network: the build uses this environment's setuptools)
    src = tmp_path / "src"
    src.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    for name in ("extractor", "prompts", "schemas"):
        shutil.copytree(ROOT / name, src / name, ignore=ignore)
    for name in ("pyproject.toml", "setup.py", "README.md"):
        shutil.copy2(ROOT / name, src / name)
    dist = tmp_path / "dist"
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "-q",
            "-w",
            str(dist),
            str(src),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert build.returncode == 0, build.stderr[-3000:]
    (wheel,) = dist.glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert set(SHIPPED) <= names, sorted(n for n in names if "assets" in n)

    # a fresh environment; the heavy dependencies come from this one through a .pth path entry
    # (a path entry only: this environment's own .pth hooks, the editable install among them, do not run)
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    py = venv / "bin" / "python"
    site = subprocess.run(
        [str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    deps = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (venv / site.split(str(venv) + "/", 1)[1] / "deps.pth").write_text("\n".join(sorted(deps)) + "\n")
    install = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(py), "install", "--no-deps", "--no-index", "-q", str(wheel)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert install.returncode == 0, install.stderr[-3000:]

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    seed = elsewhere / "article.txt"
    seed.write_text(seed_texts["002_6fd764c35ada21fe"], encoding="utf-8")
    env = cli_env()
    env.pop("PYTHONPATH", None)  # nothing from the source tree
    where = subprocess.run(
        [
            str(py),
            "-c",
            "import json, extractor, extractor.config as c; print(json.dumps("
            "[extractor.__file__, str(c.PROMPTS_DIR), str(c.SCHEMAS_DIR), str(c.DOCS_ASSETS_DIR)]))",
        ],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert where.returncode == 0, where.stderr
    for path in json.loads(where.stdout):
        assert path.startswith(str(venv)), path

    proc = subprocess.run(
        [
            str(venv / "bin" / "extractor"),
            "extract",
            "article.txt",
            "--published",
            "2020-07-23",
            "--model",
            str(tiny_model_dir),
        ],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    result = ArticleExtraction.model_validate_json(proc.stdout)
    assert grounding_errors(result, seed.read_text(encoding="utf-8")) == []
    check = subprocess.run(
        [str(venv / "bin" / "extractor"), "schema", "--check"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert check.returncode == 0, check.stderr  # the shipped schema matches the code
    assert os.listdir(elsewhere) == ["article.txt"]  # nothing written beside the user's file
