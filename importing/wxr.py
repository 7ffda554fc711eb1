"""Reading a WordPress eXtended RSS export (WXR): WordPress's own, and Squarespace's "Export → WordPress".

The file comes from outside, so it is read with defusedxml's parser: a
document type declaration is refused before anything in it is expanded (no
external entities, no "billion laughs"). It is read as a stream of parser
events and no tree is built: only the item being read is kept, only the parts
of it an import uses, and each part only up to its limit (LIMITS). So memory
stays bounded whatever the file holds — a 200 MB body, a million empty
elements inside one item, a tag or comment megabytes long, millions of
distinct names — and reading takes time in proportion to the file's size.

defusedxml is loaded by the first export read, not by every web worker at start.
"""

import re
from contextlib import nullcontext
from dataclasses import dataclass, field

# Exports name the WordPress namespaces by version (…/export/1.0/ to 1.2/); the rest are fixed.
_FIXED_NAMESPACES = {
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://wellformedweb.org/CommentAPI/": "wfw",
}
CHUNK_BYTES = 64 * 1024
# Far beyond any export; more is a file made to exhaust memory or time.
MAX_DEPTH = 64
MAX_ITEMS = 50_000
MAX_AUTHORS = 1_000
MAX_TERMS = 100  # categories and tags of one item
MAX_NAMES = 500  # different element, attribute and namespace names (an export uses about 60)
MAX_NAME_LENGTH = 200
# Bytes read without the parser reporting anything: one tag, attribute or comment this long, which the
# parser would have to hold whole.
MAX_UNBROKEN_BYTES = 1024 * 1024

# The most characters kept of each part of an item. A longer one is cut there and named in Item.oversized;
# the import then cuts it or leaves the item out, and says so (importing.importer).
LIMITS = {
    "title": 1_000,
    "content": 1_000_000,
    "excerpt": 10_000,
    "name": 1_000,
    "link": 2_000,
    "guid": 2_000,
    "attachment_url": 1_000,
    "creator": 250,
    "password": 250,
    "post_id": 50,
    "parent_id": 50,
    "post_type": 50,
    "status": 50,
    "date_gmt": 50,
    "date_local": 50,
}
NAME_LIMIT = 250  # an author's login, names and email; a category's name and address
META_LIMIT = 1_000
SITE_ADDRESS_LIMIT = 2_000
# Of an item's many settings (postmeta), the only ones an import reads: the featured image and its description.
KEPT_META = {"_thumbnail_id", "_wp_attachment_image_alt"}


class ExportError(Exception):
    """The file cannot be imported; the message says why, in words for the therapist."""


@dataclass
class Author:
    login: str
    email: str = ""
    display_name: str = ""
    first_name: str = ""
    last_name: str = ""


@dataclass
class Item:
    """One <item> of the export: a post, page, attachment, menu entry… (`post_type` says which)."""

    post_type: str = ""
    post_id: str = ""
    title: str = ""
    link: str = ""
    guid: str = ""
    creator: str = ""
    content: str = ""
    excerpt: str = ""
    date_gmt: str = ""
    date_local: str = ""
    name: str = ""
    status: str = ""
    password: str = ""
    parent_id: str = ""
    attachment_url: str = ""
    terms: list = field(default_factory=list)  # (domain, slug, name): categories and tags
    meta: dict = field(default_factory=dict)
    comments: int = 0
    oversized: set = field(default_factory=set)  # the parts longer than LIMITS (or "terms": more than MAX_TERMS)


# WordPress names its namespaces by version and, since WordPress.com's exports, with either scheme:
# http://wordpress.org/export/1.2/ or https://wordpress.org/export/1.2/, each with an …/excerpt/ beside it.
_WORDPRESS_NAMESPACE = re.compile(r"https?://(?:www\.)?wordpress\.(?:org|com)/export/[^/]+/(excerpt/)?", re.IGNORECASE)


def _wordpress_prefix(namespace):
    """ "wp" or "excerpt" for a namespace of WordPress's, whatever its version or scheme; else None."""
    match = _WORDPRESS_NAMESPACE.fullmatch(namespace.rstrip("/") + "/")
    return None if match is None else "excerpt" if match[1] else "wp"


_ITEM_FIELDS = {
    "title": "title",
    "link": "link",
    "guid": "guid",
    "dc:creator": "creator",
    "content:encoded": "content",
    "excerpt:encoded": "excerpt",
    "wp:post_id": "post_id",
    "wp:post_date": "date_local",
    "wp:post_date_gmt": "date_gmt",
    "wp:post_name": "name",
    "wp:status": "status",
    "wp:post_type": "post_type",
    "wp:post_password": "password",
    "wp:post_parent": "parent_id",
    "wp:attachment_url": "attachment_url",
}
_HTML_FIELDS = {"content", "excerpt"}
_META_FIELDS = {"wp:meta_key": "key", "wp:meta_value": "value"}
_AUTHOR_FIELDS = {
    "wp:author_login": "login",
    "wp:author_email": "email",
    "wp:author_display_name": "display_name",
    "wp:author_first_name": "first_name",
    "wp:author_last_name": "last_name",
}


class _Text:
    """The text of one element, kept up to `limit` characters however much of it the file holds."""

    def __init__(self, depth, limit, keep):
        self.depth, self.limit, self.keep = depth, limit, keep
        self.pieces, self.length = [], 0

    def add(self, data):
        room = self.limit - self.length
        if room > 0:
            self.pieces.append(data[:room])
        self.length += len(data)

    def finish(self):
        self.keep("".join(self.pieces), self.length > self.limit)


class _Collector:
    """The parser's target: turns its events into Items and Authors, keeping nothing else."""

    def __init__(self, reader):
        self.reader = reader
        self.path = []
        self.names = set()
        self.events = 0
        self.items_read = 0
        self.finished = []  # items read since the reader last took them
        self.item = self.author = self.text = None
        self.meta = {}
        self.is_wordpress = False
        # Namespace → the prefix this reader gives it: the fixed ones, WordPress's by their form, and
        # whatever the file itself binds to "wp" and "excerpt" (as WordPress's own importer reads them).
        self.prefixes = dict(_FIXED_NAMESPACES)

    def take(self):
        finished, self.finished = self.finished, []
        return finished

    # The parser's events.

    def start(self, tag, attrib):
        self.events += 1
        self._check_names(tag, *attrib)
        name = self._name(tag)
        if not self.path and name != "rss":
            raise ExportError(
                "This is not a WordPress export: it does not start as an RSS file. In WordPress, use "
                "Tools → Export; in Squarespace, Settings → Import & Export → Export → WordPress."
            )
        self.path.append(name)
        if len(self.path) > MAX_DEPTH:
            raise ExportError(
                f"The file nests its elements more than {MAX_DEPTH} deep, which no export does. Nothing was imported."
            )
        self.is_wordpress = self.is_wordpress or name.startswith("wp:")
        if self.path[:2] == ["rss", "channel"] and self.text is None:
            self._open(name, attrib)

    def end(self, tag):
        self.events += 1
        depth = len(self.path)
        name = self.path.pop()
        if self.text is not None and self.text.depth == depth:
            self.text.finish()
            self.text = None
        if depth == 3 and name == "item" and self.item is not None:
            self.finished.append(self.item)
            self.item = None
        elif depth == 3 and name == "wp:author" and self.author is not None:
            self._keep_author(Author(**self.author))
            self.author = None
        elif depth == 4 and name == "wp:postmeta" and self.item is not None:
            if self.meta.get("key") in KEPT_META:
                self.item.meta[self.meta["key"]] = self.meta.get("value", "")
            self.meta = {}

    def data(self, text):
        self.events += 1
        if self.text is not None and self.text.depth == len(self.path):
            self.text.add(text)

    def start_ns(self, prefix, uri):
        self.events += 1
        self._check_names(f"xmlns:{prefix}={uri}")
        if prefix in {"wp", "excerpt"}:
            self.prefixes[uri] = prefix

    def _name(self, tag):
        """ "{https://wordpress.org/export/1.2/}post_type" → "wp:post_type"; plain RSS names stay as they are."""
        if not tag.startswith("{"):
            return tag
        namespace, local = tag[1:].split("}", 1)
        prefix = self.prefixes.get(namespace) or _wordpress_prefix(namespace) or namespace
        return f"{prefix}:{local}"

    def comment(self, text):
        self.events += 1

    def pi(self, target, text):
        self.events += 1

    def close(self):
        return None

    # What is kept of them.

    def _check_names(self, *names):
        """Refuse a file with more names, or longer ones, than any export: the parser keeps each one it meets."""
        for name in names:
            if name in self.names:
                continue
            if len(name) > MAX_NAME_LENGTH or len(self.names) >= MAX_NAMES:
                raise ExportError(
                    "The file uses more kinds of element, or longer names for them, than any WordPress or "
                    "Squarespace export. Nothing was imported."
                )
            self.names.add(name)

    def _open(self, name, attrib):
        depth = len(self.path)
        if depth == 3:
            self._open_in_channel(name)
        elif depth == 4 and self.item is not None:
            self._open_in_item(name, attrib)
        elif depth == 4 and self.author is not None and name in _AUTHOR_FIELDS:
            self._collect(NAME_LIMIT, lambda value, cut: self.author.update({_AUTHOR_FIELDS[name]: value.strip()}))
        elif depth == 5 and self.item is not None and self.path[3] == "wp:postmeta" and name in _META_FIELDS:
            self._collect(META_LIMIT, lambda value, cut: self.meta.update({_META_FIELDS[name]: value.strip()}))

    def _open_in_channel(self, name):
        if name == "item":
            self.items_read += 1
            if self.items_read > MAX_ITEMS:
                raise ExportError(
                    f"The file holds more than {MAX_ITEMS:,} items (articles, pages, images…), far more than a "
                    "practice's blog: please ask for help with so large an export. Nothing was imported."
                )
            self.item = Item()
        elif name == "wp:author":
            self.author = {"login": ""}
        elif name in {"wp:base_site_url", "link"} and not self.reader.site_url:
            self._collect(SITE_ADDRESS_LIMIT, lambda value, cut: setattr(self.reader, "site_url", value.strip()))

    def _open_in_item(self, name, attrib):
        item = self.item
        if name in _ITEM_FIELDS:
            self._collect(LIMITS[_ITEM_FIELDS[name]], self._item_field(item, _ITEM_FIELDS[name]))
        elif name == "category":
            if len(item.terms) >= MAX_TERMS:
                item.oversized.add("terms")
                return
            domain, slug = attrib.get("domain", "category")[:NAME_LIMIT], attrib.get("nicename", "")[:NAME_LIMIT]
            self._collect(NAME_LIMIT, lambda value, cut: item.terms.append((domain, slug, value.strip())))
        elif name == "wp:comment":
            item.comments += 1

    @staticmethod
    def _item_field(item, attribute):
        def keep(value, cut):
            setattr(item, attribute, value if attribute in _HTML_FIELDS else value.strip())
            if cut:
                item.oversized.add(attribute)

        return keep

    def _collect(self, limit, keep):
        self.text = _Text(len(self.path), limit, keep)

    def _keep_author(self, author):
        if not author.login:
            return  # no item can name it
        if author.login not in self.reader.authors and len(self.reader.authors) >= MAX_AUTHORS:
            raise ExportError(
                f"The file names more than {MAX_AUTHORS:,} authors, which no blog has. Nothing was imported."
            )
        self.reader.authors[author.login] = author


def _opened(source):
    return nullcontext(source) if hasattr(source, "read") else open(source, "rb")  # noqa: SIM115


class ExportReader:
    """The items of an export, read in one pass; the authors and the old site's address are known by the first item.

    `source` is a path or a binary file object. Reading raises ExportError for
    anything that is not a complete, well-formed WordPress export.
    """

    def __init__(self, source):
        self.source = source
        self.site_url = ""
        self.authors = {}

    def __iter__(self):
        from defusedxml import DefusedXmlException
        from defusedxml.ElementTree import ParseError

        try:
            yield from self._items()
        except ParseError as error:
            line, column = error.position
            reason = str(error).split(":")[0]
            raise ExportError(
                f"The file is damaged or incomplete at line {line}, column {column} ({reason}). "
                "Was the export cut short? Please export again and upload the whole file. Nothing was imported."
            ) from error
        except DefusedXmlException as error:
            raise ExportError(
                "The file declares its own document type or entities. WordPress and Squarespace exports never do, "
                "and such files can be used to attack a server, so it was not read. Nothing was imported."
            ) from error
        except (LookupError, UnicodeError, ValueError) as error:  # expat: "multi-byte encodings are not supported"
            raise ExportError(
                "The file is written in a character encoding that cannot be read. Please export it again from "
                "WordPress or Squarespace (they write UTF-8). Nothing was imported."
            ) from error

    def _items(self):
        from defusedxml.ElementTree import DefusedXMLParser

        collector = _Collector(self)
        parser = DefusedXMLParser(target=collector, forbid_dtd=True)
        unbroken = 0
        with _opened(self.source) as file:
            while chunk := file.read(CHUNK_BYTES):
                events = collector.events
                parser.feed(chunk)
                unbroken = unbroken + len(chunk) if collector.events == events else 0
                if unbroken > MAX_UNBROKEN_BYTES:
                    raise ExportError(
                        "The file holds a single tag or comment more than a megabyte long, which no export does. "
                        "Nothing was imported."
                    )
                yield from collector.take()
            parser.close()
        yield from collector.take()
        if not collector.is_wordpress:
            raise ExportError(
                "This RSS file is a feed, not a WordPress export: it has no WordPress fields. In WordPress, use "
                "Tools → Export; in Squarespace, Settings → Import & Export → Export → WordPress."
            )
