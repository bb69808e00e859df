"""The incremental validator's public face: `findings` and where its cache lives.

The work is done by the generic engine over rule scopes (engine.py), its
groups (groups.py) and its cache (findings_cache.py); this module keeps the
names the command line, the build and older callers import.
"""

from __future__ import annotations

from .engine import Outcome, findings
from .findings_cache import INDEX_FILE, cache_root

__all__ = ["INDEX_FILE", "Outcome", "cache_root", "findings"]
