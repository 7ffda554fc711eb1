"""Images uploaded in the editor: the site's only upload route, through the one image pipeline.

django-ckeditor's own upload view is never mounted: it lets any staff account
store any file Pillow can open under the name and extension the browser sent
(a GIF that is also JavaScript, saved as `evil.js`). Here, only staff who may
edit posts, pages or services can upload; the file must decode as a still
JPEG, PNG or WebP within the size limits; what is stored is re-encoded from
its pixels (no metadata) under a random name whose extension comes from the
format it was encoded in — nothing of the browser's file name is kept.

CKEditor 4 posts without Django's CSRF token, so the view checks what
browsers send about where a request came from — the `Origin` header must be
this site's (every browser sends it on such a POST) — and the token CKEditor
itself sends (the `ckCsrfToken` field must match the cookie of the same name,
which another site cannot read or set, though a sibling subdomain could).
The session cookie, SameSite=Lax, is not sent on another site's POST at all.
"""

import json
import logging

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.utils.crypto import constant_time_compare
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.csrf import csrf_exempt

from core.editor import may_upload_images
from core.imaging import clean_image, delete_image_files, save_renditions
from core.uploads import stored_name

logger = logging.getLogger(__name__)

EDITOR_TOKEN_NAME = "ckCsrfToken"
IMAGE_NOT_STORED_MESSAGE = (
    "The image could not be stored: the server’s storage is full or cannot be written to. "
    "Your text is safe; please try the image again later."
)
NOT_ALLOWED_MESSAGE = "Your account may not add images. Ask whoever manages the website to give you writing rights."
FORGED_MESSAGE = "The upload did not come from this site’s editor. Please reload the page and try again."


def _script_string(value):
    """A JavaScript string literal that cannot end the <script> element it stands in."""
    return json.dumps(value).replace("<", "\\u003C")


def _answer(request, url="", message=""):
    """The editor's own answer formats: a script for the Image dialog's frame, JSON for pasted images.

    Always 200: CKEditor shows the message of a refusal only from a successful response.
    """
    function_number = request.GET.get("CKEditorFuncNum", "")
    if function_number.isascii() and function_number.isdigit():
        return HttpResponse(
            "<script>window.parent.CKEDITOR.tools.callFunction("
            f"{int(function_number)}, {_script_string(url)}, {_script_string(message)});</script>",
        )
    if url:
        return JsonResponse({"uploaded": 1, "fileName": url.rsplit("/", 1)[-1], "url": url})
    return JsonResponse({"uploaded": 0, "error": {"message": message}})


def _came_from_this_site(request):
    sent = request.POST.get(EDITOR_TOKEN_NAME, "")
    kept = request.COOKIES.get(EDITOR_TOKEN_NAME, "")
    if len(sent) < 32 or not constant_time_compare(sent, kept):
        return False
    origin = request.META.get("HTTP_ORIGIN")
    return origin is None or origin == f"{request.scheme}://{request.get_host()}"


@never_cache
@xframe_options_sameorigin  # the Image dialog shows the answer in a frame of its own
@csrf_exempt  # CKEditor 4 cannot send Django's token; _came_from_this_site checks CKEditor's own
def upload_image(request):
    if not request.user.is_authenticated:
        raise Http404  # nothing here tells a visitor that an editor, or an admin, exists
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not may_upload_images(request.user):
        return _answer(request, message=NOT_ALLOWED_MESSAGE)
    if not _came_from_this_site(request):
        return _answer(request, message=FORGED_MESSAGE)
    upload = request.FILES.get("upload")
    if upload is None:
        return _answer(request, message="Please choose an image to upload.")
    try:
        clean = clean_image(upload)
    except ValidationError as error:
        return _answer(request, message=error.messages[0])
    name = None
    try:
        name = default_storage.save(stored_name(clean), ContentFile(clean.master_bytes()))
        save_renditions(clean, name)  # the text's srcset offers them (core.richtext.size_uploaded_images)
    except OSError:
        logger.exception("Could not store an image uploaded in the editor.")
        if name:
            delete_image_files(name, {})
        return _answer(request, message=IMAGE_NOT_STORED_MESSAGE)
    return _answer(request, url=default_storage.url(name))
