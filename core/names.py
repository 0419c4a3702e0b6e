"""Names made safe for files: Norwegian letters spelled out in ASCII, one dash between words."""

from __future__ import annotations

import re
import unicodedata


def ascii_slug(text: str, empty: str = "uten-navn") -> str:
    """'AMU Helse og omsorg' -> 'amu-helse-og-omsorg'; æ/ø/å as ae/o/a."""
    slug = (text or "").lower()
    for src, dst in (("æ", "ae"), ("ø", "o"), ("å", "a")):
        slug = slug.replace(src, dst)
    slug = unicodedata.normalize("NFKD", slug).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", slug).strip("-") or empty
