"""Exports of a batch run to formats other tools read (ConvoKit, ELAN)."""
