"""Make free text fit an AN field: whole words where possible, never trailing spaces.

Positions in a JW321 record are characters, so non-ASCII letters ("ö", "é")
are kept as they are (NFC-normalised, so "ö" is one character, not two); a file in Windows-1252 or ASCII
keeps what that set holds and folds the rest (:func:`fold_for`).
"""
from __future__ import annotations

import unicodedata
from typing import Collection


def fit(text: str, length: int) -> str:
    """``text`` with its spaces collapsed, cut to at most ``length`` characters.

    Cuts at the last space that keeps at least half of the field, else mid-word;
    the result never ends in a space, comma or hyphen.

    >>> fit("  Schröder   van  Dijk ", 25)
    'Schröder van Dijk'
    >>> fit("Coreth von und zu Coredo und Starkenberg", 25)
    'Coreth von und zu Coredo'
    >>> fit("Hendrikskinderenstraatweg", 10)
    'Hendrikski'
    """
    text = unicodedata.normalize("NFC", " ".join(text.split()))
    if len(text) <= length:
        return text
    cut = text.rfind(" ", 0, length + 1)
    text = text[:cut] if cut >= length // 2 else text[:length]
    return text.rstrip(" ,-")


#: Letters NFKD does not take apart, as people write them without their mark.
_FOLDED = str.maketrans({"Ł": "L", "ł": "l", "Ø": "O", "ø": "o", "Đ": "D", "đ": "d", "ı": "i", "ß": "ss",
                         "Æ": "AE", "æ": "ae", "Œ": "OE", "œ": "oe", "Þ": "Th", "þ": "th"})


def ascii_fold(text: str) -> str:
    """The same text with every character ASCII: diacritics folded (for receivers that count bytes).

    >>> ascii_fold("Schröder-Çelik, Zoë"), ascii_fold("Łukasz Østergård")
    ('Schroder-Celik, Zoe', 'Lukasz Ostergard')
    """
    return unicodedata.normalize("NFKD", text.translate(_FOLDED)).encode("ascii", "ignore").decode("ascii")


def fold_for(text: str, codec: str) -> str:
    """The text as a character set holds it: kept where it can, each character it lacks folded to ASCII (the
    ``codec`` is Python's: utf-8, cp1252, ascii).

    >>> fold_for("Łukasz Schröder", "cp1252"), fold_for("Łukasz Schröder", "ascii")
    ('Lukasz Schröder', 'Lukasz Schroder')
    >>> fold_for("Ørsted-Çelik", "utf-8")
    'Ørsted-Çelik'
    """
    if codec == "ascii":
        return ascii_fold(text)
    try:
        text.encode(codec)
        return text
    except UnicodeEncodeError:
        pass
    out = []
    for character in text:
        try:
            character.encode(codec)
            out.append(character)
        except UnicodeEncodeError:
            out.append(ascii_fold(character))
    return "".join(out)


def split_surname(name: str, voorvoegsels: Collection[str]) -> tuple[str, str]:
    """Split a surname into (achternaam, voorvoegsel) using a voorvoegsel list.

    Handles leading voorvoegsels of up to three words in any case ("Van Bragt")
    and the index form "Bourgondië, van". The voorvoegsel comes back in lower
    case as in the list; names without one are returned whole.

    >>> prefixes = {"van", "de", "van der", "d'"}
    >>> split_surname("van der Veen", prefixes)
    ('Veen', 'van der')
    >>> split_surname("Van Bragt", prefixes)
    ('Bragt', 'van')
    >>> split_surname("Bourgondië, van", prefixes)
    ('Bourgondië', 'van')
    >>> split_surname("d' Heripon", prefixes)
    ('Heripon', "d'")
    >>> split_surname("Jansen", prefixes)
    ('Jansen', '')
    """
    name = " ".join(name.split())
    base, comma, tail = name.rpartition(", ")
    if comma and base and tail.lower() in voorvoegsels:
        return base, tail.lower()
    words = name.split(" ")
    for size in (3, 2, 1):
        if len(words) > size:
            candidate = " ".join(words[:size]).lower()
            if candidate in voorvoegsels:
                return " ".join(words[size:]), candidate
    return name, ""


def initials(*first_names: str) -> str:
    """Voorletters without dots: the first letter of each name, upper case.

    >>> initials("Jan", "pieter"), initials("Émile")
    ('JP', 'É')
    """
    return "".join(name[0].upper() for name in first_names if name)
