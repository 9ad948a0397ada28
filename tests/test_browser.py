"""The fixture index.html and the HTML uitval as a person sees them: rendered by headless Chromium (skipped
with the reason when it is not installed), a screenshot that is not blank and shows the
rejected rows in their colour, and a DOM with the rejected uitval row marked."""
from __future__ import annotations

import re

import pytest

from browser import dump_dom, png_pixels, screenshot
from jwgen.sets import defect_set

#: --bad in fixture_index.html.j2: the background of rejected rows.
REJECTED_RGB = (0xFF, 0xD9, 0xD6)


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    folder = tmp_path_factory.mktemp("set")
    for name, data in defect_set(["credit-of-rejected-debet"], seed=0).items():
        (folder / name).write_bytes(data)
    return folder / "index.html"


def test_dom_has_the_rejected_row_coloured(page, tmp_path):
    dom = dump_dom(page, tmp_path / "profile")
    assert "<title>Defect case: credit-of-rejected-debet</title>" in dom
    uitval = dom[dom.index('<table class="uitval">'):]
    uitval = uitval[:uitval.index("</table>")]
    rows = re.findall(r'<tr class="rejected">(.*?)</tr>', uitval, re.S)
    assert len(rows) == 1 and "0651" in rows[0] and "164813202" in rows[0]  # the retourcode and the client's BSN
    assert re.search(r"tr\.rejected td \{ background: var\(--bad\); \}", dom)
    # the credit in the case file links to the rejected debet of the earlier file, which is coloured too
    link = re.search(r'<a href="#(case-1-f1-l\d+)">', dom)
    assert link and re.search(rf'<tr id="{link.group(1)}" class="tone-bad">', dom)


def test_screenshot_is_not_blank_and_shows_the_rejection_colour(page, tmp_path):
    png = screenshot(page, tmp_path / "page.png", tmp_path / "profile", size=(1200, 1800))
    width, height, pixels = png_pixels(png)
    assert (width, height) == (1200, 1800)
    distinct = set(pixels[::97])
    assert len(distinct) > 20, "the page rendered blank"
    white = sum(1 for p in pixels if p == (255, 255, 255))
    assert white < 0.97 * len(pixels)
    rejected = sum(1 for p in pixels if p == REJECTED_RGB)
    assert rejected > 2000, f"only {rejected} pixels in the colour of rejected rows"


@pytest.fixture(scope="module")
def uitval_page(tmp_path_factory):
    """The HTML uitval of ``validate --report`` on a file with one rejected verzekerde."""
    from jwgen.cli import main

    folder = tmp_path_factory.mktemp("uitval")
    for name, data in defect_set(["bsn-invalid"], seed=0).items():
        (folder / name).write_bytes(data)
    assert main(["validate", str(folder / "bsn-invalid.JW321.txt"), "--report", str(folder / "u.html")]) == 1
    return folder / "u.html"


def test_uitval_shows_the_client_once_with_its_not_assessed_records_folded(uitval_page, tmp_path):
    dom = dump_dom(uitval_page, tmp_path / "profile")
    assert len(re.findall(r"<h3>", dom)) == 1  # one client
    assert len(re.findall(r"<details", dom)) == 1 and "<details open" not in dom  # folded
    assert len(re.findall(r'<tr class="rejected"', dom)) == 1


def test_uitval_fits_1280_pixels(uitval_page, tmp_path):
    """At 1280 px the whole table is on screen: its header's colour reaches the page's right margin (24 px) and
    not the window's edge (a table wider than the window runs under it)."""
    png = screenshot(uitval_page, tmp_path / "u.png", tmp_path / "profile", size=(1280, 900))
    width, height, pixels = png_pixels(png)
    header = (0xDC, 0xE3, 0xF0)
    columns = {i % width for i, p in enumerate(pixels) if p == header}
    assert columns and 1200 < max(columns) < width - 16, max(columns, default=None)
