"""Issue 12, points 1 and 2: inputs that used to end in exit 3 or in no answer.

Every readable file gets an answer (exit 0/1 and a JW322) with a retourcode for the
value out of range; options and scenario files out of range get exit 2 and one line.
"""
from __future__ import annotations

from datetime import date

import pytest

import minimal
from jwgen.cli import main
from jwgen.controle import receive
from jwgen.flatfile import scan

M = minimal.M
J = minimal.SPEC.retour


def _set(data: bytes, line: int, key: str, text: bytes) -> bytes:
    """Overwrite one field of one line with raw bytes (no writer involved)."""
    lines = data.split(b"\r\n")
    f = M.records[lines[line - 1][:2].decode()][key]
    old = lines[line - 1]
    lines[line - 1] = old[:f.start - 1] + text + old[f.start - 1 + f.length:]
    return b"\r\n".join(lines)


def _validate(tmp_path, capsys, data: bytes, *options: str) -> tuple[int, bytes | None, str]:
    source, out = tmp_path / "in.JW321.txt", tmp_path / "out.JW322.txt"
    source.write_bytes(data)
    code = main(["validate", str(source), "--out", str(out), "--force", *options])
    err = capsys.readouterr().err
    return code, out.read_bytes() if out.exists() else None, err


def _voorloop_codes(jw322: bytes) -> list[str]:
    head = scan(jw322, J).records[0]
    return [head[k] for k in J.structure["retourcode_fields"] if head[k]]


@pytest.mark.parametrize(("changes", "code", "retour"), [
    ({"dagtekening_factuur": b"99991231"}, "0025", "99991231"),
    ({"dagtekening_factuur": b"99991225"}, "0025", "99991231"),
    ({"dagtekening_factuur": b"00000000", "einddatum_declaratieperiode": b"99991230"}, "0025", "99991231"),
    ({"dagtekening_factuur": b"00000000", "einddatum_declaratieperiode": b"9999123x"}, "0021", "00000000"),
    ({"begindatum_declaratieperiode": b"00010101"}, "0020", "20170212"),
    ({"einddatum_declaratieperiode": b"09991231"}, "0021", "20170212"),
    ({"dagtekening_factuur": b"05000101"}, "0025", None),
])
def test_extreme_voorloop_dates_are_answered(tmp_path, capsys, changes, code, retour):
    data = minimal.file()
    for key, text in changes.items():
        data = _set(data, 1, key, text)
    exit_code, jw322, err = _validate(tmp_path, capsys, data)
    assert exit_code == 1 and err == "", err
    assert jw322 is not None and code in _voorloop_codes(jw322)
    head = scan(jw322, J).records[0]
    f = J.records["01"]["dagtekening_retourbericht"]
    if retour is not None:
        assert head.line[f.start - 1:f.end] == retour


def test_dagtekening_just_before_the_limit_is_approved():
    data = _set(minimal.file(), 1, "dagtekening_factuur", b"99991224")
    outcome = receive(data)
    assert outcome.status == "approved"
    head = scan(outcome.jw322, J).records[0]
    assert head["dagtekening_retourbericht"] == date(9999, 12, 31)


@pytest.mark.parametrize(("line", "key", "value", "code"), [
    (2, "geboortedatum", b"05000101", "0001"),
    (4, "einddatum_prestatie", b"00010101", "8007"),
    (4, "einddatum_prestatie", b"09991231", "8007"),
])
def test_dates_before_1000_in_records_get_a_retourcode_and_an_answer(tmp_path, capsys, line, key, value, code):
    data = _set(minimal.file(), line, key, value)
    assert M.records[data.split(b"\r\n")[line - 1][:2].decode()][key].kind == "date"
    exit_code, jw322, err = _validate(tmp_path, capsys, data)
    assert exit_code == 1 and err == "", err
    returned = {r.line[:M.record_length]: r for r in scan(jw322, J).records[1:-1]}
    sent = data.split(b"\r\n")[line - 1].decode()
    assert sent in returned, "the record comes back with the sender's own bytes"
    record = returned[sent]
    assert code in [record[k] for k in J.structure["retourcode_fields"]]


def test_a_toegekend_total_too_large_for_the_jw322_is_rejected_with_an_answer(tmp_path, capsys):
    most = 10 ** M.records["06"]["declaratiebedrag"].length - 1  # amounts live on the tariefrecord
    debets = [minimal.prestatie(ref=f"D{i}", amount=most, children=False) for i in range(1001)]
    # Credits of debets the receiver never saw: each is rejected (8017) if the file reaches record level,
    # so the gemeente would grant every debet: 1001 * 99,999,999 eurocent, more than N11.
    credits = [minimal.prestatie(ref=f"C{i}", amount=most, dc="C", ref_voorgaande=f"X{i}", children=False)
               for i in range(1001)]
    data = minimal.file(minimal.declaration([minimal.verzekerde(prestaties=debets + credits)]))
    exit_code, jw322, err = _validate(tmp_path, capsys, data)
    assert exit_code == 1 and err == "", err
    assert _voorloop_codes(jw322) == ["0150"]


# -- options and scenario files out of range: exit 2, one line ------------------------------------

def _one_line(capsys, code: int, *words: str) -> None:
    err = capsys.readouterr().err
    assert code == 2, err
    assert err.count("\n") == 1 and err.startswith("jwgen: error: ") and "internal error" not in err, err
    for word in words:
        assert word in err, err


@pytest.mark.parametrize("period", ["9999-12", "2100-01", "1899-12", "0001-01"])
def test_generate_period_out_of_range(tmp_path, capsys, period):
    _one_line(capsys, main(["generate", "--period", period, "--out", str(tmp_path / "out")]), "--period")
    assert not (tmp_path / "out").exists()


def test_generate_latest_period_works(tmp_path, capsys):
    assert main(["generate", "--period", "2099-12", "--out", str(tmp_path / "out")]) == 0


STORY = """name: hostile
description: a scenario file as a careless or hostile author writes it
steps:
  - name: declare
    generate: {verzekerden: 2}
    expect: approved
  - name: fix
    credit: [{step: declare, verzekerde: 1}]
    redeclare: [{step: declare, verzekerde: 1, period_shift_days: 1}]
    expect: partial
"""


@pytest.mark.parametrize(("old", "new", "words"), [
    ("period_shift_days: 1", "period_shift_days: 99999999", ("yaml:9:", "period_shift_days", "36600")),
    ("period_shift_days: 1", "period_shift_days: -99999999", ("yaml:9:", "period_shift_days")),
    ("name: hostile", "name: !foo bar", ("yaml:1:", "tag '!foo'")),
    ("name: hostile", "name: !!python/name:os.system x", ("yaml:1:", "python/name")),
    ("name: hostile", "name: !!binary aGVsbG8=", ("yaml:1:", "expected text")),
    ("    expect: approved\n  - name: fix", "    <<: {expect: approved}\n  - name: fix", ("merge keys",)),
    ("name: hostile", "name: hostile\nseed: 2017-02-30", ("yaml:2:", "seed")),
    ("generate: {verzekerden: 2}", "generate: " + "[" * 20000 + "]" * 20000, ("nested deeper",)),
    ("generate: {verzekerden: 2}", "generate: " + "{a: " * 5000 + "1" + "}" * 5000, ("nested deeper",)),
    ("name: hostile", "name: &a hostile\nseed: *a", ("seed",)),
])
def test_hostile_scenario_files(tmp_path, capsys, old, new, words):
    assert old in STORY
    path = tmp_path / "story.yaml"
    path.write_text(STORY.replace(old, new, 1))
    _one_line(capsys, main(["scenario", str(path), "--out", str(tmp_path / "out")]), *words)
    assert not (tmp_path / "out").exists()


def test_the_plain_story_is_fine(tmp_path):
    path = tmp_path / "story.yaml"
    path.write_text(STORY)
    assert main(["scenario", str(path), "--out", str(tmp_path / "out")]) == 0


def test_a_scenario_file_too_large_or_not_utf8(tmp_path, capsys):
    path = tmp_path / "story.yaml"
    path.write_bytes(STORY.encode() + b"# " + b"x" * (1024 * 1024) + b"\n")
    _one_line(capsys, main(["scenario", str(path), "--out", str(tmp_path / "out")]), "larger than")
    path.write_bytes(STORY.encode() + b"# \xff\n")
    _one_line(capsys, main(["scenario", str(path), "--out", str(tmp_path / "out")]), "cannot read")


@pytest.mark.parametrize(("args", "word"), [
    (["fuzz", "--count", "99999999999999999999"], "--count"),
    (["fuzz", "--count", "50001"], "--count"),
    (["fuzz", "--count", "2", "--jobs", "9999"], "--jobs"),
    (["generate", "--verzekerden", "999999999"], "--verzekerden"),
    (["generate", "--verzekerden", "0"], "--verzekerden"),
    (["check", "--cmd", "{python} -c pass {{jw321}} {{jw322}}", "--timeout", "nan", "{corpus}"], "--timeout"),
    (["check", "--cmd", "{python} -c pass {{jw321}} {{jw322}}", "--timeout", "inf", "{corpus}"], "--timeout"),
    (["check", "--cmd", "{python} -c pass {{jw321}} {{jw322}}", "--jobs", "99999999", "{corpus}"], "--jobs"),
    (["validate", "{jw321}", "--retour-date", "0001-01-01"], "--retour-date"),
], ids=lambda value: " ".join(value[:3]) if isinstance(value, list) else value)
def test_careless_options_are_refused_at_once(tmp_path, capsys, args, word):
    """Options that used to run for ever, fork thousands of workers or fail in the writer."""
    import signal
    import sys

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "index.json").write_text('{"profile": "gemeente", "cases": []}')
    jw321 = tmp_path / "in.JW321.txt"
    jw321.write_bytes(minimal.file())
    argv = [a.format(python=sys.executable, corpus=corpus, jw321=jw321) for a in args]
    if argv[0] in ("fuzz", "generate"):
        argv += ["--out", str(tmp_path / "out")]

    def too_slow(*_):
        raise TimeoutError("not refused within 20 s")

    previous = signal.signal(signal.SIGALRM, too_slow)
    signal.alarm(20)
    try:
        code = main(argv)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    _one_line(capsys, code, word)


@pytest.mark.parametrize("text", ["[" * 100000 + "]" * 100000, '{"messages": 5}', "[]", '{"messages": {"JW321": []}}',
                                  '{"messages": {"JW321": {"records": {"01": {"fields": [{"id": 1, "length": "x"}]}}}}}'])
def test_hostile_layout_files(tmp_path, capsys, text):
    layout = tmp_path / "layouts.json"
    layout.write_text(text)
    _one_line(capsys, main(["spec", "--layout", str(layout)]), "layout file")


@pytest.mark.parametrize(("case", "word"), [
    ({"folder": "a\u0000b", "receive_in_order": ["x"]}, "not a file name"),
    ({"folder": "a", "receive_in_order": [5]}, "cases[0].receive_in_order[0] is 5 (a number), not a text"),
    ({"folder": "a", "receive_in_order": ["x"], "expected_jw322": 7}, "cases[0].expected_jw322 is 7 (a number)"),
    ({"folder": "a", "receive_in_order": ["x"], "expected_jw322": ""}, "not a file name"),
    ({"folder": "../../../../../../etc", "receive_in_order": ["passwd"]}, "outside the corpus folder"),
    ({"folder": "a", "receive_in_order": ["/etc/passwd"]}, "outside the corpus folder"),
])
def test_hostile_corpus_index(tmp_path, capsys, case, word):
    import json
    import sys

    corpus = tmp_path / "corpus"
    (corpus / "a").mkdir(parents=True)
    (corpus / "a" / "x").write_bytes(minimal.file())
    entry = {"case_seed": 1, "expected_jw322": None, "defects": [], "expected_status": "approved", "records": 3,
             **case}
    index = {"tool": "jwgen", "version": "0", "kind": "fuzz-corpus", "seed": 1, "standard": "JW321",
             "profile": "gemeente", "count": 1, "defect_pool": None, "how_to_check": "", "cases": [entry]}
    (corpus / "index.json").write_text(json.dumps(index))
    code = main(["check", "--cmd", f"{sys.executable} -c pass {{jw321}} {{jw322}}", str(corpus)])
    _one_line(capsys, code, word)
