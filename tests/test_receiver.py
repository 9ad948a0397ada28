"""The receiver as a whole: golden JW322 files, profiles, robustness against any bytes."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import minimal
from jwgen.cli import main
from jwgen.controle import Ledger, receive
from jwgen.flatfile import scan
from jwgen.model import finalize
from jwgen.spec import load_spec

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("JWGEN_UPDATE_GOLDEN") == "1"


def bad_total() -> bytes:
    d = minimal.declaration()
    d.sluit["totaal_declaratiebedrag"] += 1
    return minimal.file(d)


def bad_bsn() -> bytes:
    v2 = minimal.verzekerde(bsn=minimal.BSN2, prestaties=[minimal.prestatie(minimal.BSN2, ref="P2")])
    d = minimal.declaration(verzekerden=[minimal.verzekerde(), v2])
    d.verzekerden[1].prestaties[0].tarieven[0].record["bsn"] = 123456789  # 11-proef fails
    return minimal.file(d)


CASES = {
    "file-level-total": bad_total,
    "record-level-bsn": bad_bsn,
    "approved": minimal.file,
}


@pytest.mark.parametrize("profile", ["gemeente", "vecozo"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_golden_jw322(case, profile):
    """Pinned JW322 bytes (computed by the receiver once, reviewed, committed).
    Regenerate after an intended change with JWGEN_UPDATE_GOLDEN=1."""
    outcome = receive(CASES[case](), profile=profile)
    path = GOLDEN / f"{case}.{profile}.JW322.txt"
    if outcome.jw322 is None:
        assert profile == "vecozo" and outcome.status == "forwarded"
        assert not path.exists()
        return
    if UPDATE:
        path.write_bytes(outcome.jw322)
    assert outcome.jw322 == path.read_bytes()


def test_file_level_rejection_returns_voorloop_and_sluit_only():
    outcome = receive(bad_total())
    lines = outcome.jw322.split(b"\r\n")[:-1]
    assert outcome.status == "rejected-file" and outcome.voorloop_codes == ["0150"]
    assert [line[:2] for line in lines] == [b"01", b"99"]
    assert len(lines[0].decode()) == 370


def test_returned_records_keep_their_original_310_positions():
    data = bad_bsn()
    outcome = receive(data)
    original = {n: line for n, line in enumerate(data.decode().split("\r\n"), start=1)}
    retour = outcome.jw322.decode().split("\r\n")[1:-2]
    assert [line[:310] for line in retour] == [original[n] for n in outcome.returned]


def test_gemeente_returns_group_vecozo_returns_everything():
    data = bad_bsn()
    gemeente, vecozo = receive(data, "gemeente"), receive(data, "vecozo")
    assert gemeente.status == "partial" and vecozo.status == "rejected-records"
    total = len(data.split(b"\r\n")) - 3  # minus voorloop, sluit and the empty tail
    assert len(vecozo.returned) == total
    assert len(gemeente.returned) < total
    assert set(c for codes in vecozo.returned.values() for c in codes) == {"8096", "0435"}  # STB 6.8.2
    assert vecozo.toegekend == 0 and gemeente.toegekend == 12345


def test_rejected_verzekerde_marks_its_prestaties_not_assessed():
    d = minimal.declaration()
    d.verzekerden[0].record["bsn"] = 123456789
    for _, p in d.prestaties():
        for record in p.records():
            if "bsn" in record.values:
                record["bsn"] = 123456789
    outcome = receive(minimal.file(finalize(d, minimal.M.structure)))
    records = scan(minimal.file(d), minimal.M).records
    prestatie_lines = [r.number for r in records if r.rtype in ("04", "06", "16", "17", "98") and r.number > 3]
    assert outcome.returned[2] == ["0435"]
    assert prestatie_lines and all(outcome.returned[n] == ["8002"] for n in prestatie_lines)


def test_ledger_survives_in_a_file_and_is_transactional(tmp_path):
    state = tmp_path / "ledger.sqlite"
    with Ledger(state) as ledger:
        assert receive(minimal.file(), ledger=ledger).status == "approved"
    with Ledger(state) as ledger:  # the same file again: already declared
        again = receive(minimal.file(), ledger=ledger)
    assert again.status == "rejected-file" and again.voorloop_codes == ["8067"]


def test_no_voorloop_means_no_jw322():
    data = minimal.file().split(b"\r\n", 1)[1]
    outcome = receive(data)
    assert outcome.status == "unrecognised" and outcome.jw322 is None and outcome.exit_code == 2


VALID = minimal.file()


@st.composite
def mutated(draw):
    data = bytearray(VALID)
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["flip", "delete", "insert"]))
        at = draw(st.integers(0, len(data) - 1))
        if kind == "flip":
            data[at] = draw(st.integers(0, 255))
        elif kind == "delete":
            del data[at:at + draw(st.integers(1, 400))]
        else:
            data[at:at] = draw(st.binary(min_size=1, max_size=20))
        if not data:
            break
    return bytes(data)


@given(st.one_of(st.binary(max_size=2000), mutated()))
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_any_bytes_get_an_answer_never_a_crash(data):
    """As a JW321 gemeente and VECOZO read them; and as the standard the bytes name in 0102-0104 reads them (a
    mutated JW321 may name AW319's 430), by that standard's receiver."""
    statuses = {"approved", "partial", "rejected-file", "rejected-records", "forwarded", "unrecognised"}
    jw321 = load_spec(standard="JW321")
    for profile in ("gemeente", "vecozo"):
        outcome = receive(data, profile=profile, spec=jw321)
        assert outcome.status in statuses
        if outcome.jw322 is not None:
            lines = outcome.jw322.decode("utf-8").split("\r\n")
            assert lines[-1] == "" and all(len(line) == 370 for line in lines[:-1])
    assert receive(data).status in statuses


@given(st.one_of(st.binary(max_size=1500), mutated()))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_validate_command_exits_1_or_2_on_broken_input(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("fuzz") / "in.txt"
    path.write_bytes(data)
    code = main(["validate", str(path), "--json"])
    assert code in (0, 1, 2)
    if data != VALID:
        assert code in (1, 2) or receive(data).status == "approved"


def test_validate_cli_exit_codes_and_outputs(tmp_path, capsys):
    good, bad = tmp_path / "good.txt", tmp_path / "bad.txt"
    good.write_bytes(minimal.file())
    bad.write_bytes(bad_bsn())
    assert main(["validate", str(good)]) == 0
    out = tmp_path / "retour.txt"
    assert main(["validate", str(bad), "--out", str(out)]) == 1
    assert out.read_bytes() == receive(bad_bsn()).jw322
    assert main(["validate", str(bad), "--out", str(out)]) == 2  # exists, no --force
    assert main(["validate", str(bad), "--out", str(out), "--force"]) == 1
    assert main(["validate", str(tmp_path / "missing.txt")]) == 2
    assert main(["validate", str(good), "--profile", "zorgverzekeraar"]) == 2
    capsys.readouterr()
    assert main(["explain", "0804"]) == 0
    assert "Lengte record is onjuist" in capsys.readouterr().out
