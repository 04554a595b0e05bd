"""Errors the user must act on; their messages are translated and name the field."""


class UserError(Exception):
    """An expected failure with a message fit to show the user as is."""


class FieldError(UserError):
    """A bad value in one field of a record."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message
