"""Late fragments: the few parts of a shared page that differ from reader to reader.

A page the cache shares between every anonymous reader may still hold a small part that
depends on the reader (e.g. the helplines of their country). Storing one page per variant
would multiply whole-page entries; instead the page holds a *marker* where the part goes, the
cache stores the page with its markers, and on the way out — on a hit and on a fresh render
alike — the middleware replaces every marker with the part for this request. The part can be
cached on its own by the app (it is small and has few variants).

The API, for apps (kith knows no app; each registers in its ``AppConfig.ready()``):

- ``add_late_fragment(name, render, vary=...)``: ``render(request, arguments)`` returns the
  HTML for this request; ``vary`` names the request headers it reads, added to ``Vary`` of every
  response that holds it, so that browsers and shared caches keep variants apart.
- ``late_fragment(request, name, **arguments)``: the marker to put in a template (a tag calls
  it), or ``None`` when the request does not pass through the middleware (then the tag renders
  the part itself).

Markers are HTML comments whose arguments are base64 JSON; the sanitiser removes comments from
stored content and templates escape readers' text, so only templates can write one. The
response's ``ETag`` and ``Content-Length`` are computed again after the markers are filled.
A stored page keeps its markers already found (``split``): a hit joins the pieces.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.safestring import SafeString, mark_safe

SEEN_ATTR = "_kith_late_fragments"
_MARKER = re.compile(rb"<!--kith-late:([a-z][a-z0-9-]{0,40}):([A-Za-z0-9_=-]{0,4000})-->")


@dataclass(frozen=True)
class LateFragment:
    render: Callable[[HttpRequest, dict[str, str]], str]
    vary: tuple[str, ...]


_fragments: dict[str, LateFragment] = {}


def add_late_fragment(
    name: str,
    render: Callable[[HttpRequest, dict[str, str]], str],
    *,
    vary: tuple[str, ...] = ("Cookie",),
) -> None:
    _fragments[name] = LateFragment(render=render, vary=vary)


def late_fragment(request: HttpRequest | None, name: str, **arguments: str) -> SafeString | None:
    """The marker standing for fragment ``name``, or None when no middleware will fill it."""
    if request is None or not getattr(request, SEEN_ATTR, False) or name not in _fragments:
        return None
    payload = base64.urlsafe_b64encode(json.dumps(arguments).encode()).decode()
    return mark_safe(f"<!--kith-late:{name}:{payload}-->")


def _arguments(payload: bytes) -> dict[str, str]:
    try:
        value = json.loads(base64.urlsafe_b64decode(payload))
    except (binascii.Error, ValueError):
        return {}
    if not isinstance(value, dict):
        return {}
    return {str(k): str(v) for k, v in value.items()}


Pieces = tuple[bytes | tuple[str, dict[str, str]], ...]


def _is_html(response: HttpResponse) -> bool:
    return not response.streaming and response.get("Content-Type", "").startswith("text/html")


def split(response: HttpResponse) -> Pieces:
    """The response's content as the text between its markers and each marker's name and
    arguments: read once when a page is stored, so that a hit joins pieces instead of searching
    the page. Only HTML holds markers (templates write them); anything else is one piece."""
    content = response.content
    if not _is_html(response) or b"<!--kith-late:" not in content:
        return (content,)
    pieces: list[bytes | tuple[str, dict[str, str]]] = []
    start = 0
    for match in _MARKER.finditer(content):
        pieces += [content[start : match.start()], (match[1].decode(), _arguments(match[2]))]
        start = match.end()
    pieces.append(content[start:])
    return tuple(pieces)


def fill(request: HttpRequest, response: HttpResponse, pieces: Pieces | None = None) -> None:
    """Replace the markers in ``response`` (already ``split`` into ``pieces``, for a hit) with
    this request's fragments.

    The new ``ETag`` is the page's own (with its markers) and the fragments hashed together,
    the same whether the page was built now or read from the cache.
    """
    if not _is_html(response):
        return
    if pieces is None:
        pieces = split(response)
    if len(pieces) == 1:
        return
    parts: list[bytes] = []
    filled: list[bytes] = []
    used: set[str] = set()
    for piece in pieces:
        if isinstance(piece, bytes):
            parts.append(piece)
        elif (fragment := _fragments.get(piece[0])) is not None:
            used.add(piece[0])
            filled.append(fragment.render(request, piece[1]).encode())
            parts.append(filled[-1])
    response.content = b"".join(parts)
    if response.has_header("Content-Length"):
        response["Content-Length"] = str(len(response.content))
    if response.has_header("ETag"):
        digest = hashlib.md5(response["ETag"].encode(), usedforsecurity=False)
        for part in filled:
            digest.update(part)
        response["ETag"] = f'"{digest.hexdigest()}"'
    headers = [header for name in sorted(used) for header in _fragments[name].vary]
    if headers:
        patch_vary_headers(response, headers)
