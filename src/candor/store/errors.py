"""What the store raises when an actor may not do something, or it does not exist."""

from __future__ import annotations

from candor.errors import CandorError


class PermissionDenied(CandorError):
    """The actor's role or relation to the data does not allow this.

    `audit` carries (actor id, actor name, action, object type, object id) so
    the store can record the refused attempt after rolling back the transaction.
    """

    def __init__(self, message: str, audit: tuple[int, str, str, str, int | None] | None = None):
        super().__init__(message)
        self.audit = audit


class NotFound(CandorError):
    """No such user, session, review or journal entry."""
