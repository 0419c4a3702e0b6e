"""README, CI and code must not drift apart: test command, CLI commands, header synonyms."""

import csv
import re
from pathlib import Path

import pytest

from cli import parser

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def code_blocks(text: str) -> list[str]:
    return [b.strip() for b in re.findall(r"```\n(.*?)```", text, flags=re.S)]


def test_ci_runs_the_readme_test_command():
    blocks = code_blocks(README)
    test_cmds = [b for b in blocks if "dev.py test" in b]
    assert test_cmds == ["python3 dev.py test"]
    ci = (ROOT / ".ci" / "run").read_text()
    assert test_cmds[0] in [line.strip() for line in ci.splitlines()]


def test_readme_gives_the_start_command():
    assert "python3 dev.py start" in code_blocks(README)


def test_every_cli_command_and_flag_is_documented():
    sub = next(a for a in parser()._actions if a.dest == "command")
    for name, sp in sub.choices.items():
        line = next(
            (ln for ln in README.splitlines() if ln.startswith(f"python cli.py {name}")), None
        )
        assert line is not None, f"cli.py {name} is not in README"
        for action in sp._actions:
            for flag in action.option_strings:
                if flag.startswith("--") and flag != "--help":
                    assert flag in line, f"{flag} of cli.py {name} is not in README"


@pytest.mark.parametrize("name", ["sick_leave", "avvik", "vernerunde", "vedtak"])
def test_readme_header_tables_are_the_column_maps(name):
    with open(ROOT / "data_loaders" / "column_maps" / f"{name}.csv", encoding="utf-8") as f:
        mapped: dict[str, list[str]] = {}
        for r in csv.DictReader(f):
            mapped.setdefault(r["field"], []).append(r["header"])
    after = README.split(f"`data_loaders/column_maps/{name}.csv`", 1)[1]
    table = after.split("| felt | godtatte overskrifter |", 1)[1].split("\n\n", 1)[0]
    documented = {
        m[1]: [h.strip() for h in m[2].split(",")]
        for m in re.finditer(r"^\| ([a-z_]+) \| (.+) \|$", table, flags=re.M)
    }
    assert documented == mapped
