"""The portfolio's file formats, shared by the page's downloads and `mentora portfolio`."""

from __future__ import annotations

from django.utils.text import slugify

from mentora.people.models import Person
from mentora.portfolio.outline import Portfolio
from mentora.portfolio.pdf import portfolio_pdf
from mentora.portfolio.word import portfolio_docx

FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def render_portfolio(portfolio: Portfolio, fmt: str) -> bytes:
    if fmt == "docx":
        return portfolio_docx(portfolio)
    if fmt == "pdf":
        return portfolio_pdf(portfolio)
    raise ValueError(f"a portfolio is written as {' or '.join(FORMATS)}, not {fmt!r}")


def file_name(learner: Person, fmt: str) -> str:
    return f"learning-portfolio-{slugify(learner.full_name) or learner.pk}.{fmt}"
