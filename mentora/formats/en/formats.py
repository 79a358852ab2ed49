"""One way of writing a day across the site: "16 Jan 2026", as the report and most pages write
it with `|date:"j M Y"`, where Django's English default would write "Jan. 16, 2026" on the
pages that give no format (a pair's page beside a table's "16 Jan 2026"). Unambiguous to a
reader from anywhere; tables meant to be sorted or exported keep ISO dates ("2026-01-16")."""

DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y, H:i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
