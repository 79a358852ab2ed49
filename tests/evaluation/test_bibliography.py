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
        (parse_bibtex, "\n\n@article{k,\n title = {Open\n",
         "x.bib, line 3: @article{k}: it never ends (a brace or a quote is not closed)"),
        (parse_bibtex, "@article{k,\n  title {x}}\n",
         "x.bib, line 2: @article{k}: Expected a `=` after entry key"),
        (parse_bibtex, "@article{k, title = {A}}\n\n@book{k, title = {B}}\n",
         "x.bib, line 3: @book{k}: a second entry with the key 'k'"),
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


# As reference managers write them: capitalised field names, an @STRING for the journal, LaTeX
# accents, a braced corporate author whose name holds "and", a month macro, a title built with
# `#` from quotes, braces and a macro, and a year given only as a date.
BIBTEX_EXPORT = r"""
@STRING{ jgim = "Journal of General Internal Medicine" }
@Article{lopez2019,
  Author    = {L{\'o}pez, Mar{\'\i}a and O'Brien, Se{\'a}n and {Barnes and Noble Education}},
  Title     = {{Mentoring} {URiM} residents: the {\"u}ber-plan},
  Journal   = jgim,
  Year      = {2019},
  Month     = mar,
}
@InProceedings{obrien2020,
  title     = "Near-peer " # {mentoring} # " in the clerkship",
  booktitle = "Annual meeting of the " # jgim,
  month     = oct # "~12",
  date      = {2020-10-12},
}
"""


def test_bibtex_as_reference_managers_export_it() -> None:
    """Accents decode, braces protect a corporate author, macros and # resolve, the year may
    come from a date; capitalised field names are read like any others."""
    first, second = parse_bibtex(BIBTEX_EXPORT, "library.bib")
    assert (first.title, first.year, first.kind, first.identifier, first.line) == (
        "Mentoring URiM residents: the über-plan", 2019, "publication", "lopez2019", 3)
    assert first.authors == ("López, María", "O'Brien, Seán", "Barnes and Noble Education")
    assert first.venue == "Journal of General Internal Medicine"
    assert (second.title, second.year, second.kind) == (
        "Near-peer mentoring in the clerkship", 2020, "presentation")
    assert second.venue == "Annual meeting of the Journal of General Internal Medicine"


# A publisher's download: a header before the first record, Windows line ends, several AU and
# an A1, T1 and JO instead of TI and T2, the year as Y1 with a season, as PY beside a Y1 (PY
# wins), or only as DA, and a closing tag without its trailing space.
RIS_EXPORT = (
    "Provider: Example Health Sciences\r\n"
    "Content: text/plain; charset=\"UTF-8\"\r\n\r\n"
    "TY  - JOUR\r\nAU  - Kirsch, Jonathan D.\r\nAU  - Duran, Alisa\r\n"
    "A1  - Weber-Main, Anne Marie\r\nT1  - Career-focused mentoring\r\nJO  - Am J Med\r\n"
    "Y1  - 2018/03/15/\r\nER  -\r\n\r\n"
    "TY  - CPAPER\r\nAU  - Buom, Heather\r\nTI  - Development plans\r\n"
    "Y1  - 2016/11//Fall meeting\r\nPY  - 2017\r\nER  -\r\n\r\n"
    "TY  - RPRT\r\nTI  - Mentoring program annual report\r\nDA  - 2015/06/30\r\nER  -\r\n"
)


def test_ris_as_publishers_export_it() -> None:
    entries = parse_ris(RIS_EXPORT, "download.ris")
    assert _summary(entries) == [
        ("publication", 2018, "Career-focused mentoring",
         ("Kirsch, Jonathan D.", "Duran, Alisa", "Weber-Main, Anne Marie")),
        ("presentation", 2017, "Development plans", ("Buom, Heather",)),
        ("publication", 2015, "Mentoring program annual report", ()),
    ]
    assert entries[0].venue == "Am J Med" and [e.line for e in entries] == [4, 13, 20]
