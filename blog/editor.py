"""The one place that knows which rich-text editor the admin uses.

Models store sanitised HTML in a plain TextField (see blog.richtext); only
admin classes mix this in to edit their `body` with CKEditor.
"""

from ckeditor_uploader.widgets import CKEditorUploadingWidget


class RichTextBodyAdminMixin:
    """Edit the model's `body` field in CKEditor, with image uploads for staff."""

    def get_form(self, request, obj=None, **kwargs):
        kwargs["widgets"] = {**kwargs.get("widgets", {}), "body": CKEditorUploadingWidget()}
        return super().get_form(request, obj, **kwargs)
