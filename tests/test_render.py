"""README.md and index.html of fixture sets: both manifest shapes, escaping, determinism, money."""
from __future__ import annotations

import copy
import html
import json
import re
from importlib import resources

import pytest

from jwgen.sets import all_defects_set, defect_set
from jwgen.report.fixtures import FORWARDED_TEXT, PASSED_TEXT, euro, md_cell, render_html, render_readme, write_views

EVIL = '<script>alert(1)</script> & "x"'
EVIL_HTML = html.escape(EVIL, quote=True).replace("&quot;", "&#34;")  # jinja2's markupsafe spells " as &#34;


def finding(**over):
    row = {"record": 4, "type": "04 prestatierecord", "rubriek": "0403", "value": "123456789",
           "retourcode": "0435", "meaning": "Burgerservicenummer (BSN) verzekerde ontbreekt of is onjuist.",
           "rule": "bsn.invalid", "level": 4, "detail": "BSN 123456789 fails the 11-proef",
           "action": "Fill the client's BSN (11-proef) or 999999999 when there is none."}
    row.update(over)
    return row


def step(index, name, status="partial", findings=None, toegekend=-500, **over):
    entry = {
        "index": index, "name": name, "description": f"Step {name} of the story.", "profile": "gemeente",
        "jw321": f"{index:02d}-{name}.JW321.txt", "jw322": f"{index:02d}-{name}.JW322.txt",
        "files": [{"path": f"{index:02d}-{name}.JW321.txt", "sha256": "a" * 64, "bytes": 1234},
                  {"path": f"{index:02d}-{name}.JW322.txt", "sha256": "b" * 64, "bytes": 744}],
        "defects": ["bsn-invalid"] if findings else [],
        "sentence": f"The sentence of {name}.",
        "expected": {"status": status, "exit_code": 0 if status == "approved" else 1,
                     "voorloop_codes": ["8001"] if status == "approved" else ["0200"],
                     "retourcodes": {} if status == "approved" else {"4": ["0435"], "5": ["0200"]},
                     "ingediend": 12345, "toegekend": toegekend,
                     "findings": [finding()] if findings is None else findings},
    }
    entry.update(over)
    return entry


def scenario_manifest():
    return {"tool": "jwgen", "version": "0.1.0", "kind": "scenario", "scenario": "credit-correction",
            "title": "Credit and correction", "description": "A provider declares, credits and corrects.",
            "seed": 1, "standard": "JW321", "profile": "gemeente", "layout": "JW321 v2.0", "how_to_use": "",
            "some_future_key": {"ignored": True},
            "steps": [step(1, "declare", status="approved", findings=[], toegekend=12345, jw322=None,
                           files=[{"path": "01-declare.JW321.txt", "sha256": "c" * 64, "bytes": 1234}]),
                      step(2, "correct")]}


@pytest.fixture(scope="module")
def partial_credit():
    files = defect_set(["partial-credit"], seed=1)
    return json.loads(files["manifest.json"])


@pytest.fixture(scope="module")
def catalogue():
    return json.loads(all_defects_set(seed=1)["manifest.json"])


# ------------------------------------------------------------------ both shapes

def test_scenario_shape_renders_step_by_step():
    manifest = scenario_manifest()
    for text in (render_readme(manifest), render_html(manifest)):
        assert "Credit and correction" in text
        assert text.index("Step 1: declare") < text.index("Step 2: correct")
        assert "The sentence of correct." in text
        assert "0435" in text and "Burgerservicenummer (BSN) verzekerde ontbreekt of is onjuist." in text
        assert "Fill the client" in text and "0403" in text and "04 prestatierecord" in text
        assert "a" * 64 in text and "c" * 64 in text
        assert "€ 123,45 D" in text and "€ 5,00 C" in text
        assert "some_future_key" not in text


def test_defect_case_shape_renders_real_manifest(partial_credit):
    expected = partial_credit["cases"][0]["expected"]
    meaning = expected["findings"][0]["meaning"]
    assert expected["findings"][0]["retourcode"] == "0634"
    readme, page = render_readme(partial_credit), render_html(partial_credit)
    for text in (readme, page):
        assert "0634" in text
        assert html.escape(meaning) in text or meaning in text
        assert "partial-credit.prior-1.JW321.txt" in text  # the earlier file, sent first
        for f in partial_credit["cases"][0]["files"]:
            assert f["sha256"] in text
        assert euro(expected["ingediend"]) in text
    assert meaning in readme
    # the files to send appear in the order of receive_in_order
    order = partial_credit["cases"][0]["receive_in_order"]
    section = readme[readme.index("in this order"):]
    assert section.index(order[0]) < section.index(order[1])


def test_whole_catalogue_renders(catalogue):
    readme, page = render_readme(catalogue), render_html(catalogue)
    for case in catalogue["cases"]:
        assert case["case"] in readme and case["case"] in page
    # catalogue files live in one folder per case; the links say so
    assert 'href="partial-credit/partial-credit.JW321.txt"' in page
    assert "(partial-credit/partial-credit.JW321.txt)" in readme
    # the case without a JW322 says so instead of linking one
    assert "none (no JW322 is sent)" in readme
    for skipped in catalogue["skipped"]:
        assert skipped.split(":")[0] in readme


# ------------------------------------------------------------------ escaping

def test_html_escapes_everything_from_the_manifest():
    manifest = scenario_manifest()
    manifest["title"] = manifest["description"] = EVIL
    bad = step(2, "correct", findings=[finding(value=EVIL, meaning=EVIL, action=EVIL, detail=EVIL,
                                               rubriek=EVIL, type=EVIL, retourcode=EVIL)],
               sentence=EVIL, description=EVIL, profile=EVIL, defects=[EVIL])
    bad["files"][0]["path"] = EVIL
    bad["expected"]["voorloop_codes"] = [EVIL]
    manifest["steps"][1] = bad
    page = render_html(manifest)
    assert EVIL not in page
    assert "<script" not in page and "alert(1)</" not in page
    assert EVIL_HTML in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#34;x&#34;" in page


def test_html_is_self_contained():
    page = render_html(scenario_manifest())
    assert page.startswith("<!DOCTYPE html>")
    assert "<style>" in page
    assert "<script" not in page
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert "@import" not in page and "url(" not in page


def test_html_links_cannot_carry_a_scheme():
    manifest = scenario_manifest()
    manifest["steps"][1]["files"][0]["path"] = "javascript:alert(1)"
    page = render_html(manifest)
    assert 'href="javascript:' not in page
    assert 'href="javascript%3Aalert%281%29"' in page


def table_rows(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("|")]


def unescaped_pipes(line: str) -> int:
    return len(re.findall(r"(?<!\\)\|", line))


def test_markdown_escapes_pipes_and_newlines_in_cells():
    manifest = scenario_manifest()
    manifest["steps"][1]["expected"]["findings"] = [
        finding(value="12|34", meaning="first line\nsecond | line", action="a\r\nb")]
    readme = render_readme(manifest)
    row = next(line for line in table_rows(readme) if "12\\|34" in line)
    assert "first line<br>second \\| line" in row and "a<br>b" in row
    header = next(line for line in table_rows(readme) if line.startswith("| record |"))
    assert unescaped_pipes(row) == unescaped_pipes(header) == 8
    # every row of every table has as many cells as its header
    tables = re.split(r"\n(?!\|)", readme)
    for table in tables:
        rows = table_rows(table)
        if rows:
            assert len({unescaped_pipes(r) for r in rows}) == 1, rows


def test_markdown_escapes_markup_and_keeps_blocks_intact():
    manifest = scenario_manifest()
    manifest["description"] = "# not a heading\n    not code\n- not a list\n1. not a list " + EVIL
    manifest["steps"][1]["expected"]["findings"] = [finding(meaning=EVIL, value="[x](javascript:y)")]
    readme = render_readme(manifest)
    assert "\\# not a heading" in readme and "\n    not code" not in readme
    assert "\\- not a list" in readme and "1\\. not a list" in readme
    assert not re.search(r"(?<!\\)<(?!br>|a id=|/a>)", readme) and "\\<script>" in readme
    assert "\\[x\\](javascript:y)" in readme
    assert md_cell("a|b") == "a\\|b"


# ------------------------------------------------------------------ content rules

def test_approved_step_says_so_plainly():
    manifest = scenario_manifest()
    readme, page = render_readme(manifest), render_html(manifest)
    for text in (readme, page):
        assert PASSED_TEXT in text
    first = readme[readme.index("## Step 1: declare"):readme.index("## Step 2: correct")]
    assert "Uitval" not in first and "| record |" not in first
    assert "none (no JW322 is sent)" in first  # jw322 is null in this step
    second = readme[readme.index("## Step 2: correct"):]
    assert PASSED_TEXT not in second and "#### Uitval" in second


def test_euro_is_dutch_with_debet_credit():
    assert euro(12345) == "€ 123,45 D"
    assert euro(-500) == "€ 5,00 C"
    assert euro(5) == "€ 0,05 D"
    assert euro(0) == "€ 0,00"
    assert euro(3181160) == "€ 31.811,60 D"
    assert euro(-119300880000) == "€ 1.193.008.800,00 C"
    assert euro(None) == "–"


def test_output_is_deterministic(partial_credit):
    for manifest in (scenario_manifest(), partial_credit):
        assert render_readme(manifest) == render_readme(copy.deepcopy(manifest))
        assert render_html(manifest) == render_html(copy.deepcopy(manifest))


def test_manifest_order_is_kept_and_records_are_sorted_by_number():
    manifest = scenario_manifest()
    expected = manifest["steps"][1]["expected"]
    expected["findings"] = [finding(record=9, retourcode="0435"), finding(record=4, retourcode="0634")]
    expected["retourcodes"] = {"10": ["0200"], "9": ["0435"], "4": ["0634"]}
    readme = render_readme(manifest)
    rows = [r for r in table_rows(readme) if "| **0" in r]
    assert rows[0].startswith("| 9 |") and rows[1].startswith("| 4 |")  # findings: manifest order
    assert "0634 on 1 record(s) (4); 0435 on 1 record(s) (9); 0200 on 1 record(s) (10)" in readme


def test_missing_and_odd_keys_are_one_clear_error():
    """A manifest not in jwgen's shape is refused with one line naming the key, never a KeyError or TypeError."""
    from jwgen.report.manifest import ManifestError

    def without(key):
        manifest = scenario_manifest()
        del manifest["steps"][1]["expected"][key]
        return manifest

    def with_step(**over):
        manifest = scenario_manifest()
        manifest["steps"][1].update(over)
        return manifest

    odd = [
        ({}, "tool is missing"),  # no kind: read as a generated set
        ({"kind": "scenario"}, "tool is missing"),
        (without("findings"), "steps[1].expected.findings is missing"),
        (with_step(files="oops"), "steps[1].files is 'oops' (a text), not a list"),
        (with_step(defects=[None, "y"]), "steps[1].defects[0] is null, not a text"),
        ({**scenario_manifest(), "steps": None}, "steps is null, not a list"),
        ({**scenario_manifest(), "title": None}, "title is null, not a text"),
        ({"kind": "defect-case", "cases": [{}]}, "tool is missing"),
        ({"kind": "who-knows"}, "kind is 'who-knows', not one of"),
    ]
    for manifest, message in odd:
        for render in (render_readme, render_html):
            with pytest.raises(ManifestError) as caught:
                render(manifest)
            assert str(caught.value).startswith(f"manifest: {message}"), (manifest, str(caught.value))
            assert "\n" not in str(caught.value)


# ------------------------------------------------------------------ write_views and packaging

def test_write_views_adds_both_views_and_the_reports():
    manifest = scenario_manifest()
    files = {"01-declare.JW321.txt": b"x", "manifest.json": b"{}"}
    out = write_views(files, manifest)
    assert set(out) == set(files) | {"README.md", "index.html", "01-declare.uitval.xlsx", "01-declare.uitval.csv"}
    assert files == {"01-declare.JW321.txt": b"x", "manifest.json": b"{}"}  # input untouched
    plain = write_views(files, manifest, reports=False, content=False)
    assert set(plain) == set(files) | {"README.md", "index.html"}
    assert plain["README.md"].decode("utf-8") == render_readme(manifest)
    assert plain["index.html"].decode("utf-8") == render_html(manifest)
    assert "€".encode("utf-8") in out["index.html"]
    assert write_views(files, manifest) == out


def test_templates_are_package_data():
    folder = resources.files("jwgen.report") / "templates"
    names = {p.name for p in folder.iterdir()}
    assert {"fixture_readme.md.j2", "fixture_index.html.j2"} <= names


def test_forwarded_step_says_so_plainly():
    manifest = scenario_manifest()
    manifest["steps"][0]["expected"]["status"] = "forwarded"
    manifest["steps"][0]["profile"] = "vecozo"
    for text in (render_readme(manifest), render_html(manifest)):
        assert FORWARDED_TEXT.format(receiver="gemeente") in text


def test_no_template_reads_a_dict_method_by_attribute():
    """The views' environment reads a dict's item before its attribute (jwgen.report.templating); a template
    that meant a dict's method (``x.items``) would get the item of that name. None does."""
    from jinja2 import nodes

    from jwgen.report.templating import environment

    env = environment(autoescape=False)
    methods = {name for name in dir(dict) if not name.startswith("_")}
    read = set()
    for name in env.list_templates():
        tree = env.parse(env.loader.get_source(env, name)[0])
        read |= {node.attr for node in tree.find_all(nodes.Getattr)}
    assert read and not read & methods, sorted(read & methods)


def test_the_views_environment_reads_a_dict_key_first_and_anything_else_as_jinja2_does():
    from jinja2 import UndefinedError

    from jwgen.report.templating import environment

    env = environment(autoescape=False)
    page = env.from_string("{{ d.title }}|{{ d.items is defined }}|{{ o.imag }}|{{ d.missing is defined }}")
    assert page.render(d={"title": "t"}, o=2j) == "t|True|2.0|False"
    with __import__("pytest").raises(UndefinedError):
        env.from_string("{{ d.missing }}").render(d={})
