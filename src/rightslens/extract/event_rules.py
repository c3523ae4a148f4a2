"""The event lexicon and rules: trigger patterns per event type, the word lists the role
rules read, and the named rules that tell a generic statement from an incident.

Kept apart from the role-filling code in ``events.py`` so that a new trigger is
one line here. Patterns are spaCy ``Matcher`` token patterns on lemmas; each
rule's name is ``event_type.rule`` and becomes the fact's ``method``. The first
token of a pattern is the trigger whose dependency neighbours hold the roles.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from spacy.tokens import Token

Pattern = list[dict[str, Any]]


def lexicon(words: str) -> frozenset[str]:
    """A word list written as one string, so that long lists stay readable."""
    return frozenset(words.split())


def _verb(*lemmas: str) -> Pattern:
    return [{"LEMMA": {"IN": list(lemmas)}, "POS": {"IN": ["VERB", "AUX"]}}]


def _noun(*lemmas: str) -> Pattern:
    return [{"LEMMA": {"IN": list(lemmas)}, "POS": {"IN": ["NOUN", "PROPN"]}}]


_GAP = {"OP": "?", "POS": {"IN": ["DET", "ADJ", "PRON", "NUM", "ADV"]}}
# Words inside one phrase: hyphens ("three-year") and participles ("suspended") too, but no
# comma, clause punctuation or finite verb.
_CLAUSE_BREAKS = [",", ".", ":", "-LRB-", "-RRB-", "VB", "VBD", "VBG", "VBP", "VBZ"]
_WITHIN_PHRASE = {"OP": "*", "TAG": {"NOT_IN": _CLAUSE_BREAKS}}
_FEW_WORDS = {"OP": "{0,5}", "TAG": {"NOT_IN": _CLAUSE_BREAKS}}

# event_type -> {rule name: pattern}
TRIGGERS: dict[str, dict[str, Pattern]] = {
    "killing": {
        "kill": _verb("kill", "murder", "assassinate", "execute", "slay", "lynch"),
        # "shot dead", "shot and killed"; "shot and wounded" is no killing.
        "shoot_dead": [
            *_verb("shoot"),
            {"LOWER": "and", "OP": "?"},
            {"LEMMA": {"IN": ["dead", "kill"]}},
        ],
        "killing_noun": _noun("killing", "murder", "assassination"),
        "die": _verb("die"),
        "found_dead": [
            *_verb("find", "discover"),
            {"OP": "{0,2}", "POS": "ADV"},
            {"LOWER": {"IN": ["dead", "deceased"]}},
        ],
        # "resulted in the death of another prisoner, X": a death; custody decides its type.
        "death_of": [*_noun("death"), {"LOWER": "of"}],
        "left_dead": [
            *_verb("leave"),
            {"OP": "*", "POS": {"IN": ["NUM", "NOUN", "ADV", "ADP", "ADJ"]}},
            {"LOWER": "dead"},
        ],
    },
    "death_in_custody": {
        "beaten_to_death": [*_verb("beat", "torture"), {"LOWER": "to"}, {"LOWER": "death"}],
        "death_by_torture": [
            *_noun("death"),
            {"LOWER": {"IN": ["by", "from", "due"]}},
            {"OP": "?", "LOWER": "to"},
            {"LEMMA": {"IN": ["torture", "beating"]}},
        ],
        "death_in_custody": [
            *_noun("death"),
            {"LOWER": {"IN": ["in", "while"]}},
            _GAP,
            {"LEMMA": {"IN": ["custody", "detention", "prison", "jail", "cell"]}},
        ],
    },
    "torture_or_ill_treatment": {
        "torture": _verb(
            "torture",
            "mistreat",
            "ill-treat",
            "abuse",
            "humiliate",
            "rape",
            "kick",
            "beat",
            "electrocute",
            "strangle",
            "suffocate",
            "flog",
            "whip",
        ),
        "raped": [{"LOWER": {"IN": ["raped", "raping"]}}],  # the lemmatizer reads "rap"
        "torture_noun": _noun("torture", "mistreatment", "ill-treatment", "beating"),
        "subject_to_abuse": [
            *_verb("subject"),
            {"OP": "*", "IS_PUNCT": False},
            {"LOWER": "to"},
            _GAP,
            _GAP,
            {"LEMMA": {"IN": ["abuse", "torture", "beating", "violence", "treatment", "pressure"]}},
        ],
        # "coerced his confession", "forced him to confess": ill-treatment to obtain it.
        "coerced_confession": [
            *_verb("coerce", "extract", "force", "beat"),
            {"OP": "{0,3}", "TAG": {"NOT_IN": _CLAUSE_BREAKS}},
            {"LEMMA": {"IN": ["confession", "confess"]}},
        ],
    },
    "disappearance": {
        "disappear": _verb("disappear", "abduct", "kidnap"),
        "go_missing": [*_verb("go"), {"LOWER": "missing"}],
        "disappearance_noun": _noun("disappearance", "abduction", "kidnapping"),
        # "his whereabouts remained unknown", "no information about her whereabouts".
        "whereabouts_unknown": [{"LOWER": "whereabouts"}],
    },
    "arrest_or_detention": {
        "arrest": _verb("arrest", "detain", "rearrest", "re-arrest", "jail", "imprison"),
        "rearrested": [{"LOWER": {"IN": ["rearrested", "re-arrested", "redetained"]}}],
        "arrest_noun": _noun("arrest", "detention", "rearrest"),
        "placed_under_arrest": [
            *_verb("place", "put", "hold", "keep", "take"),
            _WITHIN_PHRASE,
            {"LOWER": {"IN": ["under", "in", "into"]}},
            _FEW_WORDS,
            {"LEMMA": {"IN": ["arrest", "detention", "custody"]}},
        ],
        "held_incommunicado": [
            *_verb("hold", "keep"),
            {"OP": "*", "IS_PUNCT": False},
            {"LOWER": "incommunicado"},
        ],
    },
    "conviction_or_sentence": {
        "sentence": _verb("sentence", "convict", "resentence"),
        "found_guilty": [
            *_verb("find"),
            {"OP": "*", "POS": {"NOT_IN": ["VERB"]}},
            {"LOWER": "guilty"},
        ],
        "pled_guilty": [*_verb("plead", "pled"), {"LOWER": "guilty"}],
        "received_sentence": [
            *_verb("receive", "give", "serve", "issue", "order", "announce", "uphold", "impose"),
            _WITHIN_PHRASE,
            {"LEMMA": {"IN": ["sentence", "conviction", "term"]}, "POS": "NOUN"},
        ],
        "sentence_upheld": [
            {"LEMMA": {"IN": ["sentence", "conviction", "verdict"]}, "POS": "NOUN"},
            {"OP": "*", "IS_PUNCT": False, "POS": {"NOT_IN": ["VERB"]}},
            {"LEMMA": "uphold"},
        ],
        "rejected_appeal": [
            *_verb("reject", "deny", "dismiss", "uphold"),
            _GAP,
            _GAP,
            {"LEMMA": {"IN": ["appeal", "complaint", "conviction", "verdict"]}},
        ],
    },
    "release_or_acquittal": {
        "release": _verb("release", "acquit", "pardon", "amnesty", "free", "exonerate"),
        "release_noun": _noun("release", "acquittal", "pardon"),
        "granted_amnesty": [
            *_verb("grant", "receive"),
            _GAP,
            {"LEMMA": {"IN": ["amnesty", "pardon"]}},
        ],
        "charges_dropped": [
            *_verb("drop", "dismiss", "close", "terminate"),
            _GAP,
            _GAP,
            {"LEMMA": {"IN": ["charge", "case"]}},
        ],
        # "the case against X was dropped": the noun first, its owner after "against".
        "case_dropped": [
            *_noun("case", "charge", "prosecution"),
            _FEW_WORDS,
            {"LEMMA": {"IN": ["be", "have"]}, "OP": "{1,2}"},
            {"LEMMA": {"IN": ["drop", "dismiss", "close", "terminate", "withdraw"]}, "TAG": "VBN"},
        ],
    },
    "attack_on_journalist_or_activist": {
        "attack": _verb(
            "attack",
            "assault",
            "threaten",
            "harass",
            "vandalize",
            "intimidate",
            "punch",
            "stab",
            "wound",
            "injure",
            "shoot",
        ),
        "attack_noun": _noun("attack", "assault"),
        "set_fire": [*_verb("set"), {"LOWER": "fire"}],
    },
    "blocking_or_censorship": {
        "block": _verb("block", "censor", "shut", "suspend", "confiscate"),
        "restricted_access": [
            *_verb("restrict", "limit", "slow", "cut", "deny"),
            _GAP,
            {"LOWER": {"IN": ["access", "internet"]}},
        ],
        "closed_outlet": _verb("close"),
        "inaccessible": [{"LOWER": {"IN": ["inaccessible", "unavailable"]}}],
        "ban_outlet": _verb("ban", "outlaw"),
    },
    "fine": {
        "fine": _verb("fine"),
        "fined": [{"LOWER": {"IN": ["fined", "fining"]}}],  # the lemmatizer reads "fin"
        "fine_noun": [
            *_noun("fine", "damage"),
        ],
    },
    "raid_or_search": {
        "search": _verb("search", "raid", "storm"),
        "raid_noun": _noun("raid", "search"),
    },
    "travel_ban": {
        "banned_from_leaving": [
            *_verb("ban", "bar", "prohibit", "prevent", "forbid", "stop"),
            # "prevented his wife, X, from boarding": commas of an apposition may stand between.
            {"OP": "{0,8}", "TAG": {"NOT_IN": [".", ":"]}},
            {"LOWER": "from"},
            {"LEMMA": {"IN": ["leave", "travel", "exit", "depart", "board", "fly"]}},
        ],
        "travel_ban_noun": [{"LEMMA": {"IN": ["travel", "exit"]}}, {"LEMMA": "ban"}],
    },
    "deportation_or_extradition": {
        "deport": _verb("deport", "extradite", "expel", "repatriate"),
        "deportation_noun": _noun("deportation", "extradition", "expulsion"),
        "forcibly_returned": [{"LOWER": "forcibly"}, {"LEMMA": "return"}],
    },
    "registration_denied_or_banned": {
        "refused_registration": [
            *_verb("refuse", "deny", "reject", "revoke", "cancel"),
            _GAP,
            _GAP,
            {"LEMMA": {"IN": ["registration", "reregistration"]}},
        ],
        "liquidate": _verb("liquidate", "dissolve"),
        "liquidation_noun": [*_noun("liquidation", "dissolution"), {"LOWER": "of"}],
        "declared_extremist": [
            *_verb("declare", "designate", "recognize"),
            {"OP": "*", "IS_PUNCT": False},
            {"LOWER": {"IN": ["extremist", "terrorist", "illegal"]}},
        ],
    },
    "protest_dispersed": {
        "disperse": _verb("disperse", "break"),
    },
}

# Words that describe the role a noun plays, read by the role rules.
OFFICIAL_NOUNS = lexicon(
    "police policeman policemen officer official guard investigator commander sergeant major "
    "warden director head chief employee soldier prosecutor agent inspector staff "
    "serviceman colonel captain lieutenant"
)
MEDIA_VICTIM_NOUNS = lexicon(
    "journalist reporter editor blogger activist defender lawyer correspondent photographer "
    "cameraman publisher newspaper outlet office media station channel website portal "
    "broadcaster critic opposition"
)
PROTEST_NOUNS = lexicon(
    "protester protestor demonstrator participant picketer striker rally protest "
    "demonstration gathering march meeting"
)
ORGANIZATION_NOUNS = lexicon(
    "organization group party association community church congregation movement union "
    "foundation mosque"
)
MEDIA_OBJECT_NOUNS = lexicon(
    "website site page portal newspaper outlet media channel station broadcast publication "
    "magazine access blog account app application service internet platform network "
    "edition issue article"
)
MEDIA_WORDS = MEDIA_OBJECT_NOUNS | lexicon(
    "tv radio television press newspapers websites sites outlets channels magazines"
)
CUSTODY_CUES = lexicon(
    "custody detention prison colony jail cell detainee inmate prisoner facility "
    "penitentiary isolator"
)
# Adverbs that make a statement habitual rather than an incident.
HABITUAL_ADVERBS = lexicon(
    "often routinely frequently regularly sometimes usually generally commonly typically "
    "systematically occasionally periodically repeatedly widely"
)
# Verbs that tell how something became known.
REPORTING_VERBS = lexicon(
    "report publish say state allege claim note tell write announce broadcast post share "
    "circulate show depict document"
)
# Main verbs that make what they govern a rule or a possibility, not an incident.
LEGAL_VERBS = lexicon(
    "prohibit punish provide allow permit require criminalize stipulate authorize entitle "
    "forbid define prescribe mandate empower establish regulate"
)
# Legal verbs that state a rule in any tense: "detainees were entitled to a lawyer".
RULE_ONLY_VERBS = lexicon("entitle stipulate prescribe criminalize define mandate")
LEGAL_SUBJECTS = lexicon(
    "law constitution code legislation article decree regulation statute amendment rule"
)
# Nouns in front of a trigger noun that make it a fear or a rule, not an incident.
HYPOTHETICAL_HEADS = lexicon(
    "risk fear threat possibility danger prospect penalty punishment ground protection "
    "prohibition ban right freedom law petition request call demand application motion "
    "plea appeal"
)
PRONOUNS = frozenset({"he", "she", "him", "her", "his"})
PLURAL_PRONOUNS = frozenset({"they", "them", "their", "both"})
# Words that tell a shooting was a death: "the body of X, who was shot, was found".
DEATH_WORDS = lexicon("body dead death die kill corpse")
# Nouns of "on charges of X": what someone is accused of, never a victim.
CHARGE_NOUNS = lexicon("charge ground accusation suspicion allegation basis count")
# Nouns of outlets that "the ..." refers back to ("The newspaper closed in June").
OUTLET_NOUNS = lexicon("newspaper outlet website site portal magazine channel station publication")
# Prepositions the parser takes from counts: "arrested over a dozen others".
QUANTIFIER_PREPOSITIONS = lexicon("over about around nearly almost approximately")
# Markup and quotation marks that may stand between a noun and the name it introduces.
QUOTE_MARKS = frozenset({"*", "_", '"', "'", "“", "”", "«", "»"})
# People named by what they do: "managers", "workers", "protesters", "residents".
AGENT_NOUN = re.compile(r"(?:er|or|ist|ant|ent|ian)$")
PERSON_EVENTS = lexicon(
    "killing death_in_custody torture_or_ill_treatment disappearance arrest_or_detention "
    "conviction_or_sentence release_or_acquittal travel_ban deportation_or_extradition "
    "official_prosecuted protest_dispersed"
)
MEDIA_ROLES = frozenset(
    {"journalist", "activist", "human_rights_defender", "lawyer", "opposition_politician"}
)
# Verbs whose subject, not object, suffers the event ("X died", "the newspaper closed").
SUBJECT_SUFFERS = lexicon("die disappear go plead pled receive serve close remain")
# Verbs that hand a trigger noun to their subject ("X received a fine", "X remained in detention").
SUPPORT_VERBS = lexicon("receive face undergo suffer endure remain spend serve pay get")
# Trigger nouns whose "of" phrase is an amount, not a victim.
AMOUNT_NOUNS = frozenset({"fine", "sentence", "term", "damage", "penalty", "punishment"})
PERSON_NOUNS = lexicon(
    "people person individual resident citizen detainee prisoner inmate activist journalist "
    "protester protestor demonstrator worker victim defendant suspect member leader man woman "
    "child student blogger lawyer defender critic politician officer official policeman "
    "soldier conscript pastor believer reporter editor other hundred dozen thousand several "
    "many civilian youth teenager boy girl farmer employee relative son daughter wife husband "
    "mother father brother sister head director chairman founder participant striker"
)
# Words whose "of"/"for"/"with"/"in" phrase is an act someone is blamed for: "accused of
# torturing X", "arrested for beating a detainee", "guilty of the killing of X".
ACCUSATION_WORDS = lexicon(
    "accuse charge suspect indict convict guilty responsible implicate blame prosecute try "
    "investigate arrest detain sentence punish"
)
ACCUSATION_PREPOSITIONS = frozenset({"of", "for", "with", "in"})
# Words whose clause or "of" phrase is an act someone says happened, not one the report
# dates: "alleged that police tortured them", "testified that guards beat them".
ALLEGATION_WORDS = lexicon("allege allegation testify claim accusation complain complaint")
# "in connection with", "in response to", "in retaliation for": the act after them is the
# cause of another, told with that other's date.
CAUSE_NOUNS = lexicon("connection response retaliation relation")
RELATIVE_PRONOUNS = frozenset({"who", "whom", "that", "which", "where"})
# What makes "whereabouts" a disappearance: nobody says where the person is.
WHEREABOUTS_UNKNOWN = re.compile(
    r"\b(?:unknown|unclear|no information|not (?:been )?(?:disclosed|known|revealed)|"
    r"refused to (?:disclose|reveal|tell|say))\b",
    re.IGNORECASE,
)
# "There were no reports of ...": the whole sentence states that nothing happened.
NO_REPORTS = re.compile(
    r"\b(?:no|not any|did not receive any)\s+(?:\w+\s+)?(?:reports?|cases?|instances?|"
    r"information|evidence|incidents?|allegations?)\b",
    re.IGNORECASE,
)
ROLE_DEPS_SUBJECT = ("nsubj", "csubj")
ROLE_DEPS_ANY = ("nsubj", "csubj", "nsubjpass", "csubjpass")


# --- generic statements: each rule names one way a sentence states no incident ----------


def _negated(trigger: Token) -> bool:
    """Negation: "Police did not detain him", "no one was arrested", "denied that it blocked X"."""
    heads = [trigger, trigger.head] if trigger.dep_ in ("xcomp", "pcomp", "pobj") else [trigger]
    if trigger.dep_ == "ccomp" and trigger.head.lemma_ in ("deny", "refute", "dismiss"):
        return True
    return any(child.dep_ == "neg" for head in heads for child in head.children) or any(
        child.lower_ in ("no", "nobody")
        for child in trigger.children
        if child.dep_ in ("det", "nsubj", "nsubjpass")
    )


def _habitual(trigger: Token) -> bool:
    """Habitual adverb: "Police often beat detainees", "authorities routinely detained".

    An adverb of a reporting verb says how the news spread, not how often the thing
    happened: "media widely published footage of guards beating X" is one incident.
    """
    scope = [trigger, *(t for t in list(trigger.ancestors)[:2] if t.lemma_ not in REPORTING_VERBS)]
    return any(
        child.lower_ in HABITUAL_ADVERBS and child.dep_ == "advmod"
        for token in scope
        for child in token.children
    )


# Phrases that make a count a total over a stretch of time: "killed 33 from January
# through November", "24 inmates died during the year", "2,500 detainees killed every year".
PERIOD_PHRASE = re.compile(
    r"\b(?:(?:every|each|per|a)\s+year|annually|(?:during|throughout|over)\s+the\s+year"
    r"|from\s+\w+(?:\s+\d{4})?\s+(?:through|to|until)\s+\w+|between\s+\d{4}\s+and\s+\d{4}"
    r"|since\s+\d{4})\b",
    re.IGNORECASE,
)


def _period_total(trigger: Token) -> bool:
    """A number of victims over a stretch of time is a statistic, not an incident: "BSF
    personnel killed 33 from January through November"; "On May 5 police detained 40"
    stays one."""
    if not PERIOD_PHRASE.search(trigger.sent.text):
        return False
    roles = [c for c in trigger.children if c.dep_ in ("dobj", "nsubjpass", "nsubj", "poss")]
    return any(
        head.like_num or any(c.dep_ == "nummod" and c.like_num for c in head.children)
        for head in roles
        if head.ent_type_ not in ("DATE", "TIME")
    )


def _modal(trigger: Token) -> bool:
    """Modal or future: "Authorities may detain", "could be sentenced", "will be released"."""
    scope = [trigger, *list(trigger.ancestors)[:2]]
    return any(
        child.tag_ == "MD" and child.dep_ == "aux" for token in scope for child in token.children
    )


def _legal(trigger: Token) -> bool:
    """Legal statement, a rule and not an incident: "the law prohibits torture", "by law,
    police were required to ...", "detainees were entitled to ...". Read up to the
    trigger's own clause: in "the law required warrants, but police arrested X without
    one" the arrest is an incident."""
    for token in _own_clause(trigger):
        if (
            token.lemma_ in LEGAL_VERBS
            and token.pos_ == "VERB"
            and (not _past(token) or token.lemma_ in RULE_ONLY_VERBS or _by_law(token))
        ):
            return True
        if token.lemma_ in ("punishable", "liable", "subject") and token.pos_ == "ADJ":
            return True
        if any(
            c.dep_ in ROLE_DEPS_SUBJECT and c.lemma_.lower() in LEGAL_SUBJECTS
            for c in token.children
        ):
            return True
    return False


def _own_clause(trigger: Token) -> list[Token]:
    """The trigger and the words above it, up to the first clause joined to another with a
    subject of its own."""
    chain = [trigger]
    for token in [trigger, *trigger.ancestors]:
        if token is not trigger:
            chain.append(token)
        if token.dep_ == "conj" and any(c.dep_ in ROLE_DEPS_ANY for c in token.children):
            break
    return chain


def _by_law(verb: Token) -> bool:
    """A verb the law governs: "by law", "under the constitution", "according to the code"."""
    for child in verb.children:
        if child.dep_ != "prep" or child.lower_ not in ("by", "under", "according", "in"):
            continue
        objects = [g for t in (child, *child.children) for g in t.children if g.dep_ == "pobj"]
        if any(g.lemma_.lower() in LEGAL_SUBJECTS for g in objects):
            return True
    return False


def _rights(trigger: Token) -> bool:
    """A right, not an incident: "detainees have the right to challenge their detention"."""
    return any(t.lemma_.lower() == "right" and t.pos_ == "NOUN" for t in trigger.ancestors)


def _past(verb: Token) -> bool:
    """A verb that tells what happened: "punished X by a fine", "was prohibited from leaving".

    A law or rule speaks in the present ("the law prohibits", "is punishable").
    """
    if verb.tag_ == "VBD":
        return True
    if verb.tag_ != "VBN":
        return False
    if verb.dep_ == "conj" and verb.head.pos_ == "VERB":  # "was found guilty and punished"
        return _past(verb.head)
    return any(c.dep_ in ("aux", "auxpass") and c.tag_ == "VBD" for c in verb.children)


def _attributive(trigger: Token) -> bool:
    """Attributive participle, a state and not an incident: "the banned party".

    Only in a sentence with a verb of its own: where the parser found none ("the City Court
    sentenced journalist X to two years"), the participle is the lost main verb.
    """
    head = trigger.head
    return (
        trigger.dep_ == "amod"
        and trigger.sent.root.pos_ in ("VERB", "AUX")
        and trigger.pos_ in ("VERB", "ADJ")
        and (
            head.tag_ == "NNS"
            or any(c.dep_ in ("det", "poss") and c.i < trigger.i for c in head.children)
        )
    )


def _summary(trigger: Token) -> bool:
    """Summary count for the year: "there was one reported killing of ..."."""
    head = trigger.head
    return (
        trigger.dep_ == "attr"
        and head.lemma_ == "be"
        and any(child.dep_ == "expl" for child in head.children)
    )


# Verbs whose past is spelled as their present, which the tagger may read as present.
SAME_IN_THE_PAST = lexicon("set beat hit cut shut put let spread burst cast")


def _present_tense(trigger: Token) -> bool:
    """Reports tell incidents in the past; "Police beat detainees in custody" (VBP) is generic."""
    verb = trigger if trigger.pos_ in ("VERB", "AUX") else None
    if verb is None:
        return False
    if verb.tag_ in ("VBP", "VBZ"):
        if verb.lower_ in SAME_IN_THE_PAST and any(t.ent_type_ == "DATE" for t in verb.subtree):
            return False  # "assailants set fire to her car on May 22": past, tagged present
        return not any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
    return any(c.dep_ == "auxpass" and c.tag_ in ("VBP", "VBZ") for c in verb.children)


def _hypothetical(trigger: Token) -> bool:
    """Hypothesis: "risk of arrest", "protection from torture", "if detained"."""
    head = trigger.head
    if trigger.dep_ == "pobj" and head.head.lemma_.lower() in HYPOTHETICAL_HEADS:
        return True
    if trigger.dep_ == "compound" and head.lemma_.lower() in HYPOTHETICAL_HEADS:
        return True
    return any(
        child.dep_ == "mark" and child.lower_ in ("if", "unless", "whether")
        for token in (trigger, *list(trigger.ancestors)[:2])
        for child in token.children
    )


# Rules a named victim overrides: "sites were periodically blocked, including X and Y".
OVERRIDDEN_BY_NAMES = frozenset({"habitual"})


def _counted(trigger: Token) -> bool:
    """A count of incidents, not one: "recorded 15 attacks on journalists"."""
    return trigger.pos_ == "NOUN" and any(
        c.dep_ == "nummod"
        and c.like_num
        and c.lower_ not in ("one", "1")
        and c.ent_type_ != "DATE"  # "Ivanov's 2022 arrest" is one arrest
        for c in trigger.children
    )


GENERIC_RULES: dict[str, Callable[[Token], bool]] = {
    "negated": _negated,
    "habitual": _habitual,
    "modal": _modal,
    "legal": _legal,
    "rights": _rights,
    "attributive": _attributive,
    "summary": _summary,
    "present_tense": _present_tense,
    "hypothetical": _hypothetical,
    "counted": _counted,
    "period_total": _period_total,
}


def generic_reason(trigger: Token) -> str | None:
    """The name of the first rule that says the trigger states no concrete incident."""
    for name, rule in GENERIC_RULES.items():
        if rule(trigger):
            return name
    return None
