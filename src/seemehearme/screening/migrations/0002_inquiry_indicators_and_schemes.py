"""Seed the inquiry's checklist (set "inquiry-2012", version 1) and two scoring schemes.

The 15 vulnerabilities and 14 warning signs are worded exactly as the inquiry published them.
Each warning sign carries the weight SERAF gives it:

- significant: missing from home or care; repeat STIs, pregnancy and terminations; receipt of
  gifts from unknown sources; recruiting others into exploitative situations; physical
  injuries; self-harm; thoughts of or attempts at suicide; estranged from family;
- moderate: every other warning sign.

Each indicator also names the kind of information its evidence usually is, so that evidence
from another agency is shown only where an information-sharing agreement covers it.

The schemes are a SERAF-style points-and-bands scheme and the inquiry's own rule (three or
more warning signs means high risk). Both are configuration: see docs/screening.md.
"""

import datetime as dt

from django.db import migrations

SET_CODE = "inquiry-2012"

VULNERABILITIES = [
    (
        "Chaotic or dysfunctional household (parental substance misuse, domestic violence, parental mental ill-health, parental criminality)",
        "social-care",
    ),
    (
        "History of abuse (familial sexual abuse, risk of forced marriage or honour-based violence, physical or emotional abuse, neglect)",
        "social-care",
    ),
    ("Recent bereavement or loss", "social-care"),
    ("Gang association through relatives, peers or intimate relationships", "police-intelligence"),
    ("Attending school with young people who are already sexually exploited", "education"),
    ("Learning disabilities", "education"),
    ("Unsure about sexual orientation, or unable to disclose it to family", "voluntary-sector"),
    ("Friends with young people who are sexually exploited", "voluntary-sector"),
    ("Homeless", "housing"),
    ("Lacking friends from the same age group", "education"),
    ("Living in a gang neighbourhood", "police-intelligence"),
    ("Living in residential care", "social-care"),
    ("Living in a hostel, bed-and-breakfast accommodation or a foyer", "housing"),
    ("Low self-esteem or self-confidence", "social-care"),
    ("Young carer", "social-care"),
]

SIGNIFICANT = "significant"
MODERATE = "moderate"

WARNING_SIGNS = [
    ("Missing from home or care", SIGNIFICANT, "police-incidents"),
    ("Physical injuries", SIGNIFICANT, "health"),
    ("Drug or alcohol misuse", MODERATE, "health"),
    ("Involvement in offending", MODERATE, "youth-justice"),
    (
        "Repeat sexually transmitted infections, pregnancy and terminations",
        SIGNIFICANT,
        "sexual-health",
    ),
    ("Absent from school", MODERATE, "education"),
    ("Change in physical appearance", MODERATE, "education"),
    (
        "Evidence of sexual bullying and/or vulnerability through the internet or social networking sites",
        MODERATE,
        "voluntary-sector",
    ),
    ("Estranged from family", SIGNIFICANT, "social-care"),
    ("Receipt of gifts from unknown sources", SIGNIFICANT, "police-intelligence"),
    ("Recruiting others into exploitative situations", SIGNIFICANT, "police-intelligence"),
    ("Poor mental health", MODERATE, "health"),
    ("Self-harm", SIGNIFICANT, "health"),
    ("Thoughts of or attempts at suicide", SIGNIFICANT, "health"),
]

SERAF = {
    "unit": ["point", "points"],
    "points": [
        {"match": {"kind": "vulnerability"}, "label": "vulnerability", "points": 1},
        {
            "match": {"kind": "warning_sign", "seraf_level": "moderate"},
            "label": "moderate",
            "windows": [{"within_months": 6, "points": 1}],
        },
        {
            "match": {"kind": "warning_sign", "seraf_level": "significant"},
            "label": "significant",
            "windows": [
                {"within_months": 6, "points": 5},
                {"within_months": 12, "points": 1},
            ],
        },
    ],
    "bands": [
        {
            "code": "not-at-risk",
            "label": "Not at risk",
            "min": 0,
            "required_action": (
                "Keep supporting the child through the services already involved. Record what "
                "you have seen and screen again if anything changes."
            ),
        },
        {
            "code": "mild",
            "label": "Mild",
            "min": 6,
            "required_action": (
                "Talk to your agency's safeguarding lead and the CSE coordinator. Agree "
                "preventative work with the child and screen again within 3 months."
            ),
        },
        {
            "code": "moderate",
            "label": "Moderate",
            "min": 11,
            "required_action": (
                "Refer the child to the CSE coordinator today for a multi-agency strategy "
                "discussion, and agree a plan to protect them."
            ),
        },
        {
            "code": "significant",
            "label": "Significant",
            "min": 16,
            "required_action": (
                "Refer the child to children's social care and tell the police today: a "
                "strategy meeting must be held. If the child is in immediate danger, call 999."
            ),
        },
    ],
}

THREE_OR_MORE = {
    "unit": ["warning sign", "warning signs"],
    "points": [
        {
            "match": {"kind": "warning_sign"},
            "label": "warning sign",
            "windows": [{"within_months": 12, "points": 1}],
        }
    ],
    "bands": [
        {
            "code": "not-high-risk",
            "label": "Not high risk",
            "min": 0,
            "required_action": (
                "Fewer than three warning signs in the last 12 months. Keep watching and "
                "recording what you see: a child can be at risk with fewer signs, so use your "
                "professional judgement."
            ),
        },
        {
            "code": "high-risk",
            "label": "High risk",
            "min": 3,
            "required_action": (
                "Three or more warning signs in the last 12 months: the inquiry counted this as "
                "high risk. Refer the child to the CSE coordinator today."
            ),
        },
    ],
}

SCHEMES = [
    (
        "seraf",
        "SERAF-style points and bands",
        "Each vulnerability scores 1 point. Moderate warning signs score 1 point if seen in the "
        "last 6 months. Significant warning signs score 5 points if seen in the last 6 months "
        "and 1 point if seen 6 to 12 months ago. Bands: 0 to 5 not at risk, 6 to 10 mild, 11 to "
        "15 moderate, 16 or more significant. Professional judgement always overrides the score.",
        SERAF,
    ),
    (
        "three-or-more",
        "Three or more warning signs (the inquiry's high-risk rule)",
        "Counts the warning signs seen in the last 12 months. Three or more is high risk, as in "
        "the inquiry. Vulnerabilities are not counted. Professional judgement always overrides "
        "the result.",
        THREE_OR_MORE,
    ),
]


def seed(apps, schema_editor):
    IndicatorSet = apps.get_model("screening", "IndicatorSet")
    Indicator = apps.get_model("screening", "Indicator")
    ScoringScheme = apps.get_model("screening", "ScoringScheme")
    Category = apps.get_model("sharing", "InformationCategory")
    categories = {category.code: category for category in Category.objects.all()}

    indicator_set, _ = IndicatorSet.objects.get_or_create(
        code=SET_CODE,
        version=1,
        defaults={
            "name": "Inquiry into child sexual exploitation in gangs and groups (2012)",
            "published_on": dt.date(2012, 11, 20),
            "is_current": True,
        },
    )
    for number, (text, category) in enumerate(VULNERABILITIES, start=1):
        Indicator.objects.update_or_create(
            indicator_set=indicator_set,
            kind="vulnerability",
            number=number,
            defaults={"text": text, "seraf_level": "", "category": categories[category]},
        )
    for number, (text, level, category) in enumerate(WARNING_SIGNS, start=1):
        Indicator.objects.update_or_create(
            indicator_set=indicator_set,
            kind="warning_sign",
            number=number,
            defaults={"text": text, "seraf_level": level, "category": categories[category]},
        )
    for code, name, description, rules in SCHEMES:
        ScoringScheme.objects.update_or_create(
            code=code,
            version=1,
            defaults={"name": name, "description": description, "rules": rules},
        )


class Migration(migrations.Migration):
    dependencies = [
        ("screening", "0001_screening_models"),
        ("sharing", "0002_reference_categories_and_purposes"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
