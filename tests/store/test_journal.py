"""The journal is private to its author: search, tip filter, Markdown and CSV export."""

from __future__ import annotations

import csv
import io

import pytest

import candor
from candor.errors import CandorError
from candor.store import PermissionDenied


@pytest.fixture
def entries(store, people):
    check = candor.check("I went through a divorce too.", for_client="yes", fits_goals="unsure").to_dict()
    return [
        store.journal.add(people.maya, "I said I grew up near the sea too.", why="To meet her loneliness.",
                          client_next="She smiled and went on.", learned="Short is enough.", tips=["genuine", "balance"]),
        store.journal.add(people.maya, "I mentioned my divorce.", why="He asked me directly.",
                          learned="Return the focus sooner.", tips=["intention"], check=check),
        store.journal.add(people.maya, "=SUM(A1:A3) I shared a formula joke", tips=[]),
    ]


def test_entries_come_back_newest_first(store, people, entries):
    listed = store.journal.list(people.maya)
    assert [e.id for e in listed] == [e.id for e in entries][::-1]
    divorce = listed[1]
    assert (divorce.why, divorce.tips, divorce.check["schema"]) == ("He asked me directly.", ("intention",), "candor.check/1")


def test_search_matches_any_field_ignoring_case_and_tips_filter(store, people, entries):
    assert [e.id for e in store.journal.list(people.maya, query="LONELINESS")] == [entries[0].id]
    assert [e.id for e in store.journal.list(people.maya, query="focus sooner")] == [entries[1].id]
    assert store.journal.list(people.maya, query="nothing like this") == []
    assert [e.id for e in store.journal.list(people.maya, tip="balance")] == [entries[0].id]
    assert [e.id for e in store.journal.list(people.maya, query="divorce", tip="intention")] == [entries[1].id]
    with pytest.raises(CandorError, match="unknown tip"):
        store.journal.list(people.maya, tip="be_kind")


def test_nobody_else_reads_a_journal_not_even_a_supervisor_or_admin(store, people, entries):
    assert store.journal.list(people.ben) == []  # another clinician: their own, empty journal
    for someone in (people.sue, people.admin):
        with pytest.raises(PermissionDenied):
            store.journal.list(someone)
        with pytest.raises(PermissionDenied):
            store.journal.export_csv(someone)
    with pytest.raises(PermissionDenied):
        store.journal.delete(people.ben, entries[0].id)
    assert len(store.journal.list(people.maya)) == 3


def test_delete_removes_an_entry(store, people, entries):
    store.journal.delete(people.maya, entries[0].id)
    assert [e.id for e in store.journal.list(people.maya)] == [entries[2].id, entries[1].id]


def test_markdown_export(store, people, entries):
    md = store.journal.export_markdown(people.maya)
    assert md.startswith("# My Candor journal")
    assert "**What I shared:** I mentioned my divorce." in md
    assert "Tips: Be genuine, Don't make it all about the client" in md
    assert md.index("formula joke") < md.index("divorce") < md.index("near the sea")


def test_csv_export_opens_safely_in_a_spreadsheet(store, people, entries):
    rows = list(csv.DictReader(io.StringIO(store.journal.export_csv(people.maya))))
    assert [r["shared"] for r in rows][1:] == ["I mentioned my divorce.", "I said I grew up near the sea too."]
    assert rows[0]["shared"] == "'=SUM(A1:A3) I shared a formula joke"  # never run as a formula
    assert rows[2]["tips"] == "genuine;balance" and rows[1]["check_verdict"]


def test_an_entry_needs_what_was_shared(store, people):
    with pytest.raises(CandorError, match="what you shared"):
        store.journal.add(people.maya, "   ")


def test_journal_audit_entries_hold_no_text(store, people, entries):
    store.journal.export_markdown(people.maya)
    log = store.audit.list(people.admin)
    mine = [e for e in log if e.object_type.startswith("journal")]
    assert {e.action for e in mine} == {"add", "export"}
    assert not any(word in e.detail for e in log for word in ("divorce", "sea", "loneliness"))
