"""Arabic news structured extraction: actors, agreements and dates, grounded in the text."""

__version__ = "0.1.0"
