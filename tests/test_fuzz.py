"""jwgen fuzz and the jw321_files strategy: confirmed cases, determinism, replay, jobs, shrinking."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import Phase, find, given, settings

from jwgen.spec import load_spec
from jwgen.cli import main
from jwgen.controle import Ledger, receive
from jwgen.defects import CATALOGUE, DefectError
from jwgen.fuzz import case_seed, compare, corpus_files, replay_files
from jwgen.fuzz.cases import plan
from jwgen.fuzz.combine import MASKING_PAIRS, combinable, parse_pool
from jwgen.strategies import jw321_files


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


# --- the strategy ---------------------------------------------------------------------------------

@given(jw321_files())
@settings(max_examples=60, deadline=None)
def test_drawn_files_get_the_expected_answer(case):
    outcome = receive(case.jw321, case.profile)
    assert outcome.status == case.expected["status"]
    assert outcome.voorloop_codes == case.expected["voorloop_codes"]
    assert {line: codes for line, codes in outcome.returned.items()} == case.expected["retourcodes"]
    assert sorted({f.rule for f in outcome.findings}) == case.expected["rules"]
    assert compare(case.jw322, outcome.jw322, case.jw321).agree
    assert combinable(case.defects, case.profile) or not case.defects
    assert not case.prior


@given(jw321_files(profile="vecozo"))
@settings(max_examples=25, deadline=None)
def test_drawn_vecozo_files(case):
    assert case.expected["status"] in ("forwarded", "rejected-file", "rejected-records", "unrecognised")
    assert (case.jw322 is None) == (case.expected["status"] in ("forwarded", "unrecognised"))


@given(jw321_files(defects=["bsn-invalid", "wrong-dc", "sluit-totaal-bedrag"]))
@settings(max_examples=20, deadline=None)
def test_defects_restrict_the_draw(case):
    assert case.defects and set(case.defects) <= {"bsn-invalid", "wrong-dc", "sluit-totaal-bedrag"}
    assert len({CATALOGUE[d].stage for d in case.defects}) == 1


@given(jw321_files(defects=[]))
@settings(max_examples=10, deadline=None)
def test_no_defects_means_valid_files(case):
    assert case.defects == () and case.expected["status"] == "approved"


@given(jw321_files(defects=["partial-credit"]))
@settings(max_examples=5, deadline=None)
def test_history_defects_come_with_their_earlier_files(case):
    assert case.prior
    with Ledger() as ledger:
        for earlier in case.prior:
            receive(earlier, case.profile, ledger)
        assert receive(case.jw321, case.profile, ledger).status == case.expected["status"]


def test_failures_shrink_to_small_files_with_one_defect():
    smallest = find(jw321_files(), lambda case: case.expected["status"] == "partial",
                    settings=settings(database=None, max_examples=300, deadline=None,
                                      phases=[Phase.generate, Phase.shrink]))
    assert smallest.base["verzekerden"] == 1
    assert len(smallest.defects) == 1


def test_strategy_refuses_unknown_ids():
    with pytest.raises(DefectError):
        jw321_files(defects=["no-such-defect"])
    with pytest.raises(DefectError):
        jw321_files(defects=["partial-credit"], profile="vecozo")


# --- combinations ---------------------------------------------------------------------------------

def test_masking_pairs_are_refused_and_exist():
    for pair in MASKING_PAIRS:
        a, b = sorted(pair)
        assert a in CATALOGUE and b in CATALOGUE
        assert not combinable([a, b], "gemeente")
    assert combinable(["bsn-invalid", "wrong-dc", "invalid-date"], "gemeente")
    assert not combinable(["bsn-invalid", "bom"], "gemeente")  # different stages
    assert not combinable(["partial-credit", "credit-differs"], "gemeente")  # two histories


def test_default_pool_leaves_out_the_slow_defect_and_other_readers_only():
    """Left out: too-many-records, and the cases of a file in another character set or a receiver that reads
    otherwise than JW321's (a UTF-8 file read counting bytes, a Windows-1252 file read as UTF-8)."""
    pool, valid = parse_pool(None, "gemeente")
    left_out = {"too-many-records", "utf8-read-counting-bytes", "windows-1252-read-as-utf8"}
    assert valid and not left_out & {d.id for d in pool}
    assert len(pool) == sum(1 for d in CATALOGUE.values() if "gemeente" in d.profiles(load_spec())) - len(left_out)
    named, valid = parse_pool(["too-many-records", "valid"], "gemeente")
    assert [d.id for d in named] == ["too-many-records"] and valid


# --- the corpus -----------------------------------------------------------------------------------

def test_case_seeds_are_pinned():
    # derived with SHA-256 of "jwgen-fuzz:<seed>:<index>": the same on every machine and version
    assert case_seed(0, 0) == int.from_bytes(__import__("hashlib").sha256(b"jwgen-fuzz:0:0").digest()[:6], "big")
    assert len({case_seed(1, i) for i in range(1000)}) == 1000
    assert plan(case_seed(0, 0), "gemeente") == plan(case_seed(0, 0), "gemeente")


def test_corpus_mixes_valid_and_broken_cases_of_varied_size():
    files = corpus_files(120, seed=5)
    index = json.loads(files["index.json"])
    cases = index["cases"]
    assert index["count"] == len(cases) == 120 and index["seed"] == 5
    statuses = {c["expected_status"] for c in cases}
    assert {"approved", "partial", "rejected-file"} <= statuses
    assert any(len(c["defects"]) > 1 for c in cases)
    assert any(len(c["receive_in_order"]) > 1 for c in cases)  # history cases with earlier files
    sizes = [c["records"] for c in cases]
    assert min(sizes) < 20 and max(sizes) > 40
    for c in cases:
        case_json = json.loads(files[f"{c['folder']}/case.json"])
        assert case_json["case_seed"] == c["case_seed"] and c["folder"] == f"case-{c['case_seed']}"
        assert case_json["replay"].startswith(f"jwgen fuzz --replay {c['case_seed']} --profile gemeente")
        for name in c["receive_in_order"]:
            assert f"{c['folder']}/{name}" in files
        if c["expected_jw322"]:
            assert f"{c['folder']}/{c['expected_jw322']}" in files


def test_jobs_do_not_change_a_byte(tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    assert main(["fuzz", "--count", "24", "--seed", "9", "--out", str(one)]) == 0
    assert main(["fuzz", "--count", "24", "--seed", "9", "--out", str(two), "--jobs", "2"]) == 0
    assert _tree(one) == _tree(two)


def test_a_corpus_written_as_it_is_built_is_the_corpus_made_in_memory(tmp_path):
    """jwgen fuzz writes each case's folder from the process that built it, into the staged corpus; the tree
    is the corpus of corpus_files, byte for byte, with one job and with three, and again over itself."""
    made = corpus_files(30, 6)
    for jobs in ("1", "3", "3"):
        assert main(["fuzz", "--count", "30", "--seed", "6", "--jobs", jobs, "--out", str(tmp_path / "c"),
                     "--force"]) == 0
        assert _tree(tmp_path / "c") == made
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c"]  # no staged folder or old corpus left


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_case_that_cannot_be_written_leaves_the_old_corpus_and_no_staged_folder(tmp_path, capsys, monkeypatch,
                                                                                  jobs):
    """A write of a case's file fails (disk full) in the process that built it: one line, the corpus that
    was there untouched, nothing staged left (exit 2, as any output that cannot be written). The failing write is
    the 5th, in whichever process makes it."""
    from jwgen.fuzz import one_case, workers

    out = tmp_path / "c"
    assert main(["fuzz", "--count", "6", "--seed", "2", "--out", str(out)]) == 0
    before = _tree(out)
    real, calls = one_case.write_into, []

    def full(root, relative, data, made):
        calls.append(relative)
        if len(calls) == 5:
            raise OSError(28, "No space left on device")
        real(root, relative, data, made)

    monkeypatch.setattr(one_case, "write_into", full)
    monkeypatch.setattr(workers, "START_METHOD", "fork")  # the worker inherits the failing write
    capsys.readouterr()
    assert main(["fuzz", "--count", "40", "--seed", "3", "--jobs", jobs, "--out", str(out), "--force"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "No space left on device" in err[0], err
    assert _tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c"]


def test_views_from_the_cases_own_sections_are_the_views_rendered_at_once(monkeypatch):
    """Each case brings its README.md and index.html sections from where it was built (a worker); the
    views put together from them are the bytes the assembling process renders from the cases alone."""
    from jwgen.fuzz import one_case

    with_sections = corpus_files(9, 4)
    monkeypatch.setattr(one_case, "built_case", lambda seeds, position, profile, pool, spec, sections, encoding=None:
                        one_case.make_case(seeds[position], profile, pool, spec, encoding))
    assert corpus_files(9, 4) == with_sections


def test_replay_regenerates_a_case_byte_for_byte(tmp_path):
    corpus = tmp_path / "corpus"
    assert main(["fuzz", "--count", "30", "--seed", "2", "--out", str(corpus)]) == 0
    cases = json.loads((corpus / "index.json").read_text())["cases"]
    chosen = [next(c for c in cases if len(c["receive_in_order"]) > 1), next(c for c in cases if c["defects"]),
              next(c for c in cases if not c["defects"])]
    for case in chosen:
        again = tmp_path / f"replay-{case['case_seed']}"
        assert main(["fuzz", "--replay", str(case["case_seed"]), "--out", str(again)]) == 0
        original = _tree(corpus / case["folder"])
        assert _tree(again / case["folder"]) == original
        assert json.loads((again / "index.json").read_text())["cases"] == [case]


def test_replay_with_a_defect_pool(tmp_path):
    files = corpus_files(3, seed=1, profile="vecozo", pool=["bsn-invalid", "bom"])
    seed = json.loads(files["index.json"])["cases"][0]["case_seed"]
    again = replay_files(seed, "vecozo", ["bsn-invalid", "bom"])
    case_files = {k: v for k, v in files.items() if k.startswith(f"case-{seed}/")}
    assert {k: v for k, v in again.items() if k not in ("index.json", "README.md", "index.html")} == case_files
    assert "--defects bsn-invalid,bom" in json.loads(again[f"case-{seed}/case.json"])["replay"]


def test_fuzz_cli_errors(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["fuzz", "--count", "2", "--out", str(out)]) == 0
    assert main(["fuzz", "--count", "2", "--out", str(out)]) == 2  # not empty, no --force
    assert main(["fuzz", "--count", "2", "--seed", "1", "--out", str(out), "--force"]) == 0
    fresh = str(tmp_path / "fresh")
    assert main(["fuzz", "--count", "0", "--out", fresh]) == 2
    assert main(["fuzz", "--jobs", "0", "--out", fresh]) == 2
    assert main(["fuzz", "--seed", "-1", "--out", fresh]) == 2
    assert main(["fuzz", "--defects", "nope", "--out", fresh]) == 2
    assert main(["fuzz", "--defects", "partial-credit", "--profile", "vecozo", "--out", fresh]) == 2
    assert main(["fuzz", "--profile", "zorgkantoor", "--out", fresh]) == 2
    assert main(["fuzz", "--replay", "5", "--count", "3", "--out", fresh]) == 2
    assert main(["fuzz", "--defects", ",", "--out", fresh]) == 2
    err = capsys.readouterr().err
    assert all(line.startswith("jwgen: error: ") for line in err.strip().splitlines())
    assert not (tmp_path / "fresh").exists()


@pytest.mark.parametrize("start", ["spawn", "fork"])
def test_jobs_without_importable_main_builds_everything_and_does_not_hang(tmp_path, start):
    """A script on stdin (no importable __main__). Spawned workers cannot start: this process builds every
    case itself (before: the pool respawned workers for ever). Forked workers start warm and build their
    share. Either way the corpus is the one --jobs 1 writes."""
    import multiprocessing
    import subprocess
    import sys

    if start not in multiprocessing.get_all_start_methods():
        pytest.skip(f"no {start} on this platform")
    script = ("from jwgen.fuzz import corpus, workers\n"
              f"workers.START_METHOD = {start!r}\n"
              "print(corpus.corpus_files(count=40, seed=3, jobs=2) == corpus.corpus_files(count=40, seed=3, jobs=1))\n")
    done = subprocess.run([sys.executable, "-"], input=script, capture_output=True, text=True, timeout=120,
                          cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "True"


def test_workers_fork_on_linux_from_one_thread_and_spawn_otherwise(monkeypatch):
    import threading

    from jwgen.fuzz import workers

    monkeypatch.setattr(workers.sys, "platform", "linux")
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    assert workers.start_method() == ("fork" if "fork" in __import__("multiprocessing").get_all_start_methods()
                                      else "spawn")
    monkeypatch.setattr(threading, "active_count", lambda: 2)
    assert workers.start_method() == "spawn"
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    monkeypatch.setattr(workers.sys, "platform", "darwin")
    assert workers.start_method() == "spawn"


def test_corpus_overview_names_each_cases_defects_and_its_answer_in_words():
    """index.html's overview: per case its defect(s) (or that it is valid) and the expected answer in words
    (each rejecting retourcode with its meaning), and a word where toegekend exceeds ingediend."""
    files = corpus_files(20, 1)
    page = files["index.html"].decode()
    start = page.index('id="overview"')
    overview = page[start:page.index("</section>", start)]
    rows = re.findall(r"<tr><td><a href=\"#case-\d+\">.*?</tr>", overview, re.S)
    cases = json.loads(files["index.json"])["cases"]
    assert len(rows) == len(cases) == 20
    for row, case in zip(rows, cases):
        for defect in case["defects"]:
            assert defect in row
        if not case["defects"]:
            assert "none (valid)" in row
        words = re.search(r'<div class="words">(.*?)</div>', row, re.S).group(1).strip()
        assert words and (case["expected_status"] == "approved" or re.match(r"\d{4} \S", words)), words
    if "&nbsp;*" in overview:
        assert "Toegekend is more than ingediend" in overview
