"""The data files knowledge lives in: one header per file, no duplicate rows, types from the controlled
list, and every lexicon read by the one loader (resources.terms)."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from graphkit.knowledge.orgtypes import ORG_TYPES
from graphkit.resources import data_dir

LEXICONS = sorted((data_dir() / "lexicons").glob("*.csv"))
TABLES = LEXICONS + sorted((data_dir() / "gazetteers").glob("*.csv"))
SOURCE = Path(__file__).resolve().parent.parent / "graphkit"


def _rows(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    return header, rows


@pytest.mark.parametrize("path", TABLES, ids=lambda p: p.name)
def test_one_header_and_no_duplicate_rows(path):
    header, rows = _rows(path)
    assert header and all(header), f"{path.name}: an empty column name"
    assert header not in rows, f"{path.name}: the header line repeats"
    keys = [tuple(cell.strip().casefold() for cell in row) for row in rows]
    duplicates = sorted({k for k in keys if keys.count(k) > 1})
    assert not duplicates, f"{path.name}: duplicate rows {duplicates[:3]}"
    assert all(len(row) == len(header) for row in rows), f"{path.name}: a row with the wrong number of cells"


@pytest.mark.parametrize("path", LEXICONS, ids=lambda p: p.name)
def test_every_lexicon_has_a_term_column_of_non_empty_terms(path):
    header, rows = _rows(path)
    code = "\n".join(p.read_text(encoding="utf-8") for p in SOURCE.rglob("*.py"))
    if f'read_rows("lexicons/{path.name}")' not in code:  # a table read by its own column names is no term list
        assert header[0] == "term"
    assert all(row[0].strip() for row in rows)


@pytest.mark.parametrize("path", LEXICONS, ids=lambda p: p.name)
def test_every_lexicon_is_read_by_the_code(path):
    code = "\n".join(p.read_text(encoding="utf-8") for p in SOURCE.rglob("*.py"))
    name = path.stem
    assert re.search(rf"""(?:lexicon|terms)\(["']{name}["']\)|["']lexicons/{name}\.csv["']""", code), name


@pytest.mark.parametrize("path", [p for p in TABLES if "type" in _rows(p)[0]], ids=lambda p: p.name)
def test_organisation_types_are_from_the_controlled_list(path):
    header, rows = _rows(path)
    column = header.index("type")
    assert {row[column] for row in rows if row[column]} <= set(ORG_TYPES)


def test_the_header_word_is_no_entry():
    """'In the long term, …' is no public-figure cue and 'term' no job title (the header once repeated)."""
    from graphkit.resources import lexicon

    assert "term" not in lexicon("public_cues") and "term" not in lexicon("job_titles")
