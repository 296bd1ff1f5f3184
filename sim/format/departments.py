"""The built-in catalogue of departments, with Swedish and English names.

Scenarios name these by id; a scenario may add local departments with their
own names.
"""

from __future__ import annotations

DEPARTMENTS: dict[str, dict[str, str]] = {
    "skola": {"sv": "Skola", "en": "School"},
    "elevhalsa": {"sv": "Elevhälsa", "en": "Student health"},
    "socialtjanst": {"sv": "Socialtjänst", "en": "Social services"},
    "psykiatri": {"sv": "Psykiatri", "en": "Psychiatry"},
    "polis": {"sv": "Polis", "en": "Police"},
    "kriminalvard": {"sv": "Kriminalvård", "en": "Correctional services"},
    "frivard": {"sv": "Frivård", "en": "Probation service"},
    "fritid": {"sv": "Fritid", "en": "Leisure services"},
    "stodtelefon": {"sv": "Stödtelefon", "en": "Support phone"},
    "sspf": {"sv": "SSPF-gruppen", "en": "SSPF group"},
    "bostad": {"sv": "Bostadsbolag", "en": "Housing"},
    "arbetsmarknad": {"sv": "Arbetsmarknadsenhet", "en": "Employment services"},
    "sakerhet": {"sv": "Kommunens säkerhetsfunktion", "en": "City security function"},
    "kommunikation": {"sv": "Kommunikation", "en": "Communications"},
    "hr": {"sv": "HR och arbetsgivare", "en": "HR and employer"},
    "civilsamhalle": {"sv": "Civilsamhället", "en": "Civil society"},
    "samordnare": {"sv": "Samordnare mot våldsbejakande extremism", "en": "Coordinator against violent extremism"},
}


def department_name(dept_id: str, lang: str, local: dict[str, str | dict[str, str] | None] | None = None) -> str:
    """A department's name in ``lang``: the scenario's own name first, then the catalogue, then the id."""
    from .model import text_for

    if local and local.get(dept_id) is not None:
        return text_for(local[dept_id], lang, ("en", "sv"))
    names = DEPARTMENTS.get(dept_id)
    if names:
        return names.get(lang) or names["en"]
    return dept_id
