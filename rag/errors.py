"""One exception family for the library; the CLI turns any RagError into one line and exit code 1."""


class RagError(Exception):
    """Base class: the message says what went wrong and what to do."""


class IndexNotFound(RagError):
    """No index at the given path."""


class IndexMismatch(RagError):
    """The index on disk was built with other settings, model or format version."""


class IndexCorrupt(RagError):
    """A file of the index is missing, truncated or unreadable."""


class BadInput(RagError):
    """A question, filter or setting the library cannot use."""


class ModelUnavailable(RagError):
    """Model weights can be neither found locally, provisioned from packages, nor downloaded."""
