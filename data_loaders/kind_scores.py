"""How well a file's first rows fit each kind, and which kind wins (see kinds.py).

Kept apart from kinds.py, which imports every loader (and with them pandas), so the csv fast
path can ask the same question of a file's head with the same rules.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from data_loaders.headers import HeaderMatcher, missing_fields
from data_loaders.specs import SPECS

KINDS = ("sykefravaer", "avvik", "vernerunde", "vedtak")  # the order kinds are tried in

Rows = Sequence[Sequence[str | None]]


def kind_scores(heads: Iterable[Rows]) -> dict[str, tuple[bool, int]]:
    """Per kind with a header row in one of `heads` (the first rows of each sheet, in order; the
    first that has one counts): (all required columns found, header cells recognised)."""
    heads = list(heads)
    scores: dict[str, tuple[bool, int]] = {}
    for kind in KINDS:
        matcher = HeaderMatcher(None, kind)
        for head in heads:
            h = matcher.header_at(head)
            if h is None:
                continue
            cells = [(c or "").strip() for c in head[h]]
            known = sum(1 for c in cells if matcher.is_known(c))
            complete = not missing_fields(matcher.match(cells).columns, SPECS[kind])
            scores[kind] = (complete, known)
            break
    return scores


def ranked(scores: dict[str, tuple[bool, int]]) -> list[tuple[str, tuple[bool, int]]]:
    """The kinds best first: complete before incomplete, then more cells recognised."""
    return sorted(scores.items(), key=lambda kv: kv[1], reverse=True)


def winner(scores: dict[str, tuple[bool, int]]) -> str | None:
    """The kind that fits best, or None when none fits or two fit equally well."""
    best = ranked(scores)
    if best and (len(best) == 1 or best[0][1] > best[1][1]):
        return best[0][0]
    return None
