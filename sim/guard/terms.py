"""Sensitive categories in free text: a term list per language and category.

A term is one or more words, matched as whole words over folded text (so
"Diagnosen", "DIAGNOS" and "diagnós" are all found); a word ending in ``*``
also matches any ending ("utredning*" finds "utredningen", "utredningar").
Stems are kept long enough not to catch everyday words: "psykos" and
"psykosen" are listed, not "psykos*", which would catch "psykosocial".

The lists catch the common ways a category is named, not every one. A term is
a caution, not a breach: "socialtjänsten gör en utredning" can be a description
of the routine. The guard flags it so the group checks which level it is on.

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
        self.alternation = Alternation(alt for alts in by_category.values() for alt in alts)
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
