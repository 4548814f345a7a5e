"""Telegram's HTML parse mode: escaping, checking, and turning it into plain text.

Telegram rejects a whole message when its HTML is off (an unknown tag, a bare `&`, an
unclosed `<b>`), and the user then gets nothing at all. Content is checked with
`problems()` when it is loaded; anything a user typed is passed through `escape()`.
"""

from __future__ import annotations

import html
import re

# The subset of tags Telegram's HTML mode accepts that our content may use.
ALLOWED_TAGS = frozenset(
    {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre",
     "blockquote", "tg-spoiler"}
)
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^<>]*)?)\s*(/?)>")
_ENTITY = re.compile(r"&(?:amp|lt|gt|quot|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});")
_HREF = re.compile(r"""^\s+href\s*=\s*(?:"([^"<>]*)"|'([^'<>]*)')\s*$""")


def escape(text: str) -> str:
    """Make user-supplied text safe to embed in an HTML-mode message."""
    return html.escape(text, quote=False)


def problems(text: str) -> list[str]:
    """Everything in `text` that Telegram's HTML parser would refuse, as short sentences."""
    found: list[str] = []
    stack: list[str] = []
    pos = 0
    for match in _TAG.finditer(text):
        found.extend(_text_problems(text[pos:match.start()]))
        pos = match.end()
        closing, name, attrs, self_closing = match.groups()
        name = name.lower()
        if name not in ALLOWED_TAGS:
            found.append(f"tag <{name}> is not allowed by Telegram (use {_allowed()})")
            continue
        if self_closing:
            found.append(f"<{name}/> must not be self-closing")
        elif closing:
            if not stack:
                found.append(f"</{name}> closes a tag that was never opened")
            elif stack[-1] != name:
                found.append(f"</{name}> found where </{stack[-1]}> was expected")
                if name in stack:
                    del stack[stack.index(name):]
            else:
                stack.pop()
        else:
            if name == "a":
                href = _HREF.match(attrs)
                url = (href.group(1) or href.group(2)) if href else None
                if not url or not url.startswith(("http://", "https://", "tg://")):
                    found.append('<a> needs href="https://..."')
            elif attrs.strip():
                found.append(f"<{name}> must not have attributes")
            stack.append(name)
    found.extend(_text_problems(text[pos:]))
    found.extend(f"<{name}> is never closed" for name in reversed(stack))
    return found


def _text_problems(chunk: str) -> list[str]:
    found = []
    if "<" in chunk:
        found.append("bare '<' outside a tag: write &lt;")
    if ">" in chunk:
        found.append("bare '>' outside a tag: write &gt;")
    if "&" in _ENTITY.sub("", chunk):
        found.append("bare '&': write &amp;")
    return found


def _allowed() -> str:
    return ", ".join(f"<{t}>" for t in sorted(ALLOWED_TAGS))


def to_plain(text: str) -> str:
    """What a reader sees: the text without tags, entities decoded (for the terminal chat)."""
    plain = re.sub(r'<a\s+href\s*=\s*["\']([^"\']*)["\']\s*>(.*?)</a>',
                   lambda m: m.group(2) if m.group(2) == m.group(1)
                   else f"{m.group(2)} ({m.group(1)})",
                   text, flags=re.S)
    plain = _TAG.sub("", plain)
    return html.unescape(plain)


def visible_text(text: str) -> str:
    """The characters Telegram shows: tags gone, a link as its words, entities decoded."""
    return html.unescape(_TAG.sub("", text))


def visible_length(text: str) -> int:
    """Telegram's 4096 limit counts characters after entity parsing, so measure that.

    Telegram counts UTF-16 code units; emoji outside the BMP count twice.
    """
    return len(visible_text(text).encode("utf-16-le")) // 2
