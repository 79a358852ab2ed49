"""Imported records to people: by an email field, a named field, or an email record id."""

import pytest

from mentora.surveys.interchange import InterchangeError, Record, parse_dictionary
from mentora.surveys.interchange.csvio import write_rows
from mentora.surveys.interchange.dictionary import LONG_HEADERS
from mentora.surveys.interchange.linking import link_fields, plan_links, record_keys


def _row(variable, validation=""):
    return [variable, "survey", "", "text", variable, "", "", validation, "", "", "", "", "", "",
            "", "", "", ""]


INSTRUMENT = parse_dictionary(write_rows([
    LONG_HEADERS, _row("record_id"), _row("email", "email"), _row("work_mail"), _row("age"),
]))


def test_records_are_matched_on_email_fields_or_the_field_named():
    assert link_fields(INSTRUMENT) == ("email",)
    assert link_fields(INSTRUMENT, "work_mail") == ("work_mail",)
    with pytest.raises(InterchangeError, match="match on 'mail': no such field"):
        link_fields(INSTRUMENT, "mail")


def test_the_first_email_a_record_gives_is_its_key_and_an_email_record_id_is_one():
    records = [
        Record("1", {}, event="pre"),
        Record("1", {"email": " Maya@Example.edu "}, event="post"),
        Record("2", {"age": "30"}),
        Record("nina@example.edu", {}),
    ]
    assert record_keys(records, ("email",), "record_id") == {
        "1": "maya@example.edu", "2": "", "nina@example.edu": "nina@example.edu",
    }


def test_each_record_is_linked_or_told_why_not_and_a_person_is_never_two_respondents():
    keys = {"1": "maya@example.edu", "2": "", "3": "zed@example.edu", "4": "maya@example.edu",
            "5": "nina@example.edu", "6": "omar@example.edu"}
    people = {"maya@example.edu": 10, "nina@example.edu": 11, "omar@example.edu": 12}
    # Nina answered in Mentora (respondent p11); record 6 came in unlinked before.
    known = {"p11": 11, "6": None}
    held = {11: "p11"}
    links = {link.record_id: link for link in plan_links(keys, people, known, held,
                                                         fields=("email",))}
    assert (links["1"].person, links["1"].reason) == (10, "by 'email'")
    assert links["2"].reason == "no email in 'email'"
    assert links["3"].reason == "nobody enrolled in the cohort has zed@example.edu"
    assert links["4"].person is None
    assert links["4"].reason == "record '1' of this import has the same email maya@example.edu"
    assert (links["5"].person, links["5"].respondent) == (11, "p11")  # joins Nina's answers
    assert links["6"].person == 12  # found now: the earlier record is linked
