"""One exception tree for the whole library.

Every message says what went wrong *and what to do next*; the CLI turns any
:class:`KgError` into a ``click.ClickException`` with the same text.
"""

from __future__ import annotations


class KgError(Exception):
    """Base class of every error diplomacy-kg raises on purpose."""


class InputError(KgError):
    """An article, manifest or input path cannot be read."""

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None):
        where = ""
        if path is not None:
            where = f"{path}:{line}: " if line is not None else f"{path}: "
        super().__init__(where + message)
        self.message = message
        self.path = path
        self.line = line


class InputWarning(InputError):
    """A problem with an article that was still read: the article builds, but
    not exactly as given (its bad date dropped, HTML tags stripped, control
    characters replaced), or an input that adds nothing (an unused manifest
    row, a file given twice)."""


class ModelError(KgError):
    """No usable spaCy model is installed."""


class StoreError(KgError):
    """The triple store cannot be opened, read or written."""


class StoreFault(StoreError):
    """The store cannot be used as it is, and trying again will not help
    until something outside kg changes: a build stops at the first one
    instead of going on article after article (see :mod:`kg.store.faults`)."""


class StoreDamaged(StoreFault):
    """Files of the store are missing, truncated or fail their checksums."""


class StoreVersionError(StoreFault):
    """The store was written by another version of its engine (an older one
    would be upgraded in place only when asked, see ``kg build --upgrade-store``)."""

    def __init__(self, message: str, *, older: bool = False):
        super().__init__(message)
        #: Written by an older version, which this one can upgrade.
        self.older = older


class StoreUnwritable(StoreFault):
    """A write failed for a reason that lasts: the disk is full, permission
    is denied, the file system is read-only, or the SPARQL server is gone
    (after retries) or refuses writes."""


class BuildStopped(KgError):
    """A build stopped at a store fault. ``report.built`` lists the articles
    this run committed, all complete in the store; the next run skips them
    and builds the rest."""

    def __init__(self, message: str, *, report, fault: StoreFault):
        super().__init__(message)
        self.report = report
        self.fault = fault


class QueryError(KgError):
    """A SPARQL query is unknown, malformed or got bad parameters."""


class ValidationError(KgError):
    """The graph does not conform to the SHACL shapes."""


class ExportError(KgError):
    """An export or view cannot be written."""
