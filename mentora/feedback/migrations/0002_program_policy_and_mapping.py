# Issue 14, items 3 and 8: a program's feedback policy (formative only), its summative
# assessors, and which competency items mini-CEX domains and procedures are evidence of.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('feedback', '0001_initial'),
        ('mentorships', '0007_frameworks_as_data'),
        ('people', '0003_sessions_and_evaluator_expiry'),
        ('programs', '0006_enrolment_stage_then'),
    ]

    operations = [
        migrations.CreateModel(
            name='FeedbackPolicy',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('formative_only', models.BooleanField(default=False, help_text='Observations stay between the learner and the observer: never shown to evaluators, never in a summative export.')),
                ('updated_at', models.DateTimeField()),
                ('program', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='programs.program')),
            ],
            options={
                'verbose_name_plural': 'feedback policies',
            },
        ),
        migrations.CreateModel(
            name='SummativeAssessor',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('named_at', models.DateTimeField()),
                ('person', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='people.person')),
                ('program', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='programs.program')),
            ],
            options={
                'ordering': ['person__full_name', 'pk'],
                'constraints': [models.UniqueConstraint(fields=('program', 'person'), name='one_assessor_naming')],
            },
        ),
        migrations.CreateModel(
            name='DomainCompetency',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('domain', models.CharField(choices=[('interviewing', 'Medical interviewing'), ('examination', 'Physical examination'), ('professionalism', 'Humanistic qualities and professionalism'), ('judgment', 'Clinical judgment'), ('counseling', 'Counseling'), ('organization', 'Organization and efficiency'), ('overall', 'Overall clinical competence')], max_length=20)),
                ('competency', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='mentorships.competency')),
                ('program', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='programs.program')),
            ],
            options={
                'ordering': ['competency__framework__position', 'competency__position', 'domain'],
                'constraints': [models.UniqueConstraint(fields=('program', 'domain', 'competency'), name='one_domain_mapping')],
            },
        ),
        migrations.CreateModel(
            name='ProcedureCompetency',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('procedure', models.CharField(help_text='Stored normalised (lower case).', max_length=120)),
                ('competency', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='mentorships.competency')),
                ('program', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='programs.program')),
            ],
            options={
                'ordering': ['procedure', 'competency__framework__position', 'competency__position'],
                'constraints': [models.UniqueConstraint(fields=('program', 'procedure', 'competency'), name='one_procedure_tag')],
            },
        ),
    ]
