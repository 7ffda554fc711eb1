"""The topics above the blog: `{% topic_filter topic %}` (the topic whose page this is, or nothing)."""

from django import template

from blog.topic_list import topics_with_public_posts

register = template.Library()

# Topics offered above the blog at once: the most used; the others are one tap away (“More topics”).
TOPICS_SHOWN = 12


@register.inclusion_tag("includes/topic_filter.html")
def topic_filter(current=None):
    """The TOPICS_SHOWN most used topics in the row, the rest behind “More topics”.

    An imported blog may bring a hundred topics: the filter must not push the articles off a phone's screen.
    """
    current = current or None  # on the blog's own page `topic` is not set: ""
    topics = topics_with_public_posts()
    most_used = {topic.pk for topic in sorted(topics, key=lambda topic: -topic.public_posts)[:TOPICS_SHOWN]}
    more = [topic for topic in topics if topic.pk not in most_used]
    return {
        "topic": current,
        "topics": [topic for topic in topics if topic.pk in most_used],
        "more_topics": more,
        "current_in_more": current is not None and current.pk in {topic.pk for topic in more},
    }
