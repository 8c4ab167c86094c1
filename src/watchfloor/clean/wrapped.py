"""Hard-wrapped plain text (wire copy, e-mails, old archives): lines grouped into paragraphs.

The text cleaner tells body from furniture by the shape of a line, and a
paragraph wrapped at 70 columns looks like a stack of short fragments. Here
the lines of such a text are grouped into paragraphs, so the cleaner can
measure whole paragraphs; every original line keeps its number and takes the
role of its paragraph. No library does this for line-numbered text: textwrap
only wraps, and trafilatura and justext work on markup.
"""

from __future__ import annotations

from collections.abc import Sequence

# A text is hard-wrapped when nearly all its lines fit this width...
WRAP_MAX = 100
# ...and at least this share of its lines run on into the next line...
MIN_CONTINUED_SHARE = 0.25
# ...at a width typical of wrapping (menus are runs of short lines too).
MIN_WRAP_WIDTH = 45
# The last line of a paragraph ends a sentence short of the wrap width.
SHORT_LAST_LINE = 0.85
_TERMINAL = (".", "!", "?", ":", '"', "”", "’", "'", ")")


def _ends_sentence(line: str) -> bool:
    return line.rstrip().endswith(_TERMINAL)


def _indented(line: str) -> bool:
    return line[:1] in (" ", "\t") and bool(line.strip())


def paragraph_blocks(lines: Sequence[str]) -> list[list[int]] | None:
    """Line indices grouped into paragraphs, or None when the text is not hard-wrapped.

    A blank line is a block of its own. A paragraph ends before a blank or an
    indented line, and after a line that ends a sentence well short of the
    wrap width or is too short to be a wrapped line at all (a headline, a
    byline).
    """
    nonblank = [i for i, line in enumerate(lines) if line.strip()]
    if len(nonblank) < 4:
        return None
    lengths = sorted(len(lines[i].rstrip()) for i in nonblank)
    width = lengths[int(0.9 * (len(lengths) - 1))]
    if width > WRAP_MAX:
        return None
    continued = [
        len(lines[i].rstrip())
        for i in nonblank
        if i + 1 < len(lines)
        and lines[i + 1].strip()
        and not _indented(lines[i + 1])
        and not _ends_sentence(lines[i])
    ]
    if len(continued) < MIN_CONTINUED_SHARE * len(nonblank):
        return None
    if sorted(continued)[len(continued) // 2] < MIN_WRAP_WIDTH:
        return None

    blocks: list[list[int]] = []
    open_block = False
    for i, line in enumerate(lines):
        if not line.strip():
            blocks.append([i])
            open_block = False
            continue
        if open_block and not _indented(line):
            blocks[-1].append(i)
        else:
            blocks.append([i])
        size = len(line.rstrip())
        short = size < SHORT_LAST_LINE * width
        open_block = not (short and _ends_sentence(line)) and size >= 0.5 * width
    return blocks
