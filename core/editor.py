"""The one place that knows which rich-text editor the admin uses.

Models store sanitised HTML in a plain TextField (see core.richtext); only
admin classes mix this in to edit their `body` with CKEditor. Images go to the
site's own upload view (core.editor_upload), never to django-ckeditor's.
"""

from ckeditor.widgets import CKEditorWidget
from django.templatetags.static import static
from django.urls import reverse

from core.richtext import RICH_TEXT_MODELS


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
