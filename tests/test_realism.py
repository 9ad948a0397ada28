"""Realistic Jeugd-GGZ content (ages, addresses, names) and the --ascii option for byte-counting receivers."""
from __future__ import annotations

from datetime import date

from jwgen.cli import main
from jwgen.generate import GenerateOptions, generate
from jwgen.spec import load_spec

SPEC = load_spec()


def _many():
    return generate(GenerateOptions(verzekerden=300, debiteur=True), seed=11, spec=SPEC)


def test_ages_fit_the_jeugdwet():
    d = _many()
    start = d.voorloop["begindatum_declaratieperiode"]
    ages = [(start - v.record["geboortedatum"]).days / 365.25 for v in d.verzekerden]
    assert all(0 <= age < 22.01 for age in ages)
    adults = sum(age >= 18 for age in ages)
    assert 0 < adults < len(ages) * 0.2  # mostly children; a few in verlengde jeugdhulp


def test_debiteur_lives_where_the_client_lives_in_the_paying_gemeente():
    d = _many()
    name = SPEC.codes("CBS-GEMEENTE")["0363"]
    for v in d.verzekerden:
        assert v.debiteur.record["postcode"] == v.record["postcode"]
        assert v.debiteur.record["huisnummer"] == v.record["huisnummer"]
        assert v.debiteur.record["woonplaatsnaam"] == name  # the gemeente pays for its own residents


def test_no_voorvoegsel_inside_a_surname():
    d = _many()
    voorvoegsels = {v.lower() for v in SPEC.codes("NAM040-NEN")}
    for v in d.verzekerden:
        words = v.record["naam_01"].replace("-", " ").lower().split()
        assert not any(w in voorvoegsels for w in words), v.record["naam_01"]


def test_ascii_folds_every_text_value(tmp_path):
    assert main(["generate", "--verzekerden", "60", "--debiteur", "--commentaar", "--ascii", "--seed", "4",
                 "--out", str(tmp_path / "a")]) == 0
    data = next((tmp_path / "a").glob("*_JW321.txt")).read_bytes()
    assert data.isascii()
    plain = generate(GenerateOptions(verzekerden=60, debiteur=True, commentaar=True), seed=4, spec=SPEC)
    from jwgen.flatfile import write
    assert not write(plain, SPEC.declaration).isascii()  # without --ascii the names keep their diacritics
    assert date(2017, 3, 1) == plain.voorloop["begindatum_declaratieperiode"]
