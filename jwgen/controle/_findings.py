"""What a check finds: one rule broken at one place."""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Sequence


@dataclass(frozen=True)
class Finding:
    rule: str
    retourcode: str
    line: int | None  # 1-based line of the JW321 record, None for the file as a whole
    rtype: str | None
    rubriek: str | None
    key: str | None
    value: str | None
    message: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


#: What a record check returns: its findings in order; most records have none, and then it returns this one
#: empty tuple (a plain function returning a sequence costs a third of a generator per record).
Findings = Sequence[Finding]
NO_FINDINGS: Findings = ()
