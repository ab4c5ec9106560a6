"""Sizes the readers accept; documented in README ('Inputs')."""

from __future__ import annotations

# A post (an article body or a comment) longer than this many characters is skipped with one line
# naming the file and the post. Posts under the cap may still be long: the pipeline reads them in
# bounded windows. A whole book pasted into one comment is not a comment.
MAX_POST_CHARS = 1_000_000

# How many bytes are read to guess a file's format or charset.
SNIFF_BYTES = 64 * 1024
