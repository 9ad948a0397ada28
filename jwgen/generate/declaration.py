"""Build a valid, realistic JW321 declaration from a seed.

``generate(options, seed)`` draws everything from ``random.Random(seed)``: no
clock, no uuid, no iteration over sets, so the same seed and options give the
same declaration (and the same bytes) in every process. Each verzekerde gets
its own generator, seeded from the file's, so the people in a file do not
change when an option adds records elsewhere.

What a receiver checks is built in: the voorlooprecord of STB 5.3 (the standard's
berichtsoort and version, its receiver: a real CBS gemeentecode, betaling aan the praktijk), one
verzekerdenrecord per verzekerde with a unique BSN, prestaties inside the
declaratieperiode, tariefrecords whose amounts add up to their prestatie,
child records carrying the prestatie's link keys, unique referentienummers,
everything debet. Counts, totals and record numbering come from
:func:`jwgen.model.finalize`.
"""
from __future__ import annotations

import random
from datetime import date, timedelta
from functools import lru_cache
from types import MappingProxyType
from typing import Any, Mapping

from ..errors import JwgenError
from ..gc_pause import paused_gc
from ..model import Declaration, Node, Prestatie, Record, Verzekerde, blank, finalize
from ..spec import RecordLayout, Spec, load_spec
from . import catalogue, identifiers
from .draw import between, day_between, pick
from .from_layout import generate_from_layout
from .options import GenerateOptions
from .people import Address, Name, People
from .shape import MINIMUM, PrestatieShape, Shape, draw_shape, fit_shape
from .text import fit, fold_for

#: COD367-VEKT code of the prestatiecodelijst jwgen declares under (GGZ DBC declaratiecodes).
PRESTATIECODELIJST = "050"

#: Prestatievolgnummer algemeen (0413): 01 for each prestatie, as in Vektis's base file; the tarief-, zorgactiviteit-
#: and tijdsbestedingrecords repeat it as part of their link to the prestatie.
PRESTATIEVOLGNUMMER = 1

#: Aantal uitgevoerde prestaties of a tariefrecord; mostly one, as for a DBC.
AANTALLEN = (1, 1, 1, 1, 2, 3)

#: Youth care (Jeugdwet): mostly children of 0-17; a few young adults of 18-22 in verlengde jeugdhulp.
MAX_AGE = 22
ADULT_AGE = 18
VERLENGD = 0.08  # the share of verlengde jeugdhulp (18-22) among the clients


@paused_gc()
def generate(options: GenerateOptions | None = None, seed: int = 0, spec: Spec | None = None) -> Declaration:
    """A finalized, valid JW321 declaration for ``options``, fully determined by ``seed``.

    >>> d = generate(GenerateOptions(verzekerden=2), seed=1)
    >>> len(d.verzekerden), d.voorloop["code_berichtsoort"]
    (2, 434)
    """
    spec = spec or load_spec()
    options = options or GenerateOptions()
    if spec.standard.made:  # a standard made from a BER: drawn from its layout alone
        return generate_from_layout(spec, options, random.Random(seed))
    options.check(spec)
    return _Builder(spec, options, random.Random(seed)).build()


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@lru_cache(maxsize=16)
def _templates(spec: Spec) -> Mapping[str, Mapping[str, Any]]:
    """Per record type, every field empty (``blank``): made once per standard and only ever copied (a dict, not a
    read-only view, so that ``{**template, ...}`` stays the fast merge of one dict into another)."""
    return MappingProxyType({rtype: blank(layout).values for rtype, layout in spec.declaration.records.items()})


class _Builder:
    """Holds what is shared by the whole file: layouts, the declarant, counters."""

    def __init__(self, spec: Spec, options: GenerateOptions, rng: random.Random) -> None:
        self.spec = spec
        self.options = options
        self.rng = rng
        self.layouts: dict[str, RecordLayout] = dict(spec.declaration.records)
        self.templates = _templates(spec)
        self.people = People(spec.codes("NAM040-NEN") or {})
        soort = options.zorgverlenerssoort
        # Always drawn, so giving a code as an option does not shift the rest of the stream.
        praktijkcode, zorgverlenerscode = identifiers.agb(rng, soort, praktijk=True), identifiers.agb(rng, soort)
        self.praktijkcode = options.praktijkcode or praktijkcode
        self.zorgverlenerscode = options.zorgverlenerscode or zorgverlenerscode
        colleagues = [identifiers.agb(rng, soort) for _ in range(2)]
        self.behandelaars = [int(code) for code in dict.fromkeys([self.zorgverlenerscode, *colleagues])]
        self.factuurnummer = identifiers.factuurnummer(
            rng, options.year, options.month, self.layouts["01"]["factuurnummer_declarant"].length)
        self.patientnummer_base = rng.randrange(100_000, 900_000)
        self.receiver = {spec.declaration.structure["receiver_key"]: int(options.receiver(spec))}
        # A gemeente pays for its own residents: their woonplaats is the gemeente (a list of names: JW321)
        names = spec.codes(spec.standard.receiver["codelist"])
        self.woonplaats = names.get(options.receiver(spec)) if names else None
        self.codelijst = int(PRESTATIECODELIJST)
        self.verwijzer = int(identifiers.agb(rng, "01"))  # the huisarts who refers (zorgverlenerssoort 01)
        self.bsns: set[str] = set()  # membership only, never iterated
        self.references = 0
        self.zorgactiviteiten = 0
        self.debiteuren = 0
        self.verzekerden = 0
        self.ref_length = self.layouts["04"]["referentienummer"].length
        self.begindatum, self.einddatum = options.begindatum, options.einddatum
        self.codec = options.text_form(spec).codec  # the file's character set: text it lacks is folded

    # -- records -----------------------------------------------------------------
    def record(self, rtype: str, **values: Any) -> Record:
        """A record of ``rtype`` with every other field empty; unknown keys are refused."""
        template = self.templates[rtype]
        merged = {**template, **values}
        if len(merged) != len(template):  # a key the layout does not have
            unknown = sorted(values.keys() - template.keys())
            raise KeyError(f"record {rtype} has no field(s) {', '.join(unknown)}")
        return Record(rtype, merged)

    def text(self, rtype: str, key: str, value: str) -> str:
        return fit(value if self.codec == "utf-8" else fold_for(value, self.codec), self.layouts[rtype][key].length)

    def referentienummer(self) -> str:
        self.references += 1
        return identifiers.referentienummer(self.factuurnummer, self.references, self.ref_length)

    # -- the file ------------------------------------------------------------------
    def build(self) -> Declaration:
        plans = self.plan()
        voorloop = self.voorloop()
        verzekerden = [self.verzekerde(rng, shape) for rng, shape in plans]
        declaration = Declaration(voorloop, verzekerden, self.record("99"))
        return finalize(declaration, self.spec.declaration.structure)

    def plan(self) -> list[tuple[random.Random, Shape]]:
        """One generator and one shape per verzekerde, fitted to ``records`` when given."""
        options = self.options
        max_records = self.spec.declaration.structure["max_records"]
        plans: list[tuple[random.Random, Shape]] = []
        if options.records is None:
            for _ in range(options.verzekerden):
                rng = random.Random(self.rng.getrandbits(64))
                plans.append((rng, draw_shape(rng, options)))
            total = 2 + sum(shape.size for _, shape in plans)
            if total > max_records:
                raise JwgenError(f"{options.verzekerden} verzekerden give {total} records, more than the "
                                 f"{max_records} a JW321 may hold; use fewer --verzekerden or --records")
            return plans
        remaining = options.records - 2
        while remaining > 0:
            rng = random.Random(self.rng.getrandbits(64))
            shape = draw_shape(rng, options)
            if remaining - shape.size < MINIMUM:
                fit_shape(shape, remaining)
            plans.append((rng, shape))
            remaining -= shape.size
        return plans

    def voorloop(self) -> Record:
        """Code berichtsoort, versie and valutacode are the layout's fixed values (434, 02, EUR for JW321)."""
        o = self.options
        return self.record(
            "01", soort_bericht=o.soort_bericht,
            **self.receiver, zorgverlenerscode=int(self.zorgverlenerscode),
            praktijkcode=int(self.praktijkcode), betaling_aan=3,
            begindatum_declaratieperiode=o.begindatum, einddatum_declaratieperiode=o.einddatum,
            factuurnummer_declarant=self.factuurnummer, dagtekening_factuur=o.dagtekening)

    # -- one verzekerde --------------------------------------------------------------
    def bsn(self, rng: random.Random) -> str:
        without = rng.random() < self.options.zonder_bsn
        while True:
            value = identifiers.bsn(rng)
            if value not in self.bsns:
                self.bsns.add(value)
                break
        return identifiers.NO_BSN if without else value

    def verzekerde(self, rng: random.Random, shape: Shape) -> Verzekerde:
        self.verzekerden += 1
        geslacht = pick(rng, (1, 2))
        name = self.people.child(rng, geslacht)
        bsn = int(self.bsn(rng))
        adult = rng.random() < VERLENGD
        oldest = _add_years(self.begindatum, -(MAX_AGE if adult else ADULT_AGE)) + timedelta(days=1)
        youngest = _add_years(self.begindatum, -ADULT_AGE) if adult else self.begindatum - timedelta(days=1)
        geboortedatum = day_between(rng, oldest, youngest)
        postcode = identifiers.postcode(rng)
        huisnummer = between(rng, 1, 40) if rng.random() < 0.7 else between(rng, 41, 250)
        toevoeging = pick(rng, ("", "", "", "", "", "", "A", "B", "1", "2", "hs"))
        debiteur = self.debiteur(rng, name, geboortedatum, postcode, huisnummer, toevoeging) if shape.debiteur else None
        patientnummer = f"{self.patientnummer_base + self.verzekerden:07d}"
        # STB 5.4.8: without a BSN (999999999) the verzekerdennummer identifies the client instead.
        client = dict(bsn=bsn, verzekerdennummer=patientnummer if f"{bsn:09d}" == identifiers.NO_BSN else "")
        record = self.record(
            "02", **client, **self.receiver, patientnummer=patientnummer,
            geboortedatum=geboortedatum, geslacht=geslacht, naamcode_01=1,
            naam_01=self.text("02", "naam_01", name.achternaam),
            voorvoegsel_01=self.text("02", "voorvoegsel_01", name.voorvoegsel), naamcode_02=0,
            voorletters=self.text("02", "voorletters", name.voorletters), naamcode_03=0,
            postcode=postcode, huisnummer=huisnummer, huisnummertoevoeging=toevoeging, code_land="NL",
            debiteurnummer=debiteur.record["debiteurnummer"] if debiteur else "", indicatie_overleden=2)
        verzekerde = Verzekerde(record, debiteur=debiteur)
        links: set[tuple[str, date]] = set()  # (prestatiecode, begindatum) per verzekerde, membership only
        for volgnummer, prestatie_shape in enumerate(shape.prestaties, start=1):
            verzekerde.prestaties.append(self.prestatie(rng, client, volgnummer, prestatie_shape, links))
        self.comments(rng, verzekerde, shape.comments)
        return verzekerde

    def debiteur(self, rng: random.Random, child: Name, child_born: date, postcode: str,
                 huisnummer: int, toevoeging: str) -> Node:
        """The parent who pays: the child's surname and address, own first names and IBAN."""
        self.debiteuren += 1
        geslacht = pick(rng, (1, 2))
        name = self.people.parent(rng, child, geslacht)
        address: Address = self.people.address(rng)
        born = _add_years(child_born, -between(rng, 20, 45)) - timedelta(days=between(rng, 0, 364))
        return Node(self.record(
            "03", debiteurnummer=f"D{self.debiteuren:06d}", geboortedatum=born, geslacht=geslacht,
            naamcode_01=1, naam_01=self.text("03", "naam_01", name.achternaam),
            voorvoegsel_01=self.text("03", "voorvoegsel_01", name.voorvoegsel), naamcode_02=0,
            voorletters=self.text("03", "voorletters", name.voorletters), naamcode_03=0,
            straatnaam=self.text("03", "straatnaam", address.straatnaam), huisnummer=huisnummer,
            huisnummertoevoeging=toevoeging, postcode=postcode,
            woonplaatsnaam=self.text("03", "woonplaatsnaam", self.woonplaats or address.woonplaats), code_land="NL",
            iban=identifiers.iban(rng)))

    # -- one prestatie -----------------------------------------------------------------
    def prestatie(self, rng: random.Random, client: dict[str, Any], volgnummer: int, shape: PrestatieShape,
                  links: set[tuple[str, date]]) -> Prestatie:
        """A DBC prestatie (04) with its tariefrecords (06, which carry the amounts), zorgactiviteiten (16,
        in hours) and tijdsbestedingen (17, in minutes); the 04's tijdseenheden are the sums of its 16/17."""
        while True:
            code = pick(rng, catalogue.PRESTATIECODES)
            begin = day_between(rng, self.begindatum, self.einddatum)
            if (code.code, begin) not in links:
                links.add((code.code, begin))
                break
        end = day_between(rng, begin, self.einddatum)
        behandelaar = pick(rng, self.behandelaars)
        beroep = pick(rng, catalogue.BEROEPEN)
        keys = dict(**client, **self.receiver, prestatiecodelijst=self.codelijst,
                    prestatiecode=code.code, begindatum_prestatie=begin, prestatievolgnummer=PRESTATIEVOLGNUMMER)
        tarieven = [(catalogue.SOORT_TARIEF_EERSTE, code.tarief, pick(rng, AANTALLEN), code.code)]
        for _ in range(shape.tarieven - 1):
            tarieven.append((pick(rng, catalogue.SOORT_TARIEF_AANVULLEND), pick(rng, catalogue.AANVULLENDE_TARIEVEN),
                             pick(rng, AANTALLEN), code.code))
        tarief_nodes = []
        for soort, tarief, aantal, declaratiecode in tarieven:
            first = day_between(rng, begin, end)
            last = day_between(rng, first, end)
            # GZ321 BER 0612, 0616-0618: a DBC-behandeling spans the prestatie, one of it; a verblijf counts its
            # days and a verrichting is one day, each under a declaratiecode of its own
            if soort == catalogue.SOORT_TARIEF_EERSTE:
                first, last, aantal = begin, end, 1
            else:
                declaratiecode = catalogue.deelprestatie_code(declaratiecode, soort)
                if soort == catalogue.SOORT_TARIEF_VERBLIJF:
                    aantal = (last - first).days + 1
                else:
                    last = first
            amount = tarief * aantal
            tarief_nodes.append(Node(self.record(
                "06", **keys, soort_prestatie_tarief=soort, declaratiecode_deelprestatie=declaratiecode,
                poortspecialisme=catalogue.POORTSPECIALISME_DBC if soort == catalogue.SOORT_TARIEF_EERSTE else 0,
                zorgverlenerscode_behandelaar=behandelaar, begindatum_deelprestatie=first,
                einddatum_deelprestatie=last, aantal_uitgevoerde_prestaties=aantal,
                tarief_prestatie=tarief, berekend_bedrag=amount, dc_berekend_bedrag="D", dc_eigen_bijdrage="D",
                declaratiebedrag=amount, dc_declaratiebedrag="D", referentienummer=self.referentienummer())))
        zorgactiviteiten = []
        for _ in range(shape.zorgactiviteiten):
            first = day_between(rng, begin, end)
            zorgactiviteiten.append(Node(self.record(
                "16", **keys, activiteitcode=pick(rng, catalogue.ACTIVITEITCODES), begindatum_zorgactiviteit=first,
                einddatum_zorgactiviteit=day_between(rng, first, end),
                tijdseenheid_zorgactiviteit=catalogue.TIJDSEENHEID_ZORGACTIVITEIT,
                aantal_tijdseenheden_zorgactiviteit=pick(rng, catalogue.UREN),
                indicatie_debet_credit="D", referentienummer=self.referentienummer())))
        tijdsbestedingen = []
        for n in range(shape.tijdsbestedingen):
            first = day_between(rng, begin, end)
            hoofd = rng.random() < 0.7 or n == 0  # the first is the hoofdbehandelaar's: direct time (BER 0436)
            direct, indirect = (pick(rng, catalogue.MINUTEN), 0) if hoofd else (0, pick(rng, catalogue.MINUTEN))
            tijdsbestedingen.append(Node(self.record(
                "17", **keys, soort_behandelaar=1 if hoofd else 2,
                zorgverlenerscode_hoofdbehandelaar=behandelaar if hoofd else 0,
                beroep_medebehandelaar=0 if hoofd else pick(rng, catalogue.BEROEPEN),
                begindatum_tijdsbesteding=first, einddatum_tijdsbesteding=day_between(rng, first, end),
                tijdseenheid_tijdsbesteding=catalogue.TIJDSEENHEID_TIJDSBESTEDING,
                aantal_tijdseenheden_direct=direct, aantal_tijdseenheden_indirect=indirect,
                indicatie_debet_credit="D", referentienummer=self.referentienummer())))
        uren = sum(n.record["aantal_tijdseenheden_zorgactiviteit"] for n in zorgactiviteiten)
        direct = sum(n.record["aantal_tijdseenheden_direct"] for n in tijdsbestedingen)
        indirect = sum(n.record["aantal_tijdseenheden_indirect"] for n in tijdsbestedingen)
        verwijzer = pick(rng, catalogue.VERWIJZERS)
        between(rng, 7, 90)  # the draw of a verwijsdatum, kept so the draws after it stay the same (0424 unfilled)
        prestatie = Prestatie(self.record(
            "04", **keys, doorsturen_toegestaan=1, dbc_prestatiecode=code.dbc, einddatum_prestatie=end,
            zorgtrajectnummer=self.text("04", "zorgtrajectnummer", f"ZT{self.factuurnummer[-6:]}{self.references:06d}"),
            zorgverlenerscode_hoofdbehandelaar_1=behandelaar, beroep_hoofdbehandelaar_1=beroep,
            code_verwijzer=verwijzer,  # verwijsdatum (0424): 'gereserveerd voor toekomstig gebruik', not filled
            zorgverlenerscode_verwijzer=self.verwijzer if verwijzer in catalogue.VERWIJZERS_PERSOON else 0,
            afsluitreden=pick(rng, catalogue.AFSLUITREDENEN),
            tijdseenheid_zorgactiviteit=catalogue.TIJDSEENHEID_ZORGACTIVITEIT if zorgactiviteiten else 0,
            aantal_tijdseenheden_zorgactiviteit=uren,
            tijdseenheid_tijdsbesteding=catalogue.TIJDSEENHEID_TIJDSBESTEDING,  # 01 for every DBC (BER 0434)
            aantal_tijdseenheden_totaal=direct + indirect, aantal_tijdseenheden_direct=direct,
            aantal_tijdseenheden_indirect=indirect, code_herdeclaratie=catalogue.CODE_HERDECLARATIE,
            indicatie_debet_credit="D", referentienummer=self.referentienummer()))
        prestatie.tarieven = tarief_nodes
        prestatie.zorgactiviteiten = zorgactiviteiten
        prestatie.tijdsbestedingen = tijdsbestedingen
        return prestatie

    # -- commentaar -----------------------------------------------------------------------
    def comments(self, rng: random.Random, verzekerde: Verzekerde, count: int) -> None:
        """Attach ``count`` commentaarrecords to the verzekerde, its debiteur, prestaties or tarieven
        (the records STB table 5-2 allows commentaar on); finalize numbers them."""
        if not count:
            return
        nodes: list[Node] = [verzekerde]
        if verzekerde.debiteur is not None:
            nodes.append(verzekerde.debiteur)
        for prestatie in verzekerde.prestaties:
            nodes.append(prestatie)
            nodes.extend(prestatie.tarieven)
        for _ in range(count):
            node = pick(rng, nodes)
            text = pick(rng, catalogue.COMMENTAAR[node.record.rtype])
            node.comments.append(self.record("98", vrije_tekst=self.text("98", "vrije_tekst", text)))
