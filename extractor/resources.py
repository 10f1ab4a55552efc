"""Where the package's runtime files are: found through the package, never the working directory.

An installed wheel carries them as package data in ``extractor/assets/<name>``. A source
checkout (run in place or installed editable) keeps prompt templates and the schema in the
top-level folders of the repository, next to the package, so each checkout reads its own.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def data_folder(name: str) -> Path:
    shipped = Path(str(files("extractor.assets").joinpath(name)))
    if shipped.is_dir():
        return shipped
    # a checkout: the repository's top-level folder beside the package
    return Path(__file__).resolve().parent.parent / name
