"""Domain errors. The adapter (cogs/tree.py) and the console turn these into user messages.

Every message is written for the person who caused it: specific, and saying what to do.
"""


class StudyCoachError(Exception):
    """Base class for errors whose message is safe and useful to show to a user."""


class UserError(StudyCoachError):
    """The user asked for something invalid (bad option, wrong state)."""


class NotFound(UserError):
    """Something the user named does not exist."""


class PermissionDenied(UserError):
    """The user may not do this (e.g. a moderator-only command)."""


class ContentError(StudyCoachError):
    """Invalid content: a pack or an item that fails validation."""
