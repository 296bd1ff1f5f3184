"""Sensitive categories in free text: a term list per language and category.

A term is one or more words, matched as whole words over folded text (so
"Diagnosen", "DIAGNOS" and "diagnós" are all found); a word ending in ``*``
also matches any ending ("utredning*" finds "utredningen", "utredningar").
Stems are kept long enough not to catch everyday words: "psykos" and
"psykosen" are listed, not "psykos*", which would catch "psykosocial".

The lists catch the common ways a category is named, not every one. A term is
a caution, not a breach: "socialtjänsten gör en utredning" can be a description
of the routine. The guard flags it so the group checks which level it is on.

The special categories of personal data (health, religion or belief, ethnic
origin, sex life or sexual orientation, political opinion, trade-union
membership) and a psychiatric contact are listed as a person's attribute
("muslim", "högerextremist", "politiska åsikter", "medlem i facket"), never as an
ideology or a group: "religiöst motiverad extremism", "högerextrema grupper" and
"nazistisk propaganda" are the group's everyday subject and are not terms. A
word that is a Swedish noun for a person but an English adjective ("extremist",
"islamist") is listed only in its definite form ("extremisten"), since a session
looks for every language's terms.

Words that are also the names of proper routine are left out, so that the
guard never flags what its own rules recommend: release planning
("frigivningsplanering", "villkorlig frigivning"), the police's intelligence
work as a routine ("polisens underrättelsearbete"), the usual report to the
police. Only the narrow terms stay: a release date, intelligence or a
preliminary investigation about someone.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .words import Alternation, literal

TERMS: dict[str, dict[str, tuple[str, ...]]] = {
    "sv": {
        "diagnosis": (
            "diagnos*",
            "adhd",
            "autism*",
            "autistisk*",
            "asperger*",
            "npf",
            "neuropsykiatrisk*",
            "psykos",
            "psykosen",
            "psykoser",
            "psykoserna",
            "psykotisk*",
            "schizofren*",
            "bipolär*",
            "depression*",
            "ätstörning*",
            "missbruk*",
            "självskad*",
        ),
        "health-notes": (
            "elevhälsojournal*",
            "elevakt*",
            "journal",
            "journalen",
            "journaler",
            "journalerna",
            "journalanteckning*",
            "patientjournal*",
            "kuratorsanteckning*",
            "kuratorns anteckning*",
            "skolsköterskans anteckning*",
            "samtalsanteckning*",
            "samtalskontakt*",
            "elevhälsans anteckning*",
        ),
        "social-case": (
            "ärende* hos socialtjänsten",
            "ärende* på socialtjänsten",
            "ärende* inom socialtjänsten",
            "socialtjänstens ärende*",
            "aktuell* hos socialtjänsten",
            "aktuell* på socialtjänsten",
            "känd* hos socialtjänsten",
            "känd* av socialtjänsten",
            "känd* inom socialtjänsten",
            "socialakt*",
            "personakt*",
            "utredning*",
            "barnavårdsutredning*",
            "lvu",
            "lvm",
            "familjehemsplacer*",
            "placerad* på hvb",
            "hvb-placer*",
            "försörjningsstöd*",
            "ekonomiskt bistånd",
            "orosanmäld*",
            "anmäld* till socialtjänsten",
        ),
        "police-intelligence": (
            "underrättelseuppgift*",
            "underrättelser om",
            "underrättelseinformation om",
            "belastningsregist*",
            "misstankeregist*",
            "polisens register",
            "förundersökning* mot",
            "spaningsuppgift*",
            "känd* av polisen",
            "känd* hos polisen",
            "känd* för polisen",
            "dömd* för",
            "tidigare dömd*",
            "misstänkt* för",
            "åtalad*",
            "häktad*",
            "anhållen",
            "polisanmäld*",
        ),
        "health": (
            "psykisk* ohälsa*",
            "psykiskt sjuk*",
            "sjukdom*",
            "sjukskriv*",
            "medicinerar",
            "medicineras",
            "medicinering*",
            "tar medicin",
            "läkemedelsbehandling*",
            "funktionsnedsättning*",
            "funktionsvariation*",
            "gravid",
            "graviditet*",
            "abort",
            "aborten",
            "aborter",
            "självmordsförsök*",
            "självmordstank*",
            "suicidförsök*",
            "suicidtank*",
            "suicidal*",
            "ångestattack*",
            "panikångest*",
            "drogmissbruk*",
            "alkoholmissbruk*",
            "narkotikamissbruk*",
            "hiv",
            "cancer",
            "epilepsi*",
            "diabetes",
        ),
        "psychiatric-contact": (
            "psykiatrisk* kontakt*",
            "psykiatrisk* vård*",
            "psykiatrisk* behandling*",
            "psykiatrisk* avdelning*",
            "rättspsykiatrisk*",
            "kontakt med psykiatrin",
            "kontakt med bup",
            "kontakt med vuxenpsykiatrin",
            "inskriven* på bup",
            "inskriven* i psykiatrin",
            "inskriven* inom psykiatrin",
            "inlagd* på psyk*",
            "bup-kontakt*",
            "psykologkontakt*",
            "går hos psykolog*",
            "går hos kurator*",
            "går i terapi",
            "tvångsvård*",
            "lpt",
            "lrv",
        ),
        "religion": (
            "religiös",
            "religiös* tillhörighet*",
            "religiös* övertygelse*",
            "trosuppfattning*",
            "livsåskådning*",
            "troende",
            "konverterat",
            "konverterade",
            "konvertit*",
            "muslim",
            "muslimen",
            "muslimsk",
            "kristen",
            "jude",
            "juden",
            "judinna*",
            "judisk",
            "ateist",
        ),
        "ethnic-origin": (
            "etnisk* ursprung*",
            "etnisk* bakgrund*",
            "etnisk* tillhörighet*",
            "etnicitet*",
            "hudfärg*",
            "invandrarbakgrund*",
            "utländsk* bakgrund*",
            "född utomlands",
        ),
        "sexual-life": (
            "sexuell* läggning*",
            "sexuell* orientering*",
            "sexualliv*",
            "sexlivet",
            "homosexuell*",
            "bisexuell*",
            "lesbisk*",
            "bög",
            "gay",
            "transperson*",
        ),
        "political-opinion": (
            "politisk* åsikt*",
            "politisk* uppfattning*",
            "politisk* övertygelse*",
            "politisk* tillhörighet*",
            "politisk* sympati*",
            "partitillhörighet*",
            "partimedlem*",
            "medlem* i partiet",
            "röstar på",
            "röstade på",
            "sympatiserar med",
            "sympatisör*",
            "extrema åsikter",
            "extremistiska åsikter",
            "högerextrema åsikter",
            "vänsterextrema åsikter",
            "radikala åsikter",
            "rasistiska åsikter",
            "nazist",
            "nazisten",
            "högerextremist",
            "högerextremisten",
            "vänsterextremist",
            "vänsterextremisten",
            "islamisten",
            "jihadisten",
            "extremisten",
            "anarkist",
            "anarkisten",
            "kommunist",
            "kommunisten",
        ),
        "trade-union": (
            "fackmedlem*",
            "fackföreningsmedlem*",
            "medlem* i facket",
            "medlem* i fackföreningen",
            "fackligt ansluten",
            "fackligt anslutna",
            "fackligt aktiv*",
            "facklig* tillhörighet*",
        ),
        "release-date": (
            "frigivningsdatum*",
            "frigivningsdag*",
            "datum för frigivning*",
            "datum för villkorlig* frigivning*",
            "dagen för frigivning*",
            "släpps ut",
            "släpps fri",
        ),
    },
    "en": {
        "diagnosis": (
            "diagnosis",
            "diagnoses",
            "diagnosed",
            "adhd",
            "autism*",
            "autistic",
            "asperger*",
            "psychosis",
            "psychoses",
            "psychotic",
            "schizophreni*",
            "bipolar",
            "depression",
            "eating disorder*",
            "self-harm*",
            "substance abuse",
            "addiction",
        ),
        "health-notes": (
            "student health record*",
            "student health note*",
            "health record*",
            "medical record*",
            "patient record*",
            "counselling",
            "counseling",
            "counselling note*",
            "counseling note*",
            "counsellor's note*",
            "counselor's note*",
            "kurator note*",
            "school nurse's note*",
            "case notes",
            "therapy notes",
        ),
        "social-case": (
            "social services case*",
            "case with social services",
            "known to social services",
            "social services file*",
            "case file*",
            "open case",
            "child protection investigation*",
            "care order*",
            "placed in care",
            "foster care",
            "lvu",
            "on welfare",
            "welfare benefits",
            "reported to social services",
            "subject of a report of concern",
        ),
        "police-intelligence": (
            "police intelligence",
            "intelligence about",
            "intelligence on",
            "intelligence report*",
            "criminal record*",
            "police record*",
            "record of convictions",
            "preliminary investigation against",
            "known to the police",
            "convicted of",
            "previously convicted",
            "suspected of",
            "charged with",
            "arrested",
            "remanded",
        ),
        "health": (
            "mental illness",
            "mental health problem*",
            "mental ill-health",
            "mentally ill",
            "illness",
            "sick leave",
            "medication",
            "medicated",
            "pregnant",
            "pregnancy",
            "abortion*",
            "disability",
            "disabilities",
            "suicide attempt*",
            "suicidal",
            "panic attack*",
            "drug abuse",
            "alcohol abuse",
            "hiv",
            "cancer",
            "epilepsy",
            "diabetes",
        ),
        "psychiatric-contact": (
            "psychiatric contact*",
            "psychiatric care",
            "psychiatric treatment",
            "psychiatric ward",
            "forensic psychiatric*",
            "contact with psychiatry",
            "in contact with psychiatry",
            "under psychiatry",
            "sees a psychologist",
            "seeing a psychologist",
            "in therapy",
            "compulsory care",
            "sectioned",
            "camhs",
            "bup",
        ),
        "religion": (
            "religious belief*",
            "religious affiliation*",
            "religious conviction*",
            "his religion",
            "her religion",
            "their religion",
            "converted to",
            "a convert",
            "a muslim",
            "muslim faith",
            "a christian",
            "jewish",
            "an atheist",
            "a believer",
        ),
        "ethnic-origin": (
            "ethnic origin*",
            "ethnic background*",
            "ethnicity",
            "racial origin*",
            "skin colour",
            "skin color",
            "immigrant background*",
            "foreign background*",
            "born abroad",
        ),
        "sexual-life": (
            "sexual orientation",
            "sexual life",
            "sex life",
            "gay",
            "lesbian",
            "bisexual",
            "homosexual",
            "transgender",
        ),
        "political-opinion": (
            "political opinion*",
            "political view*",
            "political belief*",
            "political affiliation*",
            "political sympath*",
            "party member*",
            "member of the party",
            "votes for",
            "voted for",
            "sympathises with",
            "sympathizes with",
            "sympathiser*",
            "sympathizer*",
            "extremist views",
            "extreme views",
            "far-right views",
            "far-left views",
            "radical views",
            "racist views",
            "a nazi",
            "a neo-nazi",
            "an islamist",
            "a jihadist",
            "an extremist",
            "an anarchist",
            "a communist",
        ),
        "trade-union": (
            "union member*",
            "trade union member*",
            "member of a union",
            "member of the union",
            "member of a trade union",
        ),
        "release-date": (
            "release date*",
            "date of release",
            "release day",
            "day of release",
            "date of conditional release",
        ),
    },
}

# the special categories of personal data (GDPR article 9) and the sectors' secrecy subjects that are also the
# everyday topics of the group's work: flagged only when a sentence speaks of a particular person (sim.guard)
SPECIAL = frozenset(
    {"health", "psychiatric-contact", "religion", "ethnic-origin", "sexual-life", "political-opinion", "trade-union"}
)


def _term(term: str) -> tuple[str, str]:
    """(first character, rest) of a term as a regex over folded text; ``*`` after a word means any ending."""
    words = term.split()
    pieces = [literal(w.rstrip("*")) or ("", "") for w in words]  # no term is blank
    rest = ""
    for i, (word, (first, tail)) in enumerate(zip(words, pieces, strict=True)):
        rest += ("" if i == 0 else r"\s+" + re.escape(first)) + tail + (r"\w*" if word.endswith("*") else "")
    return pieces[0][0], rest.replace("'", "['’]")  # a typed apostrophe is often the typographic one


class SensitiveTerms:
    """Finds (start, end, category) of sensitive terms in folded text."""

    def __init__(self, langs: tuple[str, ...]):
        by_category: dict[str, list[tuple[str, str]]] = {}
        for lang in langs:
            for category, terms in TERMS[lang].items():
                by_category.setdefault(category, []).extend(_term(t) for t in terms)
        self.alternation = Alternation((alt for alts in by_category.values() for alt in alts), prefix_tree=True)
        # which category a match belongs to: checked only on matches, which are rare
        self.categories = [(category, Alternation(alts)) for category, alts in by_category.items()]

    def find(self, folded: str):
        for start, end in self.alternation.spans(folded):
            piece = folded[start:end]
            category = next((c for c, alt in self.categories if alt.fullmatch(piece)), None)
            if category is not None:
                yield start, end, category


@lru_cache(maxsize=8)
def sensitive_terms(lang: str | None) -> SensitiveTerms:
    """The matcher for one language's terms, or every language's when ``lang`` is None or has no list."""
    return SensitiveTerms((lang,) if lang in TERMS else tuple(TERMS))
