"""jwgen generate: valid, realistic, deterministic JW321 declarations and their output set."""
from __future__ import annotations

import hashlib
import json
import os
import re
import shlex
import subprocess
import sys
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from stdnum import iban as stdnum_iban
from stdnum.nl import bsn as stdnum_bsn
from stdnum.nl import postcode as stdnum_postcode

from jwgen.cli import main
from jwgen.errors import JwgenError
from jwgen.flatfile import read, write
from jwgen.generate import GenerateOptions, generate
from jwgen.sets import build_valid_set
from jwgen.generate.identifiers import NO_BSN
from jwgen.model import Declaration, compute_totals, prestatie_amount
from jwgen.spec import load_spec

SPEC = load_spec()
M = SPEC.declaration
STRUCTURE = M.structure
ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
ALL = dict(debiteur=True, zorgactiviteit=True, tijdsbesteding=True, commentaar=True)

#: sha256 of the JW321 of ``build_valid_set(GenerateOptions(), seed=42)``. A regression pin: it
#: changes only when generation changes on purpose (or Faker, which is pinned exactly in pyproject).
PINNED_DEFAULT_SEED_42 = "ff8200bf998e74377a81d104a000ea9e3f96c661c7e329bd043b49b84775b1e3"


@pytest.fixture(scope="module")
def big() -> tuple[Declaration, bytes]:
    declaration = generate(GenerateOptions(records=12_000, zonder_bsn=0.05, **ALL), seed=7, spec=SPEC)
    return declaration, write(declaration, M)


@pytest.fixture(scope="module")
def samples() -> list[Declaration]:
    """A spread of options and seeds, small enough to check everything in each."""
    options = [GenerateOptions(), GenerateOptions(verzekerden=6, **ALL),
               GenerateOptions(verzekerden=4, prestaties=(2, 5), tarieven=(1, 4)),
               GenerateOptions(records=300, year=2016, month=2, receiver_code="0599", **ALL),
               GenerateOptions(verzekerden=3, year=2018, month=12, soort_bericht="P", zonder_bsn=0.5, **ALL)]
    return [generate(o, seed, SPEC) for o in options for seed in (0, 1, 99)]


def lines_of(data: bytes) -> list[str]:
    text = data.decode("utf-8")
    assert text.endswith("\r\n")
    return text[:-2].split("\r\n")


# -- identifiers inside generated files ----------------------------------------------------------

def test_every_bsn_in_a_full_file_passes_stdnum(big):
    declaration, _ = big
    bsns = [v.record["bsn"] for v in declaration.verzekerden]
    real = [f"{b:09d}" for b in bsns if f"{b:09d}" != NO_BSN]
    assert len(real) > 500 and all(stdnum_bsn.is_valid(b) for b in real)
    assert len(set(real)) == len(real)  # one verzekerdenrecord per person
    assert 0 < len(bsns) - len(real) < len(bsns) * 0.15  # the 5 % without BSN
    assert any(len(set(b[:8])) < 8 for b in real)  # beyond Faker's reach


def test_postcodes_and_ibans_pass_stdnum(big):
    declaration, _ = big
    for verzekerde in declaration.verzekerden:
        assert stdnum_postcode.is_valid(verzekerde.record["postcode"])
        debiteur = verzekerde.debiteur
        assert debiteur is not None
        assert stdnum_postcode.is_valid(debiteur.record["postcode"])
        assert stdnum_iban.is_valid(debiteur.record["iban"])
        assert debiteur.record["debiteurnummer"] == verzekerde.record["debiteurnummer"] != ""


# -- determinism -----------------------------------------------------------------------------------

_HASH_CODE = (
    "import hashlib; from jwgen.generate import GenerateOptions, generate; from jwgen.flatfile import write; "
    "from jwgen.spec import load_spec; s = load_spec(); "
    "o = GenerateOptions(verzekerden=25, debiteur=True, zorgactiviteit=True, tijdsbesteding=True, commentaar=True); "
    "print(hashlib.sha256(write(generate(o, 5, s), s.declaration)).hexdigest())"
)


def test_same_seed_same_bytes_across_processes_and_hash_seeds():
    digests = set()
    for hash_seed in ("0", "1", "4242"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        out = subprocess.run([sys.executable, "-c", _HASH_CODE], env=env, capture_output=True, text=True,
                             check=True, cwd=ROOT)
        digests.add(out.stdout.strip())
    options = GenerateOptions(verzekerden=25, **ALL)
    digests.add(hashlib.sha256(write(generate(options, 5, SPEC), M)).hexdigest())
    assert len(digests) == 1


def test_pinned_hash_of_a_small_file():
    result = build_valid_set(GenerateOptions(), seed=42, spec=SPEC)
    data = result.files[result.manifest.jw321]
    assert hashlib.sha256(data).hexdigest() == PINNED_DEFAULT_SEED_42


def test_different_seeds_differ():
    a = write(generate(GenerateOptions(), 1, SPEC), M)
    b = write(generate(GenerateOptions(), 2, SPEC), M)
    assert a != b


def test_enabling_record_types_keeps_the_people():
    """Each verzekerde has its own generator: optional records elsewhere do not change names or BSNs."""
    def people(options: GenerateOptions) -> list[tuple]:
        d = generate(options, 3, SPEC)
        return [(v.record["bsn"], v.record["naam_01"], v.record["voorletters"], v.record["geboortedatum"])
                for v in d.verzekerden]

    assert people(GenerateOptions(verzekerden=8)) == people(GenerateOptions(verzekerden=8, **ALL))


# -- the bytes -------------------------------------------------------------------------------------

def test_every_record_is_310_characters_even_with_non_ascii(big):
    _, data = big
    lines = lines_of(data)
    assert len(lines) == 12_000
    assert all(len(line) == M.record_length for line in lines)
    assert any(not line.isascii() for line in lines)  # Faker nl_NL gives names like "Aimée"
    assert len(data) > len(data.decode("utf-8"))


def test_forced_non_ascii_name_goes_through_the_pipeline():
    declaration = generate(GenerateOptions(verzekerden=2, debiteur=True), 1, SPEC)
    declaration.verzekerden[0].record["naam_01"] = "Schröder"
    declaration.verzekerden[0].debiteur.record["woonplaatsnaam"] = "Exloërmond"
    data = write(declaration, M)
    lines = lines_of(data)
    assert all(len(line) == M.record_length for line in lines)
    assert "Schröder" in lines[1] and "Exloërmond" in lines[2]
    assert len(data) == (M.record_length + 2) * len(lines) + 2  # two characters of two bytes each
    back = read(data, M)
    assert back == declaration
    assert back.verzekerden[0].record["naam_01"] == "Schröder"


def test_read_write_roundtrip(samples, big):
    for declaration in [*samples, big[0]]:
        data = write(declaration, M)
        back = read(data, M)
        assert back == declaration
        assert write(back, M) == data


# -- content rules ----------------------------------------------------------------------------------

def test_sluitrecord_equals_compute_totals(samples, big):
    for declaration in [*samples, big[0]]:
        expected = compute_totals(declaration.details(), STRUCTURE).sluit_values(STRUCTURE)
        assert {key: declaration.sluit[key] for key in expected} == expected


def test_voorlooprecord(samples):
    gemeenten = SPEC.codes("CBS-GEMEENTE")
    for declaration in samples:
        v = declaration.voorloop
        assert (v["code_berichtsoort"], v["versienummer"], v["subversienummer"]) == (434, 2, 0)
        assert v["soort_bericht"] in ("T", "P") and v["valutacode"] == "EUR"
        assert f"{v['gemeentecode']:04d}" in gemeenten
        assert v["betaling_aan"] == 3 and v["praktijkcode"] > 0 and v["zorgverlenerscode"] > 0
        assert f"{v['praktijkcode']:08d}"[2] == "0"
        begin, end = v["begindatum_declaratieperiode"], v["einddatum_declaratieperiode"]
        assert begin.day == 1 and (end + timedelta(days=1)).day == 1
        assert (begin.year, begin.month) == (end.year, end.month)
        assert 0 < (v["dagtekening_factuur"] - end).days <= 14
        assert v["factuurnummer_declarant"] and len(v["factuurnummer_declarant"]) <= M.records["01"][
            "factuurnummer_declarant"].length


def test_verzekerde_and_children_share_keys(samples, big):
    for declaration in [*samples, big[0]]:
        gemeente = declaration.voorloop["gemeentecode"]
        for verzekerde in declaration.verzekerden:
            r = verzekerde.record
            assert r["gemeentecode"] == gemeente
            assert (r["naamcode_01"], r["naamcode_02"], r["naamcode_03"]) == (1, 0, 0)
            assert r["geslacht"] in (1, 2) and r["indicatie_overleden"] == 2 and r["code_land"] == "NL"
            assert r["naam_01"] and r["voorletters"] and r["postcode"] and r["huisnummer"] > 0
            for volgnummer, prestatie in enumerate(verzekerde.prestaties, start=1):
                p = prestatie.record
                assert p["bsn"] == r["bsn"] and p["gemeentecode"] == gemeente
                assert p["prestatiecodelijst"] == 50 and p["doorsturen_toegestaan"] == 1
                assert re.fullmatch(r"[0-9A-Z]{6}", p["prestatiecode"])
                assert p["referentienummer_voorgaande"] == ""
                for child in prestatie.children():
                    c = child.record
                    for key in (*STRUCTURE["link_key"], "gemeentecode"):
                        assert c[key] == p[key], key
                    assert c["prestatievolgnummer"] == p["prestatievolgnummer"] == 1


def test_amounts_live_on_the_tariefrecords(samples, big):
    """GZ321 layout: the prestatierecord has no amount; each tariefrecord declares tarief x aantal, debet."""
    for declaration in [*samples, big[0]]:
        for _, prestatie in declaration.prestaties():
            p = prestatie.record
            assert prestatie.tarieven
            assert not {"declaratiebedrag", "berekend_bedrag", "tarief_prestatie"} & set(p.values)
            assert p["indicatie_debet_credit"] == "D"
            assert prestatie_amount(prestatie, STRUCTURE) == sum(t.record["declaratiebedrag"] for t in prestatie.tarieven) > 0
            for tarief in prestatie.tarieven:
                t = tarief.record
                assert t["declaratiebedrag"] == t["berekend_bedrag"] == t["tarief_prestatie"] * t["aantal_uitgevoerde_prestaties"]
                assert t["soort_prestatie_tarief"] in (10, 11, 12)
                assert t["dc_declaratiebedrag"] == t["dc_berekend_bedrag"] == t["dc_eigen_bijdrage"] == "D"
            for child in [*prestatie.zorgactiviteiten, *prestatie.tijdsbestedingen]:
                assert child.record["indicatie_debet_credit"] == "D"


def test_tijdseenheden_of_a_prestatie_are_its_records_sums(samples, big):
    for declaration in [*samples, big[0]]:
        for _, prestatie in declaration.prestaties():
            p = prestatie.record
            uren = sum(z.record["aantal_tijdseenheden_zorgactiviteit"] for z in prestatie.zorgactiviteiten)
            direct = sum(t.record["aantal_tijdseenheden_direct"] for t in prestatie.tijdsbestedingen)
            indirect = sum(t.record["aantal_tijdseenheden_indirect"] for t in prestatie.tijdsbestedingen)
            assert p["aantal_tijdseenheden_zorgactiviteit"] == uren
            assert (p["aantal_tijdseenheden_direct"], p["aantal_tijdseenheden_indirect"]) == (direct, indirect)
            assert p["aantal_tijdseenheden_totaal"] == direct + indirect
            assert p["tijdseenheid_zorgactiviteit"] == (4 if prestatie.zorgactiviteiten else 0)
            assert p["tijdseenheid_tijdsbesteding"] == 1  # 01 for every DBC (GZ321 BER 0434)
            assert p["zorgverlenerscode_hoofdbehandelaar_1"] and p["beroep_hoofdbehandelaar_1"]
            assert p["verwijsdatum"] is None and p["zorgtrajectnummer"].startswith("ZT")  # 0424 reserved
            for t in prestatie.tijdsbestedingen:
                r = t.record
                assert r["soort_behandelaar"] in (1, 2)
                assert (r["soort_behandelaar"] == 1) == bool(r["zorgverlenerscode_hoofdbehandelaar"])


def test_all_dates_inside_the_period_and_before_the_invoice(samples, big):
    date_keys = {key for keys in STRUCTURE["date_ranges"].values() for key in keys}
    for declaration in [*samples, big[0]]:
        v = declaration.voorloop
        first, last, invoice = (v["begindatum_declaratieperiode"], v["einddatum_declaratieperiode"],
                                v["dagtekening_factuur"])
        assert first <= last <= invoice
        for verzekerde in declaration.verzekerden:
            born = verzekerde.record["geboortedatum"]
            assert born < first and (first - born).days <= 22 * 366
            for prestatie in verzekerde.prestaties:
                p = prestatie.record
                assert first <= p["begindatum_prestatie"] <= p["einddatum_prestatie"] <= last
                for child in prestatie.children():
                    for key in date_keys & set(child.record):
                        if key != "begindatum_prestatie":
                            assert p["begindatum_prestatie"] <= child.record[key] <= p["einddatum_prestatie"]
                z = [c.record for c in prestatie.zorgactiviteiten]
                assert all(r["begindatum_zorgactiviteit"] <= r["einddatum_zorgactiviteit"] for r in z)
        for record in declaration.details():
            for key in date_keys & set(record.values):
                assert first <= record[key] <= invoice


def test_referentienummers_are_unique_and_filled(samples, big):
    for declaration in [*samples, big[0]]:
        refs = [r["referentienummer"] for r in declaration.details() if r.rtype in ("04", "06", "16", "17")]
        assert all(refs) and len(set(refs)) == len(refs)


def test_names_fit_and_voorvoegsels_come_from_the_list(big):
    voorvoegsels = set(SPEC.codes("NAM040-NEN"))
    for verzekerde in big[0].verzekerden:
        for node in (verzekerde, verzekerde.debiteur):
            r = node.record
            for key in ("naam_01", "voorvoegsel_01", "voorletters", "straatnaam", "woonplaatsnaam"):
                if key in r.values:
                    value = r[key]
                    assert value == value.strip() and len(value) <= M.records[r.rtype][key].length
            assert r["voorvoegsel_01"] == "" or r["voorvoegsel_01"] in voorvoegsels
    assert any(v.record["voorvoegsel_01"] for v in big[0].verzekerden)


def test_comments_belong_to_allowed_records(big):
    commented = [node.record.rtype for v in big[0].verzekerden
                 for node in [v, v.debiteur, *[n for p in v.prestaties for n in (p, *p.children())]]
                 if node is not None and node.comments]
    assert commented and set(commented) <= {"02", "03", "04", "06"}  # STB table 5-2


def test_every_bsn_without_number_is_999999999():
    declaration = generate(GenerateOptions(verzekerden=5, zonder_bsn=1.0), 1, SPEC)
    assert {r["bsn"] for r in declaration.details() if "bsn" in r.values} == {999999999}


def test_the_reference_receiver_approves_generated_files(samples):
    from jwgen.controle import receive

    for declaration in samples:
        data = write(declaration, M)
        assert receive(data, "gemeente", spec=SPEC).status == "approved"
        assert receive(data, "vecozo", spec=SPEC).status == "forwarded"


@given(seed=st.integers(min_value=0, max_value=2 ** 32), verzekerden=st.integers(1, 6),
       prestaties=st.tuples(st.integers(1, 3), st.integers(0, 3)), flags=st.lists(st.booleans(), min_size=4,
                                                                                    max_size=4))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_any_options_give_a_valid_roundtripping_file(seed, verzekerden, prestaties, flags):
    low, extra = prestaties
    options = GenerateOptions(verzekerden=verzekerden, prestaties=(low, low + extra),
                              debiteur=flags[0], zorgactiviteit=flags[1], tijdsbesteding=flags[2],
                              commentaar=flags[3])
    declaration = generate(options, seed, SPEC)
    data = write(declaration, M)
    assert read(data, M) == declaration
    assert len(declaration.verzekerden) == verzekerden


# -- --records ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("records", [5, 6, 7, 8, 9, 10, 57, 1000, 12_000])
@pytest.mark.parametrize("flags", [{}, ALL], ids=["plain", "all-types"])
def test_records_gives_exactly_n_records(records, flags):
    declaration = generate(GenerateOptions(records=records, **flags), records, SPEC)
    data = write(declaration, M)
    assert data.count(b"\r\n") == records
    assert read(data, M) == declaration


def test_records_too_small_or_too_large_is_refused():
    for records in (4, 12_001):
        with pytest.raises(JwgenError):
            generate(GenerateOptions(records=records), 1, SPEC)


def test_too_many_verzekerden_is_refused():
    with pytest.raises(JwgenError, match="12000"):
        generate(GenerateOptions(verzekerden=5000), 1, SPEC)


@pytest.mark.parametrize("options", [
    GenerateOptions(verzekerden=0), GenerateOptions(prestaties=(0, 1)), GenerateOptions(prestaties=(3, 2)),
    GenerateOptions(prestaties=(1, 100)), GenerateOptions(tarieven=(0, 1)), GenerateOptions(month=13),
    GenerateOptions(receiver_code="9999"), GenerateOptions(praktijkcode="123"), GenerateOptions(soort_bericht="X"),
    GenerateOptions(zonder_bsn=1.5), GenerateOptions(reference_date=date(2017, 3, 30)),
])
def test_bad_options_are_refused_with_one_line(options):
    with pytest.raises(JwgenError) as error:
        generate(options, 1, SPEC)
    assert "\n" not in str(error.value)


def test_given_codes_are_used():
    options = GenerateOptions(praktijkcode="94012345", zorgverlenerscode="94123456", receiver_code="0599",
                              year=2018, month=2, reference_date=date(2018, 3, 2))
    v = generate(options, 1, SPEC).voorloop
    assert (v["praktijkcode"], v["zorgverlenerscode"], v["gemeentecode"]) == (94012345, 94123456, 599)
    assert (v["begindatum_declaratieperiode"], v["einddatum_declaratieperiode"], v["dagtekening_factuur"]) == (
        date(2018, 2, 1), date(2018, 2, 28), date(2018, 3, 2))


# -- the output set and the manifest ------------------------------------------------------------------

def test_manifest_describes_the_file():
    import faker

    import jwgen

    result = build_valid_set(GenerateOptions(verzekerden=3, **ALL), seed=9, spec=SPEC)
    tree = result.tree()
    name = result.manifest.jw321
    retour = name.replace("_JW321.txt", "_JW322.txt")
    assert set(tree) == {name, retour, "manifest.json"}
    assert [line[:2] for line in tree[retour].split(b"\r\n")[:-1]] == [b"01", b"99"]  # fully approved
    assert tree[retour][342:346] == b"8001"
    assert re.fullmatch(r"[0-9]{8}_[0-9A-Za-z-]+_JW321\.txt", name)
    manifest = json.loads(tree["manifest.json"])
    assert manifest["tool"] == "jwgen" and manifest["jwgen_version"] == jwgen.__version__
    assert manifest["faker_version"] == faker.VERSION
    assert manifest["seed"] == 9 and manifest["options"]["verzekerden"] == 3
    assert manifest["reference_date"] == "2017-04-05"
    assert manifest["files"] == [{"path": path, "sha256": hashlib.sha256(tree[path]).hexdigest(),
                                  "bytes": len(tree[path])} for path in sorted((name, retour))]
    assert manifest["expected"]["status"] == "approved" and manifest["expected"]["jw322"] == retour
    declaration = read(tree[name], M)
    per_type = manifest["records"]["per_type"]
    assert sum(per_type.values()) == manifest["records"]["total"] == len(list(declaration.records()))
    for rtype, count in per_type.items():
        assert count == sum(1 for r in declaration.records() if r.rtype == rtype)
    assert manifest["total_amount"] == {"eurocent": declaration.sluit["totaal_declaratiebedrag"], "dc": "D"}
    assert not re.search(r"20[2-9][0-9]-[0-9]{2}-[0-9]{2}T", tree["manifest.json"].decode())  # no timestamps


# -- command line and examples ---------------------------------------------------------------------------

def _documented_commands() -> list[list[str]]:
    text = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    commands = [shlex.split(line)[1:] for line in text.splitlines() if line.startswith("jwgen generate ")]
    assert len(commands) == 2, commands  # valid-small (JW321) and zh308-small (made from its BER)
    return commands


@pytest.mark.parametrize("args", _documented_commands(), ids=lambda args: args[args.index("--out") + 1])
def test_examples_regenerate_byte_identically(tmp_path, args):
    args = list(args)
    out_index = args.index("--out") + 1
    committed = EXAMPLES / Path(args[out_index]).relative_to("examples")
    args[out_index] = str(tmp_path / "again")
    assert main(args) == 0
    fresh = {p.name: p.read_bytes() for p in (tmp_path / "again").iterdir()}
    expected = {p.name: p.read_bytes() for p in committed.iterdir()}
    assert fresh == expected


def test_example_shows_every_record_type():
    manifest = json.loads((EXAMPLES / "valid-small" / "manifest.json").read_text(encoding="utf-8"))
    assert all(count > 0 for count in manifest["records"]["per_type"].values())


def test_cli_generate_and_refuse_existing_output(tmp_path, capsys):
    out = tmp_path / "set"
    assert main(["generate", "--seed", "3", "--out", str(out), "--verzekerden", "2", "--prestaties", "1..2",
                 "--debiteur", "--period", "2017-05", "--gemeente", "599"]) == 0
    files = sorted(p.name for p in out.iterdir())
    assert files[-1] == "manifest.json" and files[0].endswith("_JW321.txt")
    data = (out / files[0]).read_bytes()
    declaration = read(data, M)
    assert declaration.voorloop["gemeentecode"] == 599
    assert declaration.voorloop["begindatum_declaratieperiode"] == date(2017, 5, 1)
    capsys.readouterr()
    assert main(["generate", "--seed", "4", "--out", str(out)]) == 2
    assert "not empty" in capsys.readouterr().err
    assert (out / files[0]).read_bytes() == data  # untouched
    assert main(["generate", "--seed", "4", "--out", str(out), "--force"]) == 0
    replaced = sorted(p.name for p in out.iterdir())
    assert len(replaced) == len(files) == 7 and replaced != files  # the whole folder was replaced (JW321, JW322,
    # manifest.json, README.md, index.html and the uitval report as .xlsx and .csv)


@pytest.mark.parametrize("args", [
    ["--period", "2017-13"], ["--period", "march"], ["--prestaties", "3..1"], ["--prestaties", "x"],
    ["--records", "4"], ["--records", "12001"], ["--gemeente", "9999"], ["--verzekerden", "0"],
    ["--verzekerden", "2", "--records", "10"], ["--seed", "-1"], ["--soort-bericht", "X"], ["--zonder-bsn", "2"],
    ["--no-such-option"],
])
def test_cli_bad_options_exit_2(tmp_path, capsys, args):
    out = tmp_path / "never"
    assert main(["generate", "--out", str(out), *args]) == 2
    err = capsys.readouterr().err
    assert err.startswith("jwgen: error: ") and err.count("\n") == 1
    assert not out.exists()


def test_cli_records_12000(tmp_path):
    out = tmp_path / "full"
    assert main(["generate", "--records", "12000", "--out", str(out), "--zorgactiviteit", "--tijdsbesteding"]) == 0
    (jw321,) = out.glob("*_JW321.txt")
    assert jw321.read_bytes().count(b"\r\n") == 12_000


def test_generate_help_does_not_import_faker():
    code = ("import sys; from jwgen.cli import main; main(['generate', '--help']); "
            "sys.exit(1 if 'faker' in sys.modules else 0)")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, cwd=ROOT).returncode == 0


def test_options_are_frozen_and_comparable():
    a = GenerateOptions(verzekerden=2)
    assert a == replace(GenerateOptions(), verzekerden=2)
    with pytest.raises(Exception):
        a.verzekerden = 3  # type: ignore[misc]


def test_clients_without_bsn_are_identified_by_verzekerdennummer():
    declaration = generate(GenerateOptions(verzekerden=6, zonder_bsn=0.5, **ALL), 2, SPEC)
    for verzekerde in declaration.verzekerden:
        number = verzekerde.record["verzekerdennummer"]
        assert bool(number) == (verzekerde.record["bsn"] == 999999999)
        for prestatie in verzekerde.prestaties:
            for node in (prestatie, *prestatie.children()):
                assert node.record["verzekerdennummer"] == number
