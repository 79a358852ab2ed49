"""An anonymous wave's page shows counts only: no name before or after a submission, so a
list read before and after cannot tell whose answer came in."""

from __future__ import annotations

import time_machine
from django.core import mail

from mentora.surveys.actions import do_send_invitations
from tests.surveys.test_waves import NOW, _links, _wave, library, submitted  # noqa: F401


def _names(world) -> list[str]:
    return [world.maya.full_name, world.nina.full_name]


@time_machine.travel(NOW, tick=False)
def test_the_anonymous_wave_page_shows_no_names_before_or_after_a_submission(
    world, library, login, client  # noqa: F811
) -> None:
    wave = _wave(world, library, anonymous=True)
    assert do_send_invitations(wave, NOW) == 2
    links = dict(zip([m.to[0] for m in mail.outbox], _links(), strict=True))
    coordinator = login(world.alice)
    before = coordinator.get(f"/surveys/waves/{wave.pk}/").content.decode()
    client.post(f"/s/{links[world.maya.email]}/", submitted(im_opinion_career="3"))
    after = coordinator.get(f"/surveys/waves/{wave.pk}/").content.decode()
    for page in (before, after):
        for name in _names(world):
            assert name not in page
    assert "2 invited, 0 submitted, 2 not yet submitted" in before
    assert "2 invited, 1 submitted, 1 not yet submitted" in after


@time_machine.travel(NOW, tick=False)
def test_an_identified_wave_still_lists_who_has_answered(world, library, login) -> None:  # noqa: F811
    wave = _wave(world, library)
    do_send_invitations(wave, NOW)
    page = login(world.alice).get(f"/surveys/waves/{wave.pk}/").content.decode()
    for name in _names(world):
        assert name in page
