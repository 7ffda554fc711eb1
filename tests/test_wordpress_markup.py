"""WordPress's stored text (no paragraph tags, shortcodes) becomes the editor's HTML."""

import pytest

from importing.markup import convert_body, image_sources, replace_addresses


@pytest.mark.parametrize(
    ("stored", "html"),
    [
        ("One.\n\nTwo,\nand more.", "<p>One.</p>\n<p>Two,<br>\nand more.</p>"),
        ("One.\r\n\r\n\r\nTwo.", "<p>One.</p>\n<p>Two.</p>"),
        ("<h2>Title</h2>\n\nText.", "<h2>Title</h2>\n<p>Text.</p>"),
        ("<ul>\n<li>a</li>\n</ul>", "<ul>\n<li>a</li>\n</ul>"),
        (
            "<!-- wp:paragraph -->\n<p>Blocks.</p>\n<!-- /wp:paragraph -->",
            "<!-- wp:paragraph -->\n<p>Blocks.</p>\n<!-- /wp:paragraph -->",
        ),
        ("", ""),
    ],
    ids=["paragraphs", "windows-line-ends", "heading", "list", "block-editor", "empty"],
)
def test_blank_lines_become_paragraphs(stored, html):
    assert convert_body(stored)[0] == html


def test_a_caption_becomes_a_figure():
    stored = '[caption id="attachment_4" width="300"]<img src="/a.jpg" alt="Sea" /> Waves <em>at dusk</em>[/caption]'
    assert convert_body(stored) == (
        '<figure><img src="/a.jpg" alt="Sea" /><figcaption>Waves <em>at dusk</em></figcaption></figure>',
        {},
        [],
    )


def test_an_older_caption_written_as_an_attribute_is_kept():
    stored = (
        '[caption caption="A bench &amp; a tree"]<a href="/b.jpg"><img src="/b-300x200.jpg" alt="" /></a>[/caption]'
    )
    assert convert_body(stored)[0] == (
        '<figure><a href="/b.jpg"><img src="/b-300x200.jpg" alt="" /></a>'
        "<figcaption>A bench & a tree</figcaption></figure>"
    )


@pytest.mark.parametrize(
    ("stored", "kept", "removed"),
    [
        ('Before [gallery ids="1,2"] after', "<p>Before  after</p>", ["gallery"]),
        ('[su_note color="blue"]Kept words[/su_note]', "<p>Kept words</p>", ["su_note"]),
        ('[contact-form-7 id="12" title="Contact"]', "", ["contact-form-7"]),
        ("[sqs-block-code]", "", ["sqs-block-code"]),
        (
            "[citation needed], [1] and [a link](https://x.example)",
            "<p>[citation needed], [1] and [a link](https://x.example)</p>",
            [],
        ),
    ],
    ids=["gallery-without-images", "unknown-enclosing", "form", "squarespace-leftover", "ordinary-brackets"],
)
def test_shortcodes_are_removed_and_named(stored, kept, removed):
    assert convert_body(stored) == (kept, {}, removed)


@pytest.mark.parametrize(
    ("stored", "link"),
    [
        ("[embed]https://vimeo.com/123[/embed]", "https://vimeo.com/123"),
        ('[embed width="500"]https://vimeo.com/123[/embed]', "https://vimeo.com/123"),
        ('[audio src="https://old.example/sound.mp3"]', "https://old.example/sound.mp3"),
        ('[audio mp3="https://old.example/sound.mp3"][/audio]', "https://old.example/sound.mp3"),
        ('[video width="640" mp4="https://old.example/clip.mp4"][/video]', "https://old.example/clip.mp4"),
        ("[video]https://old.example/clip.webm[/video]", "https://old.example/clip.webm"),
    ],
    ids=["embed", "embed-with-settings", "audio", "audio-closed", "video", "video-enclosing"],
)
def test_audio_video_and_embeds_become_a_plain_link_to_what_they_showed(stored, link):
    text, replaced, removed = convert_body(f"Before\n\n{stored}\n\nAfter")
    assert f'<p><a href="{link}">{link}</a></p>' in text
    assert "[" not in text
    assert (list(replaced.values()), removed) == (["link"], [])


def test_an_address_alone_on_its_line_an_auto_embed_becomes_a_link():
    text = convert_body("Watch this:\n\nhttps://www.youtube.com/watch?v=nwe-H6l4beM\n\nThen rest.")[0]
    assert '<p><a href="https://www.youtube.com/watch?v=nwe-H6l4beM">' in text
    assert "<p>Then rest.</p>" in text


def test_a_gallery_becomes_what_the_import_makes_of_its_images():
    def media(name, attributes, enclosed):
        return '<figure><img src="/one.jpg" alt="One"></figure>' if name == "gallery" else None

    text, replaced, removed = convert_body('Look:\n\n[gallery ids="4,5" columns="2"]', media)
    assert text == '<p>Look:</p>\n<figure><img src="/one.jpg" alt="One"></figure>'
    assert (replaced, removed) == ({"gallery": "figures"}, [])


def test_images_and_full_size_links_are_found_and_repointed():
    body = (
        '<a href="https://old.example/p.jpg"><img data-src="x" src="https://old.example/p-300x200.jpg"></a>'
        '<a href="/about/">About</a>'
    )
    assert image_sources(body) == ["https://old.example/p-300x200.jpg", "https://old.example/p.jpg"]
    moved = replace_addresses(body, lambda tag, old: "/media/uploads/new.jpg" if old.endswith(".jpg") else None)
    assert moved == (
        '<a href="/media/uploads/new.jpg"><img data-src="x" src="/media/uploads/new.jpg"></a>'
        '<a href="/about/">About</a>'
    )
