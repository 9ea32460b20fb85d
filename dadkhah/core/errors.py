"""Domain errors: each carries a sentence a user can act on.

The CLI and the web views turn these into a clear message at the edge; nothing
below them prints or exits.
"""

from __future__ import annotations


class DadkhahError(Exception):
    """Base of every error that is the user's to fix (bad input, missing case, …)."""


class CaseError(DadkhahError):
    """The case folder is missing, incomplete or not a case."""


class InputError(DadkhahError):
    """An input file or value cannot be used as given."""
