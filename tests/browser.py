"""Headless Chromium for tests that look at a page as a person would: a screenshot and the DOM.

``chromium_path()`` finds Debian's ``chromium``; when it is absent the test is skipped with the
reason. No test installs it (a test leaves the machine alone): ``.ci/run`` does. ``png_pixels``
reads the screenshot without any imaging library (8-bit RGB or RGBA PNG, as Chromium writes them).
"""
from __future__ import annotations

import shutil
import struct
import subprocess
import zlib
from functools import lru_cache
from pathlib import Path

import pytest

NAMES = ("chromium", "chromium-browser")


@lru_cache(maxsize=1)
def _find() -> tuple[str | None, str]:
    """Chromium's path, or why the browser tests are skipped. A test never installs it: ``.ci/run`` does
    (``apt-get install chromium``), and so can you."""
    for name in NAMES:
        found = shutil.which(name)
        if found:
            return found, ""
    return None, "headless Chromium is not installed (Debian: apt-get install chromium; .ci/run installs it)"


def chromium_path() -> str:
    path, reason = _find()
    if path is None:
        pytest.skip(reason)
    return path


def _run(args: list[str], profile: Path, timeout: float = 120) -> subprocess.CompletedProcess:
    argv = [chromium_path(), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
            "--no-first-run", "--disable-extensions", f"--user-data-dir={profile}", *args]
    return subprocess.run(argv, capture_output=True, text=True, timeout=timeout)


def dump_dom(page: Path, profile: Path) -> str:
    done = _run(["--dump-dom", page.resolve().as_uri()], profile)
    assert done.returncode == 0 and done.stdout.strip(), done.stderr[-2000:]
    return done.stdout


def screenshot(page: Path, png: Path, profile: Path, size: tuple[int, int] = (1300, 3000)) -> bytes:
    done = _run([f"--window-size={size[0]},{size[1]}", f"--screenshot={png}", page.resolve().as_uri()], profile)
    assert done.returncode == 0 and png.is_file(), done.stderr[-2000:]
    return png.read_bytes()


def png_pixels(data: bytes) -> tuple[int, int, list[tuple[int, int, int]]]:
    """Width, height and every pixel (RGB) of an 8-bit RGB/RGBA non-interlaced PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, width = 8, b"", 0
    height = depth = colour = interlace = 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        elif kind == b"IEND":
            break
        pos += 12 + length
    assert depth == 8 and colour in (2, 6) and interlace == 0, (depth, colour, interlace)
    channels = 3 if colour == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * channels
    previous = bytearray(stride)
    pixels: list[tuple[int, int, int]] = []
    at = 0
    for _ in range(height):
        kind, line = raw[at], bytearray(raw[at + 1:at + 1 + stride])
        at += 1 + stride
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            corner = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + ((left + up) >> 1)) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 0xFF
        pixels.extend(tuple(line[i:i + 3]) for i in range(0, stride, channels))
        previous = line
    return width, height, pixels
