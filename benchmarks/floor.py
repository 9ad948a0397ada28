"""jwgen against this machine's floor, measured in one process (issue 15).

Run: ``nice .venv/bin/python benchmarks/floor.py [--repeat 5] [--fuzz-repeat 5] [--out FILE]``

Two floors, both best of ``--repeat``:

* formatting floor: 12,000 prebuilt records (their values as tuples) formatted with one precompiled
  ``%``-template per record type, joined with CR/LF and encoded as UTF-8;
* slicing floor: the same bytes decoded, split on CR/LF and every line sliced into its fields by one
  precompiled slicer per record type (a tuple of slices, written out as code);
* file floor (fuzz): the corpus's folders and files written with bare os calls, one open/write/close per
  file, into a new folder on the same disk; what no fuzz run can beat on this machine.

The same two figures (generate + write, validate) of :data:`MADE`, a standard made from its BER alone, against
floors of its own layout; reported, with no target.

The fuzz figures: ``jwgen fuzz --count 1000`` in this process, each run into a new folder (as ``--out NEW``);
beside them the same corpus built in memory and not written, the file floor, the CPU (user and kernel) of
the quickest run, and one run over an earlier corpus (``--force``: the old corpus is removed too).

jwgen's figures are printed as ratios to the floor of their kind (absolute times on a shared VM vary by up to
50 %; ratios measured in the same process do not): in each of ``--repeat`` rounds the floor is measured right
before and right after the figure, and the ratio is the best of the rounds' figure / floor. The figures go to ``--out`` (default
``benchmarks/floor-last.json``); the previous run's file, if any, is shown beside them. Nothing is asserted:
speed is reported, not tested.
"""
from __future__ import annotations

import argparse
import contextlib
import gc
import io
import json
import os
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any, Callable

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from jwgen.controle import receive  # noqa: E402
from jwgen.flatfile import read, write  # noqa: E402
from jwgen.generate import GenerateOptions, generate  # noqa: E402
from jwgen.spec import load_spec  # noqa: E402

RECORDS = 12_000
SMALL = 1_000
FLOOR_RUNS = 25  # a floor costs 25-60 ms: best of this many
TARGETS = {"generate_write": ("<=", 12), "validate_gemeente": ("<=", 5), "read": ("<=", 3),
           "fuzz_jobs2_cases_per_s": (">=", 400), "peak_mb": ("<=", 150), "growth": ("in", (10, 14))}


def best_of(repeat: int, work: Callable[[], object]) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - start)
    return best, result


def peak_mb(work: Callable[[], object]) -> float:
    """Peak Python heap of one run of ``work`` (tracemalloc), in MB."""
    gc.collect()
    tracemalloc.start()
    try:
        work()
        return tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()


def options(records: int) -> GenerateOptions:
    return GenerateOptions(records=records, debiteur=True, zorgactiviteit=True, tijdsbesteding=True,
                           commentaar=True)


# --- the floors --------------------------------------------------------------------------------------------

def _template(layout: Any) -> str:
    parts = []
    for f in layout.fields:
        if f.type == "N" and f.kind != "date":
            parts.append(f"%0{f.length}d")
        else:
            parts.append(f"%-{f.length}s")
    return "".join(parts)


def _prebuilt(declaration: Any, spec: Any) -> list[tuple[str, tuple]]:
    """(template, values) per record: values already in the template's terms (dates as text)."""
    layouts = spec.declaration.records
    templates = {rtype: _template(layout) for rtype, layout in layouts.items()}
    out = []
    for record in declaration.records():
        layout = layouts[record.rtype]
        values = []
        for f in layout.fields:
            v = record.values[f.key]
            if f.kind == "date":
                v = "00000000" if v is None else f"{v.year:04d}{v.month:02d}{v.day:02d}"
            elif f.type == "N":
                v = int(v)
            values.append(v)
        out.append((templates[record.rtype], tuple(values)))
    return out


def format_floor(prebuilt: list[tuple[str, tuple]], encoding: str = "utf-8") -> bytes:
    lines = [template % values for template, values in prebuilt]
    lines.append("")
    return "\r\n".join(lines).encode(encoding)


def _slicers(spec: Any) -> dict[str, Callable[[str], tuple]]:
    out = {}
    for rtype, layout in spec.declaration.records.items():
        body = ", ".join(f"t[{f.start - 1}:{f.start - 1 + f.length}]" for f in layout.fields)
        out[rtype] = eval(f"lambda t: ({body},)")  # noqa: S307 (our own layout, no input)
    return out


def slice_floor(data: bytes, slicers: dict[str, Callable[[str], tuple]], encoding: str = "utf-8") -> list[tuple]:
    lines = data.decode(encoding).split("\r\n")
    lines.pop()
    return [slicers[line[:2]](line) for line in lines]


# --- jwgen's figures ---------------------------------------------------------------------------------------

def _partial(data: bytes, spec: Any) -> bytes:
    bsn = spec.declaration.records["02"]["bsn"]
    lines = data.split(b"\r\n")
    lines[1] = lines[1][:bsn.start - 1] + b"123456789" + lines[1][bsn.end:]  # one verzekerde rejected
    return b"\r\n".join(lines)


def _missing(data: bytes) -> bytes:
    """The file with its middle record left out: a structure rejection with a finding on every line after it
    (issue 27: its answer once took four times the intact file's)."""
    lines = data.split(b"\r\n")
    del lines[len(lines) // 2]
    return b"\r\n".join(lines)


def _read_tree(root: Path) -> dict[str, bytes]:
    return {str(path.relative_to(root)): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()}


def file_floor(files: dict[str, bytes], parent: Path) -> float:
    """Writing the same folders and files with bare os.mkdir/os.open/os.write/os.close into a new folder."""
    root = Path(tempfile.mkdtemp(dir=parent))
    start = time.perf_counter()
    made = {root}
    for relative, data in files.items():
        path = root / relative
        if path.parent not in made:
            os.makedirs(path.parent, exist_ok=True)
            made.add(path.parent)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
        os.write(fd, data)
        os.close(fd)
    return time.perf_counter() - start


def _cpu() -> tuple[float, float]:
    """(user, kernel) CPU seconds of this process and of its children that have ended (the fuzz workers)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + children.ru_utime, own.ru_stime + children.ru_stime


def _fuzz(count: int, jobs: int, out: Path, force: bool = False) -> tuple[float, tuple[float, float]]:
    """Seconds and (user, kernel) CPU of one ``jwgen fuzz`` in this process, written to ``out``."""
    from jwgen.cli import main as jwgen

    gc.collect()  # as best_of does before every figure
    before = _cpu()
    with contextlib.redirect_stdout(io.StringIO()):
        start = time.perf_counter()
        code = jwgen(["fuzz", "--count", str(count), "--seed", "1", "--jobs", str(jobs), "--out", str(out)]
                     + (["--force"] if force else []))
        took = time.perf_counter() - start
    assert code == 0, code
    return took, tuple(b - a for a, b in zip(before, _cpu()))


def fuzz_rate(count: int, jobs: int, repeat: int, tmp: Path) -> tuple[float, float, float, tuple]:
    """(cases/s of ``jwgen fuzz`` in this process, seconds of the file floor of the same corpus, cases/s of the
    same corpus built in memory and not written, (user, kernel) CPU seconds of the quickest written run), each
    the best of ``repeat``, in turns. Every run writes a new corpus folder under ``tmp``, as ``jwgen fuzz --out
    NEW`` does; none is removed before the caller removes ``tmp``, because removing a corpus is work of its own
    (see :func:`replace_rate`), and on this VM's ext4 a folder made soon after many were removed costs more. The
    CPU split shows what the disk costs where wall time does not: on 2 cores with 2 jobs, the kernel's time for
    the corpus's folders and files is time neither process builds in."""
    from jwgen.fuzz.corpus import corpus_files

    seconds = floor = memory = float("inf")
    cpu = (0.0, 0.0)
    for n in range(repeat):
        out = tmp / f"corpus-jobs{jobs}-{n}"
        took, used = _fuzz(count, jobs, out)
        if took < seconds:
            seconds, cpu = took, used
        floor = min(floor, file_floor(_read_tree(out), tmp))
        memory = min(memory, best_of(1, lambda: corpus_files(count, 1, jobs=jobs))[0])
    return count / seconds, floor, count / memory, cpu


def replace_rate(count: int, jobs: int, tmp: Path) -> float:
    """Cases/s of one ``jwgen fuzz --force`` over the first corpus :func:`fuzz_rate` wrote: the new corpus is
    written, then the old one removed."""
    return count / _fuzz(count, jobs, tmp / f"corpus-jobs{jobs}-0", force=True)[0]


def measure(repeat: int, standard: str | None = None) -> dict[str, Any]:
    """The figures of JW321 (``standard`` None), or generate + write and validate of ``standard`` (a standard made
    from its BER, :data:`MADE`) against floors of its own layout, its figures named ``..._<standard>``."""
    spec = load_spec(standard=standard)
    encoding = spec.standard.encoding.encoding if standard else "utf-8"
    receiver = spec.standard.receiver_profile
    import faker  # noqa: F401  (import cost is not generation cost)

    figures: dict[str, Any] = {"records": RECORDS, "repeat": repeat}
    declaration = generate(options(RECORDS), 1, spec)
    data = write(declaration, spec.declaration)
    prebuilt = _prebuilt(declaration, spec)
    slicers = _slicers(spec)
    assert format_floor(prebuilt, encoding) == data, "the formatting floor must make the same bytes"
    fmt_floor = lambda: format_floor(prebuilt, encoding)  # noqa: E731
    slc_floor = lambda: slice_floor(data, slicers, encoding)  # noqa: E731
    # The floors are cheap: best of many runs, and measured again beside each figure (below), so one
    # unlucky moment of the shared VM does not set every ratio.
    fmt, _ = best_of(max(repeat, FLOOR_RUNS), fmt_floor)
    slc, _ = best_of(max(repeat, FLOOR_RUNS), slc_floor)
    partial, missing = _partial(data, spec), _missing(data)

    def gen_write(n: int) -> Callable[[], bytes]:
        return lambda: write(generate(options(n), 1, spec), spec.declaration)

    small = gen_write(SMALL)()
    works = {
        "generate_write": ("fmt", gen_write(RECORDS), gen_write(SMALL)),
        "read": ("slc", lambda: read(data, spec.declaration), lambda: read(small, spec.declaration)),
        "validate_gemeente": ("slc", lambda: receive(data, receiver, spec=spec),
                              lambda: receive(small, receiver, spec=spec)),
        "validate_gemeente_rejected": ("slc", lambda: receive(partial, receiver, spec=spec),
                                       lambda: receive(_partial(small, spec), receiver, spec=spec)),
        "validate_vecozo": ("slc", lambda: receive(data, "vecozo", spec=spec),
                            lambda: receive(small, "vecozo", spec=spec)),
        "validate_missing_record": ("slc", lambda: receive(missing, receiver, spec=spec),
                                    lambda: receive(_missing(small), receiver, spec=spec)),
    }
    if standard:  # a standard made from its BER: generating and answering it
        works = {f"generate_write_{standard}": works["generate_write"],
                 f"validate_{standard}": works["validate_gemeente"]}
    floors = {"fmt": [fmt, fmt_floor], "slc": [slc, slc_floor]}
    for name, (which, big, little) in works.items():
        big()  # warm caches (compiled codecs, plans)
        seconds = small_s = ratio = float("inf")
        for _ in range(repeat):
            # The floor right before and right after the figure, the figure, its 1k twin: the shared VM's slow
            # spells last seconds, so a figure and the floor beside it see the same machine. The ratio is the
            # best of these paired ratios; the best figure over the best floor of the whole run would set a
            # figure from a slow spell against a floor from a quick one.
            before = best_of(3, floors[which][1])[0]
            this = best_of(1, big)[0]
            after = best_of(3, floors[which][1])[0]
            small_s = min(small_s, best_of(1, little)[0])
            seconds = min(seconds, this)
            ratio = min(ratio, this / min(before, after))
            floors[which][0] = min(floors[which][0], before, after)
        figures[name] = {"seconds": seconds, "seconds_1k": small_s, "growth_1k_to_12k": seconds / small_s,
                         "peak_mb": peak_mb(big), "ratio": ratio}
    figures["floor_format_s"], figures["floor_slice_s"] = floors["fmt"][0], floors["slc"][0]
    for name, (which, _, _) in works.items():  # shown beside it: the best figure over the run's best floor
        figures[name]["ratio_whole_run"] = figures[name]["seconds"] / floors[which][0]
    figures["maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return figures


#: A standard made from its BER alone (by the layout-driven generator), measured against floors of its own layout,
#: after JW321's figures (so that their memory and floors are as they were before it was measured).
MADE = "MZ301"


def measure_fuzz(figures: dict[str, Any], repeat: int, count: int, where: Path | None = None) -> None:
    """The fuzz figures, once the 12k files of the other figures are gone: a heap of 36,000 records left
    over from them would make every collection of the corpus run walk it."""
    gc.collect()
    with tempfile.TemporaryDirectory(dir=where) as tmp:
        _fuzz(50, 1, Path(tmp) / "warm-up")  # spec, Faker and code paths loaded once, as in a real run
        for jobs in (1, 2):
            rate, files_s, in_memory, (user, kernel) = fuzz_rate(count, jobs, repeat, Path(tmp))
            figures[f"fuzz_jobs{jobs}"] = {"cases_per_s": rate, "count": count, "file_floor_s": files_s,
                                           "file_floor_cases_per_s": count / files_s,
                                           "in_memory_cases_per_s": in_memory,
                                           "written_under": str(where or tempfile.gettempdir()),
                                           "cpu_user_s": user, "cpu_kernel_s": kernel}
        for jobs in (1, 2):  # last: removing a corpus makes the folders made after it dearer
            figures[f"fuzz_jobs{jobs}"]["replacing_cases_per_s"] = replace_rate(count, jobs, Path(tmp))


def _verdict(value: float, target: tuple) -> str:
    op, bound = target
    ok = value <= bound if op == "<=" else value >= bound if op == ">=" else bound[0] <= value <= bound[1]
    return "ok" if ok else "MISSED"


def show(figures: dict[str, Any], last: dict[str, Any] | None) -> None:
    def was(name: str, key: str) -> str:
        if not last or name not in last or key not in last[name]:
            return ""
        return f"  (last run {last[name][key]:.2f})"

    print(f"floor: format {RECORDS} records {figures['floor_format_s'] * 1000:.1f} ms, "
          f"split+slice {figures['floor_slice_s'] * 1000:.1f} ms")
    for name, target in (("generate_write", "generate_write"), ("read", "read"),
                         ("validate_gemeente", "validate_gemeente"), ("validate_gemeente_rejected", None),
                         ("validate_vecozo", None), ("validate_missing_record", None)):
        f = figures[name]
        floor = "format" if name == "generate_write" else "slice"
        verdict = f" [target {TARGETS[target][0]} {TARGETS[target][1]}x: {_verdict(f['ratio'], TARGETS[target])}]" \
            if target else ""
        print(f"{name:28s} {f['seconds']:.3f} s = {f['ratio']:5.1f}x the {floor} floor{verdict}{was(name, 'ratio')}")
        print(f"{'':28s} best figure / best floor of the run: {f['ratio_whole_run']:.1f}x")
        print(f"{'':28s} 1k {f['seconds_1k'] * 1000:.1f} ms, 12k/1k {f['growth_1k_to_12k']:.1f} "
              f"[{_verdict(f['growth_1k_to_12k'], TARGETS['growth'])}], peak {f['peak_mb']:.0f} MB "
              f"[{_verdict(f['peak_mb'], TARGETS['peak_mb'])}]")
    for name in (f"generate_write_{MADE}", f"validate_{MADE}"):
        f = figures.get(name)
        if f:
            floor = "format" if name.startswith("generate") else "slice"
            print(f"{name:28s} {f['seconds']:.3f} s = {f['ratio']:5.1f}x the {floor} floor of {MADE}'s layout "
                  f"(made from its BER){was(name, 'ratio')}")
            print(f"{'':28s} 1k {f['seconds_1k'] * 1000:.1f} ms, 12k/1k {f['growth_1k_to_12k']:.1f}, "
                  f"peak {f['peak_mb']:.0f} MB")
    for jobs in (1, 2):
        f = figures.get(f"fuzz_jobs{jobs}")
        if f:
            verdict = f" [target >= 400: {_verdict(f['cases_per_s'], TARGETS['fuzz_jobs2_cases_per_s'])}]" \
                if jobs == 2 else ""
            print(f"fuzz --count {f['count']} --jobs {jobs}: {f['cases_per_s']:.0f} cases/s written to "
                  f"{f.get('written_under', 'the temporary folder')}{verdict}"
                  f"{was(f'fuzz_jobs{jobs}', 'cases_per_s')}")
            if "file_floor_s" in f:
                print(f"{'':28s} file floor: its folders and files alone take {f['file_floor_s']:.2f} s here "
                      f"(at most {f['file_floor_cases_per_s']:.0f} cases/s); built in memory, not written: "
                      f"{f['in_memory_cases_per_s']:.0f} cases/s")
            if "replacing_cases_per_s" in f:
                print(f"{'':28s} over an earlier corpus (--force: written, then the old one removed): "
                      f"{f['replacing_cases_per_s']:.0f} cases/s")
            if "cpu_kernel_s" in f:
                print(f"{'':28s} CPU of the quickest written run (all processes): user {f['cpu_user_s']:.2f} s, "
                      f"kernel {f['cpu_kernel_s']:.2f} s")
    print(f"process max RSS {figures['maxrss_mb']:.0f} MB [target <= 150: "
          f"{_verdict(figures['maxrss_mb'], TARGETS['peak_mb'])}]"
          + (f"; {figures['maxrss_with_made_mb']:.0f} MB once {MADE} is measured too"
             if "maxrss_with_made_mb" in figures else ""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--fuzz-repeat", type=int, default=5, help="0 to leave the fuzz figures out")
    parser.add_argument("--fuzz-count", type=int, default=1000)
    parser.add_argument("--out", type=Path, default=HERE / "floor-last.json")
    parser.add_argument("--fuzz-dir", type=Path, default=None,
                        help="where the fuzz corpora are written (default: the temporary folder); /dev/shm shows "
                             "jwgen's own speed where the disk's file creation is the floor")
    args = parser.parse_args()
    last = json.loads(args.out.read_text()) if args.out.exists() else None
    figures = measure(args.repeat)
    made = measure(args.repeat, MADE)
    figures.update({name: made[name] for name in (f"generate_write_{MADE}", f"validate_{MADE}")})
    figures["maxrss_with_made_mb"] = made["maxrss_mb"]
    if args.fuzz_repeat:
        measure_fuzz(figures, args.fuzz_repeat, args.fuzz_count, args.fuzz_dir)
    figures["cpus"] = os.cpu_count()
    show(figures, last)
    args.out.write_text(json.dumps(figures, indent=2) + "\n")
    print(f"figures written to {args.out}")


if __name__ == "__main__":
    main()
