"""The PDF: WeasyPrint may fetch only our own static files; the document is Dutch, tagged and
readable, with the key figures and without a single participant name."""

from __future__ import annotations

import io
import logging
from typing import Any

import pypdf
import pytest

from reporting.charts import bar_chart_svg
from reporting.pdf import logo_data_uri, report_pdf_render, static_file_for_url, static_url_fetcher
from reporting.services.snapshot import snapshot_build
from tests.reporting.figures_data import H1_END, H1_START, NAMES, build_figures_data

BASE = "https://voorveld.invalid/static/"


@pytest.mark.parametrize(
    "path", ["reporting/pdf.css", "vendor/fonts/atkinson-hyperlegible-latin-400-normal.woff2", "favicon.svg"]
)
def test_the_url_fetcher_serves_our_static_files(path: str) -> None:
    found = static_file_for_url(BASE + path)
    assert found is not None and found.is_file()
    response = static_url_fetcher().fetch(BASE + path)
    assert response.read() == found.read_bytes()


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "file:///work/main/static/reporting/pdf.css",
        "http://voorveld.invalid/static/reporting/pdf.css",
        "https://example.org/static/reporting/pdf.css",
        "https://voorveld.invalid/static/../../etc/passwd",
        "https://voorveld.invalid/static/%2e%2e/%2e%2e/etc/passwd",
        "https://voorveld.invalid/static/reporting/../../voorveld/settings/base.py",
        "https://voorveld.invalid/media/reports/1/1-rapportage.pdf",
        "https://voorveld.invalid/static/does-not-exist.css",
        "https://voorveld.invalid/static/js/",
        "ftp://voorveld.invalid/static/reporting/pdf.css",
    ],
)
def test_the_url_fetcher_refuses_everything_else(url: str) -> None:
    assert static_file_for_url(url) is None
    with pytest.raises(ValueError, match="Refused"):
        static_url_fetcher().fetch(url)


def test_the_url_fetcher_decodes_inline_data_uris() -> None:
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 8
    uri = logo_data_uri(png)
    assert uri is not None and uri.startswith("data:image/png;base64,")
    assert static_url_fetcher().fetch(uri).read() == png


def test_a_logo_that_is_not_png_or_jpeg_is_left_out() -> None:
    assert logo_data_uri(b"<svg xmlns='http://www.w3.org/2000/svg'/>") is None
    assert logo_data_uri(b"\xff\xd8\xff\xe0rest").startswith("data:image/jpeg;base64,")  # type: ignore[union-attr]


def test_weasyprint_never_reads_a_file_outside_the_static_folders(caplog: pytest.LogCaptureFixture) -> None:
    from weasyprint import HTML

    html = '<html lang="nl"><title>t</title><img src="file:///etc/hostname" alt="x"><p>tekst</p></html>'
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        HTML(string=html, base_url=BASE, url_fetcher=static_url_fetcher()).write_pdf()
    assert "Refused to fetch 'file:///etc/hostname'" in caplog.text


def test_a_chart_has_a_title_a_description_and_hidden_values_without_a_bar() -> None:
    svg = bar_chart_svg(
        ident="c",
        title="Bezochte dagdelen <per maand>",
        description="jan: 3; feb: < 5",
        labels=["jan", "feb"],
        values=[12, "< 5"],
        reference=20,
        reference_label="Plekken: 20",
    )
    assert '<title id="c-title">Bezochte dagdelen &lt;per maand&gt;</title>' in svg
    assert '<desc id="c-desc">jan: 3; feb: &lt; 5</desc>' in svg
    assert svg.count("<rect") == 1
    assert "&lt; 5</text>" in svg
    assert "stroke-dasharray" in svg


@pytest.fixture
def pdf(db: None) -> tuple[pypdf.PdfReader, str]:
    data = build_figures_data(threshold=3)
    snapshot: dict[str, Any] = snapshot_build(
        arrangement=data.aadorp, period_label="H1 2026", start=H1_START, end=H1_END
    )
    reader = pypdf.PdfReader(
        io.BytesIO(report_pdf_render(snapshot=snapshot, organisation_name="Het Proefhuis"))
    )
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def test_the_pdf_is_a4_tagged_dutch_and_titled(pdf: tuple[pypdf.PdfReader, str]) -> None:
    reader, _text = pdf
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "nl"
    assert root["/MarkInfo"]["/Marked"]
    assert "/StructTreeRoot" in root
    assert reader.metadata is not None and reader.metadata.title == "Rapportage Aadorp — 10 plekken, H1 2026"
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert (round(float(width)), round(float(height))) == (595, 842)


def test_the_pdf_embeds_the_shipped_font(pdf: tuple[pypdf.PdfReader, str]) -> None:
    reader, _text = pdf
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert fonts and all("Atkinson-Hyperlegible" in font for font in fonts)


def test_the_pdf_shows_the_summary_sections_stories_and_methods(pdf: tuple[pypdf.PdfReader, str]) -> None:
    _reader, text = pdf
    first_page = _reader.pages[0].extract_text()
    assert "Samenvatting" in first_page
    assert "Unieke deelnemers uit Aadorp 8 5" in first_page
    assert "Voelt zich verbonden (1–5) 3,5 4,0" in first_page
    for heading in (
        "Bereik",
        "Bezetting",
        "Voortgang",
        "Meetvragen",
        "Uitstroom",
        "Verwijzingen",
        "Vrijwilligers",
        "Verhalen",
        "Hoe we de cijfers tellen",
    ):
        assert heading in text
    assert "Weer onder de mensen" in text
    assert "Ingetrokken verhaal" not in text
    assert "geen garantie over tabellen heen" in text.replace("\n", " ")


def test_the_pdf_contains_no_participant_name(pdf: tuple[pypdf.PdfReader, str]) -> None:
    _reader, text = pdf
    for name in NAMES:
        assert name not in text
