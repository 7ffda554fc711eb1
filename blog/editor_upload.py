"""Editor uploads go through the same image pipeline as every other image.

Wraps django-ckeditor's upload view (which stores the file under a dated
folder with a slugified, collision-free name): the upload is checked and
re-encoded without metadata first, and refused with the editor's own error
format when it is not an acceptable image.
"""

import json
import logging

from ckeditor_uploader.views import upload as ckeditor_upload
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse, JsonResponse
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from blog.imaging import clean_image

logger = logging.getLogger(__name__)

IMAGE_NOT_STORED_MESSAGE = (
    "The image could not be stored: the server’s storage is full or cannot be written to. "
    "Your text is safe; please try the image again later."
)
CONTENT_TYPES = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}


def _refuse(request, message):
    function_number = request.GET.get("CKEditorFuncNum", "")
    if function_number.isascii() and function_number.isdigit():
        script_message = json.dumps(message).replace("<", "\\u003C")
        return HttpResponse(
            f"<script>window.parent.CKEDITOR.tools.callFunction({function_number}, '', {script_message});</script>"
        )
    return JsonResponse({"uploaded": 0, "error": {"message": message}})


@xframe_options_sameorigin  # the editor's upload dialog shows the answer in a frame of its own
@csrf_exempt  # as django-ckeditor's own view: CKEditor 4's dialog posts without Django's token
@staff_member_required
@require_POST
def upload_image(request):
    upload = request.FILES.get("upload")
    if upload is None:
        return _refuse(request, "Please choose an image to upload.")
    try:
        clean = clean_image(upload)
    except ValidationError as error:
        return _refuse(request, error.messages[0])
    stem = upload.name.rsplit(".", 1)[0] or "image"
    request.FILES["upload"] = SimpleUploadedFile(
        f"{stem}.{clean.extension}", clean.master_bytes(), content_type=CONTENT_TYPES[clean.extension]
    )
    try:
        return ckeditor_upload(request)
    except OSError:
        logger.exception("Could not store an image uploaded in the editor.")
        return _refuse(request, IMAGE_NOT_STORED_MESSAGE)
