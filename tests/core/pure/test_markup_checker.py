"""The markup check (tests/markup.py) finds each fault it names, and passes a sound page."""

from __future__ import annotations

from tests.markup import markup_problems

SOUND = """<!doctype html><html><body><h1>Plan</h1><h2>Goals</h2><h3>Suturing</h3><h2>Notes</h2>
<label for="f-note">Note</label><span id="h-note">Shown to your mentor</span>
<textarea id="f-note" aria-describedby="h-note"></textarea>
<input id="f-n" type="range"><output for="f-n">3</output></body></html>"""


def test_a_sound_page_has_no_problem():
    assert markup_problems(SOUND) == []


def test_an_id_used_twice_is_named():
    html = '<h1>Survey</h1><span id="n-age">In years</span><noscript><input id="n-age"></noscript>'
    assert markup_problems(html) == ['id "n-age" is used by 2 elements']


def test_a_reference_to_no_element_is_named():
    html = ('<h1>Log</h1><label for="id_on">Date</label><input id="id_on" '
            'aria-describedby="id_on_helptext id_on_error"><span id="id_on_help">Day</span>'
            '<svg aria-labelledby="chart-title"></svg><label for="id_gone">Gone</label>')
    assert markup_problems(html) == [
        '<input aria-describedby="id_on_helptext"> points at no element',
        '<input aria-describedby="id_on_error"> points at no element',
        '<svg aria-labelledby="chart-title"> points at no element',
        '<label for="id_gone"> points at no element',
    ]


def test_a_skipped_heading_level_is_named():
    html = "<h1>Programs</h1><h3>Clerkship <small>2026</small></h3><h2>Past</h2><h4>Old</h4>"
    assert markup_problems(html) == [
        'h3 "Clerkship 2026" comes after an h1 (a level skipped)',
        'h4 "Old" comes after an h2 (a level skipped)',
    ]


def test_a_page_starting_below_h1_is_named():
    assert markup_problems("<h2>Goals</h2>") == [
        'h2 "Goals" comes as the page\'s first heading (a level skipped)'
    ]


def test_a_list_given_another_role_is_named():
    html = ('<h1>Log</h1><ul class="errorlist" role="alert"><li>Enter a date.</li></ul>'
            '<div role="status"><ul class="messages"><li>Saved.</li></ul></div><ol role="list">'
            "</ol>")
    assert markup_problems(html) == [
        '<ul role="alert"> makes its items belong to no list (put the role on an element around'
        " it)"
    ]
