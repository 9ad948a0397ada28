"""The fixture index.html as a person sees it: rendered by headless Chromium (installed by the helper
when absent, skipped with the reason when it cannot be), a screenshot that is not blank and shows the
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
