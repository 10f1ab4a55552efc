"""Packaging detail that pyproject.toml cannot state: the top-level folders prompts/ and
schemas/ ship inside the package as extractor/assets/prompts and extractor/assets/schemas.

(pyproject.toml takes either a package list or a find rule, not both; the rule keeps new
subpackages in the wheel, the two mapped folders are added to it here.)
"""

from setuptools import find_packages, setup

MAPPED = {"extractor.assets.prompts": "prompts", "extractor.assets.schemas": "schemas"}

setup(
    packages=find_packages(include=["extractor", "extractor.*"]) + list(MAPPED),
    package_dir=MAPPED,
    package_data={
        "extractor.assets.prompts": ["*.jinja", "*.txt"],
        "extractor.assets.schemas": ["*.json"],
        "extractor.assets": ["docs/*"],
        "extractor.review": ["static/*"],  # the review pages' HTML, CSS and scripts
    },
)
