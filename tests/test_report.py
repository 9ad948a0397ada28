"""The uitval report as a back-office person opens it: xlsx (with openpyxl), csv, html; validate --report;
the reports and views in every fixture set; one money format."""
from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest

from jwgen.cli import main
from jwgen.controle import receive
from jwgen.sets import all_defects_set, defect_set
from jwgen.report.export import csv_bytes, html_bytes
from jwgen.report.money import dutch_date, money
from jwgen.report.rows import COLUMNS, NOT_ASSESSED, file_report, outcome_expected
from jwgen.report.workbook import FIXED_TIME, MONEY_FORMAT, workbook_bytes
from jwgen.scenario import load, scenario_set
from jwgen.spec import load_spec, standard_names

SPEC = load_spec()
HEADERS = [header for _, header, _ in COLUMNS]


@pytest.fixture(scope="module")
def bsn_case(tmp_path_factory):
    """A defect case whose 3rd client fails the 11-proef: one rejected verzekerde, its prestaties 8002."""
    folder = tmp_path_factory.mktemp("bsn")
    files = defect_set(["bsn-invalid"], seed=0)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return folder, files


@pytest.fixture(scope="module")
def workbook(bsn_case, tmp_path_factory):
    folder, _ = bsn_case
    out = tmp_path_factory.mktemp("wb") / "u.xlsx"
    assert main(["validate", str(folder / "bsn-invalid.JW321.txt"), "--report", str(out)]) == 1
    return out, openpyxl.load_workbook(out)


def test_money_format_is_one_and_dutch():
    assert money(2132750) == "€ 21.327,50 D"
    assert money(-2132750) == "€ 21.327,50 C"
    assert money(2132750, "C") == "€ 21.327,50 C"
    assert money(0) == "€ 0,00" and money(0, "D") == "€ 0,00"
    assert money(148710, signed=False) == "€ 1.487,10"
    assert money(5, "X") == "€ 0,05 X"  # an indicator that is no D or C is shown as found
    assert dutch_date(date(2017, 3, 1)) == "01-03-2017" and dutch_date("20170301") == "01-03-2017"


def test_xlsx_has_the_columns_a_person_filters_by(workbook):
    _, wb = workbook
    assert wb.sheetnames == ["Uitval", "Samenvatting", "Retourcodes"]
    ws = wb["Uitval"]
    assert [c.value for c in ws[1]] == HEADERS
    for wanted in ("BSN", "Naam cliënt", "Geboortedatum", "Prestatiecode", "Begindatum prestatie",
                   "Einddatum prestatie", "Referentienummer", "Referentienummer voorgaande", "Recordtype", "Regel",
                   "Rubriek", "Rubrieknaam", "Gevonden waarde", "Retourcode", "Betekenis", "Wat te doen",
                   "Ingediend", "Toegekend"):
        assert wanted in HEADERS
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:{openpyxl.utils.get_column_letter(len(HEADERS))}{ws.max_row}"
    widths = {ws.cell(row=1, column=i).value: ws.column_dimensions[openpyxl.utils.get_column_letter(i)].width
              for i in range(1, len(HEADERS) + 1)}
    assert widths["BSN"] >= 9 and widths["Betekenis"] <= 62 and widths["Rubrieknaam"] >= len("Rubrieknaam")


def _client(bsn_case):
    """The rejected client's verzekerdenrecord and its first prestatierecord, read from the case's JW321."""
    from jwgen.flatfile import scan

    records = scan(bsn_case[1]["bsn-invalid.JW321.txt"], SPEC.declaration).records
    client = next(r for r in records if r.rtype == "02" and r["bsn"] == 123456789)
    prestatie = next(r for r in records if r.rtype == "04" and r["bsn"] == 123456789)
    return client, prestatie


def _day(value) -> datetime:
    return datetime(value.year, value.month, value.day)


def test_xlsx_known_row_types_and_formats(workbook, bsn_case):
    _, wb = workbook
    client, first = _client(bsn_case)
    ws = wb["Uitval"]
    col = {header: i for i, header in enumerate(HEADERS)}
    rows = [[c for c in row] for row in ws.iter_rows(min_row=2)]
    rejected = [r for r in rows if r[col["Retourcode"]].value == "0435"]
    assert len(rejected) == 1
    row = rejected[0]
    assert row[col["BSN"]].value == "123456789" and isinstance(row[col["BSN"]].value, str)
    assert row[col["Naam cliënt"]].value.startswith(f"{client['naam_01']}, {client['voorletters'][0]}")
    assert row[col["Geboortedatum"]].value == _day(client["geboortedatum"])
    assert row[col["Geboortedatum"]].number_format == "dd-mm-yyyy"
    assert row[col["Rubriek"]].value == "0203"
    assert row[col["Rubrieknaam"]].value == "BURGERSERVICENUMMER (BSN) VERZEKERDE"
    assert row[col["Betekenis"]].value == "Burgerservicenummer (BSN) verzekerde ontbreekt of is onjuist."
    assert row[col["Wat te doen"]].value.startswith("Vul het BSN van de cliënt")
    assert row[col["Regel"]].value == client.number
    # the client's prestaties come back not assessed, with their amounts as euro numbers
    assessed = [r for r in rows if r[col["Retourcode"]].value == NOT_ASSESSED]
    assert assessed and all(r[col["BSN"]].value == "123456789" for r in assessed)
    prestatie = next(r for r in assessed if r[col["Recordtype"]].value == "04 prestatierecord")
    amount = prestatie[col["Ingediend"]]
    assert isinstance(amount.value, (int, float, Decimal)) and amount.value > 0
    assert amount.number_format == MONEY_FORMAT and prestatie[col["Toegekend"]].value == 0
    assert prestatie[col["Begindatum prestatie"]].value == _day(first["begindatum_prestatie"])
    assert prestatie[col["Prestatiecode"]].value == first["prestatiecode"]
    assert str(prestatie[col["Referentienummer"]].value).startswith("201703962838-")


def test_xlsx_summary_and_retourcodes_sheets(workbook, bsn_case):
    _, wb = workbook
    outcome = receive(bsn_case[1]["bsn-invalid.JW321.txt"])
    summary = {row[0].value: row[1] for row in wb["Samenvatting"].iter_rows() if row[0].value}
    assert summary["Factuurnummer"].value == "201703962838"
    assert summary["Declaratieperiode van"].value == datetime(2017, 3, 1)
    assert summary["Declaratieperiode tot en met"].value == datetime(2017, 3, 31)
    assert summary["Status"].value == "Gedeeltelijk afgewezen"
    assert summary["Totaal ingediend"].value == pytest.approx(outcome.ingediend / 100)
    assert summary["Totaal ingediend"].number_format == MONEY_FORMAT
    assert summary["Totaal toegekend"].value == pytest.approx(outcome.toegekend / 100) and outcome.toegekend > 0
    assert summary["Ontvanger"].value == "gemeente"
    assert wb["Samenvatting"].max_column == 2  # one table: label and value
    counts = {row[0].value: row[4].value for row in wb["Retourcodes"].iter_rows() if row[0].value in ("0435", "8002")}
    assert counts["0435"] == 1 and counts["8002"] >= 1
    codes = {row[0].value: row[1].value for row in wb["Retourcodes"].iter_rows(min_row=2)}
    assert set(codes) == {"0200", "0435", "8002"}
    assert codes["0200"] == SPEC.retourcodes["0200"]["meaning"]


def test_xlsx_is_byte_identical_and_timeless(bsn_case):
    _, files = bsn_case
    data = files["bsn-invalid.JW321.txt"]
    outcome = receive(data)
    report = file_report(data, outcome_expected(outcome), "x.JW321.txt", outcome.jw322)
    first = workbook_bytes([report])
    assert workbook_bytes([report]) == first
    archive = zipfile.ZipFile(io.BytesIO(first))
    names = archive.namelist()
    assert names == sorted(names) and names[0] == "[Content_Types].xml"
    assert {info.date_time for info in archive.infolist()} == {FIXED_TIME}
    core = archive.read("docProps/core.xml").decode()
    assert "2017-04-05T00:00:00Z" in core and "jwgen" in core  # the dagtekening factuur, not the clock


def test_csv_is_excel_friendly_and_has_the_same_rows(bsn_case, workbook):
    folder, _ = bsn_case
    out = folder.parent / "u.csv"
    assert main(["validate", str(folder / "bsn-invalid.JW321.txt"), "--report", str(out), "--force"]) == 1
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows[0] == HEADERS
    assert len(rows) - 1 == workbook[1]["Uitval"].max_row - 1
    col = {header: i for i, header in enumerate(HEADERS)}
    prestatie = next(r for r in rows if r[col["Recordtype"]] == "04 prestatierecord")
    assert "," in prestatie[col["Ingediend"]] and "." not in prestatie[col["Ingediend"]]
    assert prestatie[col["Begindatum prestatie"]] == _client(bsn_case)[1]["begindatum_prestatie"].isoformat()


def test_html_report_colours_rejected_rows(bsn_case, tmp_path):
    folder, _ = bsn_case
    out = tmp_path / "u.html"
    assert main(["validate", str(folder / "bsn-invalid.JW321.txt"), "--report", str(out)]) == 1
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<html lang="nl">' in page and "<script" not in page
    assert page.count('<tr class="rejected"') == 1 and '<tr class="notjudged"' in page
    assert "tr.rejected td { background:" in page
    # per client: the client once, its rejection, its not-assessed records folded under one explanation
    client = _client(bsn_case)[0]
    assert page.count("<h3>") == 1 and page.count(f'<span class="mono">{client["bsn"]:09d}</span>') == 1
    folded = page[page.index('<details class="notjudged">'):page.index("</details>")]
    assert page.count("<details") == 1 and folded.count('<tr class="notjudged"') >= 2
    assert "Herstel eerst de afgewezen verzekerde" in folded and page.count("Herstel eerst") == 1
    # amounts once per prestatie (on its first row), not again on its tariefrecords
    prestaties = folded.count("04 prestatierecord")
    assert prestaties >= 1 and folded.count('<td class="num">€') == 2 * prestaties
    # the English detail of the check only in a tooltip
    assert 'title="BSN 123456789 fails the 11-proef"' in page
    body = re.sub(r' title="[^"]*"', "", page)
    assert "fails the" not in body and "not assessed" not in body
    assert money(receive(bsn_case[1]["bsn-invalid.JW321.txt"]).ingediend) in page and "01-03-2017 t/m 31-03-2017" in page


@pytest.mark.parametrize("name, message", [("u.pdf", ".xlsx, .csv or .html"), ("exists.xlsx", "exists")])
def test_validate_report_refuses_a_wrong_name_or_an_existing_file(bsn_case, tmp_path, capsys, name, message):
    folder, _ = bsn_case
    (tmp_path / "exists.xlsx").write_bytes(b"mine")
    assert main(["validate", str(folder / "bsn-invalid.JW321.txt"), "--report", str(tmp_path / name)]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
    assert (tmp_path / "exists.xlsx").read_bytes() == b"mine"


def test_rows_count_findings_and_not_assessed_only():
    files = defect_set(["bsn-invalid"], seed=0, profile="vecozo")
    data = files["bsn-invalid.JW321.txt"]
    outcome = receive(data, "vecozo")
    report = file_report(data, outcome_expected(outcome), "v", outcome.jw322)
    assert len(outcome.returned) > len(outcome.findings)  # VECOZO returns every record (approved: 0200) ...
    codes = [row["retourcode"] for row in report.rows]
    assert codes == ["0435"] * len(outcome.findings)  # ... but only the rejected ones are uitval


def test_file_level_rejection_gets_a_row_without_client():
    files = defect_set(["sluit-totaal-bedrag"], seed=0)
    data = files["sluit-totaal-bedrag.JW321.txt"]
    outcome = receive(data)
    report = file_report(data, outcome_expected(outcome), "f", outcome.jw322)
    assert [(r["retourcode"], r["uitkomst"], r["recordtype"]) for r in report.rows] == [
        ("0150", "Bestand afgewezen", "99 sluitrecord")]
    assert report.summary["status_tekst"] == "Bestand afgewezen"
    assert b"Bestand afgewezen" in csv_bytes([report]) and "Bestand afgewezen" in html_bytes([report]).decode()


@pytest.mark.parametrize("standard", standard_names())
def test_every_rule_has_a_dutch_what_to_do(standard):
    rules = load_spec(standard=standard).rules
    missing = [rule_id for rule_id, rule in rules.items() if not rule.get("wat_te_doen", "").strip()]
    assert missing == [], "give every rule of rules.json its Dutch 'wat_te_doen'"


# ------------------------------------------------------------------ fixture sets

def test_every_fixture_set_carries_its_reports():
    scenario, file = load("credit-correction")
    files = scenario_set(scenario, file=file)
    for stem in ("01-declare", "02-correct"):
        assert f"{stem}.uitval.xlsx" in files and f"{stem}.uitval.csv" in files
    assert "uitval.xlsx" in files and files["index.html"].count(b'href="uitval.xlsx"') == 1
    catalogue = all_defects_set(seed=1)
    assert "uitval.xlsx" in catalogue and "bsn-invalid/bsn-invalid.uitval.xlsx" in catalogue
    wb = openpyxl.load_workbook(io.BytesIO(catalogue["uitval.xlsx"]))
    assert wb["Uitval"].cell(row=1, column=1).value == "Geval"
    summary = wb["Samenvatting"]
    headers = [cell.value for cell in summary[1]]
    assert headers[0] == "Geval" and "Ontvanger" in headers
    receivers = {row[headers.index("Ontvanger")] for row in summary.iter_rows(min_row=2, values_only=True)}
    assert receivers and None not in receivers and "" not in receivers
    for index, header in enumerate(headers, start=1):  # every header's longest word fits its column
        width = summary.column_dimensions[openpyxl.utils.get_column_letter(index)].width
        assert width >= max(len(word) for word in header.split()), (header, width)
    cases = {row[0] for row in wb["Uitval"].iter_rows(min_row=2, values_only=True)}
    assert "bsn-invalid" in cases and "credit-of-rejected-debet" in cases


def _step_ingediend(files) -> int:
    return receive(files["01-declare.JW321.txt"]).ingediend


def test_fixture_html_links_credits_to_their_debets():
    scenario, file = load("credit-correction")
    files = scenario_set(scenario, file=file)
    page = files["index.html"].decode()
    manifest = json.loads(files["manifest.json"])
    assert "CAK" not in page and "CAK" not in files["README.md"].decode()
    # every credit of step 2 links to an anchor that exists in step 1
    import re
    links = re.findall(r'<a href="#(step-1-f1-l\d+)">', page)
    assert len(links) >= 2 and all(f'id="{anchor}"' in page for anchor in links)
    assert "credit in step 2" in page and "2nd debet in step 2" in page
    assert money(manifest["steps"][0]["outcome"]["ingediend"] if "outcome" in manifest["steps"][0]
                 else _step_ingediend(files)) in page  # the amounts in the money format
    # each description once
    description = manifest["steps"][0]["description"]
    assert page.count(description) == 1


def test_generate_and_fuzz_sets_have_readme_and_index(tmp_path):
    out = tmp_path / "g"
    assert main(["generate", "--seed", "2", "--verzekerden", "2", "--out", str(out)]) == 0
    names = {p.name for p in out.iterdir()}
    assert {"README.md", "index.html", "manifest.json"} <= names
    assert any(n.endswith(".uitval.xlsx") for n in names)
    assert "approved" in (out / "index.html").read_text(encoding="utf-8")
    corpus = tmp_path / "c"
    assert main(["fuzz", "--count", "4", "--seed", "3", "--out", str(corpus)]) == 0
    assert (corpus / "README.md").is_file() and (corpus / "index.html").is_file()
    assert not list(corpus.rglob("*.uitval.xlsx"))  # the corpus has no reports unless asked
    asked = tmp_path / "r"
    assert main(["fuzz", "--count", "4", "--seed", "3", "--out", str(asked), "--report"]) == 0
    assert len(list(asked.rglob("case-*/*.uitval.xlsx"))) == 4 and (asked / "uitval.xlsx").is_file()


def test_vecozo_good_lines_are_returned_not_rejected_in_the_fixture_view():
    """VECOZO sends the whole file back with 8096 on every good record (STB 6.8.2): the fixture view shows those
    lines as returned, only the broken verzekerde's as rejected."""
    from jwgen.report.content import Links, file_content
    from jwgen.sets import build_case, manifest_entry

    built = build_case(["bsn-invalid"], seed=1, profile="vecozo")
    expected = manifest_entry(built, SPEC).expected.to_dict()
    content = file_content(built.jw321, expected, "x.JW321.txt", "c1", Links(), "case", SPEC)
    assert sum(client.rejected for client in content.clients) == 1  # the verzekerde whose BSN is broken
    assert {line.state for client in content.clients if not client.rejected for line in client.lines} == {"returned"}
    assert all("8096" not in line.codes for client in content.clients for line in client.lines)
