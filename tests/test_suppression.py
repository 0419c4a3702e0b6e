"""Suppression rule on its own: primary, secondary, chains, determinism."""

from metrics.suppression import PRIMARY, SECONDARY, Relation, suppress


def test_primary_below_threshold_only():
    hidden = suppress({"a": 4, "b": 5, "c": 4.99}, [], 5)
    assert hidden == {"a": PRIMARY, "c": PRIMARY}


def test_one_hidden_child_hides_the_next_smallest_sibling():
    persons = {"S": 43, "a": 3, "b": 12, "c": 8, "d": 20}
    hidden = suppress(persons, [Relation("S", ("a", "b", "c", "d"))], 5)
    assert hidden == {"a": PRIMARY, "c": SECONDARY}


def test_two_hidden_children_need_nothing_more():
    persons = {"S": 37, "a": 3, "b": 4, "c": 30}
    assert suppress(persons, [Relation("S", ("a", "b", "c"))], 5) == {"a": PRIMARY, "b": PRIMARY}


def test_chain_goes_on_when_the_secondary_cell_is_alone_in_its_own_relation():
    # V = S1 + S2 + S3; S1 (4 persons) is hidden, so the smallest sector S2 is hidden too;
    # S2 = x + y would then give S2 back from its visible children, so x (smaller) goes as well.
    persons = {"V": 124, "S1": 4, "S2": 50, "S3": 70, "e1": 4, "x": 20, "y": 30, "z": 70}
    relations = [
        Relation("V", ("S1", "S2", "S3")),
        Relation("S1", ("e1",)),
        Relation("S2", ("x", "y")),
        Relation("S3", ("z",)),
    ]
    hidden = suppress(persons, relations, 5)
    assert hidden == {"S1": PRIMARY, "e1": PRIMARY, "S2": SECONDARY, "x": SECONDARY}
    for rel in relations:  # no relation is left with exactly one unknown
        assert sum(c in hidden for c in rel.cells) != 1


def test_single_child_equal_to_its_visible_parent_is_protected():
    # Parent visible (mixed granularity can make it larger), its only child hidden: hide parent.
    hidden = suppress({"P": 6, "c": 4}, [Relation("P", ("c",))], 5)
    assert hidden == {"c": PRIMARY, "P": SECONDARY}


def test_ties_are_broken_deterministically():
    persons = {"S": 40, "a": 2, "b": 10, "c": 10, "d": 18}
    runs = {
        tuple(sorted(suppress(persons, [Relation("S", ("d", "c", "b", "a"))], 5).items()))
        for _ in range(5)
    }
    assert runs == {(("a", PRIMARY), ("b", SECONDARY))}


def test_higher_threshold_hides_more():
    persons = {"S": 40, "a": 6, "b": 9, "c": 25}
    assert suppress(persons, [Relation("S", ("a", "b", "c"))], 5) == {}
    assert suppress(persons, [Relation("S", ("a", "b", "c"))], 10) == {"a": PRIMARY, "b": PRIMARY}
