"""Errors a user can act on. Their messages never quote transcript text."""


class CandorError(Exception):
    """A user mistake or bad input: the CLI prints one line and exits 2."""


class InputError(CandorError):
    """A file Candor cannot read as a transcript."""
