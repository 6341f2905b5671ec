"""Nothing stored keeps pointing at another site's images.

Stored HTML is cleaned again with today's sanitiser, which replaces every image that is not in
Kith's own library by its alt text (articles, author biographies, transparency pages); author
photos from other sites are cleared. Only rows that hold an image are read. The Editors group
may upload and edit images; clinical reviewers may view them.
"""

from django.db import migrations

from kith.markup import own_image_path, plain_text, sanitize_html

ROLES = {
    "Editors": ["add_articleimage", "change_articleimage", "view_articleimage"],
    "Clinical reviewers": ["view_articleimage"],
}


def grant_image_permissions(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("articles")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLES.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="articles", codename__in=codenames)
        )


def resanitise_stored_images(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    for article in Article.objects.filter(body_html__contains="<img").only("pk", "body_html"):
        html = sanitize_html(article.body_html)
        if html != article.body_html:
            Article.objects.filter(pk=article.pk).update(body_html=html, body_text=plain_text(html))
    Author = apps.get_model("articles", "Author")
    for author in Author.objects.filter(bio_html__contains="<img").only("pk", "bio_html"):
        html = sanitize_html(author.bio_html)
        if html != author.bio_html:
            Author.objects.filter(pk=author.pk).update(bio_html=html)
    for author in Author.objects.exclude(photo_url="").only("pk", "photo_url"):
        if own_image_path(author.photo_url) is None:
            Author.objects.filter(pk=author.pk).update(photo_url="")
    FlatPage = apps.get_model("flatpages", "FlatPage")
    for page in FlatPage.objects.filter(content__contains="<img").only("pk", "content"):
        html = sanitize_html(page.content)
        if html != page.content:
            FlatPage.objects.filter(pk=page.pk).update(content=html)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0012_article_image_library"),
        ("flatpages", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.RunPython(grant_image_permissions, migrations.RunPython.noop),
        migrations.RunPython(resanitise_stored_images, migrations.RunPython.noop),
    ]
