"""The MarsadError family: each message says what happened and how to fix it."""
from __future__ import annotations


class MarsadError(Exception):
    """Base class: the CLI prints the message on one line, the API wraps it in its error envelope."""

    status = 400


class KnowledgeError(MarsadError):
    """A knowledge file is missing or an entry does not validate."""


class InputError(MarsadError):
    """An input file cannot be read as an article (empty, binary, undecodable, too large)."""


class StoreError(MarsadError):
    """The event store cannot be opened or written."""

    status = 500


class NotFound(MarsadError):
    status = 404
