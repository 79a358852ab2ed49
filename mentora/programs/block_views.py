"""A cohort's rotation blocks: list and add, change or delete one, and put people in it.
Thin views over mentora.programs.blocks; coordinators of the program only (others get a 404)."""

from __future__ import annotations

from datetime import date

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from mentora.core.forms import SafeForm
from mentora.core.pagination import page_of
from mentora.core.text import plural
from mentora.people.auth import AuthenticatedHttpRequest
from mentora.programs.access import access_cohort, programs_for
from mentora.programs.blocks import (
    BlockError,
    block_rows,
    do_assign_block,
    do_delete_block,
    do_save_block,
)
from mentora.programs.models import Block, Cohort


class BlockForm(SafeForm):
    name = forms.CharField(max_length=80, help_text="e.g. Block 1")
    starts_on = forms.DateField(label="Starts on", widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label="Ends on", widget=forms.DateInput(attrs={"type": "date"}))


class MoveForm(SafeForm):
    enrolment = forms.TypedMultipleChoiceField(coerce=int, choices=[])
    to = forms.ChoiceField(choices=[("here", "here"), ("none", "none")])

    def __init__(self, *args: object, cohort: Cohort, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        ids = cohort.enrolments.values_list("pk", flat=True)
        self.fields["enrolment"].choices = [(pk, pk) for pk in ids]  # type: ignore[attr-defined]
        self.fields["enrolment"].error_messages["required"] = "Tick at least one person."


def access_block(user: object, block_id: int) -> Block:
    try:
        return Block.objects.select_related("cohort__program").get(
            pk=block_id,
            cohort__program__in=programs_for(user),  # type: ignore[arg-type]
        )
    except Block.DoesNotExist:
        raise Http404("No such block") from None


def _save(
    request: AuthenticatedHttpRequest, cohort: Cohort, form: BlockForm, block: Block | None
) -> Block | None:
    if request.method != "POST" or not form.is_valid():
        return None
    data = form.cleaned_data
    starts_on: date = data["starts_on"]
    ends_on: date = data["ends_on"]
    try:
        return do_save_block(cohort, data["name"], starts_on, ends_on, block)
    except BlockError as problem:
        form.add_error(None, ValidationError(str(problem)))
        return None


@login_required
def cohort_blocks(request: AuthenticatedHttpRequest, cohort_id: int) -> HttpResponse:
    cohort = access_cohort(request.user, cohort_id)
    form = BlockForm(request.POST or None)
    saved = _save(request, cohort, form, None)
    if saved is not None:
        messages.success(request, f"Added {saved}.")
        return redirect("cohort_blocks", cohort.pk)
    context = {"cohort": cohort, "form": form, "rows": block_rows(cohort)}
    return render(
        request, "programs/cohort_blocks.html", context, status=400 if form.errors else 200
    )


@login_required
def block(request: AuthenticatedHttpRequest, block_id: int) -> HttpResponse:
    one = access_block(request.user, block_id)
    cohort = one.cohort
    initial = {"name": one.name, "starts_on": one.starts_on, "ends_on": one.ends_on}
    form = BlockForm(request.POST or None, initial=initial)
    if _save(request, cohort, form, one) is not None:
        messages.success(request, f"Saved {one}.")
        return redirect("block", one.pk)
    people = cohort.enrolments.select_related("person", "block")
    context = {
        "one": one,
        "cohort": cohort,
        "form": form,
        "inside": page_of(
            request, people.filter(block=one).order_by("person__full_name", "pk"), "in"
        ),
        "outside": page_of(
            request,
            people.exclude(block=one).order_by("block__starts_on", "person__full_name", "pk"),
            "out",
        ),
    }
    return render(request, "programs/block.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def block_people(request: AuthenticatedHttpRequest, block_id: int) -> HttpResponse:
    one = access_block(request.user, block_id)
    form = MoveForm(request.POST, cohort=one.cohort)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, f"Nobody moved: {error}")
        return redirect("block", one.pk)
    target = one if form.cleaned_data["to"] == "here" else None
    try:
        moved = do_assign_block(one.cohort, form.cleaned_data["enrolment"], target)
    except BlockError as problem:
        messages.error(request, str(problem))
    else:
        where = one.name if target else "no block"
        messages.success(
            request, f"Moved {plural(moved, 'person', 'people')} to {where}."
        )
    return redirect("block", one.pk)


@login_required
@require_POST
def block_delete(request: AuthenticatedHttpRequest, block_id: int) -> HttpResponse:
    one = access_block(request.user, block_id)
    try:
        do_delete_block(one)
    except BlockError as problem:
        messages.error(request, str(problem))
        return redirect("block", one.pk)
    messages.success(request, f"Deleted block '{one.name}'.")
    return redirect("cohort_blocks", one.cohort.pk)
