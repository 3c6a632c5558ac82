"""One SMPP 3.4 TCP connection: PDU framing, sequence numbers, and requests waiting for their responses.

aiosmpplib builds and parses the PDU bodies (gateway/smpp.py); framing and correlation are ours, by sequence number
in a dict, so thousands of outstanding requests cost O(1) each (aiosmpplib's own correlator is O(n²)).

A request fails with `NotSent` when its PDU was never handed to the socket (no connection, or closed first): the
SMSC surely never saw it. It fails with `NoAnswer` when the PDU was written but no response came (the connection
closed, or the response timed out, which closes the connection as SMPP peers do): the SMSC may have accepted it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
import struct
from collections.abc import Callable
from dataclasses import dataclass

HEADER = struct.Struct('!IIII')
MAX_PDU_LENGTH = 65536
RESPONSE_BIT = 0x80000000
GENERIC_NACK = 0x80000000

log = logging.getLogger(__name__)


class NotSent(Exception):
    """The PDU was never written: the SMSC did not get it."""


class NoAnswer(Exception):
    """The PDU was written but its response never came: the SMSC may or may not have taken it."""


@dataclass(frozen=True, slots=True)
class Pdu:
    """A received PDU: its header fields and the whole PDU bytes."""

    command_id: int
    status: int
    sequence: int
    data: bytes


RequestHandler = Callable[['SmppSession', Pdu], None]


class SmppSession:
    """A connected socket; `run()` reads until it closes; requests from the SMSC go to `on_request`."""

    def __init__(
        self,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        *,
        on_request: RequestHandler,
        response_timeout_s: float,
    ) -> None:
        self._reader = reader
        self._writer = writer
        self._on_request = on_request
        self._response_timeout_s = response_timeout_s
        self._pending: dict[int, asyncio.Future[Pdu]] = {}
        self._sequence = 0
        self.closed = False
        self.close_reason = ''

    @classmethod
    async def open(
        cls, host: str, port: int, *, on_request: RequestHandler, connect_timeout_s: float, response_timeout_s: float
    ) -> SmppSession:
        """Connect (TCP_NODELAY: every PDU goes out at once)."""
        reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), connect_timeout_s)
        sock = writer.get_extra_info('socket')
        if sock is not None:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return cls(reader, writer, on_request=on_request, response_timeout_s=response_timeout_s)

    @property
    def outstanding(self) -> int:
        """Requests written and not yet answered."""
        return len(self._pending)

    async def request(self, build: Callable[[int], bytes]) -> Pdu:
        """Write the PDU `build(sequence)` and wait for its response; raises NotSent or NoAnswer."""
        if self.closed:
            raise NotSent(self.close_reason)
        sequence = self._next_sequence()
        data = build(sequence)
        future: asyncio.Future[Pdu] = asyncio.get_running_loop().create_future()
        self._pending[sequence] = future
        self._writer.write(data)  # from here on the SMSC may have it
        try:
            return await asyncio.wait_for(future, self._response_timeout_s)
        except TimeoutError:
            self.close(f'no response to sequence {sequence} in {self._response_timeout_s:g} s')
            raise NoAnswer(self.close_reason) from None
        finally:
            self._pending.pop(sequence, None)

    def respond(self, data: bytes) -> None:
        """Write a response PDU (dropped when the connection is gone: the SMSC will send its request again)."""
        if not self.closed:
            self._writer.write(data)

    async def run(self) -> None:
        """Read PDUs until the connection ends; then fail every request still waiting."""
        try:
            while not self.closed:
                pdu = await self._read_pdu()
                if pdu is None:
                    break
                if pdu.command_id & RESPONSE_BIT:
                    self._answer(pdu)
                else:
                    self._on_request(self, pdu)
        except (OSError, asyncio.IncompleteReadError) as error:
            self.close(f'connection lost: {error!r}')
        finally:
            self.close(self.close_reason or 'connection closed by the SMSC')

    def close(self, reason: str) -> None:
        """Close the socket; every waiting request fails with NoAnswer."""
        if self.closed:
            return
        self.closed = True
        self.close_reason = reason
        pending, self._pending = self._pending, {}
        for future in pending.values():
            if not future.done():
                future.set_exception(NoAnswer(reason))
        self._writer.close()

    async def wait_closed(self) -> None:
        with contextlib.suppress(OSError):
            await self._writer.wait_closed()

    def _next_sequence(self) -> int:
        self._sequence = self._sequence % 0x7FFFFFFF + 1
        return self._sequence

    def _answer(self, pdu: Pdu) -> None:
        future = self._pending.get(pdu.sequence)
        if future is None:
            log.debug('Response %#x for unknown sequence %d ignored', pdu.command_id, pdu.sequence)
        elif not future.done():
            future.set_result(pdu)

    async def _read_pdu(self) -> Pdu | None:
        try:
            head = await self._reader.readexactly(HEADER.size)
        except asyncio.IncompleteReadError as error:
            if error.partial:
                raise
            return None
        length, command_id, status, sequence = HEADER.unpack(head)
        if not HEADER.size <= length <= MAX_PDU_LENGTH:
            self.close(f'bad command_length {length}')
            return None
        body = await self._reader.readexactly(length - HEADER.size) if length > HEADER.size else b''
        return Pdu(command_id=command_id, status=status, sequence=sequence, data=head + body)
