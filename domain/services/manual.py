"""Руководство пользователя: the in-app manual, one Markdown file per section under docs/manual/.

A file `NN-slug.md` is the section `slug` in the order NN; its first `# ` line is the title. `section_for_path` tells
which section explains a window, for the help icon in every page's title.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from domain.errors import NotFound
from domain.services.var_dir import PROJECT_DIR

MANUAL_DIR = PROJECT_DIR / 'docs' / 'manual'
_FILE = re.compile(r'^(\d{2})-([a-z][a-z-]*)\.md$')
SNIPPET = 160

# Which section explains the window at a path: the longest matching prefix wins ('/stats/detail' -> '/stats').
SECTION_FOR_PATH = {
    '/': 'intro',
    '/bases': 'bases',
    '/stoplist': 'stoplist',
    '/templates': 'templates',
    '/senders': 'senders',
    '/send': 'send',
    '/scheduled': 'scheduled',
    '/awaiting': 'scheduled',
    '/payments': 'finance',
    '/tariffs': 'finance',
    '/stats': 'statistics',
    '/reports': 'statistics',
    '/monitor': 'statistics',
    '/news': 'news',
    '/manual': 'intro',
    '/support': 'support',
    '/settings': 'settings',
    '/documents': 'documents',
    '/manager': 'manager',
}


@dataclass(kw_only=True, slots=True, frozen=True)
class Section:
    """One section of the manual."""

    slug: str
    title: str
    text: str


@dataclass(kw_only=True, slots=True, frozen=True)
class Found:
    """A section that matched a search, with a piece of text around the first match."""

    slug: str
    title: str
    snippet: str


def sections(folder: Path = MANUAL_DIR) -> tuple[Section, ...]:
    """Every section in order."""
    return _load(folder)


def section(slug: str, folder: Path = MANUAL_DIR) -> Section:
    """One section by its slug (only slugs of existing files are known; nothing else touches the disk)."""
    for item in _load(folder):
        if item.slug == slug:
            return item
    raise NotFound('manual_section')


def section_for_path(path: str) -> str:
    """The slug of the section that explains the window at `path` (the introduction when none does)."""
    best = ''
    for prefix in SECTION_FOR_PATH:
        matches = path == prefix or (prefix != '/' and path.startswith(prefix + '/'))
        if matches and len(prefix) > len(best):
            best = prefix
    return SECTION_FOR_PATH.get(best, 'intro')


def search(query: str, folder: Path = MANUAL_DIR) -> list[Found]:
    """Sections whose title or text contains every word of the query (case-insensitive)."""
    words = query.casefold().split()
    if not words:
        return []
    found = []
    for item in _load(folder):
        haystack = f'{item.title}\n{item.text}'.casefold()
        if all(word in haystack for word in words):
            found.append(Found(slug=item.slug, title=item.title, snippet=_snippet(item.text, words[0])))
    return found


@functools.cache
def _load(folder: Path) -> tuple[Section, ...]:
    items = []
    for path in sorted(folder.glob('*.md')):
        match = _FILE.match(path.name)
        if not match:
            continue
        text = path.read_text(encoding='utf-8')
        lines = text.splitlines()
        title = next((line[2:].strip() for line in lines if line.startswith('# ')), match[2])
        body = '\n'.join(line for line in lines if not line.startswith('# ')).strip()
        items.append(Section(slug=match[2], title=title, text=body))
    return tuple(items)


def _snippet(text: str, word: str) -> str:
    plain = ' '.join(re.sub(r'[#*`>\[\]()|]', ' ', text).split())
    at = plain.casefold().find(word)
    start = max(0, at - SNIPPET // 3) if at >= 0 else 0
    piece = plain[start : start + SNIPPET]
    return ('…' if start else '') + piece + ('…' if start + SNIPPET < len(plain) else '')
