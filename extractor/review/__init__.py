"""Review pages: see the extraction on the article (served page, static batch report, evaluation view)."""
