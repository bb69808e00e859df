"""newskb: a read-only news-and-claims knowledge base built from transcripts."""

__version__ = "0.1.0"
