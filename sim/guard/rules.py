"""The guard's named rules, in Swedish and English, and the flag that points at one.

Each rule says what it catches (``title``), why it matters (``why``) and what
the group can do instead at the operational level (``instead``). The texts
describe routines and channels; they are not legal advice, and say so where a
decision needs a lawyer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Severity = Literal["breach", "caution"]


@dataclass(frozen=True, slots=True)
class Rule:
    """A named rule; equal and hashed by id and severity (its texts are dicts)."""

    id: str
    severity: Severity
    title: dict[str, str] = field(compare=False)
    why: dict[str, str] = field(compare=False)
    instead: dict[str, str] = field(compare=False)
    basis: tuple[str, ...] = field(default=(), compare=False)  # entries of docs/legal-basis.md

    def text(self, part: Literal["title", "why", "instead"], lang: str) -> str:
        """One of the rule's texts in ``lang``, else in English."""
        texts = getattr(self, part)
        return texts.get(lang) or texts["en"]

    def instead_parts(self, lang: str) -> tuple[str, str]:
        """The alternative in two parts, for a page that prints several rules: the rule's own advice, and the
        channels individual matters go to instead ("" when the rule does not name them; several rules share the
        same text, so a page prints it once). The line that sends the reader to a lawyer is left out of the
        advice: such a page says it once, in its legal line."""
        text = self.text("instead", lang)
        channels = next((c for c in CHANNELS.values() if c in text), "")
        for shared in (channels, *LAWYER.values()):
            if shared:
                text = text.replace(shared, "")
        return " ".join(text.split()), channels


@dataclass(frozen=True, slots=True)
class Flag:
    """One confidentiality warning: which rule, what was found (never the identifier itself) and where.

    ``span`` is (start, end) in the original text for flags on free text, None on choices and steps.
    ``persona`` and ``kind`` say whose identifier of which kind it was (``kind`` is the sensitive
    category for ``sensitive`` flags, "personnummer"/"samordningsnummer"/"phone"/"email" for the
    number and address finders).
    """

    rule_id: str
    severity: Severity
    rule: Rule
    detail: str
    span: tuple[int, int] | None = None
    persona: str | None = None
    kind: str | None = None

    def as_dict(self) -> dict:
        """What a log or a report keeps of the flag: safe to store, it holds no identifier."""
        data: dict[str, Any] = {"rule": self.rule_id, "severity": self.severity, "detail": self.detail}
        if self.span is not None:
            data["span"] = list(self.span)
        if self.persona is not None:
            data["persona"] = self.persona
        if self.kind is not None:
            data["kind"] = self.kind
        return data


def flag(
    rule_id: str,
    detail: str,
    span: tuple[int, int] | None = None,
    *,
    persona: str | None = None,
    kind: str | None = None,
) -> Flag:
    rule = RULES[rule_id]
    return Flag(rule_id, rule.severity, rule, detail, span, persona, kind)


# --- the texts ------------------------------------------------------------------------------

_CHANNELS_SV = (
    "Enskilda ärenden hanteras enligt varje verksamhets egna rutiner: elevhälsan, hälso- och sjukvården, "
    "polisens eget brottsförebyggande arbete. Den som misstänker att ett barn far illa gör själv en orosanmälan "
    "till socialtjänsten. SSPF-gruppen arbetar med en enskild ung person bara med den unges och "
    "vårdnadshavarnas samtycke. Råd utan att någon namnges ger den lokala stödtelefonen och CVE:s stödfunktion "
    "för yrkesverksamma. Vid konkret risk för våld eller utresa: kontakta polisen samma dag. Vid akut fara: "
    "ring 112 och avbryt övningen."
)
_CHANNELS_EN = (
    "Individual matters are handled under each organisation's own routines: the student health team, the "
    "health care unit, the police's own crime-prevention work. Whoever suspects that a child is at risk makes "
    "a report of concern to social services themselves. The SSPF group works with an individual young person "
    "only with the young person's and the guardians' consent. Advice without naming anyone comes from the "
    "local support phone and from CVE's advice line for professionals. At a concrete risk of violence or of "
    "travel to a conflict: contact the police the same day. In acute danger: call 112 and stop the exercise."
)
_CHANNELS_BASIS = ("report-concern-child", "sspf-consent", "sapo-cve", "crime-report", "emergency-112")
_LAWYER_SV = "Kontrollera med er organisations jurist vad som gäller för just er."
_LAWYER_EN = "Check with your organisation's lawyer what applies to you."
CHANNELS = {"sv": _CHANNELS_SV, "en": _CHANNELS_EN}  # where individual matters go: shared by several rules
LAWYER = {"sv": _LAWYER_SV, "en": _LAWYER_EN}

_SECRECY_SV = (
    "Gruppen utbyter kunskap om hur verksamheterna arbetar (verksamhetsnivå), aldrig om en identifierbar person "
    "(individnivå). Sekretessen gäller mellan myndigheterna, också mellan kommunens egna nämnder: skolan och "
    "socialtjänsten är skilda myndigheter i sekretesshänseende. Det gruppen skriver ner är dessutom normalt en "
    "allmän handling."
)
_SECRECY_BASIS = ("secrecy-between-authorities", "public-document")
_SECRECY_EN = (
    "The team exchanges knowledge about how the organisations work (the operational level), never about an "
    "identifiable person (the individual level). Secrecy holds between agencies, also between the city's own "
    "committees: the school and social services are separate authorities for secrecy purposes. And what the "
    "team writes down is normally a public document."
)
_LOG_SV = "Det som skrivs under övningen sparas i sessionsloggen, så uppgiften sparas maskerad."
_LOG_EN = "What is typed during the exercise is kept in the session log, so the detail is stored redacted."

RULES: dict[str, Rule] = {
    rule.id: rule
    for rule in (
        Rule(
            "individual-step",
            "breach",
            {"sv": "Valet för gruppen till individnivå", "en": "The choice takes the group to the individual level"},
            {"sv": _SECRECY_SV, "en": _SECRECY_EN},
            {
                "sv": "Ställ frågan på verksamhetsnivå: ”vilken rutin gäller hos oss när …?” i stället för ”vem är det?”. "
                + _CHANNELS_SV
                + " "
                + _LAWYER_SV,
                "en": 'Ask the operational-level question: "which routine applies when …?" instead of "who is it?". '
                + _CHANNELS_EN
                + " "
                + _LAWYER_EN,
            },
            _SECRECY_BASIS + _CHANNELS_BASIS,
        ),
        Rule(
            "discloses-identifiers",
            "breach",
            {
                "sv": "Valet lämnar ut uppgifter som identifierar en person",
                "en": "The choice discloses details that identify a person",
            },
            {
                "sv": "Namn, personnummer, adress, telefonnummer och liknande pekar ut en person. Att lämna dem till gruppen "
                "eller till en annan förvaltning är ett utlämnande, och varje lagligt utlämnande är ett beslut av den "
                "myndighet som har uppgiften (den enskildes samtycke, en uppgiftsskyldighet, en sekretessbrytande "
                "bestämmelse). Ingen regel låter gruppen dela bara för att den finns.",
                "en": "Names, identity numbers, addresses, phone numbers and the like identify a person. Handing them to the "
                "team or to another department is a disclosure, and every lawful disclosure is a decision by the "
                "authority that holds the information (the person's consent, a legal duty to inform, a specific "
                "secrecy exception). No rule lets the team share because it exists.",
            },
            {
                "sv": "Låt den myndighet som har uppgiften pröva saken enligt sina egna rutiner: en orosanmälan till "
                "socialtjänsten, SSPF-gruppen med samtycke från den unge och vårdnadshavarna (helst skriftligt och "
                "dokumenterat), en uppgiftsskyldighet mot polisen, eller en sekretessbrytande bestämmelse mellan just "
                "de berörda myndigheterna (till exempel socialtjänsten till polisen om en ung person under 21 år, "
                "10 kap. 18 a § offentlighets- och sekretesslagen), aldrig i gruppen. " + _LAWYER_SV,
                "en": "Let the authority that holds the information decide under its own routines: a report of concern to "
                "social services, the SSPF group with consent from the young person and the guardians (preferably "
                "written and documented), a duty to inform the police, or a secrecy-breaking provision between the "
                "agencies concerned (for example social services to the police about a young person under 21, "
                "public access and secrecy act chapter 10 section 18 a), never in the team. " + _LAWYER_EN,
            },
            (
                "secrecy-between-authorities",
                "consent-osl-12-2",
                "sspf-consent",
                "report-concern-child",
                "osl-10-18a",
                "police-information-duty",
            ),
        ),
        Rule(
            "text-identifier",
            "breach",
            {
                "sv": "Texten innehåller en persons identifierande uppgifter",
                "en": "The text contains a person's identifying details",
            },
            {
                "sv": "Ett namn, ett alias, en adress eller liknande pekar ut personen i fallet. "
                + _LOG_SV
                + " "
                + _SECRECY_SV,
                "en": "A name, an alias, an address or the like points to the person in the case. "
                + _LOG_EN
                + " "
                + _SECRECY_EN,
            },
            {
                "sv": "Beskriv personen utifrån rollen i fallet (”en elev i årskurs 9”) och fråga efter rutinen, inte "
                "efter personen. " + _CHANNELS_SV,
                "en": 'Describe the person by their role in the case ("a pupil in year 9") and ask about the routine, '
                "not the person. " + _CHANNELS_EN,
            },
            _SECRECY_BASIS + _CHANNELS_BASIS,
        ),
        Rule(
            "personnummer",
            "breach",
            {
                "sv": "Personnummer eller samordningsnummer i texten",
                "en": "A personal identity number or coordination number in the text",
            },
            {
                "sv": "Ett personnummer eller samordningsnummer pekar ut en enda person. Det hör aldrig hemma i gruppens "
                "anteckningar. " + _LOG_SV,
                "en": "A personal identity or coordination number points to exactly one person. It never belongs in the "
                "team's notes. " + _LOG_EN,
            },
            {
                "sv": "Skriv ”en elev”, ”en vårdnadshavare”. Behöver en myndighet identifiera personen sker det i "
                "myndighetens egna system och rutiner, eller genom en orosanmälan till socialtjänsten.",
                "en": 'Write "a pupil", "a guardian". If an agency needs to identify the person, that happens in the '
                "agency's own systems and routines, or through a report of concern to social services.",
            },
            ("report-concern-child",),
        ),
        Rule(
            "phone",
            "breach",
            {"sv": "Telefonnummer i texten", "en": "A phone number in the text"},
            {
                "sv": "Ett telefonnummer pekar ut en person eller ett hushåll. Programmet kan inte avgöra om ett nummer är "
                "en persons eller en verksamhets, så varje nummer behandlas som en identifierande uppgift. " + _LOG_SV,
                "en": "A phone number points to a person or a household. The program cannot tell a person's number from "
                "an organisation's, so every number is treated as an identifying detail. " + _LOG_EN,
            },
            {
                "sv": "Hänvisa till funktionen, inte numret: ”skolans kurator”, ”socialtjänstens mottagning”, ”den lokala "
                "stödtelefonen”, ”polisens kontaktcenter”. Vid akut fara: 112.",
                "en": 'Refer to the function, not the number: "the school counsellor", "social services\' intake", '
                '"the local support phone", "the police\'s contact centre". In acute danger: 112.',
            },
            ("emergency-112",),
        ),
        Rule(
            "email",
            "breach",
            {"sv": "E-postadress i texten", "en": "An e-mail address in the text"},
            {
                "sv": "En e-postadress pekar oftast ut en enda person. " + _LOG_SV,
                "en": "An e-mail address usually points to one person. " + _LOG_EN,
            },
            {
                "sv": "Hänvisa till funktionen, inte adressen (”socialtjänstens funktionsbrevlåda”), och skicka uppgifter "
                "om en enskild bara enligt verksamhetens egna rutiner.",
                "en": 'Refer to the function, not the address ("social services\' shared mailbox"), and send anything '
                "about an individual only under the organisation's own routines.",
            },
        ),
        Rule(
            "narrowing",
            "caution",
            {
                "sv": "Flera uppgifter tillsammans pekar ut en person",
                "en": "Several details together point to one person",
            },
            {
                "sv": "Skola, klass, ålder, kön, familjesituation eller förening kan var för sig vara ofarliga, men "
                "tillsammans kan de peka ut en enda person även utan namn. Då är gruppen på individnivå.",
                "en": "School, class, age, gender, family situation or club can each be harmless, but together they can "
                "point to one person even without a name. Then the team is at the individual level.",
            },
            {
                "sv": "Håll fallet allmänt: ”en elev på högstadiet” räcker för att diskutera rutinen. Fråga vad "
                "verksamheterna gör i sådana situationer, inte vem det gäller. " + _CHANNELS_SV,
                "en": 'Keep the case general: "a pupil in lower secondary" is enough to discuss the routine. Ask what the '
                "organisations do in such situations, not who it is. " + _CHANNELS_EN,
            },
            _CHANNELS_BASIS,
        ),
        Rule(
            "sensitive",
            "caution",
            {"sv": "En känslig uppgift efterfrågas eller delas", "en": "A sensitive category is asked for or shared"},
            {
                "sv": "Diagnoser, elevhälso- och kuratorsanteckningar, ärenden hos socialtjänsten, en kontakt med "
                "psykiatrin, polisens uppgifter om en person och datum för en frigivning är uppgifter som den myndighet "
                "som har dem prövar enligt sin egen sekretess, och där ingen sekretess gäller begränsar "
                "dataskyddsförordningen vad som får delas. Uppgifter om en persons hälsa, religion eller övertygelse, "
                "etniska ursprung, sexualliv eller sexuella läggning, politiska åsikter och fackliga tillhörighet är "
                "känsliga personuppgifter, som i princip inte får behandlas alls. Gruppen är ingen mottagare: de delas "
                "inte i gruppen, inte heller när personen inte namnges.",
                "en": "Diagnoses, student health and counselling notes, social services cases, a contact with psychiatry, "
                "what the police know about a person and the date of a release are for the authority that holds them to "
                "weigh under its own secrecy, and where no secrecy applies the GDPR limits what may be shared. A "
                "person's health, religion or belief, ethnic origin, sex life or sexual orientation, political "
                "opinions and trade-union membership are special categories of personal data, which in principle may "
                "not be processed at all. The team is no recipient: they are not shared in the team, not even when the "
                "person is not named.",
            },
            {
                "sv": "Diskutera hur verksamheterna arbetar: hur elevhälsan dokumenterar, hur en orosanmälan tas emot, hur "
                "polisen tar emot tips, hur Kriminalvården arbetar med frigivningsplanering. Uppgifter om en enskild "
                "lämnas bara av den myndighet som har dem, med samtycke eller stöd i lag, och den myndigheten "
                "avgör. " + _LAWYER_SV,
                "en": "Discuss how the organisations work: how the student health team keeps records, how a report of "
                "concern is received, how the police take tips, how the Prison and Probation Service works on "
                "release planning. Information about an individual is given only by the authority that holds it, "
                "with consent or legal support, and that authority decides. " + _LAWYER_EN,
            },
            ("kriminalvarden-secrecy", "data-protection-special", "consent-osl-12-2"),
        ),
    )
}

# the order flags are listed in when they share a place
ORDER = {rule_id: i for i, rule_id in enumerate(RULES)}
