"""Property: whatever bytes a case file holds, the loader returns a model or diagnostics, never raises."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tabletop.sim.format.library import discover
from tabletop.sim.format.loader import load_bytes
from tests.conftest import MINIMAL

SOURCES = [MINIMAL.read_bytes()] + [c.path.read_bytes() for c in discover()]
SIGNIFICANT = [
    b":",
    b"-",
    b"- ",
    b"[",
    b"]",
    b"{",
    b"}",
    b"&a ",
    b"*a",
    b"!!python/object ",
    b"'",
    b'"',
    b"\t",
    b"\x00",
    b"\xff",
    b"\n",
    b"  ",
    b"#",
    b"|",
    b">",
    b"? ",
    b"---\n",
    b"~",
    b"%YAML 1.1\n",
]


@st.composite
def mutated(draw):
    data = bytearray(draw(st.sampled_from(SOURCES)))
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        kind = draw(st.sampled_from(["delete", "insert", "duplicate", "truncate"]))
        if kind == "delete":
            del data[at : at + draw(st.integers(1, 40))]
        elif kind == "insert":
            data[at:at] = draw(st.sampled_from(SIGNIFICANT) | st.binary(min_size=1, max_size=4))
        elif kind == "duplicate":
            data[at:at] = data[max(0, at - 60) : at]
        else:
            del data[at:]
    return bytes(data)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutated_cases_give_a_model_or_diagnostics(raw):
    result = load_bytes(raw, "mutated.yaml")
    assert result.scenario is not None or result.diagnostics
    for d in result.diagnostics:
        line = d.format()
        assert line.startswith("mutated.yaml") and "\n" not in line
        assert d.line is None or (d.line >= 1 and d.col >= 1)
