"""Plain-English wording of the current checklist's indicators for the public pages.

The official wording stays as the inquiry published it; the public pages show these words
(docs/public-pages.md). Warning signs get an adult's wording and a young person's ("you");
vulnerabilities get an adult's wording only (the young people's page does not list them).
Only blank fields of indicators whose official text matches are filled, so an administrator's
own wording is never overwritten, and running it again changes nothing.
"""

from django.db import migrations

# official text: (adults' wording, young person's wording or "")
WORDING = {
    # Warning signs
    "Missing from home or care": (
        "Going missing from home or from care",
        "You run away or go missing from home or care",
    ),
    "Physical injuries": (
        "Injuries, such as bruises or marks",
        "You have been hurt, for example bruises or marks",
    ),
    "Drug or alcohol misuse": (
        "Using drugs or alcohol",
        "You are using drugs or drinking alcohol",
    ),
    "Involvement in offending": (
        "Getting into trouble with the police",
        "You are getting into trouble with the police",
    ),
    "Repeat sexually transmitted infections, pregnancy and terminations": (
        "Sexually transmitted infections more than once, pregnancy or terminations (abortions)",
        "You have had sexually transmitted infections more than once, or been pregnant",
    ),
    "Absent from school": ("Missing school", "You are missing school"),
    "Change in physical appearance": (
        "Changes in how they look or dress",
        "You have changed how you look or dress",
    ),
    "Evidence of sexual bullying and/or vulnerability through the internet or social networking sites": (
        "Sexual bullying, or being put at risk online or on social media",
        "Someone is bullying you sexually, or pressuring you online or on social media",
    ),
    "Estranged from family": (
        "Falling out with their family, or being cut off from them",
        "You have fallen out with your family or stopped seeing them",
    ),
    "Receipt of gifts from unknown sources": (
        "Having gifts, money or phones they cannot explain",
        "People you do not know well give you gifts, money, a phone or other things",
    ),
    "Recruiting others into exploitative situations": (
        "Bringing other young people into situations where they are exploited",
        "You are asked to bring other young people along to meet people",
    ),
    "Poor mental health": (
        "Poor mental health, such as seeming very low, anxious or withdrawn",
        "You feel very low, worried or alone a lot of the time",
    ),
    "Self-harm": ("Harming themselves", "You are hurting yourself"),
    "Thoughts of or attempts at suicide": (
        "Thinking about suicide or trying to end their life",
        "You are thinking about ending your life, or have tried to",
    ),
    # Vulnerabilities
    "Chaotic or dysfunctional household (parental substance misuse, domestic violence, parental mental ill-health, parental criminality)": (
        "A chaotic home life, for example where a parent misuses drugs or alcohol, there is "
        "domestic violence, or a parent has poor mental health or is involved in crime",
        "",
    ),
    "History of abuse (familial sexual abuse, risk of forced marriage or honour-based violence, physical or emotional abuse, neglect)": (
        "Having been abused or neglected, including sexual abuse in the family, or being at "
        "risk of forced marriage or so-called honour-based violence",
        "",
    ),
    "Recent bereavement or loss": ("Someone close to them has died, or another recent loss", ""),
    "Gang association through relatives, peers or intimate relationships": (
        "Links to a gang through family, friends or a boyfriend or girlfriend",
        "",
    ),
    "Attending school with young people who are already sexually exploited": (
        "Going to school with young people who are already being sexually exploited",
        "",
    ),
    "Learning disabilities": ("Having learning disabilities", ""),
    "Unsure about sexual orientation, or unable to disclose it to family": (
        "Being unsure about their sexuality, or unable to tell their family about it",
        "",
    ),
    "Friends with young people who are sexually exploited": (
        "Having friends who are being sexually exploited",
        "",
    ),
    "Homeless": ("Being homeless", ""),
    "Lacking friends from the same age group": ("Having few friends of their own age", ""),
    "Living in a gang neighbourhood": ("Living in an area where gangs are active", ""),
    "Living in residential care": ("Living in a children's home or other residential care", ""),
    "Living in a hostel, bed-and-breakfast accommodation or a foyer": (
        "Living in a hostel, a bed and breakfast or a foyer",
        "",
    ),
    "Low self-esteem or self-confidence": ("Low self-esteem or confidence", ""),
    "Young carer": ("Being a young carer", ""),
}


def seed(apps, schema_editor):
    Indicator = apps.get_model("screening", "Indicator")
    for indicator in Indicator.objects.filter(indicator_set__is_current=True):
        adults, young_person = WORDING.get(indicator.text, ("", ""))
        changed = []
        if adults and not indicator.public_text:
            indicator.public_text = adults
            changed.append("public_text")
        if young_person and not indicator.young_person_text:
            indicator.young_person_text = young_person
            changed.append("young_person_text")
        if changed:
            indicator.save(update_fields=changed)


def unseed(apps, schema_editor):
    Indicator = apps.get_model("screening", "Indicator")
    for indicator in Indicator.objects.all():
        adults, young_person = WORDING.get(indicator.text, ("", ""))
        if indicator.public_text == adults and indicator.young_person_text == young_person:
            indicator.public_text = indicator.young_person_text = ""
            indicator.save(update_fields=["public_text", "young_person_text"])


class Migration(migrations.Migration):
    dependencies = [("screening", "0006_public_wording")]

    operations = [migrations.RunPython(seed, unseed)]
