"""The demo's pictures: photographs for the articles and an illustrated portrait of the (fictional) therapist.

The photographs come from Debian's `mate-backgrounds` package (GPL-2+, credited in docs/demo-media.md),
scaled to 1,600 pixels; the portrait was drawn for this project (demo_media/portrait.svg, exported to JPEG).
They are files in the repository: loading the demo downloads nothing.
"""

from pathlib import Path
from typing import NamedTuple

MEDIA = Path(__file__).resolve().parent / "demo_media"


class DemoPicture(NamedTuple):
    file: str
    description: str


# In the order of blog.demo_posts.DEMO_POSTS: each article's featured photograph and its description.
ARTICLE_PHOTOGRAPHS = [
    DemoPicture("wood.jpg", "Pale, weathered wooden boards in soft daylight"),
    DemoPicture("twowings.jpg", "Two dandelion seeds resting together in front of orange blossoms"),
    DemoPicture("garden.jpg", "A red and gold marigold opening in a garden"),
    DemoPicture("storm.jpg", "Dark storm clouds over an empty road"),
    DemoPicture("blinds.jpg", "Daylight shining through the ribs of a green leaf"),
    DemoPicture("ladybird.jpg", "A ladybird on a grass stem among small blue flowers"),
    DemoPicture("aqua.jpg", "A single drop of water landing in still water"),
    DemoPicture("raindrops.jpg", "Raindrops on long blades of grass"),
    DemoPicture("yellowflower.jpg", "A yellow flower in full bloom"),
    DemoPicture("dune.jpg", "Dune grass by the sea under a blue sky"),
    DemoPicture("greenmeadow.jpg", "Young green grass growing close together"),
    DemoPicture("freshflower.jpg", "The petals of an orange flower, close up"),
]
PORTRAIT = DemoPicture("portrait.jpg", "Dana Whitfield, smiling, in glasses and a green cardigan (an illustration)")


def picture_bytes(picture):
    return (MEDIA / picture.file).read_bytes()
