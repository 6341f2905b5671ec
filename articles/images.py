"""The image library: pictures editors upload in the admin and place in article Markdown.

Pages show no image from anywhere else (the sanitiser in ``kith.markup`` keeps only these
addresses, and the CSP says ``img-src 'self'``). Every upload is decoded for real by Pillow —
only JPEG, PNG, WebP and GIF, within a size and pixel cap read before decoding — and then
re-encoded, which leaves behind EXIF (camera, GPS position), comments and any bytes that were
not the picture. The stored name is random and carries the pixel size
(``images/<hex>-1200x800.webp``), which is how the sanitiser gives each ``<img>`` its width and
height without a query.
"""

from __future__ import annotations

import io
import secrets
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from kith.markup import own_image_path

# Pillow's name for each accepted format → the stored file's extension.
ACCEPTED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
NOT_AN_IMAGE = _(
    "This file is not an image Kith accepts. Upload a JPEG, PNG, WebP or GIF picture "
    "(SVG and other formats are refused)."
)
IMAGE_FOLDER = "images/"


@dataclass(frozen=True)
class PreparedImage:
    content: bytes
    extension: str
    width: int
    height: int


def prepare_image(upload) -> PreparedImage:
    """Decode ``upload`` (a file object) and re-encode it without metadata, or raise a
    ``ValidationError`` an editor can act on. Nothing is decoded before the size checks."""
    limit = settings.KITH_IMAGE_MAX_BYTES
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise ValidationError(
            _("This file is %(size)s; images may be at most %(limit)s."),
            code="too_large",
            params={"size": filesizeformat(size), "limit": filesizeformat(limit)},
        )
    upload.seek(0)
    raw = upload.read(limit + 1)
    if len(raw) > limit:
        raise ValidationError(
            _("This file is larger than %(limit)s, the most an image may be."),
            code="too_large",
            params={"limit": filesizeformat(limit)},
        )
    try:
        with warnings.catch_warnings():
            # Pillow warns of, then refuses, sizes far beyond ours: both are "too many pixels".
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            # Reads the header only: the format and the pixel size, nothing decoded yet.
            image = Image.open(io.BytesIO(raw), formats=list(ACCEPTED_FORMATS))
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise _too_many_pixels(gettext("This image has far too many pixels")) from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        raise ValidationError(NOT_AN_IMAGE, code="not_an_image") from None
    _check_dimensions(image)
    if getattr(image, "n_frames", 1) > 1:
        raise ValidationError(
            _(
                "Animated images are not accepted (movement and flashing can harm some "
                "readers): upload a still picture."
            ),
            code="animated",
        )
    try:
        image.load()
        picture = _without_metadata(image)
        out = io.BytesIO()
        _encode(picture, image.format, out)
    except Exception:  # noqa: BLE001 - any decoder failure on hostile bytes is "not an image"
        raise ValidationError(NOT_AN_IMAGE, code="not_an_image") from None
    return PreparedImage(
        content=out.getvalue(),
        extension=ACCEPTED_FORMATS[image.format],
        width=picture.width,
        height=picture.height,
    )


def _check_dimensions(image: Image.Image) -> None:
    width, height = image.size
    side, pixels = settings.KITH_IMAGE_MAX_SIDE, settings.KITH_IMAGE_MAX_PIXELS
    if width < 1 or height < 1 or width > side or height > side or width * height > pixels:
        raise _too_many_pixels(
            gettext("This image is %(width)s × %(height)s pixels")
            % {"width": width, "height": height}
        )


def _too_many_pixels(what: str) -> ValidationError:
    return ValidationError(
        _(
            "%(what)s; images may be at most %(side)s pixels on a side and %(megapixels)s "
            "megapixels. Scale it down and upload it again."
        ),
        code="too_many_pixels",
        params={
            "what": what,
            "side": settings.KITH_IMAGE_MAX_SIDE,
            "megapixels": settings.KITH_IMAGE_MAX_PIXELS // 1_000_000,
        },
    )


def _without_metadata(image: Image.Image) -> Image.Image:
    """The picture alone: turned upright as its EXIF said, scaled to the stored size, and
    with no EXIF, XMP, ICC-embedded comments or text chunks (only transparency is kept)."""
    upright = ImageOps.exif_transpose(image)
    if upright.mode not in {"RGB", "RGBA", "L", "LA", "P"}:
        upright = upright.convert("RGBA" if "A" in upright.mode else "RGB")
    stored_side = settings.KITH_IMAGE_STORED_SIDE
    if max(upright.size) > stored_side:
        upright = upright.copy()
        upright.thumbnail((stored_side, stored_side), Image.Resampling.LANCZOS)
    picture = upright.copy()
    transparency = upright.info.get("transparency")
    picture.info = {} if transparency is None else {"transparency": transparency}
    return picture


def _encode(picture: Image.Image, image_format: str, out: io.BytesIO) -> None:
    if image_format == "JPEG":
        if picture.mode != "RGB" and picture.mode != "L":
            picture = picture.convert("RGB")
        picture.save(out, "JPEG", quality=85, optimize=True, progressive=True)
    elif image_format == "WEBP":
        picture.save(out, "WEBP", quality=85, method=4)
    elif image_format == "GIF":
        picture.save(out, "GIF", optimize=True)
    else:
        picture.save(out, "PNG", optimize=True)


def validate_library_image_path(value: str) -> None:
    """For fields that name one image (an author's photo): an address from the library only."""
    if value and own_image_path(value) is None:
        raise ValidationError(
            _(
                "Use the address of an image uploaded under Images (it starts with %(prefix)s); "
                "pictures from other sites are not shown."
            ),
            code="not_a_library_image",
            params={"prefix": settings.MEDIA_URL + IMAGE_FOLDER},
        )


def markdown_escape(text: str) -> str:
    """Text safe inside Markdown's ``![…]`` and emphasis: its punctuation backslash-escaped."""
    return "".join("\\" + ch if ch in "\\`*_[]()<>!#|~" else ch for ch in " ".join(text.split()))


class ArticleImage(models.Model):
    file = models.FileField(
        _("image file"),
        upload_to=IMAGE_FOLDER,
        max_length=200,
        help_text=_(
            "A JPEG, PNG, WebP or GIF picture of at most 5 MB. It is stored without its "
            "camera and location data, and scaled down if larger than 2,000 pixels."
        ),
    )
    alt_text = models.CharField(
        _("alt text"),
        max_length=250,
        help_text=_(
            "What the picture shows, for readers who cannot see it, e.g. “Diagram: "
            "thoughts, feelings and actions in a circle”. Required."
        ),
    )
    caption = models.CharField(
        _("caption"),
        max_length=300,
        blank=True,
        help_text=_("Optional, shown under the picture when you paste the Markdown below."),
    )
    credit = models.CharField(
        _("credit and licence"),
        max_length=200,
        blank=True,
        help_text=_(
            "Who made it and under what licence, e.g. “Kith, CC BY 4.0”. Upload only "
            "pictures Kith may publish."
        ),
    )
    width = models.PositiveIntegerField(_("width (pixels)"), editable=False, default=0)
    height = models.PositiveIntegerField(_("height (pixels)"), editable=False, default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("image")
        verbose_name_plural = _("images")
        constraints = [
            models.CheckConstraint(condition=~Q(alt_text=""), name="articleimage_alt_text_given"),
            models.CheckConstraint(condition=~Q(file=""), name="articleimage_file_given"),
        ]

    def __str__(self) -> str:
        return self.alt_text

    def save(self, *args, **kwargs) -> None:
        # Every path (admin, seed, shell) stores only a checked, re-encoded file.
        self.prepare_file()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        stored = self.file.name if self.file else ""
        result = super().delete(*args, **kwargs)
        if stored:
            self.file.storage.delete(stored)
        return result

    @property
    def is_prepared(self) -> bool:
        """Whether the file is stored, or already re-encoded and waiting to be."""
        if not self.file:
            return False
        return self.file._committed or self.file.name == getattr(self, "_prepared_name", None)

    def prepare_file(self) -> None:
        """Check and re-encode a newly chosen file (``clean()`` and ``save()`` call this)."""
        if not self.file or self.is_prepared:
            return
        prepared = prepare_image(self.file)
        name = f"{secrets.token_hex(16)}-{prepared.width}x{prepared.height}.{prepared.extension}"
        self.file = ContentFile(prepared.content, name=name)
        self.width, self.height = prepared.width, prepared.height
        self._prepared_name = name

    def clean(self) -> None:
        super().clean()
        self.alt_text = " ".join(self.alt_text.replace("\x00", "").split())
        if not self.alt_text:
            raise ValidationError(
                {"alt_text": _("Describe the picture for readers who cannot see it.")},
                code="alt_text_required",
            )
        if not self.file:
            raise ValidationError({"file": _("Choose an image file.")}, code="required")
        try:
            self.prepare_file()
        except ValidationError as exc:
            raise ValidationError({"file": exc.messages}) from None

    @property
    def url(self) -> str:
        return self.file.url if self.file else ""

    def markdown(self) -> str:
        """What an editor pastes into an article: the image, then its caption and credit."""
        lines = [f"![{markdown_escape(self.alt_text)}]({self.url})"]
        words = " — ".join(part for part in (self.caption.strip(), self.credit.strip()) if part)
        if words:
            lines.append(f"*{markdown_escape(words)}*")
        return "\n".join(lines)

    def articles_using(self) -> models.QuerySet:
        from articles.models import Article  # articles.models imports this module

        return Article.objects.filter(body__contains=self.file.name).only("pk", "title", "slug")
