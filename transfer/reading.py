"""Opening import files safely and choosing the reader for each one's format.

Nothing here trusts the file: it may be huge, binary, in another encoding or empty. Each of
those is a ``ParseError`` with a reason an editor can act on; the command reports it with the
path and goes on with the next file.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import frontmatter
import yaml

from transfer import (
    captured_text,
    completeness,
    extraction,
    frontmatter_pages,
    kith_format,
)
from transfer.records import ArticleRecord, CommentsFile, ParseError, TopicsFile, digest

MAX_FILE_BYTES = 5 * 1024 * 1024  # far above any article; a bigger file is a mistake or an attack
IMPORTABLE_SUFFIXES = frozenset({".md", ".markdown", ".txt", ".html", ".htm", ".yaml", ".yml"})
# A folder's own notes, not articles: skipped when a folder is walked (imported when named).
NOT_CONTENT = frozenset({"README", "LICENSE", "LICENCE", "CHANGELOG", "CONTRIBUTING", "NOTES"})
_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?([A-Za-z0-9_.:-]{1,40})""", re.I)
_HTML_START = re.compile(r"^\s*(?:<!doctype html|<html|<head|<body|<article|<!--)", re.I)


@dataclass
class SourceFile:
    path: Path
    text: str
    sha256: str
    warnings: list[str] = field(default_factory=list)


def collect(paths: Iterable[Path]) -> tuple[list[Path], list[Path]]:
    """Files to import, in the order they must be imported, and the paths that do not exist.

    Folders are walked recursively for files with a known suffix (hidden ones skipped); a file
    named explicitly is always tried. Topics come first, then articles, then comment sidecars,
    so that each finds what it refers to.
    """
    found: list[Path] = []
    missing: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                p
                for p in sorted(path.rglob("*"))
                if p.is_file()
                and p.suffix.lower() in IMPORTABLE_SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
                and p.stem.upper() not in NOT_CONTENT
            )
        elif path.is_file():
            found.append(path)
        else:
            missing.append(path)
    unique = list(dict.fromkeys(found))
    return sorted(unique, key=_import_order), missing


def _import_order(path: Path) -> tuple[int, str]:
    name = path.name.lower()
    if name == kith_format.TOPICS_FILE:
        return (0, str(path))
    if name.endswith(kith_format.COMMENTS_SUFFIX):
        return (2, str(path))
    return (1, str(path))


def read(path: Path) -> SourceFile:
    """The file's text, decoded, or a ``ParseError`` saying why it cannot be read."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ParseError(
                f"the file is {size / 1024 / 1024:.1f} MB; the limit is "
                f"{MAX_FILE_BYTES // 1024 // 1024} MB per file"
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise ParseError(f"cannot read the file: {exc.strerror or exc}") from None
    text, warnings = decode(raw)
    if not text.strip():
        raise ParseError("the file is empty")
    return SourceFile(path=path, text=text, sha256=digest(text), warnings=warnings)


def decode(raw: bytes) -> tuple[str, list[str]]:
    """UTF-8 (with or without BOM), UTF-16 with a BOM, or the charset an HTML page declares."""
    warnings: list[str] = []
    for bom, codec in ((codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if raw.startswith(bom):
            return _decode(raw, codec), warnings
    if _looks_binary(raw[:8192]):
        raise ParseError("this is a binary file, not text (Markdown, HTML or plain text)")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        declared = _CHARSET.search(raw[:4096])
        if declared is None:
            raise ParseError(
                f"the file is not UTF-8 (byte 0x{raw[exc.start]:02X} at position {exc.start}); "
                "save it as UTF-8, e.g. iconv -f latin1 -t utf-8"
            ) from None
        text = _decode(raw, declared.group(1).decode("ascii"))
    if "\x00" in text:
        warnings.append("NUL bytes were removed.")
        text = text.replace("\x00", "")
    return text, warnings


def _decode(raw: bytes, codec: str) -> str:
    try:
        return raw.decode(codec).lstrip("\ufeff").replace("\x00", "")
    except LookupError:
        raise ParseError(f"the page declares an unknown character set {codec!r}") from None
    except UnicodeDecodeError as exc:
        raise ParseError(f"the file is not valid {codec} (position {exc.start})") from None


def _looks_binary(sample: bytes) -> bool:
    """Many control bytes mean a binary file; a stray NUL in text is removed instead."""
    if not sample:
        return False
    controls = sum(1 for byte in sample if byte < 32 and byte not in b"\t\n\r\f" or byte == 127)
    return controls > max(2, len(sample) // 50)


def parse(
    source: SourceFile,
) -> ArticleRecord | CommentsFile | TopicsFile:
    """The record a file holds, read by the reader for its format."""
    text, name = source.text, source.path.name.lower()
    if source.path.suffix.lower() in {".yaml", ".yml"}:
        record = kith_format.parse_yaml(text)
    elif text.lstrip().startswith("---"):
        try:
            post = frontmatter.loads(text.lstrip())
        except (yaml.YAMLError, ValueError) as exc:
            raise ParseError(f"the front matter is not valid YAML: {_first_line(exc)}") from None
        if not isinstance(post.metadata, dict) or not post.metadata:
            raise ParseError("the front matter is empty or not a mapping of fields")
        if kith_format.is_kith_article(post.metadata):
            record = kith_format.read_article(post.metadata, post.content)
        else:
            record = frontmatter_pages.read(post.metadata, post.content)
    elif _HTML_START.match(text) or name.endswith((".html", ".htm")):
        record = extraction.read(text)
    else:
        record = captured_text.read(text)
    record.warnings[:0] = source.warnings
    if isinstance(record, ArticleRecord) and not record.authoritative:
        completeness.check(record)
    return record


def _first_line(exc: Exception) -> str:
    return " ".join(str(exc).split())[:300]
