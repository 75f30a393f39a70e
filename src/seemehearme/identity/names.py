"""Reference data for comparing names: variants, short forms and nicknames of given names, and
how a name sounds.

Agencies write the name a child gives them: "Bill" at school, "William" at the hospital,
"Seun" at the youth club and "Oluwaseun" at the GP. Two given names are *recognised variants*
when they are in a group together. The groups come from two sources, each recorded with its
licence (``SOURCES``):

- the ``nicknames`` package (carltonnorthern/nicknames, Apache-2.0): a hand-curated list of
  English given names and their nicknames, one group per name ("albert": al, bert...);
- the project's own list below (``PROJECT_GROUPS``), for the communities the English list
  misses (South Asian, Arabic, Somali, West African, Polish and other Eastern European, Irish,
  Welsh and Scottish names) and for the English forms it lacks. It was compiled by the project
  from common UK spellings and has **not yet been reviewed by people from those communities**:
  corrections are welcome and are reviewed like any change to the model.

A name may be in several groups ("al" is short for Albert, Alfred and Alexander), so each name
has a list of group keys and two names are variants when their lists share a key. Groups with
the same key (the package's "catherine" and the project's) are one group.

The lists are versioned with the linking model (``NAMES_VERSION``, recorded with the trained
parameters; ``seemehearme.identity.matching.MODEL_VERSION``): changing them changes who is
linked, so they are reviewed like any other change to the model, and the package is pinned.
"""

from __future__ import annotations

import re
from functools import cache

from metaphone import doublemetaphone
from nicknames import name_triplets

NAMES_VERSION = "2026.2"

SOURCES = {
    "nicknames": (
        "nicknames 1.0.1 (PyPI; github.com/carltonnorthern/nicknames), "
        "'Hand-curated dataset of English names and nicknames', Apache-2.0"
    ),
    "project": (
        "project list (seemehearme.identity.names.PROJECT_GROUPS), compiled by the project, "
        "CC0; awaiting review by people from the communities named"
    ),
}

# The project's groups, by community. The first form is the group's key; a form may be in more
# than one group. Forms are written as prepared names are: lower case, letters a to z only
# (accents are taken off and "ł" read as "l" before comparing).
# fmt: off
PROJECT_GROUPS: dict[str, tuple[tuple[str, ...], ...]] = {
    "English (the project's list before model 2026.3, and forms the package lacks)": (
        ("abigail", "abi", "abby", "abbie", "gail"),
        ("alexander", "alex", "xander", "sasha", "sandy", "alec", "alexa", "lexi", "lexie"),
        ("alexandra", "alex", "alexa", "lexi", "lexie", "sasha", "sandra", "sandy"),
        ("alfred", "alfie", "alf", "fred", "freddie", "freddy"),
        ("frederick", "fred", "freddie", "freddy", "fredrick"),
        ("amelia", "millie", "milly", "amy", "mia", "emilia"),
        ("aimee", "amy", "amie", "aimie", "ami", "amey"),
        ("andrew", "andy", "drew"),
        ("anthony", "tony", "ant", "antony"),
        ("archibald", "archie", "arch"),
        ("benjamin", "ben", "benji", "benny"),
        ("callum", "cal", "calum", "kallum"),
        (
            "catherine", "cath", "cathy", "kate", "katie", "kat", "katherine", "kathryn", "kitty",
            "katy", "caitlin", "kathleen", "catrin", "cat",
        ),
        ("charles", "charlie", "chas", "chuck", "charley"),
        ("charlotte", "lottie", "lotte", "charley", "charlie"),
        ("christopher", "chris", "kit", "topher", "kristopher"),
        ("daniel", "dan", "danny"),
        ("david", "dave", "davey", "dai", "dafydd", "dewi"),
        ("deborah", "debbie", "debs", "debra"),
        ("dylan", "dillon", "dilan", "dyllan", "dillan"),
        ("edward", "ed", "eddie", "ted", "teddy", "ned"),
        ("eleanor", "ellie", "elle", "nell", "nellie", "elinor", "elenor"),
        (
            "elizabeth", "beth", "liz", "lizzie", "eliza", "betty", "libby", "bess", "lisa",
            "elsie", "elisabeth",
        ),
        ("emily", "em", "emmy", "emilie"),
        ("emma", "emmie", "em"),
        ("francesca", "fran", "frankie", "frances", "franky"),
        ("gabriel", "gabe", "gabby"),
        ("gabriella", "gabby", "gabrielle", "ella"),
        ("harold", "harry", "hal"),
        ("henry", "harry", "hal", "hank"),
        ("harrison", "harry"),
        ("isabella", "bella", "izzy", "isabel", "isabelle", "issy", "izzie", "isobel", "bel"),
        ("jacob", "jake", "jakey", "jakob", "jakub"),
        ("james", "jim", "jimmy", "jamie", "jamey", "seamus", "hamish"),
        ("jennifer", "jen", "jenny", "jenna"),
        ("jessica", "jess", "jessie", "jessy"),
        ("jonathan", "jon", "jonny", "johnny", "jack"),
        ("john", "jon", "johnny", "jack", "sean", "shaun", "shawn", "eoin", "ian", "evan"),
        ("joseph", "joe", "joey", "jo", "yusuf"),
        ("joshua", "josh"),
        ("kayleigh", "kayley", "kaylee", "kayla", "kailey", "caleigh"),
        ("leonard", "leo", "len", "lenny"),
        ("leon", "leo"),
        ("louis", "lou", "louie", "lewis"),
        ("lucas", "luke", "luca", "lukas"),
        ("madison", "maddie", "maddy"),
        ("madeleine", "maddie", "maddy", "madeline", "madelyn"),
        ("margaret", "maggie", "meg", "peggy", "greta", "daisy", "megan", "malgorzata"),
        ("megan", "meg", "megs", "meghan"),
        ("matthew", "matt", "matty", "mateusz"),
        ("michael", "mike", "mikey", "mick", "micky", "michal"),
        ("natalie", "nat", "tallie", "natalia"),
        ("natasha", "tash", "tasha", "nat"),
        ("nathan", "nate"),
        ("nathaniel", "nate", "nathan", "nat"),
        ("nicholas", "nick", "nicky", "nico", "nikolas"),
        ("oliver", "ollie", "olly"),
        ("olivia", "liv", "livvy", "livia", "oliwia", "ollie"),
        ("patrick", "pat", "paddy", "padraig", "padraic"),
        ("rebecca", "becky", "becca", "bex"),
        ("reece", "rhys", "reese", "rees", "rhees", "reice"),
        ("richard", "rich", "richie", "rick", "ricky", "dick"),
        ("robert", "rob", "robbie", "bob", "bobby", "bert"),
        ("samuel", "sam", "sammy"),
        ("samantha", "sam", "sammie", "sammy"),
        ("sarah", "sara", "sally", "sadie"),
        ("sebastian", "seb", "bastian"),
        ("sophie", "sophia", "soph", "sofia", "sofie", "zofia"),
        ("stephanie", "steph", "stevie"),
        ("stephen", "steve", "steven", "stevie"),
        ("theodore", "theo", "teddie", "teddy"),
        ("thomas", "tom", "tommy", "tomasz", "tomek"),
        ("victoria", "vicky", "vikki", "tori", "toria", "wiktoria"),
        ("william", "will", "bill", "billy", "liam", "willie", "willy", "wills"),
        ("zachary", "zach", "zack", "zak"),
    ),
    "South Asian and Arabic (transliterations)": (
        (
            "muhammad", "mohammed", "mohammad", "mohamed", "mohamad", "muhammed", "mohammod",
            "muhamed", "mohd", "mo", "maxamed",
        ),
        ("ahmed", "ahmad", "ahmet", "axmed"),
        ("ali", "aly", "cali"),
        ("hussain", "hussein", "husain", "hossain", "husein", "xuseen"),
        ("hassan", "hasan", "hasaan", "xasan"),
        ("abdullah", "abdallah", "abdulla", "abdullahi", "abdi"),
        ("yusuf", "yousuf", "yousef", "youssef", "yusef", "yosef"),
        ("ibrahim", "ebrahim", "ibraheem", "ibrahem"),
        ("ismail", "ismael", "ismaeel", "esmail"),
        ("omar", "umar", "omer", "cumar"),
        ("usman", "osman", "uthman", "othman"),
        ("aisha", "ayesha", "aysha", "aishah", "ayisha", "aiysha", "ayshah"),
        ("fatima", "fatimah", "fatma", "fatema", "fathima", "fadumo", "faduma", "faadumo"),
        ("maryam", "mariam", "meryem", "mariyam", "maryan", "mariyan"),
        ("zainab", "zaynab", "zenab", "zaineb"),
        ("khadija", "khadijah", "khadeeja", "khadeejah", "kadija"),
        ("zayn", "zain", "zayne"),
        ("hamza", "hamzah", "hamzaa"),
        ("bilal", "belal"),
        ("idris", "idrees", "idriss"),
        ("ilyas", "ilias", "elyas", "iliyas"),
        ("yahya", "yehia", "yahia"),
        ("musa", "moosa", "mousa", "moussa"),
        ("isa", "issa", "eesa", "esa"),
        ("amir", "ameer", "emir"),
        ("amira", "ameera", "amirah"),
        ("noor", "nur", "nour", "noura"),
        ("safiya", "safiyyah", "safia", "safiyah"),
        ("hafsa", "hafsah", "hafsaa"),
        ("sumaya", "sumaiya", "sumayyah", "sumaiyah"),
        ("zahra", "zara", "sahra", "zahrah"),
        ("rahman", "rehman", "rahmaan"),
        ("raheem", "rahim"),
        ("tanvir", "tanveer", "tanweer"),
        ("nasreen", "nasrin", "nasrine"),
        ("parveen", "perveen", "parvin"),
        ("shahid", "shahed", "shaheed"),
        ("harpreet", "harprit"),
        ("gurpreet", "gurprit"),
        ("manpreet", "manprit"),
        ("jaspreet", "jas"),
        ("jaswinder", "jaswinda", "jas"),
        ("mandeep", "mandip"),
        ("sandeep", "sandip"),
        ("pradeep", "pradip"),
        ("kuldeep", "kuldip"),
        ("amandeep", "aman"),
        ("navdeep", "nav"),
        ("rajesh", "raj"),
        ("rajinder", "rajender", "raj"),
        ("ravinder", "ravi"),
        ("sukhvinder", "sukhwinder", "sukhi"),
        ("aditya", "adi"),
        ("krishna", "krish"),
        ("vikram", "vik"),
        ("deepak", "dipak"),
        ("lakshmi", "laxmi"),
        ("priya", "preeya"),
    ),
    "Somali (Somali spellings with x and c, and short forms)": (
        ("abdirahman", "abdi", "cabdiraxmaan", "abdurahman", "abdulrahman"),
        ("abdullahi", "abdi", "cabdullaahi"),
        ("abdikarim", "abdi", "abdulkarim", "cabdikariim"),
        ("abdirizak", "abdi", "abdirazak", "abdirisaq"),
        ("abdi", "cabdi"),
        ("hibo", "hiba"),
        ("ayaan", "ayan"),
        ("farah", "faarah"),
        ("asad", "asaad"),
        ("khadar", "khadir", "khadr"),
        ("hodan", "hodaan"),
    ),
    "West African (Yoruba, Igbo and Akan short forms)": (
        ("oluwaseun", "seun", "olu", "oluseun"),
        ("oluwadamilare", "damilare", "dami", "dare"),
        ("oluwadamilola", "damilola", "dami", "lola"),
        ("oluwatobi", "tobi", "tobiloba"),
        ("oluwafemi", "femi", "olufemi"),
        ("oluwatosin", "tosin"),
        ("oluwakemi", "kemi", "olukemi"),
        ("oluwabukola", "bukola", "bukky", "buki"),
        ("oluwatoyin", "toyin"),
        ("oluwatimilehin", "timilehin", "timi"),
        ("oluwafunmilayo", "funmilayo", "funmi", "funmilola"),
        ("olumide", "mide"),
        ("ayomide", "ayo"),
        ("adebayo", "bayo", "ade"),
        ("adewale", "wale", "ade"),
        ("temitope", "tope", "temi"),
        ("opeyemi", "ope", "yemi"),
        ("babatunde", "tunde"),
        ("olusegun", "segun"),
        ("abimbola", "bimbo", "bola"),
        ("chukwuemeka", "emeka"),
        ("chukwuebuka", "ebuka"),
        ("chidiebere", "chidi"),
        ("chidinma", "chidi", "dinma"),
        ("chinedu", "nedu"),
        ("chiamaka", "amaka"),
        ("ikechukwu", "ike"),
        ("ifeoma", "ife"),
        ("obinna", "obi"),
        ("nkechi", "nkem"),
        ("kwame", "kwamena"),
        ("akosua", "akos"),
    ),
    "Polish and other Eastern European": (
        ("jakub", "kuba", "kubus", "jakob", "jacob"),
        ("aleksandra", "ola", "olka", "alexandra"),
        ("aleksander", "olek", "alek", "alexander"),
        ("oleksandr", "sasha", "olexandr", "oleksander", "sashko"),
        ("malgorzata", "gosia", "malgosia", "margaret"),
        ("katarzyna", "kasia", "kaska", "kate"),
        ("agnieszka", "aga", "agusia"),
        ("magdalena", "magda"),
        ("weronika", "werka", "veronika", "veronica"),
        ("zuzanna", "zuzia", "zuza", "susanna"),
        ("wojciech", "wojtek"),
        ("krzysztof", "krzys", "krystian"),
        ("piotr", "piotrek", "peter"),
        ("pawel", "pawelek", "paul"),
        ("tomasz", "tomek", "tom"),
        ("mateusz", "mati", "matt"),
        ("michal", "michael"),
        ("lukasz", "luke", "lucas"),
        ("szymon", "simon"),
        ("grzegorz", "grzes", "greg"),
        ("maciej", "maciek"),
        ("bartosz", "bartek"),
        ("kacper", "kasper", "casper"),
        ("natalia", "nata", "natalie"),
        ("julia", "julka", "jula"),
        ("wiktoria", "wika", "victoria"),
        ("oliwia", "oliwka", "olivia"),
        ("zofia", "zosia", "sophia"),
        ("anna", "ania", "anka", "ann", "anne"),
        ("joanna", "asia", "joasia"),
        ("elzbieta", "ela", "elzbietka", "elizabeth"),
        ("stanislaw", "stas", "stan"),
        ("dmitri", "dmitry", "dima", "dmytro"),
        ("yekaterina", "ekaterina", "katya", "katia"),
        ("anastasia", "nastya", "nastia", "stacy", "stasia"),
        ("andrei", "andrey", "andrii", "andrew"),
        ("alexandru", "alex"),
        ("ionut", "ion"),
    ),
    "Irish, Welsh and Scottish": (
        ("siobhan", "shivaun", "shevaun", "chevonne", "shivon"),
        ("caitlin", "caitlyn", "kaitlin", "kaitlyn", "catelyn", "kate", "katie"),
        ("niamh", "neve", "neave", "nieve", "neamh"),
        ("aoife", "eefa", "eva"),
        ("sinead", "shinead", "shanade"),
        ("ciara", "keira", "kiera", "ciarra", "kira"),
        ("ciaran", "kieran", "kieron", "ciaron", "keiran"),
        ("sean", "shaun", "shawn", "shane"),
        ("eoin", "owen", "eoghan", "ewan", "euan"),
        ("seamus", "shamus", "james"),
        ("dafydd", "dafyd", "dai", "dewi", "david"),
        ("llewellyn", "llywelyn", "lewelyn", "llew", "lew"),
        ("ieuan", "iwan", "evan"),
        ("bethan", "beth"),
        ("cerys", "ceris", "kerys"),
        ("catrin", "katrin", "cat", "catherine"),
        ("ffion", "fion"),
        ("sian", "shan", "siani"),
        ("mhairi", "vari", "mairi"),
        ("eilidh", "ailie", "eily"),
        ("ruairidh", "ruaridh", "ruairi", "ruari", "rory"),
        ("lachlan", "lachie", "lockie"),
        ("hamish", "james"),
    ),
}
# fmt: on

_LETTERS = re.compile("[^a-z]")


def _form(name: str) -> str:
    return _LETTERS.sub("", name.lower().replace("ł", "l"))


@cache
def name_groups() -> dict[str, frozenset[str]]:
    """Every group of recognised variants, by key (``{key: forms}``, the key among them), from
    both sources; groups with the same key are one."""
    groups: dict[str, set[str]] = {}
    for triplet in name_triplets():
        key, form = _form(triplet.name1), _form(triplet.name2)
        if key and form:
            groups.setdefault(key, {key}).add(form)
    for community in PROJECT_GROUPS.values():
        for group in community:
            key = group[0]
            groups.setdefault(key, {key}).update(group)
    return {key: frozenset(forms) for key, forms in groups.items()}


@cache
def variant_keys() -> dict[str, tuple[str, ...]]:
    """For every name in a group: the keys of the groups it is in, sorted (two names are
    recognised variants when they share one)."""
    keys: dict[str, set[str]] = {}
    for key, forms in name_groups().items():
        for form in forms:
            keys.setdefault(form, set()).add(key)
    return {form: tuple(sorted(found)) for form, found in keys.items()}


def canonical_key(form: str) -> str:
    """One key for a name (itself if it is not in any group): the name itself if it heads a
    group, otherwise the first of its groups' keys. Coarser comparisons that need a single
    value use it; two variants do not always have the same one."""
    keys = variant_keys().get(form)
    if not keys:
        return form
    return form if form in keys else keys[0]


def are_variants(first: str, second: str) -> bool:
    """Are two prepared given names recognised variants of one another (or the same)?"""
    if first == second:
        return True
    return bool(set(variant_keys().get(first, ())) & set(variant_keys().get(second, ())))


def variants(form: str) -> tuple[str, ...]:
    """The other forms that share a group with ``form``, from either source."""
    groups = name_groups()
    found = {other for key in variant_keys().get(form, ()) for other in groups[key]}
    found.discard(form)
    return tuple(sorted(found))


def project_variants(form: str) -> tuple[str, ...]:
    """The other forms that share one of the project's groups with ``form`` (for generating
    realistic records: the package's groups are broader than one child's names)."""
    found = {
        other
        for community in PROJECT_GROUPS.values()
        for group in community
        if form in group
        for other in group
    }
    found.discard(form)
    return tuple(sorted(found))


def sound(name: str) -> str:
    """How a prepared given name sounds: its primary Double Metaphone code (Reece and Rhys are
    both "RS"), or the empty string for a name with no sounded letters."""
    return str(doublemetaphone(name)[0])


# Words left out when comparing school names as agencies write them ("St Anne's School" and
# "St. Annes" are the same school).
SCHOOL_NOISE_WORDS: tuple[str, ...] = ("the", "school", "sch", "and")
