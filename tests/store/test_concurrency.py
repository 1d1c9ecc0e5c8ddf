"""Many web requests at once: no lost writes, no 'database is locked'."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor


def test_parallel_uploads_and_reads_all_succeed(store, people, secret_report):
    def work(i: int) -> int:
        session_id = store.sessions.add(people.maya, secret_report, f"Client {i % 3}")
        assert store.sessions.get(people.sue, session_id).summary.id == session_id
        token, _ = store.logins.create(people.maya)
        assert store.logins.get(token)[0] == people.maya
        store.sessions.list(people.maya)
        return session_id

    with ThreadPoolExecutor(max_workers=8) as pool:
        ids = list(pool.map(work, range(40)))
    assert len(set(ids)) == 40
    assert {s.id for s in store.sessions.list(people.maya)} == set(ids)
