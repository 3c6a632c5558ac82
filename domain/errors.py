"""Errors that use cases raise; pages map their codes to Russian messages from ui_text."""


class DomainError(Exception):
    """A refusal with a stable code that the UI turns into a message."""

    def __init__(self, code: str, **details: object) -> None:
        super().__init__(code)
        self.code = code
        self.details = details


class NotFound(DomainError):
    """The object does not exist or belongs to another account (the two are never told apart)."""

    def __init__(self, what: str = 'object') -> None:
        super().__init__('not_found', what=what)


class Forbidden(DomainError):
    """The user's role does not allow the action."""

    def __init__(self) -> None:
        super().__init__('forbidden')
