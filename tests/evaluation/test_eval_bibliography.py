import re

import pytest

from mentora.evaluation.bibliography import (
    BibliographyError,
    parse_bibliography,
    parse_bibtex,
    parse_nbib,
    parse_ris,
)

NBIB = """\
PMID- 29614247
OWN - NLM
STAT- MEDLINE
DP  - 2018 Jul
TI  - Career-Focused Mentoring for Early-Career Clinician Educators in Academic
      General Internal Medicine.
PG  - 854-860
FAU - Kirsch, Jonathan D
AU  - Kirsch JD
FAU - Duran, Alisa
AU  - Duran A
PT  - Journal Article
TA  - Am J Med
JT  - The American journal of medicine
AID - 10.1016/j.amjmed.2018.03.004 [doi]

PMID- 31000001
DP  - 2019
TI  - Mentoring clinician educators: a workshop.
AU  - Weber-Main AM
PT  - Congress
"""

RIS = """\
TY  - JOUR
AU  - Kirsch, Jonathan D.
AU  - Duran, Alisa
TI  - Career-focused mentoring for early-career clinician educators
T2  - The American Journal of Medicine
PY  - 2018///
DO  - 10.1016/j.amjmed.2018.03.004
ER  -

TY  - CONF
AU  - Buom, Heather Thompson
TI  - Individual development plans for
  hospitalists
PY  - 2016
ER  -

TY  - GRANT
TI  - Mentoring scholarship pilot award
PY  - 2014/07/01/
ER  -
""".replace("ER  -\n", "ER  - \n")  # exporters write the closing tag with a trailing space

BIBTEX = r"""
@string{amjmed = "The American Journal of Medicine"}
@comment{exported by a reference manager}
@article{kirsch2018,
  author  = {Kirsch, Jonathan D. and Duran, Alisa and {Weber-Main}, Anne Marie},
  title   = {Career-Focused {Mentoring} for Early-Career Clinician Educators},
  journal = amjmed,
  year    = 2018,
}
@inproceedings{buom2016,
  author = "Buom, Heather Thompson",
  title = "Individual development plans " # "for hospitalists",
  booktitle = {SGIM Annual Meeting},
  year = {2016},
}
@misc{robiner2017,
  author = {Robiner, William N.},
  title = {Burnout among early-career faculty},
  howpublished = {Poster presented at the regional meeting},
  year = {2017},
}
@misc{award2015, title = {Division pilot award}, type = {Grant}, year = {2015}}
"""


def _summary(entries):
    return [(e.kind, e.year, e.title, e.authors) for e in entries]


def test_medline_records_with_wrapped_titles_and_types() -> None:
    """PubMed records give title (wrapped lines joined), year, full author names and kind."""
    entries = parse_nbib(NBIB, "pubmed.nbib")
    assert _summary(entries) == [
        ("publication", 2018,
         "Career-Focused Mentoring for Early-Career Clinician Educators in Academic General "
         "Internal Medicine.", ("Kirsch, Jonathan D", "Duran, Alisa")),
        ("presentation", 2019, "Mentoring clinician educators: a workshop.", ("Weber-Main AM",)),
    ]
    assert entries[0].identifier == "29614247" and entries[1].line == 17


def test_ris_records_with_types_and_continuations() -> None:
    """RIS gives journal articles, conference papers and grants; untagged lines continue."""
    entries = parse_ris(RIS, "export.ris")
    assert _summary(entries) == [
        ("publication", 2018, "Career-focused mentoring for early-career clinician educators",
         ("Kirsch, Jonathan D.", "Duran, Alisa")),
        ("presentation", 2016, "Individual development plans for hospitalists",
         ("Buom, Heather Thompson",)),
        ("grant", 2014, "Mentoring scholarship pilot award", ()),
    ]
    assert entries[0].venue == "The American Journal of Medicine"


def test_bibtex_entries_with_macros_concatenation_and_inferred_kinds() -> None:
    """BibTeX braces, quotes, @string macros and # work; posters and grants are recognised."""
    entries = parse_bibtex(BIBTEX, "refs.bib")
    assert _summary(entries) == [
        ("publication", 2018, "Career-Focused Mentoring for Early-Career Clinician Educators",
         ("Kirsch, Jonathan D.", "Duran, Alisa", "Weber-Main, Anne Marie")),
        ("presentation", 2016, "Individual development plans for hospitalists",
         ("Buom, Heather Thompson",)),
        ("presentation", 2017, "Burnout among early-career faculty", ("Robiner, William N.",)),
        ("grant", 2015, "Division pilot award", ()),
    ]
    assert entries[0].venue == "The American Journal of Medicine"
    assert (entries[0].identifier, entries[0].line) == ("kirsch2018", 4)


@pytest.mark.parametrize(
    ("parser", "text", "message"),
    [
        (parse_nbib, "PMID- 1\nTI  - A title\nthis is not a tag\n", "x.nbib, line 3: expected"),
        (parse_nbib, "PMID- 1\nDP  - 2020\n", "x.nbib, line 1: record has no title"),
        (parse_ris, "AU  - Someone\n", "x.ris, line 1: expected a record to open with 'TY  - '"),
        (parse_ris, "TY  - JOUR\nTI  - A\n", "x.ris: record from line 1 never ends"),
        (parse_ris, "TY  - JOUR\nTI  - A\nTY  - JOUR\n", "x.ris, line 3: new record before"),
        (parse_bibtex, "\n\n@article{k,\n title = {Open\n", "x.bib, line 4: this brace"),
        (parse_bibtex, "@article{k,\n  title {x}}\n", "x.bib, line 2: expected '='"),
        (parse_bibtex, "@book{k, year = 2001}\n", "x.bib, line 1: @book{k} has no title"),
    ],
)
def test_errors_name_file_and_line(parser, text: str, message: str) -> None:
    """Malformed files raise BibliographyError with the file name and the line at fault."""
    with pytest.raises(BibliographyError, match=re.escape(message)):
        parser(text, message.split(",")[0].split(":")[0])


@pytest.mark.parametrize(
    ("filename", "text", "count"),
    [("pubmed.nbib", NBIB, 2), ("refs.bib", BIBTEX, 4), ("export.ris", RIS, 3),
     ("download.txt", NBIB, 2), ("download.txt", RIS, 3), ("download.txt", BIBTEX, 4)],
)
def test_format_from_extension_or_content(filename: str, text: str, count: int) -> None:
    """The format is told by the extension, or by the first line when the extension says nothing."""
    assert len(parse_bibliography(text, filename)) == count


def test_unknown_format_is_refused() -> None:
    """A file in none of the three formats says which formats are accepted."""
    with pytest.raises(BibliographyError, match=re.escape("notes.txt: not a MEDLINE")):
        parse_bibliography("just some notes", "notes.txt")
