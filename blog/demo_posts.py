"""Original demo articles for `load_demo_content`, written for this project.

`topics` names slugs from DEMO_TOPICS. `days_ago` places each article in the past (negative: in the future, i.e.
scheduled); `status` defaults to published.
"""

DEMO_TOPICS = {
    "starting-therapy": ("Starting therapy", "What to expect, and how to find the right fit."),
    "relationships": ("Relationships", "Couples, families and the ways we connect."),
    "attachment": ("Attachment", "How early bonds shape the way we love."),
    "anxiety": ("Anxiety", "Understanding worry and finding steadier ground."),
    "self-care": ("Self-care", "Sleep, boundaries and kindness toward yourself."),
    "grief": ("Grief", "Living with loss."),
}

DEMO_POSTS = [
    {
        "title": "What to expect from a first therapy session",
        "slug": "what-to-expect-from-a-first-therapy-session",
        "topics": ["starting-therapy"],
        "days_ago": 150,
        "excerpt": "A first session is mostly a conversation: about what brings you here, "
        "what you hope will change, and whether we are a good fit.",
        "body": """
<p>Many people spend weeks deciding whether to book a first appointment, and then arrive braced for an interrogation. In practice, a first session is much gentler than that. It is a conversation about what brings you here, what you hope might change, and whether working together feels right.</p>
<h2>What we will talk about</h2>
<p>I will ask about what is troubling you now, how long it has been going on, and what you have already tried. I may ask about sleep, work, relationships and health, because they all affect one another. You decide how much to share. It is entirely fine to say “I’m not ready to talk about that yet.”</p>
<h2>What you can ask me</h2>
<ul>
<li>How I work, and what a typical session looks like.</li>
<li>How long therapy usually lasts for concerns like yours.</li>
<li>Fees, cancellations and how confidentiality works.</li>
</ul>
<p>Asking questions is part of the process. The relationship between client and therapist is one of the strongest predictors of whether therapy helps, so it matters that you feel comfortable.</p>
<h2>After the session</h2>
<p>You might feel lighter, or tired, or a little raw. All of these are normal. There is no obligation to book a second appointment on the spot; take a day or two to notice how it felt.</p>
""",
    },
    {
        "title": "Attachment styles, gently explained",
        "slug": "attachment-styles-gently-explained",
        "topics": ["relationships", "attachment"],
        "days_ago": 130,
        "excerpt": "The ways we learned to seek closeness as children still shape how we love, "
        "argue and reconnect as adults — and they can change.",
        "body": """
<p>Attachment theory began with a simple observation: infants need a reliable person to turn to when they are frightened, and they adapt to whatever kind of care is available. Those adaptations are clever survival strategies. Later in life, they can become habits that no longer fit.</p>
<h2>Four familiar patterns</h2>
<ul>
<li><strong>Secure:</strong> closeness feels mostly safe, and conflict can be repaired.</li>
<li><strong>Anxious:</strong> distance feels alarming, so we reach harder for reassurance.</li>
<li><strong>Avoidant:</strong> needing others feels risky, so we lean on self-reliance.</li>
<li><strong>Disorganized:</strong> the people we need also feel unpredictable, so we swing between reaching out and pulling away.</li>
</ul>
<p>Most of us recognize parts of several patterns, and our style can differ from one relationship to another.</p>
<h2>Attachment is not destiny</h2>
<p>Researchers use the phrase <em>earned security</em> for people who did not grow up with reliable care but developed a secure way of relating as adults. That often happens through relationships that are consistent over time — a partner, a close friend, and sometimes a therapist.</p>
<blockquote><p>Understanding your pattern is not about blame. It is about seeing the strategy, so you can choose when to use it.</p></blockquote>
""",
    },
    {
        "title": "Why the therapeutic relationship matters most",
        "slug": "why-the-therapeutic-relationship-matters",
        "topics": ["starting-therapy", "attachment"],
        "days_ago": 112,
        "excerpt": "Across decades of research, the quality of the bond between client and "
        "therapist predicts outcomes better than any single technique.",
        "body": """
<p>There are hundreds of named approaches to therapy. Yet when researchers compare them, one factor keeps rising to the top: the working alliance — the sense that you and your therapist agree on goals, agree on how to get there, and trust each other.</p>
<h2>What a good alliance feels like</h2>
<p>You feel listened to rather than analyzed. You can disagree with your therapist and nothing bad happens. When something in a session lands wrongly, it can be talked about and repaired.</p>
<h2>Ruptures are part of it</h2>
<p>Misunderstandings happen in every relationship, including this one. When a client says “that didn’t feel right last week,” it is often the start of the most useful work, because it is a chance to experience a disagreement that ends in repair instead of distance.</p>
<p>If you are meeting therapists for the first time, it is reasonable to pay attention to how you feel in the room. Feeling at ease is not a luxury; it is part of what makes therapy work.</p>
""",
    },
    {
        "title": "Anxiety is not the enemy",
        "slug": "anxiety-is-not-the-enemy",
        "topics": ["anxiety"],
        "days_ago": 96,
        "excerpt": "Anxiety is an alarm system doing its job too loudly. Learning to listen to it, "
        "rather than fight it, is often the first step to turning it down.",
        "body": """
<p>Anxiety has a purpose. It sharpens attention and prepares the body to act when something matters. The trouble begins when the alarm rings for situations that are uncomfortable rather than dangerous — an email, a party, a thought.</p>
<h2>The avoidance loop</h2>
<p>When we avoid what makes us anxious, relief arrives quickly. The brain learns that avoiding worked, and the alarm rings louder next time. Over weeks and months, life can quietly shrink around the things we no longer do.</p>
<h2>Small, steady steps</h2>
<ol>
<li>Notice the sensations without trying to make them stop: a racing heart, a tight chest.</li>
<li>Name what the anxiety predicts will happen.</li>
<li>Take a small step toward the feared situation, and notice what actually happens.</li>
</ol>
<p>This is the heart of exposure work, and it is most effective when it is paced with care, often with a therapist alongside.</p>
<h3>A note on breathing</h3>
<p>Slow breathing with a longer out-breath than in-breath can settle the body. It is not a way to win against anxiety, but a way to stay present while it passes.</p>
""",
    },
    {
        "title": "Boundaries without guilt",
        "slug": "boundaries-without-guilt",
        "topics": ["relationships", "self-care"],
        "days_ago": 80,
        "excerpt": "A boundary is not a wall or a punishment. It is information about what you can "
        "and cannot do, offered so a relationship can last.",
        "body": """
<p>Many people who come to therapy are exceptionally good at caring for others and far less practiced at saying no. When they try, guilt arrives almost instantly, as if protecting their own time were a kind of betrayal.</p>
<h2>What a boundary is</h2>
<p>A boundary describes what <em>you</em> will do, not what someone else must do. “I can’t talk on the phone after nine, but I would love to call on Saturday” is a boundary. “You need to stop calling me” is a request, and the other person may or may not agree to it.</p>
<h2>Why guilt shows up</h2>
<p>If you grew up in a family where other people’s moods set the temperature of the house, keeping everyone comfortable may have been your job. Guilt is the old alarm saying you are breaking a rule. It does not mean you are doing something wrong.</p>
<ul>
<li>Start with low-stakes situations.</li>
<li>Keep it short: explanations invite negotiation.</li>
<li>Expect discomfort, and let it pass without reversing your decision.</li>
</ul>
""",
    },
    {
        "title": "How couples therapy actually works",
        "slug": "how-couples-therapy-works",
        "topics": ["relationships"],
        "days_ago": 64,
        "excerpt": "Couples therapy is not a referee for who is right. It helps two people "
        "understand the pattern they get stuck in — and step out of it together.",
        "body": """
<p>Couples often arrive expecting the therapist to decide who is right. Instead, the focus is on the pattern between them: the way one partner’s reaction sets off the other’s, around and around.</p>
<h2>The cycle is the problem</h2>
<p>A common cycle is pursue–withdraw. One partner presses for connection, the other retreats to calm things down, which feels like rejection, so the first presses harder. Neither is the villain; both are trying to protect the relationship in the way they know.</p>
<h2>What sessions look like</h2>
<p>We slow conversations down so each person can hear what lies underneath the argument — often fear of not mattering, or fear of failing. When partners can share those softer feelings and be met, the cycle loses its grip.</p>
<p>Couples therapy can also help partners decide, with care, that they want to separate. A respectful ending is a meaningful outcome too.</p>
""",
    },
    {
        "title": "Sleep and mood: a two-way street",
        "slug": "sleep-and-mood",
        "topics": ["anxiety", "self-care"],
        "days_ago": 45,
        "excerpt": "Poor sleep makes hard feelings harder, and hard feelings make sleep worse. "
        "A few reliable habits can interrupt the loop.",
        "body": """
<p>After a bad night, small frustrations feel larger and worries louder. After a worried day, sleep comes slowly. Sleep and mood feed each other, for better and for worse.</p>
<h2>Habits that help</h2>
<ul>
<li>Keep a regular wake-up time, even at weekends.</li>
<li>Use the bed for sleep, not for scrolling or worrying.</li>
<li>If you are awake for a long while, get up and do something calm in dim light.</li>
<li>Write tomorrow’s worries on paper an hour before bed, then close the notebook.</li>
</ul>
<p>These are the core of cognitive behavioral therapy for insomnia, which has strong research support. If sleep problems persist for months, it is worth talking with your doctor as well.</p>
""",
    },
    {
        "title": "Grief has no timetable",
        "slug": "grief-has-no-timetable",
        "topics": ["grief"],
        "days_ago": 30,
        "excerpt": "The idea of neat stages of grief is comforting, but most people’s grief "
        "moves in waves. There is no right way, and no deadline.",
        "body": """
<p>People often worry that they are grieving wrongly: too much, too little, too long. Grief rarely follows the tidy sequence of stages that popular culture describes. It comes in waves, sometimes triggered by a song or a date, sometimes by nothing at all.</p>
<h2>Moving between loss and life</h2>
<p>Many bereaved people find themselves swinging between facing the loss — remembering, crying, longing — and turning toward daily life — work, plans, even laughter. That movement is healthy. Taking breaks from grief is not forgetting.</p>
<blockquote><p>You do not “get over” an important loss. Over time, you grow around it.</p></blockquote>
<p>If grief makes it hard to function for a long time, or if you feel that life is not worth living, please reach out for support. You do not have to carry it alone.</p>
""",
    },
    {
        "title": "Self-compassion is not self-indulgence",
        "slug": "self-compassion-is-not-self-indulgence",
        "topics": ["self-care"],
        "days_ago": 14,
        "excerpt": "Being kind to yourself after a mistake does not make you lazy. Research suggests "
        "it makes you more likely to learn and try again.",
        "body": """
<p>Many high achievers believe their inner critic keeps them on track, and fear that kindness toward themselves would lead to complacency. The evidence points the other way: people who respond to failure with self-compassion are more likely to take responsibility and to try again.</p>
<h2>Three parts of self-compassion</h2>
<ol>
<li><strong>Mindfulness:</strong> noticing that you are struggling, without exaggerating or dismissing it.</li>
<li><strong>Common humanity:</strong> remembering that struggling is part of being human, not proof that you are uniquely flawed.</li>
<li><strong>Kindness:</strong> speaking to yourself as you would to a friend in the same situation.</li>
</ol>
<p>Try it the next time you make a mistake: pause, put a hand on your chest if that feels right, and ask, “What would I say to someone I love right now?”</p>
""",
    },
    {
        "title": "Telehealth or in person? Choosing what fits",
        "slug": "telehealth-or-in-person",
        "topics": ["starting-therapy"],
        "days_ago": 4,
        "excerpt": "Online sessions can be as effective as meeting in the office. The right choice "
        "depends on privacy at home, travel, and what helps you feel at ease.",
        "body": """
<p>Since video sessions became common, many clients ask whether they are as good as meeting in person. For many concerns, studies find similar outcomes. The better question is which format suits you.</p>
<h2>Things to consider</h2>
<ul>
<li><strong>Privacy:</strong> is there somewhere at home where you can speak without being overheard?</li>
<li><strong>Travel:</strong> a long commute can make weekly sessions hard to sustain.</li>
<li><strong>Presence:</strong> some people open up more easily in the quiet of an office.</li>
</ul>
<p>You can also combine the two, meeting in person at first and moving online later, or the other way round.</p>
""",
    },
    {
        "title": "Starting therapy during a busy season",
        "slug": "starting-therapy-during-a-busy-season",
        "topics": ["starting-therapy"],
        "days_ago": -7,
        "excerpt": "There is never a perfect time to start. Here is how to make room for therapy "
        "when life is already full.",
        "body": """
<p>People often wait for a quieter month before starting therapy. Often, the busy season is exactly when support helps most.</p>
<h2>Making room</h2>
<p>Choose a regular time that you can protect, and plan a few minutes of quiet before and after each session.</p>
""",
    },
    {
        "title": "Notes on perfectionism (draft)",
        "slug": "notes-on-perfectionism",
        "topics": ["anxiety"],
        "days_ago": None,
        "status": "draft",
        "excerpt": "",
        "body": """
<p>Perfectionism often looks like high standards from the outside and feels like fear from the inside.</p>
<p>To be continued.</p>
""",
    },
]
