"""Reference data for comparing names: short forms and nicknames of given names.

Agencies write the name a child gives them: "Bill" at school, "William" at the hospital. Each
group below lists the forms that count as the same given name; the first is the group's key.
A form belongs to one group only. The list is versioned with the linking model
(``seemehearme.identity.matching.MODEL_VERSION``): changing it changes who is linked, so it is
reviewed like any other change to the model.
"""

from __future__ import annotations

NAMES_VERSION = "2026.1"

NAME_GROUPS: tuple[tuple[str, ...], ...] = (
    ("abigail", "abi", "abby", "abbie", "gail"),
    ("alexander", "alex", "alexandra", "alexa", "xander", "sasha", "lexi", "lexie", "sandy"),
    ("alfred", "alfie", "alf", "fred", "freddie", "freddy", "frederick"),
    ("amelia", "millie", "milly", "amy", "mia"),
    ("andrew", "andy", "drew"),
    ("anthony", "tony", "ant"),
    ("archibald", "archie", "arch"),
    ("benjamin", "ben", "benji", "benny"),
    ("callum", "cal", "calum"),
    ("catherine", "cath", "cathy", "kate", "katie", "kat", "katherine", "kathryn", "kitty"),
    ("charles", "charlie", "chas", "chuck"),
    ("charlotte", "lottie", "lotte", "charley"),
    ("christopher", "chris", "kit", "topher"),
    ("daniel", "dan", "danny"),
    ("david", "dave", "davey", "dai"),
    ("deborah", "debbie", "debs", "debra"),
    ("edward", "ed", "eddie", "ted", "teddy", "ned"),
    ("eleanor", "ellie", "elle", "nell", "nellie", "elinor"),
    ("elizabeth", "beth", "liz", "lizzie", "eliza", "betty", "libby", "bess", "lisa", "elsie"),
    ("emily", "em", "emmy"),
    ("emma", "emmie"),
    ("francesca", "fran", "frankie", "frances", "franky"),
    ("gabriel", "gabe", "gabby", "gabriella", "gabrielle"),
    ("harold", "harry", "hal", "harrison", "henry", "hank"),
    ("isabella", "bella", "izzy", "isabel", "isabelle", "issy", "izzie"),
    ("jacob", "jake", "jakey"),
    ("james", "jim", "jimmy", "jamie", "jamey"),
    ("jennifer", "jen", "jenny", "jenna"),
    ("jessica", "jess", "jessie", "jessy"),
    ("jonathan", "jon", "jonny", "johnny", "john", "jack"),
    ("joseph", "joe", "joey", "jo"),
    ("joshua", "josh"),
    ("kayleigh", "kayley", "kaylee", "kayla"),
    ("leonard", "leo", "leon", "len", "lenny"),
    ("louis", "lou", "louie", "lewis"),
    ("lucas", "luke", "luca"),
    ("madison", "maddie", "maddy", "madeleine", "madeline"),
    ("margaret", "maggie", "meg", "megan", "peggy", "greta", "daisy"),
    ("matthew", "matt", "matty"),
    ("michael", "mike", "mikey", "mick", "micky"),
    ("mohammed", "mohammad", "muhammad", "mohamed", "mo"),
    ("natalie", "nat", "tallie", "natasha", "tash", "tasha"),
    ("nathan", "nate", "nathaniel"),
    ("nicholas", "nick", "nicky", "nico"),
    ("oliver", "ollie", "olly"),
    ("olivia", "liv", "livvy", "livia"),
    ("patrick", "pat", "paddy"),
    ("rebecca", "becky", "becca", "bex"),
    ("richard", "rich", "richie", "rick", "ricky", "dick"),
    ("robert", "rob", "robbie", "bob", "bobby", "bert"),
    ("samuel", "sam", "sammy", "samantha", "sammie"),
    ("sarah", "sara", "sally", "sadie"),
    ("sebastian", "seb", "bastian"),
    ("sophie", "sophia", "soph"),
    ("stephanie", "steph", "stevie"),
    ("stephen", "steve", "steven"),
    ("theodore", "theo", "teddie"),
    ("thomas", "tom", "tommy"),
    ("victoria", "vicky", "vikki", "tori", "toria"),
    ("william", "will", "bill", "billy", "liam", "willie", "willy", "wills"),
    ("zachary", "zach", "zack", "zak"),
)


def nickname_pairs() -> list[tuple[str, str]]:
    """(form, group key) for every form, keys included, for a lookup table."""
    pairs: list[tuple[str, str]] = []
    seen: set[str] = set()
    for group in NAME_GROUPS:
        key = group[0]
        for form in group:
            if form in seen:
                raise ValueError(f"{form!r} is in more than one name group")
            seen.add(form)
            pairs.append((form, key))
    return pairs


# Words left out when comparing school names as agencies write them ("St Anne's School" and
# "St. Annes" are the same school).
SCHOOL_NOISE_WORDS: tuple[str, ...] = ("the", "school", "sch", "and")
