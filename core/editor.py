"""The one place that knows which rich-text editor the admin uses.

Models store sanitised HTML in a plain TextField (see core.richtext); only
admin classes mix this in to edit their `body` with CKEditor. Images go to the
site's own upload view (core.editor_upload), never to django-ckeditor's.
What the editor keeps is written from the sanitiser's allow-list, and a
deployment check says when the CKEditor served is older than the operator's
minimum (CKEditor 4 is past its end of life: docs/security.md).
"""

import re

from ckeditor.widgets import CKEditorWidget
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core import checks
from django.templatetags.static import static
from django.urls import reverse

from core.richtext import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, RICH_TEXT_MODELS

# Attributes the editor keeps beyond, or leaves out of, the server's allow-list (core.richtext):
# an image being uploaded carries data-widget until the editor swaps in the stored one, which has none;
# srcset and sizes are written on save from the image itself, so an image swapped in the editor's
# dialog never keeps the sources of the image it replaced.
WHILE_UPLOADING = {"img": {"data-widget"}}
WRITTEN_ON_SAVE = {"img": {"srcset", "sizes"}}
# Without them the element means nothing, and the server drops an image without its address.
REQUIRED = {"a": {"href"}, "img": {"src"}}


def allowed_content():
    """CKEditor's allowedContent rules, written from the sanitiser's allow-list.

    The editor then shows exactly what the server keeps: a tag or attribute the
    server would strip cannot be typed, pasted or kept in the editor, so the
    article the therapist saves is the article they saw.
    """
    bare, with_attributes = [], []
    for tag in sorted(ALLOWED_TAGS):
        attributes = (
            ALLOWED_ATTRIBUTES.get("*", set()) | ALLOWED_ATTRIBUTES.get(tag, set()) | WHILE_UPLOADING.get(tag, set())
        ) - WRITTEN_ON_SAVE.get(tag, set())
        if not attributes:
            bare.append(tag)
            continue
        required = REQUIRED.get(tag, set())
        listed = [f"!{name}" for name in sorted(attributes & required)] + sorted(attributes - required)
        with_attributes.append(f"{tag}[{','.join(listed)}]")
    return "; ".join([" ".join(bare), *with_attributes])


class EditorWidget(CKEditorWidget):
    """CKEditor whose Image dialog and pasted images upload through the site's pipeline; no file browser.

    Its page is styled like the published article: the site's own stylesheet, the article's class and width.
    """

    def _set_config(self):
        upload_url = reverse("editor_upload")
        self.config["filebrowserUploadUrl"] = upload_url
        self.config["uploadUrl"] = upload_url
        self.config["contentsCss"] = [static("css/site.css"), static("css/editor-content.css")]
        self.config["bodyClass"] = "post-body"
        self.config["allowedContent"] = allowed_content()
        super()._set_config()


class RichTextBodyAdminMixin:
    """Edit the model's rich-text fields (`body` unless told) in CKEditor, with image uploads for writers."""

    rich_text_fields = ("body",)

    def get_form(self, request, obj=None, **kwargs):
        editors = {field: EditorWidget() for field in self.rich_text_fields}
        kwargs["widgets"] = {**kwargs.get("widgets", {}), **editors}
        return super().get_form(request, obj, **kwargs)


def may_upload_images(user):
    """Staff who may add or change something written in the editor — not every staff account."""
    if not (user.is_active and user.is_staff):
        return False
    return any(
        user.has_perm(f"{model._meta.app_label}.{action}_{model._meta.model_name}")
        for model in RICH_TEXT_MODELS
        for action in ("add", "change")
    )


EDITOR_SCRIPT = "ckeditor/ckeditor/ckeditor.js"
_EDITOR_VERSION = re.compile(rb'version:"(\d+(?:\.\d+)*)')


def _as_numbers(version):
    """(4, 25, 1) for "4.25.1" and for an LTS build's "4.25.1-lts"."""
    return tuple(int(part) for part in re.findall(r"\d+", version.split("-")[0]))


def served_editor_version():
    """The version written in the ckeditor.js the site serves (an LTS build's, if one is installed), or None."""
    path = finders.find(EDITOR_SCRIPT)
    if not path:
        return None
    with open(path, "rb") as script:
        found = _EDITOR_VERSION.search(script.read())
    return found[1].decode() if found else None


@checks.register(checks.Tags.security, deploy=True)
def check_editor_version(app_configs, **kwargs):
    """Warn at deployment when the editor served is older than settings.CKEDITOR_MINIMUM_VERSION.

    CKEditor 4 gets security fixes only in its paid LTS build. An operator who
    installs one raises the minimum to its version, and `make serve` then says
    so at every start if the site ever serves an older editor again.
    """
    version = served_editor_version()
    if version is None:
        return [
            checks.Warning(
                f"The version of the editor's {EDITOR_SCRIPT} could not be read.",
                hint="Check DJANGO_CKEDITOR_BUILD_DIR: it names the folder that holds the build's ckeditor.js.",
                id="core.W001",
            )
        ]
    if _as_numbers(version) < _as_numbers(settings.CKEDITOR_MINIMUM_VERSION):
        return [
            checks.Warning(
                f"The editor served is CKEditor {version}, older than {settings.CKEDITOR_MINIMUM_VERSION} "
                "(CKEDITOR_MINIMUM_VERSION).",
                hint="Install the newer build and name its folder in DJANGO_CKEDITOR_BUILD_DIR (docs/security.md).",
                id="core.W002",
            )
        ]
    return []
