"""Alembic environment for Candor's store. Run by `candor.store.db.migrate`, never from a command line.

The caller passes an open connection in `config.attributes["connection"]`;
no alembic.ini is needed. To add a revision, copy the newest file in
versions/, give it the next number as `revision` and the current one as
`down_revision`, and change `candor.store.models` to match
(tests/store/test_migrations.py checks that the two agree).
"""

from alembic import context

from candor.store.models import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("Candor's migrations run through candor.store (Store.open), which passes the connection")

context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
