"""Make test PDFs from real report text with fpdf2: paged reports, two columns, broken files.

Core PDF fonts only (no font files needed), so text is first made Latin-1 with
``pdf_safe``; compare extracted text against ``pdf_safe`` of the input.
"""

from __future__ import annotations

import io

from fpdf import FPDF

_TO_LATIN1 = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


def pdf_safe(text: str) -> str:
    """Text as the core PDF fonts can write it (typographic quotes and dashes made plain)."""
    return text.translate(_TO_LATIN1).encode("latin-1", "replace").decode("latin-1")


class _RunningPage(FPDF):
    """A page with a running header and a "Page N" footer, like a government report."""

    def __init__(self, header_text: str, footer_text: str) -> None:
        super().__init__(format="letter")
        self.header_text = header_text
        self.footer_text = footer_text

    def header(self) -> None:
        if self.header_text:
            self.set_font("helvetica", size=9)
            self.cell(0, 8, self.header_text, align="C", new_x="LMARGIN", new_y="NEXT")
            self.ln(4)

    def footer(self) -> None:
        if self.footer_text:
            self.set_y(-15)
            self.set_font("helvetica", size=9)
            self.cell(0, 8, self.footer_text.format(page=self.page_no()), align="C")


def make_report_pdf(
    paragraphs: list[str],
    header: str = "",
    footer: str = "Page {page}",
    font_size: float = 11,
    password: str | None = None,
) -> bytes:
    """A multi-page single-column report: running header, page-number footer, wrapped text.

    Paragraphs flow across pages, so sentences cross page breaks. With
    ``password`` the file is encrypted and needs it to open.
    """
    pdf = _RunningPage(pdf_safe(header), footer)
    pdf.set_auto_page_break(auto=True, margin=20)
    pdf.add_page()
    pdf.set_font("helvetica", size=font_size)
    for paragraph in paragraphs:
        pdf.multi_cell(0, font_size * 0.5, pdf_safe(paragraph), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(font_size * 0.4)
    if password:
        pdf.set_encryption(owner_password=password + "-owner", user_password=password)
    return bytes(pdf.output())


def make_two_column_pdf(title: str, left: list[str], right: list[str]) -> bytes:
    """One page: a full-width title, then two columns of paragraphs side by side."""
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.set_font("helvetica", style="B", size=16)
    pdf.cell(0, 10, pdf_safe(title), align="C", new_x="LMARGIN", new_y="NEXT")
    top = pdf.get_y() + 4
    width = (pdf.w - pdf.l_margin - pdf.r_margin - 10) / 2
    pdf.set_font("helvetica", size=9)
    for x, paragraphs in ((pdf.l_margin, left), (pdf.l_margin + width + 10, right)):
        pdf.set_xy(x, top)
        for paragraph in paragraphs:
            pdf.set_x(x)
            pdf.multi_cell(width, 4.5, pdf_safe(paragraph), new_x="LEFT", new_y="NEXT")
            pdf.ln(2)
    return bytes(pdf.output())


def make_image_only_pdf(pages: int = 2) -> bytes:
    """A "scanned" PDF: pages with drawings and an image but no text layer."""
    pdf = FPDF()
    for _ in range(pages):
        pdf.add_page()
        pdf.set_fill_color(200, 200, 200)
        pdf.rect(20, 20, 170, 250, style="F")
        for y in range(30, 260, 8):
            pdf.line(25, y, 185, y)
    return bytes(pdf.output())


def truncate_pdf(data: bytes, keep: float = 0.5) -> bytes:
    """The first part of a PDF file, as a broken download leaves it."""
    return data[: int(len(data) * keep)]


def encrypt_with_pypdf(data: bytes, password: str) -> bytes:
    """An existing PDF encrypted by pypdf (AES), needing ``password`` to open."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=password, owner_password=password + "-owner", algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
