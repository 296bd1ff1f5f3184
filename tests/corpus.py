"""A corpus of ordinary Swedish municipal and news-like text, for the guard's false-positive figure.

Generated, not collected: every sentence is a template filled from fixed
vocabulary with a seeded random generator, so the corpus is the same on every
machine and holds no real person's data. What it holds is what a municipal text
holds: minutes ("Kommunstyrelsen beslutar …"), budgets with spaced thousands
("1 250 000 kr", "3,5 miljoner kronor", "12 400 SEK"), dates and times in every
common form, diarienummer ("KS 2024/0123", "Dnr SN 2023.456"), organisation
numbers, room numbers, percentages, counts, addresses of public buildings and
first names of officials ("ordförande Maria", "handläggare Erik"), the routines
and vocabulary of schools, social services, police and youth work, and news-like
reporting, and the group's operational talk about ideologies, religion,
politics, health and the routines around them ("religiöst motiverad
extremism", "vänsterautonoma miljöer", "vår rutin för orosanmälan", "hur
arbetar ni med psykisk ohälsa?"), some of it with the pronoun of the official
who speaks. It holds no personal identity number, phone number or e-mail address
and no persona's name, and it speaks of no particular person's health, faith,
origin, politics or case.

    python -m tests.corpus > corpus.txt   # to read it
"""

from __future__ import annotations

import random

PLACES = [
    "Tallmora",
    "Ekbacka",
    "Skärvik",
    "Lönnvik",
    "Björkdala",
    "Norrhamn",
    "Sjövik",
    "Granhult",
    "Ängsby",
    "Kvarnbacken",
    "Strandhem",
    "Hagalund",
]
BODIES = [
    "Kommunstyrelsen",
    "Barn- och utbildningsnämnden",
    "Socialnämnden",
    "Kultur- och fritidsnämnden",
    "Kommunfullmäktige",
    "Tekniska nämnden",
    "Miljö- och byggnadsnämnden",
    "Gymnasienämnden",
    "Arbetsmarknadsnämnden",
    "Krisledningsnämnden",
]
UNITS = [
    "skolan",
    "socialtjänsten",
    "elevhälsan",
    "fritidsgården",
    "polisen",
    "kommunpolisen",
    "Kriminalvården",
    "stödtelefonen",
    "SSPF-gruppen",
    "vuxenpsykiatrin",
    "biblioteket",
    "kulturskolan",
    "räddningstjänsten",
    "ungdomsmottagningen",
    "fältgruppen",
    "integrationsenheten",
    "säkerhetssamordnaren",
    "kommunikationsenheten",
]
FIRST_NAMES = [
    "Maria",
    "Erik",
    "Anna",
    "Lars",
    "Karin",
    "Johan",
    "Eva",
    "Anders",
    "Sara",
    "Mikael",
    "Lena",
    "Peter",
    "Emma",
    "Fredrik",
    "Kristina",
    "Mattias",
    "Sofia",
    "Jonas",
    "Helena",
    "Magnus",
    "Ingrid",
    "Per",
    "Elin",
    "Nils",
    "Ida",
    "Olof",
    "Hanna",
    "Gustav",
    "Cecilia",
    "Stefan",
]
ROLES = [
    "ordförande",
    "handläggare",
    "rektor",
    "enhetschef",
    "sekreterare",
    "kommundirektör",
    "controller",
    "fritidsledare",
    "kurator",
    "samordnare",
    "förvaltningschef",
    "utredare",
    "nämndsekreterare",
]
TOPICS = [
    "budgeten för nästa år",
    "lokalförsörjningsplanen",
    "det förebyggande arbetet",
    "handlingsplanen mot våldsbejakande extremism",
    "trygghetsvandringen i centrum",
    "sommarlovsaktiviteterna",
    "skolans likabehandlingsplan",
    "samverkansöverenskommelsen med polisen",
    "upphandlingen av skolskjuts",
    "renoveringen av simhallen",
    "den nya detaljplanen",
    "föreningsbidragen",
    "kompetensutvecklingen",
    "internkontrollplanen",
    "årsredovisningen",
    "medborgardialogen",
    "ungdomsrådets förslag",
    "krisberedskapen",
    "digitaliseringsstrategin",
    "utvärderingen av fältarbetet",
]
VERBS = [
    "beslutar att godkänna",
    "beslutar att återremittera",
    "noterar",
    "lägger till handlingarna",
    "ger förvaltningen i uppdrag att utreda",
    "föreslår fullmäktige att anta",
    "tar del av",
    "beslutar att skjuta upp",
    "godkänner redovisningen av",
    "bordlägger",
]
MONTHS = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
]
WEEKDAYS = ["måndag", "tisdag", "onsdag", "torsdag", "fredag"]
STREETS = ["Storgatan", "Kyrkogatan", "Skolvägen", "Stationsvägen", "Torggatan", "Parkgatan", "Hamngatan"]
NEWS = [
    "Enligt {unit} har antalet besökare ökat med {pct} procent sedan {year}.",
    "{place} får {amount} till nya lokaler för {unit}, skriver lokaltidningen.",
    "Under {month} genomfördes {count} trygghetsvandringar i {place} med totalt {count2} deltagare.",
    "Polisen i {place} rapporterar {count} anmälda skadegörelser under vecka {week}, jämfört med {count2} året innan.",
    "Kommunen satsar {amount_big} på förebyggande arbete fram till {year2}.",
    "Evenemanget på torget i {place} lockade omkring {people} personer på {weekday}en.",
    "Biblioteket i {place} har öppet {time_range} på vardagar och {time_range2} på lördagar.",
    "Totalt söktes {count} tjänster och {count2} platser under perioden {date_iso} till {date_iso2}.",
    "Invånarantalet i {place} var {population} vid årsskiftet, en ökning med {count} personer.",
    "Projektet har en budget på {amount} och pågår till och med den {day} {month} {year2}.",
    "Enkäten besvarades av {count} elever, vilket ger en svarsfrekvens på {pct},{digit} procent.",
    "Skolan i {place} har {count} elever i årskurs {grade} och {count2} lärare.",
    "Mötet hölls den {date_dots} klockan {time} i {room}.",
    "Ansökan ska vara inne senast {date_slash}, och beslut fattas i vecka {week}.",
    "Kostnaden beräknas till {amount_sek} inklusive moms, enligt {role} {first}.",
    "Socialtjänsten tog emot {count} orosanmälningar under {month}, varav {count2} gällde barn under tolv år.",
    "{unit_cap} har sedan {year} arbetat enligt en gemensam rutin för orosanmälan.",
    "Den årliga kostnaden för driften uppgår till {big_int} kronor.",
    "Resultatet för perioden blev {signed} miljoner kronor, vilket är {pct} procent bättre än budget.",
    "Stödtelefonen tog emot {count} samtal under hösten, de flesta från anhöriga och yrkesverksamma.",
]
MINUTES = [
    "§ {para} {body} {verb} {topic}, dnr {dnr}.",
    "{body} {verb} {topic} ({dnr}).",
    "Sammanträdet öppnades kl. {time} och avslutades kl. {time2}.",
    "Närvarande: {role} {first}, {role2} {first2} och {count} ledamöter.",
    "Protokollet justeras {weekday}en den {day} {month} {year} på kommunkansliet, {street} {number}.",
    "{role_cap} {first} redogör för {topic} och svarar på ledamöternas frågor.",
    "Förvaltningen föreslår att {amount} avsätts för {topic} under {year2}.",
    "Beslutet skickas till {unit} och {unit2} för kännedom.",
    "Ärendet har beretts av {unit} och behandlades vid arbetsutskottets möte den {date_iso}.",
    "Yrkande: {role} {first} yrkar bifall till förvaltningens förslag.",
    "Kommunens organisationsnummer {orgnr} ska anges på fakturan tillsammans med referens {ref}.",
    "Lokalen {room} bokas för samverkansmötet {weekday} {day}/{month_num} kl {time_range}.",
    "Av {count} inkomna ansökningar beviljades {count2}, till en sammanlagd summa av {amount_sek}.",
    "Underlaget finns i bilaga {digit} och har diarienummer {dnr2}.",
    "Investeringsramen höjs från {amount_mn} till {amount_mn2}.",
    "Uppföljning sker i {body_lower} i {month} {year2}, enligt plan {plan}.",
    "Vi samverkar på verksamhetsnivå kring {topic}; inga enskilda ärenden diskuteras i gruppen.",
    "Nästa möte är {weekday} den {day} {month} kl. {time} i {room}, sal {digit}.",
    "Gruppen diskuterade hur {unit} och {unit2} kan samordna sina rutiner inför sommaren.",
    "Budgetramen för {year2} är {big_int} kr, varav {amount} avser personalkostnader.",
]
IDEOLOGIES = [
    "religiöst motiverad extremism",
    "våldsbejakande islamism",
    "högerextrema grupper",
    "vänsterautonoma miljöer",
    "den vita makt-miljön",
    "nazistisk propaganda",
    "jihadistisk propaganda",
    "antidemokratiska rörelser",
    "konspirationsteorier på nätet",
    "radikalisering i sociala medier",
    "våldsbejakande extremism",
    "politiskt motiverat våld",
]
HEALTH_TOPICS = [
    "psykisk ohälsa bland unga",
    "psykisk ohälsa",
    "suicidprevention",
    "missbruk och beroende",
    "barn med funktionsnedsättning",
    "ungas sömn och stress",
    "ätstörningar",
    "alkohol och droger",
    "sjukskrivningar bland personalen",
]
GROUPS = [
    "trossamfunden",
    "moskéföreningen",
    "Svenska kyrkan",
    "den judiska församlingen",
    "de politiska ungdomsförbunden",
    "de fackliga organisationerna",
    "hbtq-föreningen",
    "studieförbunden",
    "föräldranätverket",
    "invandrarföreningarna",
]
OPERATIONAL = [
    "Hur arbetar ni med {ideology} i {place}?",
    "Vår rutin för orosanmälan gäller också när {ideology} är en del av bilden.",
    "{role_cap} {first} berättar att hon ser en ökning av {ideology} bland unga i {place}.",
    "{role_cap} {first} menar att han behöver mer kunskap om {ideology} och om {health}.",
    "Kommunpolisen beskrev hur {ideology} rekryterar, och hon visade exempel på symboler.",
    "Vi delar kunskap om {ideology}, aldrig uppgifter om enskilda.",
    "Hur samverkar skolan och socialtjänsten kring {health}?",
    "Vilken rutin har elevhälsan när det gäller {health}?",
    "Elevhälsan har en handlingsplan för {health} som revideras under {year2}.",
    "Gruppen bjöd in {group} till ett samtal om {ideology}.",
    "{unit_cap} har regelbunden dialog med {group} om trygghet och hot.",
    "Dataskyddet begränsar vad som får skrivas ner om politiska åsikter och religiös tillhörighet.",
    "Vad säger dataskyddsförordningen om uppgifter om hälsa, etniskt ursprung och sexuell läggning?",
    "Ingen får registreras enbart på grund av sin politiska åsikt, enligt regeringsformen.",
    "Hur hanterar ni uppgifter om facklig tillhörighet i personalärenden?",
    "{role_cap} {first} påminde om att gruppen diskuterar {ideology} på verksamhetsnivå.",
    "Utbildningen om {ideology} och {health} hålls {weekday} den {day} {month} i {room}.",
    "Säkerhetssamordnaren visade hur {group} kan få stöd vid hot, och hon svarade på frågor.",
    "Socialtjänsten beskrev sin rutin när en orosanmälan rör {ideology}.",
    "Vad gör vi när en elev uttrycker stöd för {ideology}, enligt vår rutin?",
    "Fältgruppen möter unga i miljöer där {ideology} förekommer och rapporterar till samordnaren.",
    "Enkäten om {health} visar att {pct} procent av eleverna i årskurs {grade} mår bra.",
]


def _amount(rng: random.Random) -> str:
    n = rng.choice([rng.randrange(100, 1000) * 1000, rng.randrange(1, 100) * 10_000, rng.randrange(1000, 99_000)])
    text = f"{n:,}".replace(",", " ")
    return text + " " + rng.choice(["kr", "kronor", "SEK", "kr.", ":-"])


def _fill(template: str, rng: random.Random) -> str:
    year = rng.randrange(2015, 2027)
    month = rng.randrange(1, 13)
    day = rng.randrange(1, 29)
    hour, minute = rng.randrange(7, 20), rng.choice([0, 15, 30, 45])
    values = {
        "unit": rng.choice(UNITS),
        "unit2": rng.choice(UNITS),
        "place": rng.choice(PLACES),
        "body": rng.choice(BODIES),
        "body_lower": rng.choice(BODIES).lower(),
        "verb": rng.choice(VERBS),
        "topic": rng.choice(TOPICS),
        "role": rng.choice(ROLES),
        "role2": rng.choice(ROLES),
        "first": rng.choice(FIRST_NAMES),
        "first2": rng.choice(FIRST_NAMES),
        "street": rng.choice(STREETS),
        "number": rng.randrange(1, 60),
        "pct": rng.randrange(1, 99),
        "digit": rng.randrange(1, 10),
        "year": year,
        "year2": year + rng.randrange(0, 4),
        "month": MONTHS[month - 1],
        "month_num": month,
        "day": day,
        "weekday": rng.choice(WEEKDAYS),
        "week": rng.randrange(1, 53),
        "grade": rng.randrange(1, 10),
        "count": rng.randrange(2, 400),
        "count2": rng.randrange(2, 400),
        "people": f"{rng.randrange(1, 20)} 000",
        "para": rng.randrange(1, 200),
        "amount": _amount(rng),
        "amount_sek": _amount(rng),
        "amount_big": f"{rng.randrange(1, 300)},{rng.randrange(0, 10)} miljoner kronor",
        "amount_mn": f"{rng.randrange(2, 90)} miljoner kronor",
        "amount_mn2": f"{rng.randrange(2, 90)},5 mnkr",
        "big_int": f"{rng.randrange(1, 999)} {rng.randrange(0, 1000):03d} {rng.randrange(0, 1000):03d}",
        "population": f"{rng.randrange(10, 300)} {rng.randrange(0, 1000):03d}",
        "signed": f"{rng.choice(['+', '-', '−'])}{rng.randrange(1, 40)},{rng.randrange(0, 10)}",
        "time": f"{hour:02d}.{minute:02d}",
        "time2": f"{hour + 2:02d}:{minute:02d}",
        "time_range": f"{hour:02d}.{minute:02d}–{hour + 2:02d}.{minute:02d}",
        "time_range2": f"{hour}-{hour + 3}",
        "date_iso": f"{year}-{month:02d}-{day:02d}",
        "date_iso2": f"{year}-{month:02d}-{day + 1:02d}",
        "date_dots": f"{day:02d}.{month:02d}.{year}",
        "date_slash": f"{day}/{month} {year}",
        "dnr": f"{rng.choice(['KS', 'BUN', 'SN', 'KFN'])} {year}/{rng.randrange(1, 2000):04d}",
        "dnr2": f"Dnr {rng.choice(['KS', 'SN'])} {year}.{rng.randrange(1, 999):03d}",
        "orgnr": f"212000-{rng.randrange(0, 10_000):04d}",
        "ref": f"{rng.randrange(100, 999)}-{rng.randrange(10, 99)}",
        "room": f"rum {rng.randrange(100, 500)}",
        "plan": f"{year}–{year + 3}",
        "ideology": rng.choice(IDEOLOGIES),
        "health": rng.choice(HEALTH_TOPICS),
        "group": rng.choice(GROUPS),
    }
    values["unit_cap"] = values["unit"][0].upper() + values["unit"][1:]
    values["role_cap"] = values["role"][0].upper() + values["role"][1:]
    return template.format(**values)


def corpus(words: int = 55_000, seed: int = 12) -> str:
    """At least ``words`` words of ordinary text, in paragraphs of a few sentences."""
    rng = random.Random(seed)
    paragraphs, count = [], 0
    while count < words:
        roll = rng.random()
        kind = MINUTES if roll < 0.4 else NEWS if roll < 0.8 else OPERATIONAL
        paragraph = " ".join(_fill(rng.choice(kind), rng) for _ in range(rng.randrange(2, 6)))
        paragraphs.append(paragraph)
        count += len(paragraph.split())
    return "\n\n".join(paragraphs)


if __name__ == "__main__":
    print(corpus())
