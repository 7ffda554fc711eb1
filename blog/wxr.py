"""Reading a WordPress eXtended RSS export (WXR): WordPress's own, and Squarespace's "Export → WordPress".

The file comes from outside, so it is read with defusedxml: a document type
declaration is refused before anything in it is expanded (no external
entities, no "billion laughs"). It is read as a stream: each <item> is handed
over and then dropped, so a 200 MB export is read in bounded memory.
"""

from dataclasses import dataclass, field

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, iterparse

# Exports name the WordPress namespaces by version (…/export/1.0/ to 1.2/); the rest are fixed.
_FIXED_NAMESPACES = {
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://wellformedweb.org/CommentAPI/": "wfw",
}
_WORDPRESS = "http://wordpress.org/export/"
# Far deeper than any export nests; deeper is a file made to exhaust memory.
MAX_DEPTH = 64


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


def _name(tag):
    """ "{http://wordpress.org/export/1.2/}post_type" → "wp:post_type"; plain RSS names stay as they are."""
    if not tag.startswith("{"):
        return tag
    namespace, local = tag[1:].split("}", 1)
    if namespace.startswith(_WORDPRESS):
        return f"excerpt:{local}" if namespace.rstrip("/").endswith("excerpt") else f"wp:{local}"
    return f"{_FIXED_NAMESPACES.get(namespace, namespace)}:{local}"


def _text(element):
    return (element.text or "").strip()


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


def _item(element):
    item = Item()
    for child in element:
        name = _name(child.tag)
        if name in _ITEM_FIELDS:
            value = child.text or ""
            is_html = name in {"content:encoded", "excerpt:encoded"}
            setattr(item, _ITEM_FIELDS[name], value if is_html else value.strip())
        elif name == "category":
            item.terms.append((child.get("domain", "category"), child.get("nicename", ""), _text(child)))
        elif name == "wp:postmeta":
            values = {_name(part.tag): part.text or "" for part in child}
            item.meta[values.get("wp:meta_key", "")] = values.get("wp:meta_value", "")
        elif name == "wp:comment":
            item.comments += 1
    return item


def _author(element):
    values = {_name(child.tag): _text(child) for child in element}
    return Author(
        login=values.get("wp:author_login", ""),
        email=values.get("wp:author_email", ""),
        display_name=values.get("wp:author_display_name", ""),
        first_name=values.get("wp:author_first_name", ""),
        last_name=values.get("wp:author_last_name", ""),
    )


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
        events = iterparse(self.source, events=("start", "end"), forbid_dtd=True)
        path = []
        root = channel = None
        is_wordpress = False
        for event, element in events:
            name = _name(element.tag)
            if event == "start":
                if not path:
                    root = element
                if not path and name != "rss":
                    raise ExportError(
                        "This is not a WordPress export: it does not start as an RSS file. In WordPress, use "
                        "Tools → Export; in Squarespace, Settings → Import & Export → Export → WordPress."
                    )
                path.append(name)
                if path == ["rss", "channel"]:
                    channel = element
                if len(path) > MAX_DEPTH:
                    raise ExportError(
                        f"The file nests its elements more than {MAX_DEPTH} deep, which no export does. "
                        "Nothing was imported."
                    )
                continue
            path.pop()
            is_wordpress = is_wordpress or name.startswith("wp:")
            if path == ["rss", "channel"]:
                if name == "item":
                    yield _item(element)
                elif name == "wp:author":
                    author = _author(element)
                    self.authors[author.login] = author
                elif name in {"wp:base_site_url", "link"} and not self.site_url:
                    self.site_url = _text(element)
                element.clear()
                channel.remove(element)
            elif path == ["rss"] and name != "channel":
                element.clear()  # anything beside the channel is not read, and not kept
                root.remove(element)
        if not is_wordpress:
            raise ExportError(
                "This RSS file is a feed, not a WordPress export: it has no WordPress fields. In WordPress, use "
                "Tools → Export; in Squarespace, Settings → Import & Export → Export → WordPress."
            )
