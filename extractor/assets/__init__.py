"""Files the package needs at run time, shipped inside it.

In the repository the prompt templates and the exported schema stay in the top-level folders
``prompts/`` and ``schemas/``; the build maps them to ``extractor/assets/prompts`` and
``extractor/assets/schemas`` (``setup.py``). ``docs/`` holds the Swagger UI files that the
``/docs`` page loads (vendored by ``scripts/vendor_docs_assets.sh``).
"""
