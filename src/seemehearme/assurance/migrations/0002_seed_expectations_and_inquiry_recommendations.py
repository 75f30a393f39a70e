"""Seed what a partnership assesses itself against (version 1) and the inquiry's own
recommendations.

The expectations: what the 2009 statutory guidance expected of every board, the See Me, Hear
Me framework's seven principles, and its three groups of questions. The recommendations: the
eight the inquiry's final report, "If only someone had listened" (2013), made to government,
quoted as its summary for children and young people words them. A local area may retire and
replace expectations (docs/adr/0013-reference-data-retire-and-replace.md).
"""

import datetime as dt

from django.db import migrations
from django.utils import timezone

EXPECTATIONS = [
    (
        "guidance_2009",
        "guidance-proactive-strategy",
        "A proactive strategy that both protects children from sexual exploitation and pursues "
        "those who abuse them.",
    ),
    (
        "guidance_2009",
        "guidance-strategic-lead-and-protocol",
        "A strategic lead for sexual exploitation and a specific protocol for tackling it.",
    ),
    (
        "guidance_2009",
        "guidance-sub-group",
        "A multi-agency sub-group that oversees the work on sexual exploitation.",
    ),
    (
        "guidance_2009",
        "guidance-coordinator",
        "A coordinator for the partnership's work on sexual exploitation.",
    ),
    (
        "guidance_2009",
        "guidance-coordinated-delivery",
        "Coordinated delivery: the agencies' services work together, not in isolation.",
    ),
    (
        "guidance_2009",
        "guidance-support-for-families",
        "Support for young people and for their families or carers.",
    ),
    ("principle", "principle-best-interests", "The child's best interests are the top priority."),
    ("principle", "principle-participation", "Children take part in all decisions about them."),
    (
        "principle",
        "principle-enduring-relationships",
        "Enduring relationships: support fitted to the child's circumstances, from the same "
        "person over time.",
    ),
    (
        "principle",
        "principle-information-sharing",
        "Information is shared within and between agencies under an agreed protocol.",
    ),
    (
        "principle",
        "principle-supervision-and-training",
        "Supervision, support and regular training for staff, and checking for best practice.",
    ),
    (
        "principle",
        "principle-problem-profiling",
        "Comprehensive problem profiling: local patterns checked regularly and fed into action "
        "plans.",
    ),
    (
        "principle",
        "principle-evaluation",
        "Evaluation and review: the strategy is checked regularly to see whether it works.",
    ),
    (
        "voice_of_the_child",
        "question-voice-of-the-child",
        "Voice of the child: is each child seen, heard, believed and involved, and kept with "
        "the same worker?",
    ),
    (
        "voice_of_the_professional",
        "question-voice-of-the-professional",
        "Voice of the professional: is each professional trained, supervised and supported, "
        "and able to share what they know and to escalate?",
    ),
    (
        "protecting_the_child",
        "question-protecting-the-child",
        "Protecting the child: does each child have a specific plan, are perpetrators "
        "disrupted, and is it working?",
    ),
]

INQUIRY_PUBLISHED = dt.date(2013, 11, 26)

# Worded exactly as "If only someone had listened", summary for children and young people.
INQUIRY_RECOMMENDATIONS = [
    "The Department of Education should check whether the working together guidance on child "
    "sexual exploitation (2009) needs to be changed or updated",
    "Local Safeguarding Children Boards should do what the working together guidance says",
    "Local Safeguarding Children Boards need to look at their action plans on child sexual "
    "exploitation to check they are working and include things we have said, like the See "
    "Me, Hear Me framework",
    "Local agencies must share information in an agreed way",
    "Local authorities have a Joint Strategic Needs Assessment explaining health needs of "
    "people in that area. This must include evidence about child sexual exploitation",
    "Relationships and sex education must be taught in every school and college across "
    "England by specially trained and skilled practitioners.",
    "Agencies need to check their plans on how to stop child sexual exploitation and make sure "
    "these plans work with other agencies",
    "Agencies need to look at things to help understand child sexual exploitation in their "
    "area, such as who the victims are, offenders, gangs, gang-associated girls and high risk "
    "neighbourhoods",
]


def seed(apps, schema_editor):
    Expectation = apps.get_model("assurance", "Expectation")
    HistoricalExpectation = apps.get_model("assurance", "HistoricalExpectation")
    Recommendation = apps.get_model("assurance", "Recommendation")
    for order, (source, code, text) in enumerate(EXPECTATIONS, start=1):
        expectation, created = Expectation.objects.get_or_create(
            code=code, defaults={"source": source, "text": text, "order": order}
        )
        if created:
            HistoricalExpectation.objects.create(
                id=expectation.pk,
                source=source,
                code=code,
                text=text,
                order=order,
                version=1,
                is_active=True,
                history_date=timezone.now(),
                history_type="+",
                history_change_reason="Seeded (version 1)",
            )
    for number, text in enumerate(INQUIRY_RECOMMENDATIONS, start=1):
        Recommendation.objects.get_or_create(
            area=None,
            reference=f"If only someone had listened (2013), recommendation {number}",
            defaults={"source": "inquiry", "text": text, "made_on": INQUIRY_PUBLISHED},
        )


def unseed(apps, schema_editor):
    apps.get_model("assurance", "Recommendation").objects.filter(
        area=None, source="inquiry"
    ).delete()
    apps.get_model("assurance", "Expectation").objects.filter(
        code__in=[code for _, code, _ in EXPECTATIONS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("assurance", "0001_self_assessment_plans_and_recommendations")]

    operations = [migrations.RunPython(seed, unseed)]
