"""Support questions (Поддержка → Отправить вопрос): where they go and the life of a ticket."""

from enum import StrEnum

MAX_SUBJECT_LENGTH = 200
MAX_MESSAGE_LENGTH = 10_000


class Department(StrEnum):
    """Who the question is for: technical support or the administration."""

    support = 'support'
    administration = 'administration'


class TicketStatus(StrEnum):
    """`open -> answered` when a manager replies, `answered -> open` when the client writes again;
    `open | answered -> closed` by the client or a manager. A closed ticket takes no more messages."""

    open = 'open'
    answered = 'answered'
    closed = 'closed'
