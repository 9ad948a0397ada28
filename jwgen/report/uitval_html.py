"""What the HTML uitval report shows: per file, the clients with uitval, each once.

A back office works per client: the client first (BSN, name, geboortedatum), then what was rejected of it
(one row per finding, the technical detail of the check only in a tooltip), then its records that were not
assessed because of that rejection, folded under one shared explanation. Amounts are shown once per
prestatie (a prestatie's tariefrecords add up to it), so no column counts a claim twice. Findings about no
client (the voorlooprecord, the sluitrecord, the structure) come first, under the file.

>>> rows = [Row({"regel": 2, "bsn": "123456789", "naam": "Jansen, A.", "uitkomst": "Afgewezen"}),
...         Row({"regel": 3, "bsn": "123456789", "naam": "Jansen, A.", "uitkomst": "Niet beoordeeld",
...              "prestatie_regel": 3, "prestatie_ingediend": 500, "wat_te_doen": "Herstel eerst ..."})]
>>> [(g["title"], len(g["rejected"]), len(g["notjudged"])) for g in client_groups(rows)]
[('123456789 Jansen, A.', 1, 1)]
"""
from __future__ import annotations

from typing import Any, Sequence

from .money import dutch_date
from .rows import COLUMNS, NOT_JUDGED, Row

KEYS = tuple(key for key, _, _ in COLUMNS) + ("prestatie_regel",)


def _client(row: Row) -> tuple[str, str, Any]:
    return (row["bsn"] or "", row["naam"] or "", row["geboortedatum"])


def _values(row: Row, shown: set[Any]) -> dict[str, Any]:
    """The row's values; its prestatie's amounts only on the first row of that prestatie (``shown``)."""
    values = {key: row[key] for key in KEYS}
    prestatie = row["prestatie_regel"]
    if prestatie is None:
        return values
    if prestatie in shown:
        values["ingediend"] = values["toegekend"] = None
    else:
        shown.add(prestatie)
        values["ingediend"], values["toegekend"] = row["prestatie_ingediend"], row["prestatie_toegekend"]
    return values


def client_groups(rows: Sequence[Row]) -> list[dict[str, Any]]:
    """The rows per client in file order (the rows without a client first, as the file's own group)."""
    groups: dict[tuple[str, str, Any], list[Row]] = {}
    for row in rows:
        groups.setdefault(_client(row), []).append(row)
    out = []
    for client in sorted(groups, key=lambda c: (c != ("", "", None), _first(groups[c]))):
        members, shown = groups[client], set()
        rejected = [_values(r, shown) for r in members if r["uitkomst"] != NOT_JUDGED]
        notjudged = [_values(r, shown) for r in members if r["uitkomst"] == NOT_JUDGED]
        bsn, naam, born = client
        out.append({
            "client": client != ("", "", None), "bsn": bsn, "naam": naam, "geboortedatum": born,
            "title": " ".join(p for p in (bsn, naam) if p) or "Het bestand",
            "rejected": rejected, "notjudged": notjudged,
            "notjudged_note": _note(notjudged), "born": dutch_date(born),
        })
    return out


def _first(rows: list[Row]) -> int:
    return min((r["regel"] for r in rows if r["regel"] is not None), default=-1)


def _note(rows: list[dict[str, Any]]) -> str:
    """One explanation for all not-assessed records of a client: they all have the same."""
    texts = sorted({str(r.get("wat_te_doen") or "") for r in rows} - {""})
    return " ".join(texts)
