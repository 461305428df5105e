"""SPOT ON verdict pipeline: ingest → text → nlp → coding → store/review → train."""

__version__ = "0.1.0"
