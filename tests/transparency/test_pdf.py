"""The transparency report as PDF, printed by the report renderer's WeasyPrint set-up."""

from hrdd.reports.transparency import render_transparency
from hrdd.services.permissions import Actor, Role
from hrdd.services.transparency import draw_report
from hrdd.store import Store
from tests.transparency import fixture


def test_pdf_is_printed_and_stable(store: Store) -> None:
    fixture.build(store)
    report = draw_report(store, Actor("cli", Role.ADMIN), "2025")
    first = render_transparency(report, "pdf")
    assert isinstance(first, bytes) and first.startswith(b"%PDF-")
    assert render_transparency(report, "pdf") == first  # no creation date: same figures, same bytes
