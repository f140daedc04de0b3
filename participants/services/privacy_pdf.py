"""The inzage export as a tagged PDF (PDF/UA-1), rendered with WeasyPrint.

A small renderer of its own: participants never imports reporting. WeasyPrint is imported inside
the function (slow to import) and may fetch nothing at all — the document carries its own styles
and uses the fonts installed on the system."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string

from participants.selectors.inzage import InzageExport

PDF_BASE_URL = "https://voorveld.invalid/"


def inzage_pdf_render(*, export: InzageExport, organisation_name: str) -> bytes:
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class NothingFetcher(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
            raise ValueError(f"Refused to fetch {url!r}: the inzage export fetches nothing.")

    html = render_to_string(
        "participants/privacy/inzage_pdf.html",
        {"export": export, "participant": export.participant, "organisation_name": organisation_name},
    )
    document = HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=NothingFetcher(timeout=5))
    pdf: bytes = document.write_pdf(pdf_variant="pdf/ua-1")
    return pdf
