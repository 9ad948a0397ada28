"""What a field of any Vektis EI layout holds in a valid file, read off the field itself.

The layout-driven generator (:mod:`jwgen.generate.from_layout`) knows no standard: for every field it asks
:func:`role_of` what kind of value the field holds, from what the layout says of it (its key, made from the
BER's rubriek name by the importer, its type, length, kind and code list) and nothing else. The roles are
the Vektis data elements every EI declaration shares (BSN, UZOVI-nummer, AGB codes, names, addresses, the
factuur- and referentienummer, dates and amounts); a field none describes gets a value of its shape.

Which of a record's conditional (C) and optional (O) fields are filled is a choice: jwgen fills those a
receiver reads to identify the file, the client and the address (:data:`FILLED_WHEN_CONDITIONAL`), and
leaves the rest empty, the one value no condition of the form "verplicht indien ..." makes wrong without
its trigger. A generated file is declared by a praktijk (BETALING AAN 03, COD833-VEKT: the praktijkcode and
zorgverlenerscode filled, the codes of an instelling and a servicebureau empty unless the layout makes them
mandatory), as the GGZ generator's.

>>> from jwgen.spec import Field
>>> role_of(Field("0203", "bsn", "BURGERSERVICENUMMER (BSN)", "N", 9, 3, "M", "plain"), "uzovi_nummer")
'bsn'
>>> role_of(Field("0210", "naam_01", "NAAM VERZEKERDE (01)", "AN", 25, 3, "M", "plain"), "uzovi_nummer")
'achternaam'
>>> role_of(Field("0433", "referentienummer_voorgaande", "REFERENTIENUMMER", "AN", 20, 3, "C", "plain"), "x")
'empty'
"""
from __future__ import annotations

import re

from ..spec import Field

#: Roles by the whole key, first; then :data:`BY_PATTERN` in order; then by type.
BY_KEY = {
    "bsn": "bsn",
    "code_berichtsoort": "message_code",
    "betaling_aan": "betaling_aan",
    "soort_bericht": "soort_bericht",
    "verzekerdennummer": "clientnummer",
    "patientnummer": "clientnummer",
    "debiteurnummer": "debiteurnummer",
    "factuurnummer_declarant": "factuurnummer",
    "referentienummer": "referentienummer",
    "referentienummer_voorgaande": "empty",
    "voorletters": "voorletters",
    "code_land": "land",
    "huisnummertoevoeging": "empty",
    "vrije_tekst": "tekst",
    "regelnummer_vrije_tekst": "numbered",
    "identificatie_detailrecord": "numbered",
    "btw_identificatienummer": "empty",
    "begindatum_declaratieperiode": "periode_begin",
    "einddatum_declaratieperiode": "periode_eind",
    "dagtekening_factuur": "dagtekening",
}

#: (regular expression on the key, role), the first that matches.
BY_PATTERN = (
    (r"^uzovi_nummer$", "receiver"),
    (r"^(zorgverlenerscode|praktijkcode)(_|$)", "agb"),
    (r"^(instellingscode|code_servicebureau)(_|$)", "agb_elsewhere"),
    (r"geboorte", "geboortedatum"),
    (r"^naam(_[a-z]+)?_01$", "achternaam"),
    (r"^voorletters", "voorletters"),
    (r"^voorvoegsel", "empty"),
    (r"^naam(_[a-z]+)?_0[2-9]$", "empty"),
    (r"^straatnaam", "straatnaam"),
    (r"^woonplaats", "woonplaats"),
    (r"^postcode_buitenland", "empty"),
    (r"^postcode", "postcode"),
    (r"^huisnummer_?(huisadres)?(_[a-z]+)?$", "huisnummer"),
    (r"^huisnummertoevoeging", "empty"),
    (r"^code_land", "land"),
    (r"^(aantal_uitgevoerde|aantal_prestaties)", "aantal"),
    (r"volgnummer", "volgnummer"),
    (r"^(iban|bankrekeningnummer)", "empty"),
    (r"^(telefoon|e_?mail|landnummer)", "empty"),
)

#: Roles whose C/O fields jwgen fills (what identifies the file, the client and the address).
FILLED_WHEN_CONDITIONAL = frozenset({"receiver", "agb", "clientnummer", "postcode", "land", "debiteurnummer",
                                     "voorletters", "straatnaam", "woonplaats"})


def role_of(field: Field, receiver_key: str) -> str:
    """The role of ``field``: one of the names above, ``fixed``, ``date``, ``amount``, ``dc``, ``code``,
    ``number``, ``text`` or ``empty``."""
    if field.value is not None or field.key == "kenmerk_record":
        return "fixed"
    if field.kind == "filler" or field.use == "S":
        return "empty"
    if field.kind == "dc":
        return "dc"
    if field.key == receiver_key:
        return "receiver"
    role = BY_KEY.get(field.key)
    if role is None:
        role = next((r for pattern, r in BY_PATTERN if re.search(pattern, field.key)), None)
    if role is None:
        role = ("date" if field.kind == "date" else "amount" if field.kind == "amount"
                else "code" if field.codelist else "number" if field.numeric else "text")
    if role == "geboortedatum" and field.kind != "date":
        role = "code" if field.codelist else "number" if field.numeric else "text"
    if field.use in ("C", "O") and role not in FILLED_WHEN_CONDITIONAL and role != "numbered":
        return "empty"
    return role
