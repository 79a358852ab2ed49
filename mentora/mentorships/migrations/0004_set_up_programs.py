"""Programs made before setup moved to program creation get their topics, agreement template and
plan templates here, as `do_set_up_program` gives a new one; what a program has is kept."""

from django.db import migrations


def set_up(apps, schema_editor):
    # The starting texts live in the pure defaults (as the EPA list of 0003 does).
    from mentora.mentorships.pure import defaults

    Program = apps.get_model("programs", "Program")
    Topic = apps.get_model("mentorships", "Topic")
    AgreementTemplate = apps.get_model("mentorships", "AgreementTemplate")
    PlanTemplate = apps.get_model("mentorships", "PlanTemplate")
    plans = (("full", "Full development plan", defaults.IDP_FULL),
             ("lunch", "Over-lunch development plan", defaults.IDP_LUNCH))
    for program in Program.objects.all():
        if not Topic.objects.filter(program=program).exists():
            Topic.objects.bulk_create(
                [Topic(program=program, name=name, position=i)
                 for i, name in enumerate(defaults.TOPICS)]
            )
        if not AgreementTemplate.objects.filter(program=program).exists():
            texts = dict(defaults.AGREEMENT_TEMPLATE)
            texts["meeting_frequency"] = texts["meeting_frequency"].format(
                meetings=program.meetings_per_year_target
            )
            AgreementTemplate.objects.create(program=program, **texts)
        for kind, name, sections in plans:
            PlanTemplate.objects.get_or_create(
                program=program, kind=kind,
                defaults={"name": name, "sections": [list(pair) for pair in sections]},
            )


class Migration(migrations.Migration):
    dependencies = [("mentorships", "0003_seed_competencies"), ("programs", "0001_initial")]
    operations = [migrations.RunPython(set_up, migrations.RunPython.noop)]
