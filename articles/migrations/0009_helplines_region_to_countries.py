"""Convert each helpline's free-text region ("UK", "US", "UK and Ireland") into countries, and
its free-text SMS line ("Text SHOUT to 85258") into a number and a keyword.

A region this migration cannot read leaves the line with no country (it is then shown to no
reader) and with no ``last_verified`` date, so it is listed as overdue in the admin.
"""

from __future__ import annotations

import re

from django.db import migrations

ALIASES = {
    "uk": "GB",
    "u.k.": "GB",
    "united kingdom": "GB",
    "great britain": "GB",
    "britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
    "us": "US",
    "u.s.": "US",
    "usa": "US",
    "united states": "US",
    "ireland": "IE",
    "republic of ireland": "IE",
    "roi": "IE",
    "canada": "CA",
    "australia": "AU",
    "new zealand": "NZ",
    "nz": "NZ",
    "spain": "ES",
    "mexico": "MX",
}
TEXT_LINE = re.compile(r"text\s+(?:(?P<keyword>[A-Za-z]\w*)\s+to\s+)?(?P<number>[\d ]+)", re.I)


def region_to_countries(region: str) -> list[str]:
    codes = []
    for part in re.split(r",|/|&|\band\b", region, flags=re.I):
        name = part.strip().lower()
        code = ALIASES.get(name) or (name.upper() if len(name) == 2 and name.isalpha() else "")
        if code and code not in codes:
            codes.append(code)
    return codes


def forwards(apps, schema_editor) -> None:
    from django_countries import countries

    Helpline = apps.get_model("articles", "Helpline")
    HelplineCountry = apps.get_model("articles", "HelplineCountry")
    for line in Helpline.objects.all():
        for code in region_to_countries(line.region):
            if code in countries:
                HelplineCountry.objects.get_or_create(
                    helpline=line, country=code, defaults={"position": line.display_order}
                )
        match = TEXT_LINE.search(line.text_number)
        if match:
            line.text_keyword = match["keyword"] or ""
            line.text_number = match["number"].strip()
            line.save(update_fields=["text_number", "text_keyword"])


def backwards(apps, schema_editor) -> None:
    from django_countries import countries

    Helpline = apps.get_model("articles", "Helpline")
    for line in Helpline.objects.prefetch_related("countries"):
        codes = [row.country for row in line.countries.all()]
        line.region = " and ".join(
            "UK" if code == "GB" else str(countries.name(code)) for code in codes
        )[:60]
        if line.text_number:
            keyword = f"{line.text_keyword} to " if line.text_keyword else ""
            line.text_number = f"Text {keyword}{line.text_number}"[:40]
            line.text_keyword = ""
        line.save(update_fields=["region", "text_number", "text_keyword"])


class Migration(migrations.Migration):
    dependencies = [("articles", "0008_helpline_countries_channels_verification")]

    operations = [migrations.RunPython(forwards, backwards)]
