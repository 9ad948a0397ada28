"""Fuzzing other implementations: corpora of confirmed cases, a runner, and a semantic JW322 comparison.

* :func:`corpus_files` / :func:`replay_files`: ``jwgen fuzz`` (cases from seeds, any number of jobs,
  same bytes);
* :func:`read_corpus`, :class:`Command`, :func:`run_corpus`: ``jwgen check`` (run a tool per case);
* :func:`compare`: ``jwgen compare`` and the judge of ``jwgen check``.
"""
from .compare import Comparison, Unreadable, compare
from .corpus import corpus_files, make_case, replay_files
from .corpus_read import Corpus, CorpusCase, read_corpus
from .run import Command, CaseResult, run_corpus
from .seeds import case_seed

__all__ = ["CaseResult", "Command", "Comparison", "Corpus", "CorpusCase", "Unreadable", "case_seed", "compare",
           "corpus_files", "make_case", "read_corpus", "replay_files", "run_corpus"]
