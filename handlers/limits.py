"""The per-user link limit: at most ``max_links`` links per ``window``, sliding.

Counted in the database (``storage/link_limits.py``), so a restart or another replica does not
reset it.
"""

from __future__ import annotations

from storage.link_limits import Allowance
from storage.link_limits import LinkLimits as LinkLimiter

__all__ = ["Allowance", "LinkLimiter"]
