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
from data_loaders.issues import EMPTY_FILE, UNKNOWN_KIND, Issue, LoadError
from data_loaders.kind_scores import KINDS, kind_scores, ranked, winner
from data_loaders.safety_rounds import load_safety_rounds
from data_loaders.sick_leave import load_sick_leave
from data_loaders.specs import SPECS
from data_loaders.tables import guess_headers

__all__ = ["LOADERS", "detect_kind", "kind_scores"]

Loader = Callable[[SourceFile, Mapping[str, str] | None], Batch]

_LOAD = {
    "sykefravaer": load_sick_leave,
    "avvik": load_deviations,
    "vernerunde": load_safety_rounds,
    "vedtak": load_decisions,
}
LOADERS: dict[str, Loader] = {kind: _LOAD[kind] for kind in KINDS}  # kind_scores' order


def detect_kind(source: SourceFile) -> str:
    """'sykefravaer', 'avvik' or 'vernerunde'; raises LoadError (unknown_kind) otherwise."""
    tables = readers.head_tables(source.name, source.data)
    scores = kind_scores(t.head() for t in tables)
    if (kind := winner(scores)) is not None:
        return kind
    best = ranked(scores)

    filled = [t for t in tables if any(any(c is not None for c in row) for row in t.head())]
    if not filled:
        raise readers.fail(
            source.name, EMPTY_FILE, "Filen er tom: den har ingen celler med innhold."
        )
    found = guess_headers(filled[0])
    shown = ", ".join(f"«{h}»" for h in found) or "ingen"
    titles = [SPECS[k].title for k in SPECS]
    if best:  # a tie
        tied = [SPECS[k].title for k, score in best if score == best[0][1]]
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
