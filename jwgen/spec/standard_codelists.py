"""A standard's own code lists, over the shared ones (``jwgen/spec/data/codelists.json``).

A standard made from a BER (``jwgen standard add``) names code lists jwgen's shared file does not have
(MZ301: COD843-VEKT titulatuur, COD853-VEKT soort prestatierecord, ...) and message codes a shared list lacks
(COD002-VEKT: 176 MZ301, 177 MZ302). Its folder's ``codelists.json`` says so: an entry of a list the shared
file lacks is added as it is; an entry of a shared list with ``add`` adds values to it (the rest of the shared
entry stays); an entry with neither replaces the shared one for this standard only.

>>> shared = {"COD002-VEKT": {"closed": True, "values": {"434": "JW321"}}}
>>> merged(shared, {"COD002-VEKT": {"add": {"176": "MZ301"}}, "COD843-VEKT": {"closed": False}})
{'COD002-VEKT': {'closed': True, 'values': {'434': 'JW321', '176': 'MZ301'}}, 'COD843-VEKT': {'closed': False}}
"""
from __future__ import annotations

import json
from typing import Any, Mapping

from ._layout import SpecError


def merged(shared: Mapping[str, dict], own: Mapping[str, dict]) -> dict[str, dict]:
    """The code lists of a standard: ``shared`` with its own entries (``own``) over them."""
    out = dict(shared)
    for name, entry in own.items():
        if not isinstance(entry, dict):
            raise SpecError(f"codelists.json: the entry of {name} is not an object")
        if "add" in entry:
            base = out.get(name)
            if base is None or not isinstance(base.get("values"), dict):
                raise SpecError(f"codelists.json: {name} adds values to a shared list of values, which "
                                "jwgen/spec/data/codelists.json does not have")
            out[name] = {**base, "values": {**base["values"], **entry["add"]}}
        else:
            out[name] = dict(entry)
    return out


def read(path: Any) -> dict[str, dict]:
    """The ``lists`` of a standard's own ``codelists.json``; empty when the folder has none."""
    if not path.is_file():
        return {}
    try:
        lists = json.loads(path.read_text(encoding="utf-8"))["lists"]
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as error:
        raise SpecError(f"{path} is not readable as a codelists.json: {error}") from None
    if not isinstance(lists, dict):
        raise SpecError(f"{path}: 'lists' is not an object")
    return lists
