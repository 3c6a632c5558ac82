"""Start the Node SMSC simulator (tests/smsc/server.js) for a test, and read what it received.

    with start_smsc(tmp_path, system_id='cabinet', password='secret') as peer:
        ... bind to 127.0.0.1:peer.port ...
        peer.messages()  # what arrived, reassembled from its parts

Without node or tests/smsc/node_modules the test is skipped (failed in CI): run `npm ci` in tests/smsc.
"""

from __future__ import annotations

import asyncio
import json
import os
import selectors
import shutil
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.conftest import require

SMSC_DIR = Path(__file__).resolve().parent


def smsc_missing() -> str:
    """Why the simulator cannot run here, or '' when it can."""
    if shutil.which('node') is None:
        return 'node is not installed: the SMPP peer needs Node 18+'
    if not (SMSC_DIR / 'node_modules' / 'smpp').is_dir():
        return 'tests/smsc/node_modules is missing: run `npm ci` in tests/smsc'
    return ''


@dataclass
class SmscPeer:
    """A running simulator: its port, credentials and journal (one JSON object per line)."""

    port: int
    system_id: str
    password: str
    log_path: Path
    args: list[str]
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    def records(self) -> list[dict[str, Any]]:
        """Every journal line: binds, submits (accepted or refused) and acknowledged receipts, in order."""
        if not self.log_path.exists():
            return []
        lines = self.log_path.read_text(encoding='utf-8').splitlines()
        return [json.loads(line) for line in lines if line.strip().endswith('}')]

    def received(self) -> list[dict[str, Any]]:
        """Every submit_sm that arrived: destination, source, data_coding, text (of the part), udh, id, status, t."""
        return [record for record in self.records() if record['kind'] == 'submit']

    def accepted(self) -> list[dict[str, Any]]:
        """The submit_sm answered with an id."""
        return [record for record in self.received() if record['status'] == 0]

    def acknowledged_receipts(self) -> list[dict[str, Any]]:
        """Receipts the client answered with deliver_sm_resp 0."""
        return [record for record in self.records() if record['kind'] == 'receipt']

    def binds(self) -> list[dict[str, Any]]:
        return [record for record in self.records() if record['kind'] == 'bind']

    def messages(self) -> list[dict[str, Any]]:
        """Accepted messages reassembled by their UDH: destination, source, text, data_coding, ids (in part order)."""
        done: list[dict[str, Any]] = []
        open_parts: dict[tuple[str, str, int, int], dict[int, dict[str, Any]]] = {}
        for record in self.accepted():
            udh = record.get('udh')
            if not udh:
                done.append(_message([record]))
                continue
            key = (record['destination'], record['source'], udh['ref'], udh['total'])
            parts = open_parts.setdefault(key, {})
            if udh['part'] in parts:  # the same reference used again by a later message
                done.append(_message(list(parts.values())))
                parts = open_parts[key] = {}
            parts[udh['part']] = record
            if len(parts) == udh['total']:
                done.append(_message([parts[number] for number in sorted(parts)]))
                del open_parts[key]
        return done

    def wait_for(self, condition: Callable[[SmscPeer], bool], timeout_s: float = 10) -> None:
        """Poll until `condition(self)` holds; AssertionError after `timeout_s`."""
        deadline = time.monotonic() + timeout_s
        while not condition(self):
            if time.monotonic() > deadline:
                raise AssertionError(f'the SMSC peer did not reach the expected state in {timeout_s} s')
            time.sleep(0.05)

    def start(self) -> None:
        """Launch `node server.js` (on `port`, or a free one when 0) and wait for its READY line."""
        process = subprocess.Popen(
            ['node', 'server.js', '--port', str(self.port), *self.args, '--log', str(self.log_path)],
            cwd=SMSC_DIR,
            stdout=subprocess.PIPE,
            stderr=None,
            env={**os.environ, 'SMSC_SYSTEM_ID': self.system_id, 'SMSC_PASSWORD': self.password},
        )
        self.process = process
        self.port = _read_ready(process)

    def stop(self) -> None:
        """End the simulator (SIGTERM)."""
        self._end(signal.SIGTERM)

    def kill(self) -> None:
        """End the simulator at once (SIGKILL), as a crash would; the journal keeps the unsent receipts."""
        self._end(signal.SIGKILL)

    def restart(self) -> None:
        """Start again on the same port with the same journal: ids go on, unacknowledged receipts are sent."""
        self.stop()
        self.start()

    def _end(self, how: signal.Signals) -> None:
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.send_signal(how)
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stdout is not None:
            process.stdout.close()


async def wait_until(condition: Callable[[], bool], timeout_s: float = 10) -> None:
    """In async tests: poll `condition()` without blocking the event loop; AssertionError after `timeout_s`."""
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f'condition not reached in {timeout_s} s')
        await asyncio.sleep(0.02)


@contextmanager
def start_smsc(
    tmp_path: Path,
    *,
    system_id: str = 'cabinet',
    password: str = 'secret',
    receipt_delay_ms: int = 100,
    receipt_jitter_ms: int = 0,
    throttle_per_s: int = 0,
    port: int = 0,
) -> Iterator[SmscPeer]:
    """Run the simulator for the length of the `with` block (skipped, or failed in CI, when it cannot run)."""
    missing = smsc_missing()
    require(not missing, missing)
    args = [
        '--receipt-delay-ms',
        str(receipt_delay_ms),
        '--receipt-jitter-ms',
        str(receipt_jitter_ms),
        '--throttle-per-s',
        str(throttle_per_s),
    ]
    tmp_path.mkdir(parents=True, exist_ok=True)
    peer = SmscPeer(port=port, system_id=system_id, password=password, log_path=tmp_path / 'smsc.jsonl', args=args)
    peer.start()
    try:
        yield peer
    finally:
        peer.stop()


def _message(parts: list[dict[str, Any]]) -> dict[str, Any]:
    first = parts[0]
    return {
        'destination': first['destination'],
        'source': first['source'],
        'text': ''.join(part['text'] for part in parts),
        'data_coding': first['data_coding'],
        'parts': len(parts),
        'total': (first.get('udh') or {}).get('total', 1),
        'ids': [part['id'] for part in parts],
    }


def _read_ready(process: subprocess.Popen[bytes], timeout_s: float = 15) -> int:
    assert process.stdout is not None
    selector = selectors.DefaultSelector()
    selector.register(process.stdout, selectors.EVENT_READ)
    try:
        if not selector.select(timeout_s):
            process.kill()
            raise RuntimeError(f'the SMSC simulator did not print READY in {timeout_s} s')
        line = process.stdout.readline().decode().strip()
    finally:
        selector.close()
    if not line.startswith('READY '):
        process.kill()
        raise RuntimeError(f'the SMSC simulator did not start: {line!r} (exit code {process.poll()})')
    return int(line.split()[1])
