"""CKEditor ships pages and code that must never be served from this site's origin: its samples, its
plugins' test and demo pages, the GeSHi code highlighter (a PHP bridge the site has no use for), and an
old jQuery for a file browser the site does not mount. Published, an old sample page is a ready-made
cross-site-scripting page on the site's own address.

These finders leave them out of `collectstatic` and out of what the development server, WhiteNoise with
debug on, and the tests serve, so they exist nowhere under /static/ — whether they come with
django-ckeditor or with a CKEditor build the operator adds (DJANGO_CKEDITOR_BUILD_DIR, docs/security.md).
"""

import posixpath

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.utils import matches_patterns

# Matched against the whole path under /static/ ("*" crosses folders). No page, script for a PHP
# server or read-me is ever a static file of this site: its pages come from Django.
NEVER_PUBLISHED = [
    "*.html",
    "*.md",
    "*.php",
    "ckeditor/galleriffic/*",
    "ckeditor/file-icons/*",
    "ckeditor/*/samples/*",
    "ckeditor/*/tests/*",
    "ckeditor/ckeditor/plugins/codesnippetgeshi/*",
]


def is_published(path):
    return not matches_patterns(path, NEVER_PUBLISHED)


class _LeavesOutWhatIsNeverPublished:
    def list(self, ignore_patterns):
        for path, storage in super().list(ignore_patterns):
            # A folder in STATICFILES_DIRS may be given a prefix: its files are published under it.
            if is_published(posixpath.join(getattr(storage, "prefix", None) or "", path)):
                yield path, storage

    def find(self, path, find_all=False, **kwargs):
        if not is_published(path):
            return []  # what Django's finders answer for "not found"
        return super().find(path, find_all=find_all, **kwargs)


class FileSystemFinder(_LeavesOutWhatIsNeverPublished, finders.FileSystemFinder):
    pass


class AppDirectoriesFinder(_LeavesOutWhatIsNeverPublished, finders.AppDirectoriesFinder):
    pass
