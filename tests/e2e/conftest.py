"""End-to-end: the app started as `python main.py` on a free 127.0.0.1 port, driven by Debian's Chromium."""

import os
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.conftest import chromium_path

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = Path(__file__).resolve().parent / 'screenshots'
CHROMIUM_ARGS = [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-quic',
    '--no-first-run',
]
CREDENTIALS = re.compile(r'^\s+(manager|client)\s+login: (\S+)\s+password: (\S+)')


@dataclass(kw_only=True, slots=True)
class RunningApp:
    """The cabinet under test and the demo credentials it printed."""

    url: str
    logins: dict[str, tuple[str, str]]
    output: list[str]


@pytest.fixture(scope='session')
def app_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningApp]:
    """Start a fresh cabinet (new SQLite database, demo accounts) and stop it after the session."""
    var_dir = tmp_path_factory.mktemp('e2e-var')
    port = _free_port()
    env = {**os.environ, 'VAR_DIR': str(var_dir), 'PORT': str(port), 'HOST': '127.0.0.1', 'DEMO_ACCOUNTS': 'true'}
    for name in ('DATABASE_URL', 'PYTEST_CURRENT_TEST', 'NICEGUI_USER_SIMULATION'):
        env.pop(name, None)
    process = subprocess.Popen(
        [sys.executable, 'main.py'], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    output: list[str] = []
    reader = threading.Thread(target=lambda: output.extend(iter(process.stdout.readline, '')), daemon=True)  # type: ignore[union-attr]
    reader.start()
    try:
        _wait_until_ready(port, process, output)
        logins = {m[1]: (m[2], m[3]) for line in output if (m := CREDENTIALS.match(line))}
        yield RunningApp(url=f'http://127.0.0.1:{port}', logins=logins, output=output)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope='session')
def browser() -> Iterator[Browser]:
    """Debian's Chromium; never a downloaded browser."""
    executable = chromium_path()
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh browser context (no cookies) for each test."""
    context = browser.new_context(viewport={'width': 1366, 'height': 860}, locale='ru-RU')
    yield context.new_page()
    context.close()


def screenshot(page: Page, name: str) -> Path:
    """Save a screenshot under tests/e2e/screenshots/ (git-ignored) for a person to look at."""
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f'{name}.png'
    page.screenshot(path=str(path), full_page=True)
    return path


def log_in(page: Page, app: RunningApp, login: str, password: str) -> None:
    """Open the login page and submit the form."""
    page.goto(f'{app.url}/login')
    page.get_by_label('Логин').fill(login)
    page.get_by_label('Пароль').fill(password)
    page.get_by_role('button', name='Войти').click()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return int(sock.getsockname()[1])


def _wait_until_ready(port: int, process: subprocess.Popen, output: list[str], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError('the app exited:\n' + ''.join(output))
        with socket.socket() as sock:
            if sock.connect_ex(('127.0.0.1', port)) == 0:
                return
        time.sleep(0.2)
    raise RuntimeError('the app did not start in time:\n' + ''.join(output))
