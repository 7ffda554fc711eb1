"""CKEditor ships pages that must never be served from this site's origin: its samples, its plugins'
test and demo pages, and an old jQuery for a file browser the site does not mount.

This finder leaves them out of `collectstatic` and out of what the development server and the
tests serve, so they exist nowhere under /static/.
"""

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.utils import matches_patterns

NEVER_PUBLISHED = [
    "*.html",
    "*.md",
    "*.php",
    "ckeditor/galleriffic/*",
    "ckeditor/file-icons/*",
    "ckeditor/ckeditor/samples/*",
    "ckeditor/ckeditor/plugins/*/tests/*",
    "ckeditor/ckeditor/plugins/*/samples/*",
]


class AppDirectoriesFinder(finders.AppDirectoriesFinder):
    def list(self, ignore_patterns):
        return super().list([*(ignore_patterns or []), *NEVER_PUBLISHED])

    def find(self, path, find_all=False, **kwargs):
        if matches_patterns(path, NEVER_PUBLISHED):
            return []  # what Django's finders answer for "not found"
        return super().find(path, find_all=find_all, **kwargs)
