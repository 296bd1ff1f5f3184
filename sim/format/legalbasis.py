"""The legal statements the tool makes, by id, and the month they were last checked.

docs/legal-basis.md is the register a lawyer reads: every statement with its
law and section, the source it was checked against and the month. This module
holds what the program needs of it at run time (the ids a case or a rule may
cite in ``basis``, the date shown in the debrief and the report), and
tests/test_legal_basis.py holds the two equal.
"""

from __future__ import annotations

LEGAL_TEXTS_CHECKED = "2026-12"
"""The month the legal texts were last checked (the newest date in docs/legal-basis.md)."""

LEGAL_BASIS_IDS: frozenset[str] = frozenset(
    {
        "secrecy-between-authorities",
        "public-document",
        "consent-osl-12-2",
        "report-concern-child",
        "report-concern-feedback",
        "osl-10-18a",
        "police-information-duty",
        "school-crime-report",
        "kriminalvarden-secrecy",
        "health-care-secrecy",
        "conditional-release-2026",
        "data-protection-special",
        "rf-2-3-political-views",
        "emergency-112",
        "crime-report",
        "sspf-consent",
        "sapo-cve",
    }
)
