"""The error every reader of observation files raises."""


class SourceError(ValueError):
    """The file as a whole cannot be read; the message says why."""
