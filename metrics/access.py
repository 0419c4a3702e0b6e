"""Who may see and do what, where: roles, the pages each role may open, the actions each may
take, and the units a user's grants cover. Deny by default: a page or an action not listed for
one of the user's roles is not allowed.

Suppression is computed on the whole organisation before anything is filtered, so the scope
only decides which rows a user gets, never which figures are hidden.
"""

from __future__ import annotations

from dataclasses import dataclass

from store import Database
from store.org import parent_map
from store.users import grants

WHOLE = 0  # a grant over unit 0 covers the whole organisation, units added later included
PANELS = ("oversikt", "sykefravaer", "avvik", "vernerunder", "metode")
PAGES = {
    "radgiver": (*PANELS, "moter", "motevisning", "vedtak", "arshjul", "utvalg", "arsrapport",
                 "saksliste", "importer", "innstillinger"),
    "amu": (*PANELS, "motevisning", "vedtak", "arshjul"),
    "leder": (*PANELS, "arsrapport"),
    "admin": ("brukere", "revisjon"),
}  # fmt: skip
ACTIONS = {
    "radgiver": {"import", "settings", "meetings", "decide", "follow_up", "comment", "export",
                 "free_text", "plan"},
    "amu": {"comment"},
    "leder": {"export"},
    "admin": {"users", "audit"},
}  # fmt: skip


READ_ACTIONS = {"export", "audit"}  # what a read-only database still allows
WRITE_PAGES = {"importer", "innstillinger", "utvalg", "moter", "brukere"}  # pages for changing


@dataclass(frozen=True)
class Access:
    """A signed-in user's rights: roles, and for each role the units it covers."""

    username: str
    display_name: str
    units_by_role: tuple[tuple[str, frozenset[int]], ...]  # (role, covered unit ids)
    read_only: bool = False  # the database is open read-only: look, export, but change nothing

    @property
    def roles(self) -> tuple[str, ...]:
        return tuple(r for r, _ in self.units_by_role)

    @property
    def units(self) -> frozenset[int]:
        """Every unit any grant covers."""
        found: set[int] = set()
        for _, covered in self.units_by_role:
            found |= covered
        return frozenset(found)

    def units_for(self, action: str) -> frozenset[int]:
        """The units where the user may take `action` (empty: nowhere)."""
        found: set[int] = set()
        for role, covered in self.units_by_role:
            if action in ACTIONS[role]:
                found |= covered
        return frozenset(found)

    def may(self, action: str) -> bool:
        if self.read_only and action not in READ_ACTIONS:
            return False
        return any(action in ACTIONS[r] for r in self.roles)

    def may_open(self, page: str) -> bool:
        if self.read_only and page in WRITE_PAGES:
            return False
        return any(page in PAGES[r] for r in self.roles)

    @property
    def scope_key(self) -> str:
        """A stable text naming the units covered: part of every cache key."""
        return f"{self.username}:" + ",".join(map(str, sorted(self.units)))


def subtree(parent_of: dict[int, int | None], root: int) -> frozenset[int]:
    """`root` and every unit below it."""
    children: dict[int, list[int]] = {}
    for unit, parent in parent_of.items():
        if parent is not None:
            children.setdefault(parent, []).append(unit)
    found, stack = {root}, [root]
    while stack:
        for child in children.get(stack.pop(), ()):
            if child not in found:
                found.add(child)
                stack.append(child)
    return frozenset(found)


def access_for(db: Database, username: str, display_name: str | None = None) -> Access | None:
    """The rights of an active user from their grants; None when they have none (deny)."""
    pairs = grants(db, username)
    if not pairs:
        return None
    parent_of = parent_map(db)
    by_role: dict[str, set[int]] = {}
    for role, unit in pairs:
        covered = frozenset(parent_of) if unit == WHOLE else subtree(parent_of, unit)
        by_role.setdefault(role, set()).update(covered)
    return Access(
        username=username,
        display_name=display_name or username,
        units_by_role=tuple((r, frozenset(u)) for r, u in sorted(by_role.items())),
    )


def everything(db: Database, username: str, roles: tuple[str, ...]) -> Access:
    """Rights over the whole organisation (the bundled demo's signed-in advisor)."""
    units = frozenset(parent_map(db))
    return Access(username, username, tuple((r, units) for r in roles))
