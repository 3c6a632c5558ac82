"""A scriptable SMSC in Python for the faults the Node simulator does not make on purpose.

It binds anyone, answers enquire_link and unbind, and hands every submit_sm to the test's `on_submit` coroutine,
which answers (or not) with the helpers here. Raw PDUs are built with struct so malformed or odd ones are possible.
"""

from __future__ import annotations

import asyncio
import struct
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

HEADER = struct.Struct('!IIII')
BIND_TRANSCEIVER = 0x09
SUBMIT_SM = 0x04
DELIVER_SM = 0x05
ENQUIRE_LINK = 0x15
UNBIND = 0x06
RESPONSE = 0x80000000


def pdu(command_id: int, sequence: int, body: bytes = b'', status: int = 0) -> bytes:
    return HEADER.pack(16 + len(body), command_id, status, sequence) + body


def deliver_sm(
    sequence: int,
    text: bytes,
    *,
    tlvs: tuple[tuple[int, bytes], ...] = (),
    esm_class: int = 0x04,
    data_coding: int = 0,
    source: str = '79161234567',
) -> bytes:
    """A deliver_sm with `text` as short_message and raw TLVs (tag, value)."""
    body = (
        b'\0'  # service_type
        + bytes((1, 1))
        + source.encode()
        + b'\0'
        + bytes((5, 0))
        + b'INCORE\0'
        + bytes((esm_class, 0, 0))
        + b'\0\0'  # schedule_delivery_time, validity_period
        + bytes((0, 0, data_coding, 0, len(text)))
        + text
        + b''.join(struct.pack('!HH', tag, len(value)) + value for tag, value in tlvs)
    )
    return pdu(DELIVER_SM, sequence, body)


@dataclass
class Connection:
    reader: asyncio.StreamReader
    writer: asyncio.StreamWriter
    sequence: int = 1000

    def send(self, data: bytes) -> None:
        self.writer.write(data)

    def answer_submit(self, sequence: int, message_id: str = '', status: int = 0) -> None:
        body = message_id.encode() + b'\0' if status == 0 else b''
        self.send(pdu(SUBMIT_SM | RESPONSE, sequence, body, status))

    def next_sequence(self) -> int:
        self.sequence += 1
        return self.sequence

    def drop(self) -> None:
        self.writer.close()


SubmitHandler = Callable[[Connection, int, bytes], Awaitable[None]]


@dataclass
class FakeSmsc:
    """Listens on 127.0.0.1; `port` once started. Counts binds and enquire_links, keeps deliver_sm_resp statuses."""

    on_submit: SubmitHandler
    port: int = 0
    binds: int = 0
    enquire_links: int = 0
    unbinds: int = 0
    submits: int = 0
    outstanding: int = 0
    most_outstanding: int = 0
    deliver_sm_statuses: dict[int, int] = field(default_factory=dict)
    other: list[tuple[int, int]] = field(default_factory=list)  # (command_id, status) of anything else received
    connections: list[Connection] = field(default_factory=list)
    _server: asyncio.Server | None = None

    async def start(self) -> int:
        self._server = await asyncio.start_server(self._serve, '127.0.0.1', self.port)
        self.port = self._server.sockets[0].getsockname()[1]
        return self.port

    async def stop(self) -> None:
        for connection in self.connections:
            connection.drop()
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        connection = Connection(reader, writer)
        self.connections.append(connection)
        try:
            while True:
                head = await reader.readexactly(16)
                length, command_id, status, sequence = HEADER.unpack(head)
                data = head + await reader.readexactly(length - 16)
                await self._take(connection, command_id, status, sequence, data)
        except (asyncio.IncompleteReadError, ConnectionError):
            writer.close()

    async def _take(self, connection: Connection, command_id: int, status: int, sequence: int, data: bytes) -> None:
        if command_id == BIND_TRANSCEIVER:
            self.binds += 1
            connection.send(pdu(BIND_TRANSCEIVER | RESPONSE, sequence, b'FAKE\0'))
        elif command_id == SUBMIT_SM:
            self.submits += 1
            self.outstanding += 1
            self.most_outstanding = max(self.most_outstanding, self.outstanding)
            await self.on_submit(connection, sequence, data)
        elif command_id == ENQUIRE_LINK:
            self.enquire_links += 1
            connection.send(pdu(ENQUIRE_LINK | RESPONSE, sequence))
        elif command_id == UNBIND:
            self.unbinds += 1
            connection.send(pdu(UNBIND | RESPONSE, sequence))
        elif command_id == DELIVER_SM | RESPONSE:
            self.deliver_sm_statuses[sequence] = status
        else:
            self.other.append((command_id, status))

    def answered(self) -> None:
        """Call from `on_submit` when a submit has been answered, to keep `outstanding` right."""
        self.outstanding -= 1
