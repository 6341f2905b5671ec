"""The image library: uploads are real images without metadata, pages show only our own images,
imports and stored HTML keep nothing from other hosts, and the CSP allows only 'self'."""

from __future__ import annotations

import importlib
import io
import re
import shutil
import struct
import tempfile
import zlib
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import TestCase, override_settings
from django.urls import reverse
from PIL import Image

from articles.models import Article, ArticleImage, Author
from tests.factories import make_article, make_author, make_user
from tests.test_security import parse_csp

MEDIA_ROOT = tempfile.mkdtemp(prefix="kith-media-tests-")
OWN_NAME = re.compile(r"^images/[a-f0-9]{32}-(\d+)x(\d+)\.(jpg|png|webp|gif)$")


def teardown_module() -> None:
    shutil.rmtree(MEDIA_ROOT, ignore_errors=True)


def picture_bytes(image_format: str = "PNG", size=(40, 30), **save) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (20, 120, 140)).save(out, image_format, **save)
    return out.getvalue()


def jpeg_with_gps() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # camera make
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (53.0, 20.0, 41.0)  # latitude of the photographer
    out = io.BytesIO()
    Image.new("RGB", (64, 48), "orange").save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that claims ``width`` × ``height`` pixels in a few hundred bytes (a "bomb")."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * 1000, 9)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


SVG_WITH_SCRIPT = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(document.cookie)</script><rect width='10' height='10'/></svg>"
)


def upload(name: str, content: bytes, content_type: str = "image/png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def library_image(*, alt: str = "A teal square", content: bytes | None = None, **fields):
    return ArticleImage.objects.create(
        file=upload("square.png", content or picture_bytes()), alt_text=alt, **fields
    )


@override_settings(MEDIA_ROOT=MEDIA_ROOT)
class UploadInTheAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.editor = make_user(username="img-editor", groups=["Editors"], is_staff=True)

    def setUp(self) -> None:
        self.client.force_login(self.editor)

    def post_upload(self, file: SimpleUploadedFile, alt: str = "A diagram"):
        return self.client.post(
            reverse("admin:articles_articleimage_add"),
            {"file": file, "alt_text": alt, "caption": "The cycle", "credit": "Kith, CC BY 4.0"},
            follow=True,
        )

    def test_an_editor_uploads_a_photo_and_its_location_is_not_kept(self) -> None:
        photo = jpeg_with_gps()
        assert b"PhoneMaker" in photo and b"Exif" in photo  # what must not be kept
        response = self.post_upload(upload("holiday.jpg", photo, "image/jpeg"))
        image = ArticleImage.objects.get()
        assert image.uploaded_by == self.editor
        match = OWN_NAME.match(image.file.name)
        assert match, image.file.name
        assert (match.group(1), match.group(2), match.group(3)) == ("64", "48", "jpg")
        stored = Path(MEDIA_ROOT, image.file.name).read_bytes()
        assert b"PhoneMaker" not in stored and b"Exif" not in stored
        with Image.open(io.BytesIO(stored)) as reopened:
            assert reopened.format == "JPEG" and reopened.size == (64, 48)
            assert dict(reopened.getexif()) == {}
        # The list shows the Markdown to paste, with the caption and credit under the picture.
        snippet = f"![A diagram]({image.file.url})\n*The cycle — Kith, CC BY 4.0*"
        assert image.markdown() == snippet
        assert f"![A diagram]({image.file.url})" in response.content.decode()

    def test_the_change_page_offers_the_markdown_and_never_replaces_the_file(self) -> None:
        image = library_image(alt="Sleep [cycle] diagram")
        response = self.client.get(reverse("admin:articles_articleimage_change", args=[image.pk]))
        page = response.content.decode()
        assert "Markdown to paste into an article" in page
        assert f"![Sleep \\[cycle\\] diagram]({image.file.url})" in page
        assert 'type="file"' not in page  # a stored file is never swapped under an article

    def assert_refused(self, file: SimpleUploadedFile, message: str) -> None:
        response = self.post_upload(file)
        assert response.status_code == 200
        assert "Please correct the error below." in response.content.decode()
        assert message in response.content.decode()
        assert not ArticleImage.objects.exists()

    def test_a_text_file_named_png_is_refused_clearly(self) -> None:
        self.assert_refused(
            upload("notes.png", b"just some text, not a picture\n" * 20),
            "This file is not an image Kith accepts",
        )

    def test_an_svg_with_a_script_is_refused(self) -> None:
        self.assert_refused(
            upload("logo.svg", SVG_WITH_SCRIPT, "image/svg+xml"), "SVG and other formats"
        )
        self.assert_refused(upload("logo.png", SVG_WITH_SCRIPT), "not an image Kith accepts")

    def test_a_huge_image_is_refused_before_it_is_decoded(self) -> None:
        bomb = png_header_only(50_000, 50_000)
        assert len(bomb) < 1000
        self.assert_refused(upload("bomb.png", bomb), "This image has far too many pixels")
        self.assert_refused(
            upload("wide.png", png_header_only(7000, 10)),
            "This image is 7000 × 10 pixels; images may be at most 6000 pixels on a side",
        )

    @override_settings(KITH_IMAGE_MAX_BYTES=2000)
    def test_a_file_over_the_size_limit_is_refused(self) -> None:
        big = picture_bytes("PNG", size=(300, 300))
        big += b"\0" * 3000  # trailing bytes after the image's end: still over the limit
        self.assert_refused(upload("big.png", big), "images may be at most")

    def test_an_animated_gif_is_refused(self) -> None:
        out = io.BytesIO()
        frames = [Image.new("RGB", (10, 10), colour) for colour in ("red", "white")]
        frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], duration=50, loop=0)
        self.assert_refused(upload("flash.gif", out.getvalue(), "image/gif"), "Animated images")

    def test_alt_text_is_required(self) -> None:
        response = self.post_upload(upload("a.png", picture_bytes()), alt="   ")
        assert "This field is required." in response.content.decode()
        assert not ArticleImage.objects.exists()


@override_settings(MEDIA_ROOT=MEDIA_ROOT)
class EveryPathStoresOnlyCheckedImagesTests(TestCase):
    def test_code_that_skips_the_form_cannot_store_a_bad_file(self) -> None:
        with self.assertRaises(ValidationError):
            ArticleImage.objects.create(file=ContentFile(b"<html>", name="x.png"), alt_text="x")
        assert not ArticleImage.objects.exists()

    def test_large_pictures_are_stored_scaled_down(self) -> None:
        with override_settings(KITH_IMAGE_STORED_SIDE=100):
            image = library_image(content=picture_bytes("WEBP", size=(400, 200)))
        assert (image.width, image.height) == (100, 50)
        assert image.file.name.endswith("-100x50.webp")

    def test_an_author_photo_must_come_from_the_library(self) -> None:
        author = make_author()
        author.photo_url = "https://elsewhere.example/me.jpg"
        with self.assertRaises(ValidationError) as raised:
            author.full_clean()
        assert "uploaded under Images" in str(raised.exception)
        author.photo_url = library_image().file.url
        author.full_clean()


@override_settings(MEDIA_ROOT=MEDIA_ROOT)
class ArticlePagesShowOnlyOurImagesTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.image = library_image(alt="Thoughts, feelings and actions in a circle")
        cls.article = make_article(
            title="Images test",
            body=(
                f"{cls.image.markdown()}\n\n"
                "![A tracking pixel from elsewhere](https://tracker.example/p.png)\n\n"
                '<img src="https://tracker.example/raw.png">\n\n'
                "![Protocol-relative](//tracker.example/media/images/0123abcd0123abcd.png)"
            ),
        )

    def test_the_uploaded_image_shows_and_the_external_ones_are_gone(self) -> None:
        response = self.client.get(self.article.get_absolute_url())
        page = response.content.decode()
        url = self.image.file.url
        assert (
            f'<img src="{url}" alt="Thoughts, feelings and actions in a circle" width="40" '
            'height="30" loading="lazy">'
        ) in page
        assert "tracker.example/p.png" not in page and "//tracker.example/media" not in page
        assert "A tracking pixel from elsewhere" in page  # its alt text, as text
        assert re.findall(r"<img [^>]*src=\"([^\"]+)\"", self.article.body_html) == [url]
        csp = parse_csp(response.headers["Content-Security-Policy"])
        assert csp["img-src"] == {"'self'"}

    def test_the_image_itself_is_served_from_our_own_address(self) -> None:
        response = self.client.get(self.image.file.url)
        assert response.status_code == 200
        assert response["Content-Type"] == "image/png"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert b"".join(response.streaming_content).startswith(b"\x89PNG")
        assert self.client.get("/media/images/../../kith/settings.py").status_code == 404

    def test_the_api_docs_page_alone_may_draw_data_images(self) -> None:
        docs = parse_csp(self.client.get("/api/v1/docs").headers["Content-Security-Policy"])
        assert docs["img-src"] == {"'self'", "data:"}
        home = parse_csp(self.client.get("/").headers["Content-Security-Policy"])
        assert home["img-src"] == {"'self'"}


@override_settings(MEDIA_ROOT=MEDIA_ROOT)
class StoredAndImportedContentTests(TestCase):
    def test_the_migration_cleans_html_stored_before_the_rule(self) -> None:
        article = make_article(body="Text.")
        old_html = '<p>Before <img src="https://old.example/x.png" alt="an old chart"></p>'
        Article.objects.filter(pk=article.pk).update(body_html=old_html)
        author = make_author()
        Author.objects.filter(pk=author.pk).update(
            photo_url="https://old.example/me.jpg",
            bio_html='<p><img src="http://old.example/b.png" alt="b"></p>',
        )
        migration = importlib.import_module("articles.migrations.0013_images_only_from_own_library")
        migration.resanitise_stored_images(django_apps, None)
        article.refresh_from_db()
        author.refresh_from_db()
        assert article.body_html == "<p>Before an old chart</p>"
        assert "an old chart" in article.body_text
        assert author.photo_url == "" and author.bio_html == "<p>b</p>"

    def test_an_import_drops_external_images_and_says_how_many(self) -> None:
        folder = Path(tempfile.mkdtemp(prefix="kith-import-images-"))
        self.addCleanup(shutil.rmtree, folder, ignore_errors=True)
        (folder / "page.md").write_text(
            "---\ntitle: Coping with worry\nauthor: Dana Reyes, LCSW\ndate: 2024-01-02\n"
            "topic: Stress\n---\n\nSome text.\n\n![A chart](https://cdn.example/chart.png)\n\n"
            "![Another](http://cdn.example/two.jpg)\n"
        )
        out = StringIO()
        call_command("import_content", str(folder), stdout=out, stderr=StringIO())
        assert "2 external images dropped" in out.getvalue()
        article = Article.objects.get(title="Coping with worry")
        assert "cdn.example" not in article.body_html and "<img" not in article.body_html
        assert "A chart" in article.body_html


@pytest.mark.browser
def test_chromium_shows_the_uploaded_image_and_loads_nothing_from_elsewhere(
    live_server, open_page, settings
) -> None:
    """In a real browser under the real CSP: the library image loads and fits a phone screen;
    the external one is not requested at all, and nothing breaks the policy."""
    settings.MEDIA_ROOT = MEDIA_ROOT
    image = library_image(alt="A wide teal diagram", content=picture_bytes(size=(1200, 800)))
    article = make_article(
        title="Pictures in Chromium",
        body=f"{image.markdown()}\n\n![Tracker](https://tracker.example/pixel.png)\n",
    )
    page = open_page(viewport={"width": 390, "height": 844})
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(live_server.url + article.get_absolute_url())
    picture = page.get_by_role("img", name="A wide teal diagram")
    picture.wait_for()
    assert picture.is_visible()
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=picture.element_handle()
    )
    assert picture.evaluate("img => img.naturalWidth") == 1200
    box = picture.bounding_box()
    assert box is not None and 0 < box["width"] <= 390
    assert abs(box["height"] - box["width"] * 800 / 1200) < 2  # width/height keep its shape
    assert "Tracker" in page.locator("main").inner_text()
    assert not [url for url in requested if "tracker.example" in url]
    assert page.watch.csp_violations() == []
