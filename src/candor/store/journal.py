"""The clinician's private journal: readable by its author alone, never by supervisors or admins.

An entry's text (and any saved pre-disclosure check) is one encrypted JSON
value; only its tip tags are plain, so entries can be filtered by tip.
Search decrypts the author's entries and matches in memory.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from sqlalchemy import select

from candor.errors import CandorError
from candor.model import TIP_TITLES, TIPS
from candor.store.access import actor_row, audit, deny, require_role
from candor.store.errors import NotFound
from candor.store.models import JournalRow, utcnow
from candor.store.types import JournalEntry, User

_FIELDS = ("shared", "why", "client_next", "learned")
_HEADINGS = {"shared": "What I shared", "why": "Why", "client_next": "What the client did next", "learned": "What I learned"}
MAX_CHARS = 20_000  # per field: a journal entry, not a document


def check_tips(tips) -> tuple[str, ...]:
    tips = tuple(tips or ())
    bad = [t for t in tips if t not in TIPS]
    if bad:
        raise CandorError(f"unknown tip '{bad[0]}'; tips are {', '.join(TIPS)}")
    return tuple(t for t in TIPS if t in tips)


class Journal:
    def __init__(self, store):
        self._store = store

    def add(self, actor: User, shared: str, why: str = "", client_next: str = "", learned: str = "",
            tips=(), check: dict[str, Any] | None = None) -> JournalEntry:
        texts = {"shared": shared, "why": why, "client_next": client_next, "learned": learned}
        texts = {k: (v or "").strip() for k, v in texts.items()}
        if not texts["shared"]:
            raise CandorError("write what you shared: a journal entry needs it")
        if any(len(v) > MAX_CHARS for v in texts.values()):
            raise CandorError(f"a journal field holds at most {MAX_CHARS} characters")
        if check is not None and not isinstance(check, dict):
            raise CandorError("a saved check is the check's dict (CheckResult.to_dict())")
        tips = check_tips(tips)
        content = self._store.cipher.encrypt(json.dumps({**texts, "check": check}, ensure_ascii=False), "journal")
        with self._store.transaction() as s:
            me = self._author(s, actor, "add")
            row = JournalRow(author_id=me.id, created=utcnow(), tips=",".join(tips), content=content)
            s.add(row)
            s.flush()
            audit(s, me, "add", "journal entry", row.id)
            return self._entry(row)

    def list(self, actor: User, query: str | None = None, tip: str | None = None) -> list[JournalEntry]:
        """The author's entries, newest first; `query` matches any field, ignoring case."""
        if tip is not None:
            check_tips([tip])
        with self._store.transaction() as s:
            me = self._author(s, actor, "view")
            rows = list(s.scalars(select(JournalRow).where(JournalRow.author_id == me.id)))
        entries = [self._entry(r) for r in rows]
        if tip:
            entries = [e for e in entries if tip in e.tips]
        if query and query.strip():
            needle = query.strip().casefold()
            entries = [e for e in entries if any(needle in getattr(e, f).casefold() for f in _FIELDS)]
        return sorted(entries, key=lambda e: (e.created, e.id), reverse=True)

    def delete(self, actor: User, entry_id: int) -> None:
        with self._store.transaction() as s:
            me = self._author(s, actor, "delete")
            row = s.get(JournalRow, entry_id)
            if row is None:
                raise NotFound(f"no journal entry {entry_id}")
            if row.author_id != me.id:
                raise deny(me, "a journal entry is private to its author", "delete", "journal entry", entry_id)
            s.delete(row)
            audit(s, me, "delete", "journal entry", entry_id)
        self._store.scrub()

    def export_markdown(self, actor: User) -> str:
        entries = self._export(actor, "markdown")
        parts = ["# My Candor journal\n"]
        for e in entries:
            parts.append(f"\n## {e.created:%Y-%m-%d %H:%M} UTC\n")
            if e.tips:
                parts.append("\nTips: " + ", ".join(TIP_TITLES[t] for t in e.tips) + "\n")
            for field in _FIELDS:
                if getattr(e, field):
                    parts.append(f"\n**{_HEADINGS[field]}:** {getattr(e, field)}\n")
            if e.check:
                parts.append(f"\nPre-disclosure check: {e.check.get('verdict', 'saved')}\n")
        return "".join(parts)

    def export_csv(self, actor: User) -> str:
        entries = self._export(actor, "csv")
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(["created", *_FIELDS, "tips", "check_verdict"])
        for e in entries:
            writer.writerow([
                e.created.isoformat(timespec="seconds"), *(_cell(getattr(e, f)) for f in _FIELDS),
                ";".join(e.tips), (e.check or {}).get("verdict", ""),
            ])
        return buf.getvalue()

    def _export(self, actor: User, kind: str) -> list[JournalEntry]:
        entries = self.list(actor)
        with self._store.transaction() as s:
            audit(s, self._author(s, actor, "export"), "export", "journal", None, f"{len(entries)} entries as {kind}")
        return entries

    @staticmethod
    def _author(s, actor: User, action: str):
        me = actor_row(s, actor)
        require_role(me, ("clinician",), action, "journal")
        return me

    def _entry(self, row: JournalRow) -> JournalEntry:
        data = json.loads(self._store.cipher.decrypt(row.content, "journal"))
        return JournalEntry(
            id=row.id, created=row.created, shared=data["shared"], why=data["why"], client_next=data["client_next"],
            learned=data["learned"], tips=tuple(t for t in row.tips.split(",") if t), check=data.get("check"),
        )


def _cell(text: str) -> str:
    """Spreadsheets run a cell that starts with = + - @ as a formula; a leading ' keeps it text."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
