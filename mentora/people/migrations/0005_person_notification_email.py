from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0004_interests_any_case"),
    ]

    operations = [
        migrations.AddField(
            model_name="person",
            name="notification_email",
            field=models.EmailField(
                blank=True,
                help_text="Where Mentora writes to this person; empty: their sign-in email "
                "(mentora.people.contact).",
                max_length=254,
                verbose_name="email for notifications",
            ),
        ),
    ]
