"""Issue 12, point 4: reading is bounded in time and memory.

A file over the size or record limit is refused (0001, file.too-large) before any
per-line object is built, and still answered from its voorlooprecord.
"""
from __future__ import annotations

import subprocess
import sys
import time
import tracemalloc

import minimal
from jwgen.controle import receive
from jwgen.flatfile import read_limit, scan

M = minimal.M
MAX_BYTES, MAX_RECORDS = M.structure["max_bytes"], M.structure["max_records"]
VOORLOOP = minimal.file().split(b"\r\n", 1)[0] + b"\r\n"
MB = 1024 * 1024


def _bounded_receive(data: bytes):
    tracemalloc.start()
    started = time.perf_counter()
    try:
        outcome = receive(data)
        seconds = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return outcome, seconds, peak


def _as_retour(voorloop: bytes) -> bytes:
    """The JW321 voorlooprecord as the JW322 repeats it: the same positions, 0102 the retour's message code."""
    f = minimal.SPEC.retour.records["01"]["code_berichtsoort"]
    return voorloop[:f.start - 1] + minimal.SPEC.retour.cod002.encode() + voorloop[f.end:]


def _refused_with_an_answer(outcome) -> None:
    assert outcome.status == "rejected-file" and outcome.voorloop_codes == ["0001"], outcome.message
    assert [f.rule for f in outcome.file_findings] == ["file.too-large"]
    lines = outcome.jw322.split(b"\r\n")
    assert [line[:2] for line in lines[:-1]] == [b"01", b"99"] and lines[0][:M.record_length] == _as_retour(VOORLOOP[:-2])


def _answer_codes(jw322: bytes) -> list[str]:
    J = minimal.SPEC.retour
    result = scan(jw322, J, limits_of=M)
    assert result.ok and [r.rtype for r in result.records] == ["01", "99"]
    assert result.records[0].line[:M.record_length] == _as_retour(VOORLOOP[:-2]).decode()
    return [result.records[0][k] for k in J.structure["retourcode_fields"] if result.records[0][k]]


def test_5_mb_of_bare_lf_is_refused_fast_in_little_memory():
    data = VOORLOOP + b"\n" * 5_000_000
    assert len(data) < MAX_BYTES
    outcome, seconds, peak = _bounded_receive(data)
    _refused_with_an_answer(outcome)
    assert seconds < 2.0, seconds
    assert peak < 300 * MB, peak / MB  # measured: about 5 MB (the text of the file, once)


def test_400k_empty_lines_are_refused_in_little_memory():
    outcome, seconds, peak = _bounded_receive(VOORLOOP + b"\r\n" * 400_000)
    _refused_with_an_answer(outcome)
    assert peak < 50 * MB, peak / MB


def test_a_file_over_the_byte_limit_is_not_decoded_beyond_its_first_line():
    data = minimal.file() + b" " * MAX_BYTES
    result = scan(data, M)
    assert [p.rule for p in result.problems] == ["file.too-large"]
    assert [r.rtype for r in result.records] == ["01"] and len(result.lines) == 1
    outcome, _, peak = _bounded_receive(data)
    _refused_with_an_answer(outcome)
    assert outcome.ingediend == 0  # the sluitrecord of a refused file is not read
    assert peak < 30 * MB, peak / MB


def test_a_file_over_the_record_limit_keeps_its_voorloop_and_sluit():
    lines = minimal.file().split(b"\r\n")[:-1]
    body = [lines[1]] * (MAX_RECORDS + 1)
    result = scan(b"\r\n".join([lines[0], *body, lines[-1]]) + b"\r\n", M)
    assert [p.rule for p in result.problems] == ["file.too-large"] and result.count == MAX_RECORDS + 3
    assert [r.rtype for r in result.records] == ["01", "99"]
    assert [r.number for r in result.records] == [1, MAX_RECORDS + 3]


def test_line_counting_matches_splitting_at_the_limit():
    """Exactly the limit is read in full; one more line is refused (every kind of line break counts)."""
    for ending in (b"\r\n", b"\n", b"\r"):
        at_limit = VOORLOOP + ending * (MAX_RECORDS - 1)
        over = at_limit + ending
        assert scan(at_limit, M).count == MAX_RECORDS and len(scan(at_limit, M).lines) == MAX_RECORDS
        assert "file.too-large" not in {p.rule for p in scan(at_limit, M).problems}
        assert "file.too-large" in {p.rule for p in scan(over, M).problems}


MEASURED = ("import sys\nfrom jwgen.cli import main\ncode = main(sys.argv[1:])\n"
            "hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM')][0].split()[1]\n"
            "sys.stderr.write('VmHWM ' + hwm + '\\n')\nsys.exit(code)\n")


def _validate_measured(source, out) -> tuple[int, int]:
    """Exit code and peak memory (bytes) of ``jwgen validate`` in a child process. The child reads its own
    VmHWM: the high-water mark of its own memory after exec, not the parent's that ru_maxrss would include."""
    process = subprocess.run([sys.executable, "-c", MEASURED, "validate", str(source), "--out", str(out)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    line = [l for l in process.stderr.decode().splitlines() if l.startswith("VmHWM ")]
    assert line, process.stderr.decode()
    return process.returncode, int(line[0].split()[1]) * 1024


def test_the_cli_reads_at_most_the_limit_and_answers(tmp_path):
    """A 400 MB (sparse) file: validate reads 5 MiB + 1 byte, refuses it with a JW322, in little memory."""
    source, out = tmp_path / "huge.JW321.txt", tmp_path / "out.JW322.txt"
    with open(source, "wb") as handle:
        handle.write(VOORLOOP)
        handle.truncate(400 * MB)
    assert read_limit(M) == MAX_BYTES + 1
    started = time.perf_counter()
    status, peak = _validate_measured(source, out)
    seconds = time.perf_counter() - started
    assert status == 1
    assert peak < 300 * MB, peak
    assert seconds < 10, seconds
    assert _answer_codes(out.read_bytes()) == ["0001"]


def test_5_mb_of_lf_through_the_cli_within_2_s_and_300_mb(tmp_path):
    source, out = tmp_path / "lf.JW321.txt", tmp_path / "out.JW322.txt"
    source.write_bytes(VOORLOOP + b"\n" * 5_000_000)
    started = time.perf_counter()
    status, peak = _validate_measured(source, out)
    seconds = time.perf_counter() - started
    assert status == 1
    assert seconds < 2.0, seconds
    assert peak < 300 * MB, peak
    assert _answer_codes(out.read_bytes()) == ["0001"]


def test_show_and_compare_are_bounded_too(tmp_path, capsys):
    from jwgen.cli import main

    lf = tmp_path / "lf.txt"
    lf.write_bytes(VOORLOOP + b"\n" * 5_000_000)
    tracemalloc.start()
    try:
        assert main(["show", str(lf)]) == 0
        assert main(["compare", str(lf), str(lf)]) in (1, 2)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    out = capsys.readouterr().out
    assert "records" in out and len(out) < 100_000
    assert peak < 300 * MB, peak / MB
