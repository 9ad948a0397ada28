"""Issue 12: hostile input, faults and concurrency, as properties over mutated inputs.

Drawn by hypothesis (bounded, so the folder runs in CI in about 20 s): the mutation
kinds of :mod:`jwgen.fuzz.mutate` on valid files, damaged ledgers, hostile scenario
files and careless options. For every input:

* the exit code is 0, 1 or 2, never 3; no traceback; stderr is one line;
* a readable file (one with a recognisable voorlooprecord) gets exit 0/1 and a JW322
  (or VECOZO's forward), the same bytes as the receiver in process;
* the same input gives the same bytes twice; no control character reaches the
  output; no ``*.jwgen-partial*`` is left.

``benchmarks/bench_mutations.py`` runs the same mutations by the million.
"""
from __future__ import annotations

import contextlib
import io
import os
import random
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jwgen.cli import main
from jwgen.controle import Ledger, receive
from jwgen.flatfile import scan
from jwgen.fuzz.mutate import CHEAP, apply, base_files
from jwgen.spec import load_spec

SPEC = load_spec()
BASES = base_files(SPEC)
FAST = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
                derandomize=True)


def _cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


def _unsafe(text: str) -> list[str]:
    return sorted({c for c in text if c != "\n" and unicodedata.category(c) in ("Cc", "Cf", "Cs", "Zl", "Zp")})


def _well_behaved(code: int, out: str, err: str) -> None:
    assert code in (0, 1, 2), (code, err)
    assert "Traceback" not in err and "internal error" not in err, err
    if err:
        assert err.count("\n") == 1 and err.startswith("jwgen: error: "), err
    assert _unsafe(out) == [] and _unsafe(err) == [], (_unsafe(out), _unsafe(err))


def _no_leftovers(folder: Path) -> None:
    assert not [p for p in folder.rglob("*") if ".jwgen-partial" in p.name or ".jwgen-old" in p.name]


mutations = st.tuples(st.sampled_from(range(len(BASES))), st.integers(0, 2 ** 32 - 1),
                      st.lists(st.sampled_from(CHEAP), min_size=1, max_size=3))


def _mutated(base: int, seed: int, kinds: list[str]) -> bytes:
    return apply(BASES[base], kinds, random.Random(seed), SPEC.declaration)


@settings(FAST, max_examples=150)
@given(case=mutations, profile=st.sampled_from(("gemeente", "vecozo")), with_state=st.booleans())
def test_every_readable_file_is_answered_the_same_way_twice(case, profile, with_state):
    data = _mutated(*case)
    expected = receive(data, profile)  # the receiver in process, fresh memory
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        source = folder / "in.JW321.txt"
        source.write_bytes(data)
        runs = []
        for attempt in ("a", "b"):
            out = folder / f"{attempt}.JW322.txt"
            state = ["--state", str(folder / f"{attempt}.sqlite")] if with_state else []
            code, stdout, stderr = _cli("validate", str(source), "--out", str(out), "--profile", profile, *state)
            _well_behaved(code, stdout, stderr)
            runs.append((code, stdout.replace(str(out), "OUT"), stderr, out.read_bytes() if out.exists() else None))
        assert runs[0] == runs[1], "the same input gave different answers"
        code, _, stderr, jw322 = runs[0]
        if expected.status == "unrecognised":
            assert code == 2 and jw322 is None and "voorlooprecord" in stderr
        else:
            assert code in (0, 1) and code == expected.exit_code, (code, stderr)
            assert jw322 == expected.jw322, "the CLI and the receiver in process differ"
            if expected.status != "forwarded":
                answer = scan(jw322, SPEC.retour, limits_of=SPEC.declaration)
                assert answer.ok and answer.records[0].rtype == "01" and answer.records[-1].rtype == "99"
        code, stdout, stderr = _cli("show", str(source))
        _well_behaved(code, stdout, stderr)
        _no_leftovers(folder)


@settings(FAST, max_examples=6)
@given(base=st.sampled_from(range(len(BASES))), seed=st.integers(0, 2 ** 32 - 1))
def test_inputs_at_and_over_the_size_limits(base, seed):
    data = _mutated(base, seed, ["sizes"])
    outcome = receive(data)
    assert outcome.status != "unrecognised" and outcome.jw322 is not None
    assert receive(data).jw322 == outcome.jw322


@settings(FAST, max_examples=4)
@given(case=mutations)
def test_a_real_process_answers_too(case):
    """Through ``python -m jwgen.cli`` (real stdout encoding and exit status), with no UTF-8 locale."""
    data = _mutated(*case)
    expected = receive(data)
    with tempfile.TemporaryDirectory() as tmp:
        source, out = Path(tmp) / "in.txt", Path(tmp) / "out.txt"
        source.write_bytes(data)
        env = {**os.environ, "LC_ALL": "C", "LANG": "C", "PYTHONIOENCODING": ""}
        run = subprocess.run([sys.executable, "-m", "jwgen.cli", "validate", str(source), "--out", str(out)],
                             capture_output=True, env=env, timeout=60)
        stdout, stderr = run.stdout.decode("utf-8", "replace"), run.stderr.decode("utf-8", "replace")
        _well_behaved(run.returncode, stdout, stderr)
        if expected.status != "unrecognised":
            assert run.returncode == expected.exit_code and out.read_bytes() == expected.jw322


@settings(FAST, max_examples=50)
@given(seed=st.integers(0, 2 ** 32 - 1), flips=st.integers(1, 64))
def test_damaged_ledgers(seed, flips):
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as tmp:
        state = Path(tmp) / "ledger.sqlite"
        with Ledger(state) as ledger:
            receive(BASES[0], ledger=ledger)
        data = bytearray(state.read_bytes())
        for _ in range(flips):
            data[rng.randrange(len(data))] = rng.randrange(256)
        state.write_bytes(bytes(data))
        source = Path(tmp) / "in.txt"
        source.write_bytes(BASES[rng.randrange(len(BASES))])
        _well_behaved(*_cli("validate", str(source), "--state", str(state)))


STORY = """name: hostile
description: a small story
steps:
  - name: declare
    generate: {verzekerden: 1, prestaties: 1, tarieven: 1}
    expect: approved
  - name: fix
    credit: [{step: declare, verzekerde: 1}]
    expect: approved
"""
YAML_PIECES = ["!foo ", "!!python/name:os.system ", "<<: ", "&a ", "*a", "[", "]", "{", "}", "- ", ": ", "\t",
               "\x00", "\x1b[2J", "2017-02-30", "99999999999999999999", "~", "'", '"', "\n", "---\n", "%YAML 1.1\n",
               "[" * 100, "period_shift_days: 99999999", "seed: -1", "expect: partial"]


@settings(FAST, max_examples=25)
@given(seed=st.integers(0, 2 ** 32 - 1), edits=st.integers(1, 4))
def test_hostile_scenario_files(seed, edits):
    rng = random.Random(seed)
    text = STORY
    for _ in range(edits):
        at = rng.randrange(len(text) + 1)
        if rng.random() < 0.3:
            text = text[:at] + text[at + rng.randint(1, 8):]
        else:
            text = text[:at] + rng.choice(YAML_PIECES) + text[at:]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "story.yaml"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        code, out, err = _cli("scenario", str(path), "--out", str(Path(tmp) / "out"))
        _well_behaved(code, out, err)
        assert code in (0, 2)
        _no_leftovers(Path(tmp))


VALUES = ["", "0", "1", "-1", "2", "99999999999999999999", "nan", "inf", "1e3", "abc", "\x1b[2J", "../..", "/dev/zero",
          "9999-12", "2017-13", "0001-01-01", "gemeente", "vecozo", "valid", "bsn-invalid", "1..0", "5..3", "3"]
OPTIONS = {
    "generate": ["--seed", "--verzekerden", "--prestaties", "--tarieven", "--records", "--period", "--gemeente",
                 "--zonder-bsn", "--soort-bericht", "--defect", "--profile"],
    "validate": ["--profile", "--retour-date"],
    "fuzz": ["--count", "--seed", "--defects", "--profile", "--replay"],  # --jobs: tests/test_hostile_input.py
    "show": ["--layout"],
    "spec": ["--message", "--layout"],
    "explain": [],
}


@settings(FAST, max_examples=40)
@given(command=st.sampled_from(sorted(OPTIONS)), picks=st.lists(st.tuples(st.integers(0, 99), st.sampled_from(VALUES)),
                                                                 max_size=3), positional=st.sampled_from(VALUES))
def test_careless_options(command, picks, positional):
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "in.txt"
        source.write_bytes(BASES[0])
        argv = [command]
        if command in ("validate", "show"):
            argv.append(str(source))
        elif command in ("spec", "explain") and positional:
            argv.append(positional)
        names = OPTIONS[command]
        for index, value in picks:
            if names:
                argv += [names[index % len(names)], value]
        if command in ("generate", "fuzz"):
            argv += ["--out", str(Path(tmp) / "out")]
            if command == "fuzz" and "--count" not in argv and "--replay" not in argv:
                argv += ["--count", "1"]
        code, out, err = _cli(*argv)
        _well_behaved(code, out, err)
        _no_leftovers(Path(tmp))
