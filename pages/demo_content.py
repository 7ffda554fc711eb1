"""Original demo content for the practice pages, written for this project."""

PROFILE = {
    "practice_name": "Stillwater Counseling",
    "tagline": "Individual and couples therapy in a calm, unhurried space.",
    "introduction": (
        "Whether you are facing anxiety, a loss, a relationship under strain or simply a sense that something "
        "needs to change, therapy can be a place to slow down and make sense of it.\n\n"
        "I offer sessions in my Brooklyn office and by secure video across New York State."
    ),
    "therapist_name": "Dana Whitfield",
    "credentials": "LCSW",
    "approaches": "Emotionally focused therapy (EFT)\nCognitive behavioral therapy (CBT)\nMindfulness-based approaches",
    "booking_url": "https://booking.example/stillwater-counseling",
    "phone": "(555) 010-0199",
    "email": "hello@stillwater.example",
    "address": "123 Example Street, Suite 4\nBrooklyn, NY 11201",
    "areas_served": "Brooklyn in person; all of New York State by video",
    "languages": "English, Spanish",
    "reply_time": "within two working days",
}

FEES = {
    "insurance_plans": "Aetna\nCigna",
    "out_of_network_note": "For other plans, I provide a monthly superbill you can submit to your insurer for "
    "out-of-network reimbursement.",
    "payment_methods": "Credit and debit cards, HSA and FSA cards",
    "sliding_scale_note": "A limited number of sliding-scale places are available — just ask.",
    "show_good_faith_estimate": True,
}

LICENSES = [
    {"kind": "LCSW", "jurisdiction": "New York", "number": "000000", "order": 1},
    {"kind": "LCSW", "jurisdiction": "New Jersey", "number": "44SC00000000", "order": 2},
]

# Specialties, each with the blog topic of the same subject (a slug of DEMO_TOPICS) or None.
SPECIALTIES = [
    ("Anxiety", "anxiety"),
    ("Couples and relationships", "relationships"),
    ("Grief and loss", "grief"),
    ("Life transitions", None),
]

# The demo's articles are the therapist's: `create_local_admin` makes this account's articles and author
# profile the local admin's, so that the therapist and her byline are one person.
DEMO_AUTHOR = {"username": "dana", "first_name": "Dana", "last_name": "Whitfield"}
AUTHOR_PROFILE = {
    "display_name": "Dana Whitfield",
    "credentials": "LCSW",
    "bio": "Dana is a licensed clinical social worker in Brooklyn who works with individuals and couples. "
    "She writes here about anxiety, relationships and the first steps into therapy.",
}

SERVICES = [
    {
        "title": "Individual therapy",
        "slug": "individual-therapy",
        "format": "individual",
        "session_minutes": 50,
        "fee": "160.00",
        "sliding_scale_note": "A limited number of sliding-scale places are available — just ask.",
        "excerpt": "Weekly one-to-one sessions for anxiety, low mood, life transitions and relationships.",
        "body": "<p>Individual therapy is a regular, confidential hour that belongs to you. Together we look at what "
        "keeps you stuck and practice new ways of responding.</p><h2>Who it helps</h2><ul><li>Anxiety and worry"
        "</li><li>Low mood and burnout</li><li>Life changes, loss and grief</li></ul>",
    },
    {
        "title": "Couples therapy",
        "slug": "couples-therapy",
        "format": "couples",
        "session_minutes": 75,
        "fee": "210.00",
        "excerpt": "For partners who keep having the same argument and want to find their way back to each other.",
        "body": "<p>We look at the cycle you get caught in, rather than at who is to blame, and build the safety "
        "to talk about what lies underneath it.</p><p>Sessions are longer, so that both partners have room.</p>",
    },
    {
        "title": "Family sessions",
        "slug": "family-sessions",
        "format": "family",
        "session_minutes": 75,
        "fee": "210.00",
        "excerpt": "Support for parents and young adults navigating change, conflict or a difficult season together.",
        "body": "<p>Family sessions give everyone a chance to be heard, with a neutral person keeping the "
        "conversation safe and on track.</p>",
    },
    {
        "title": "Anxiety skills group",
        "slug": "anxiety-skills-group",
        "format": "group",
        "session_minutes": 90,
        "fee": "60.00",
        "excerpt": "An eight-week group to learn practical tools for anxiety alongside others who understand.",
        "body": "<p>Each week we learn and practice one skill — from slowing the breath to facing avoided "
        "situations step by step — in a small, supportive group of up to eight people.</p>",
    },
]

PAGES = [
    {
        "title": "About",
        "slug": "about",
        "show_in_navigation": True,
        "order": 1,
        "body": "<p>I am a Licensed Clinical Social Worker with fifteen years of experience helping adults and "
        "couples through anxiety, grief and relationship difficulties.</p><h2>How I work</h2><p>My approach is "
        "warm, collaborative and practical. I draw on attachment-based and emotionally focused therapy, and on "
        "cognitive behavioral tools when they fit.</p><h2>Training and credentials</h2><ul><li>Master of "
        "Social Work</li><li>Certified in Emotionally Focused Therapy</li><li>Licensed in New York State</li></ul>",
    },
    {
        "title": "Fees and insurance",
        "slug": "fees",
        "show_in_navigation": True,
        "order": 2,
        "body": "<h2>Cancellations</h2><p>Please let me know at least 24 hours ahead if you need to cancel, so "
        "that someone else can use the time.</p>",
    },
    {
        "title": "Privacy policy",
        "slug": "privacy-policy",
        "show_in_navigation": False,
        "order": 3,
        "body": "<p>This website does not use tracking, advertising cookies or analytics from other companies, "
        "and it loads nothing from other websites.</p><h2>What this site counts</h2><p>The site's own server "
        "counts how many times each page is read, from which website readers came (its name only), the "
        "words searched for on the site, and how many consultation requests follow an article. These are "
        "counts, never about you: no cookie, no IP address, nothing that tells one reader from another, and "
        "nothing is counted if your browser asks not to be tracked (Do Not Track or Global Privacy "
        "Control).</p><h2>Consultation requests</h2><p>When you send a "
        "consultation request, your name, contact details and message are stored on this site so that I can "
        "reply. The notification I receive by email contains none of them. Requests are deleted some months "
        "after they are closed.</p><h2>New articles by email</h2><p>If you ask for new articles by email, only "
        "your email address is stored, with when you confirmed it. An address that is never confirmed is "
        "deleted 7 days after the last confirmation email, and 14 days after it was entered at the latest; after "
        "you unsubscribe (a link in every email), your address is deleted after 30 "
        "days. The emails contain no tracking: I do not see whether you opened them.</p>",
    },
    {
        "title": "Accessibility",
        "slug": "accessibility",
        "show_in_navigation": False,
        "order": 4,
        "body": "<p>Everyone who looks for help should be able to use this website, whatever device, browser or "
        "assistive technology they use.</p><h2>The standard this site is tested against</h2><p>The site is built "
        "to meet the Web Content Accessibility Guidelines (WCAG) 2.2 at level AA. Every change to it is checked "
        "automatically, in a real browser at phone and desktop widths, with axe and Lighthouse; its pages work "
        "with a keyboard alone, with a screen reader, zoomed to 200% and without JavaScript.</p><h2>Known limits"
        "</h2><ul><li>Online booking and the client portal are services of other companies, with accessibility "
        "statements of their own; this one does not cover them.</li><li>Articles moved from an earlier website "
        "may have pictures without a description; I add them as I find them.</li></ul><h2>Asking for an "
        "accommodation</h2><p>If anything here is hard to use, or you need information in another format, "
        "please tell me and we will find a way that works for you: call <a href=\"tel:+15550100199\">(555) "
        "010-0199</a>, email <a href=\"mailto:hello@stillwater.example\">hello@stillwater.example</a>, or, if you "
        "are deaf, hard of hearing or have a speech disability, dial <a href=\"tel:711\">711</a> for the "
        "Telecommunications Relay Service. The same goes for sessions: tell me what you need.</p><p>Last "
        "reviewed: December 2026.</p>",
    },
]
