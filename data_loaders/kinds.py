"""Which kind of file an upload is (sykefravær, avvik or vernerunder), and its loader.

The first rows of every sheet are read once; each kind's synonym table looks for its header
row there, in the first sheet that has one (the sheet its loader would read). The kind whose
required columns are all found wins, then the one recognising the most header cells. When no
kind finds a header row, or two fit equally well, the file is refused with `unknown_kind`
and the headers found, so the user can say what the file is.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from data_loaders import readers
from data_loaders.batch import Batch, SourceFile
from data_loaders.decisions import load_decisions
from data_loaders.deviations import load_deviations
from data_loaders.headers import HeaderMatcher, missing_fields
from data_loaders.issues import EMPTY_FILE, UNKNOWN_KIND, Issue, LoadError
from data_loaders.safety_rounds import load_safety_rounds
from data_loaders.sick_leave import load_sick_leave
from data_loaders.specs import SPECS
from data_loaders.tables import guess_headers

__all__ = ["LOADERS", "detect_kind", "kind_scores"]

Loader = Callable[[SourceFile, Mapping[str, str] | None], Batch]

LOADERS: dict[str, Loader] = {
    "sykefravaer": load_sick_leave,
    "avvik": load_deviations,
    "vernerunde": load_safety_rounds,
    "vedtak": load_decisions,
}


def kind_scores(tables: list[readers.RawTable]) -> dict[str, tuple[bool, int]]:
    """Per kind with a header row: (all required columns found, header cells recognised)."""
    scores: dict[str, tuple[bool, int]] = {}
    for kind in LOADERS:
        matcher = HeaderMatcher(None, kind)
        for table in tables:
            head = table.head()
            h = matcher.header_at(head)
            if h is None:
                continue
            cells = [(c or "").strip() for c in head[h]]
            known = sum(1 for c in cells if matcher.is_known(c))
            complete = not missing_fields(matcher.match(cells).columns, SPECS[kind])
            scores[kind] = (complete, known)
            break
    return scores


def detect_kind(source: SourceFile) -> str:
    """'sykefravaer', 'avvik' or 'vernerunde'; raises LoadError (unknown_kind) otherwise."""
    tables = readers.head_tables(source.name, source.data)
    scores = kind_scores(tables)
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
        return ranked[0][0]

    filled = [t for t in tables if any(any(c is not None for c in row) for row in t.head())]
    if not filled:
        raise readers.fail(
            source.name, EMPTY_FILE, "Filen er tom: den har ingen celler med innhold."
        )
    found = guess_headers(filled[0])
    shown = ", ".join(f"«{h}»" for h in found) or "ingen"
    titles = [SPECS[k].title for k in SPECS]
    if ranked:  # a tie
        tied = [SPECS[k].title for k, score in ranked if score == ranked[0][1]]
        what = f"Overskriftene passer like godt for {' og '.join(tied)}"
    else:
        what = (
            f"Fant ingen overskriftsrad for {', '.join(titles[:-1])} eller {titles[-1]} "
            f"blant de første {readers.HEAD_ROWS} radene"
        )
    text = (
        f"Vet ikke hva slags fil dette er. {what}. Overskriftene vi fant: {shown}. "
        "Velg hva filen inneholder, og koble kolonnene selv."
    )
    sheet = filled[0].sheet if len(filled) == 1 else None
    raise LoadError((Issue(UNKNOWN_KIND, text, source.name, sheet),), found_headers=found)
