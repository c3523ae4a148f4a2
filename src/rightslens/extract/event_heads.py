"""Where the roles of an event stand in the parse: the head tokens of the victim and
perpetrator phrases around a trigger, read from spaCy's dependencies alone.

Kept apart from ``events.py``, which turns these heads into names (person facts,
outlets, pronouns and the like) and decides the event type.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Span, Token

from rightslens.extract import event_rules as rules

ROLE_DEPS_SUBJECT = ("nsubj", "csubj")
ROLE_DEPS_PASSIVE = ("nsubjpass", "csubjpass")


def role_heads(trigger: Token, match_end: int) -> tuple[list[Token], list[Token]]:
    """Head tokens of the victim and perpetrator phrases around a trigger."""
    blamed = accusation_of(trigger)
    if blamed is not None:
        return accused_roles(trigger, match_end, blamed)
    if trigger.pos_ not in ("VERB", "AUX"):
        return noun_role_heads(trigger, match_end)
    children = list(trigger.children)
    subjects = [c for c in children if c.dep_ in ROLE_DEPS_SUBJECT]
    passive_subjects = [c for c in children if c.dep_ in ROLE_DEPS_PASSIVE]
    objects = objects_of(trigger, match_end)
    if not objects and not passive_subjects:
        objects = shared_object(trigger) or quantified_object(trigger)
    agents = [g for c in children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    if not agents:
        # "was shot and killed by police": the agent may hang from the other verb of the
        # pair (if it names people: "suspended by his feet" names none).
        agents = [
            g
            for verb in trigger.conjuncts
            if verb.pos_ in ("VERB", "AUX")
            for c in verb.children
            if c.dep_ == "agent"
            for g in c.children
            if g.dep_ == "pobj" and (is_person_like(g) or is_official(g) or g.pos_ == "PROPN")
        ]
    perpetrators = subjects + agents
    if not subjects and not passive_subjects:
        inherited, was_passive = inherited_subject(trigger)
        if inherited is not None:
            (passive_subjects if was_passive or trigger.tag_ == "VBN" else perpetrators).append(
                inherited
            )
    if passive_subjects:
        victims = passive_subjects
    elif trigger.lemma_ in rules.SUBJECT_SUFFERS and not objects:
        victims, perpetrators = perpetrators, agents
    else:
        victims = objects
    victims = [object_owner(v) for v in victims]
    return with_conjuncts(victims), with_conjuncts(perpetrators)


def accusation_of(trigger: Token) -> list[Token] | None:
    """Who is blamed, where a trigger is the content of an accusation ("X was accused of
    torturing Y", "officers accused of beating a detainee", "convicted X of the killing of
    Y", "charged X with beating Y"); None where it is not."""
    first = trigger
    while first.dep_ == "conj" and first.head.pos_ == first.pos_:
        first = first.head  # "accused of kidnapping and killing X"
    if first.dep_ not in ("pcomp", "pobj"):
        return None
    preposition = first.head
    if preposition.dep_ != "prep" or preposition.lower_ not in rules.ACCUSATION_PREPOSITIONS:
        return None
    holder = preposition.head
    if _is_accusation(holder):
        return accused(holder)
    # The parse may hang the act from the accused: "convicted X of", "charged X with".
    if holder.pos_ in ("NOUN", "PROPN") and (
        (holder.dep_ == "dobj" and _is_accusation(holder.head))
        or any(c.dep_ in ("amod", "acl") and _is_accusation(c) for c in holder.children)
    ):
        return [holder]
    return None


def told_as_cause_or_charge(trigger: Token) -> bool:
    """Whether a trigger is an act someone is accused of or alleges, or the cause named
    for another act ("acquitted six policemen accused of torturing detainees", "arrested in
    response to accusations that they tortured", "sentenced in connection with the death of
    X"): the date of the act around it is not its own."""
    if accusation_of(trigger) is not None:
        return True
    for token in (trigger, *trigger.ancestors):
        head = token.head
        if token.dep_ in ("pobj", "pcomp") and head.dep_ == "prep":
            governor = head.head.lemma_.lower()
            if governor in rules.CAUSE_NOUNS or (
                head.lower_ == "of" and governor in rules.ALLEGATION_WORDS
            ):
                return True  # "in response to", "allegations of torture"
        elif (
            token.dep_ in ("ccomp", "acl", "relcl")
            and head.lemma_.lower() in rules.ALLEGATION_WORDS
        ):
            return True  # "alleged that police tortured them"
    return False


def _is_accusation(token: Token) -> bool:
    return token.lemma_.lower() in rules.ACCUSATION_WORDS


def accused_roles(
    trigger: Token, match_end: int, blamed: list[Token]
) -> tuple[list[Token], list[Token]]:
    """Roles of an accused act: the blamed did it; only the act's own object or "of" phrase
    suffered it."""
    if trigger.pos_ in ("VERB", "AUX"):
        victims = objects_of(trigger, match_end) or shared_object(trigger)
    else:
        victims = [
            g
            for c in trigger.children
            if c.dep_ == "prep" and c.lower_ in ("of", "on", "against")
            for g in c.children
            if g.dep_ == "pobj"
        ] + [c for c in trigger.children if c.dep_ == "poss"]
    return with_conjuncts([object_owner(v) for v in victims]), with_conjuncts(blamed)


def accused(accusation: Token) -> list[Token]:
    """Who an accusation falls on: "X was charged", "officers accused of", "charged X with",
    "found X guilty", "X was responsible for"."""
    if accusation.dep_ in ("acl", "amod") and accusation.head.pos_ in ("NOUN", "PROPN"):
        return [accusation.head]
    every_role = (ROLE_DEPS_PASSIVE, ("dobj",), ROLE_DEPS_SUBJECT)
    places = [(accusation, every_role)]
    if accusation.pos_ == "ADJ":
        # "found two guards guilty", "X was found guilty", "X was responsible for", but not
        # the court that found someone guilty.
        verb = accusation.head
        places.append((verb, every_role if verb.lemma_ == "be" else every_role[:2]))
    for holder, roles in places:
        for deps in roles:
            found = [object_owner(c) for c in holder.children if c.dep_ in deps]
            if found:
                return found
    inherited, _ = inherited_subject(places[-1][0])
    return [inherited] if inherited is not None else []


def objects_of(verb: Token, match_end: int) -> list[Token]:
    """The verb's objects, less the words of the trigger phrase and the penalty itself.

    "received prison sentences", "set fire to her car", "issued suspended sentences to 24
    workers", "imposed a fine on X": the one it falls on follows "to" or "on".
    """
    objects: list[Token] = []
    penalty_at = None
    for child in verb.children:
        if child.dep_ not in ("dobj", "dative", "attr"):
            continue
        if child.lemma_ in rules.AMOUNT_NOUNS or child.i == match_end - 1 > verb.i:
            owner = object_owner(child)
            if owner is child:
                penalty_at = child.i
                continue
            child = owner
        objects.append(child)
    last = verb.doc[match_end - 1]
    if not objects and last.i > verb.i and last.head.i == verb.i:
        # A small clause: "leaving at least 17 people dead".
        objects = [c for c in last.children if c.dep_ == "nsubj"]
    if penalty_at is not None and not objects and verb.lemma_ not in rules.SUBJECT_SUFFERS:
        objects = [
            g
            for c in verb.children
            if c.dep_ in ("prep", "dative")
            and c.lower_ in ("to", "on", "against")
            and c.i > penalty_at
            for g in c.children
            if g.dep_ == "pobj"
        ]
    return objects


def shared_object(verb: Token) -> list[Token]:
    """The object of a conjoined verb: "humiliated and threatened X", "detained and beat X"."""

    def has_subject(token: Token) -> bool:
        return any(c.dep_ in (*ROLE_DEPS_SUBJECT, *ROLE_DEPS_PASSIVE) for c in token.children)

    if verb.lemma_ in rules.SUBJECT_SUFFERS or (verb.dep_ == "conj" and has_subject(verb)):
        return []
    partners = [
        c for c in verb.children if c.dep_ == "conj" and c.pos_ == "VERB" and not has_subject(c)
    ]
    if verb.dep_ == "conj" and verb.head.pos_ == "VERB":
        partners.append(verb.head)
    for partner in partners:
        objects = [c for c in partner.children if c.dep_ == "dobj"]
        if objects and objects[0].i > verb.i:
            return objects
    return []


def quantified_object(verb: Token) -> list[Token]:
    """A count the parser took for a preposition: "arrested over a dozen others"."""
    return [
        g
        for c in verb.children
        if c.dep_ == "prep" and c.lower_ in rules.QUANTIFIER_PREPOSITIONS
        for g in c.children
        if g.dep_ == "pobj" and describes_people(g)
    ]


def inherited_subject(trigger: Token) -> tuple[Token | None, bool]:
    """The subject a trigger shares with the verb or noun it hangs from."""
    if trigger.dep_ in ("acl", "amod") and trigger.tag_ == "VBN":
        return trigger.head, True
    if trigger.dep_ == "relcl":
        return trigger.head, trigger.tag_ == "VBN"
    token = trigger
    for _ in range(3):
        if token.dep_ not in ("conj", "xcomp", "advcl", "pcomp", "acl", "prep", "ccomp"):
            break
        dependent, token = token, token.head
        if dependent.dep_ == "acl" and dependent.tag_ == "VB" and token.dep_ == "dobj":
            token = token.head  # "issued a decision to release X": whoever issued it
        if dependent.dep_ == "xcomp":
            # Object control: "ordered X to pay a fine", "forced him to leave".
            controller = next((c for c in token.children if c.dep_ == "dobj"), None)
            if controller is not None and is_person_like(controller):
                return controller, False
        for child in token.children:
            if child.dep_ in ROLE_DEPS_PASSIVE:
                return child, True
            if child.dep_ in ROLE_DEPS_SUBJECT:
                return child, False
        if token.pos_ in ("NOUN", "PROPN"):
            return token, False
    return None, False


def noun_role_heads(trigger: Token, match_end: int) -> tuple[list[Token], list[Token]]:
    """Roles of a trigger noun: "Ivanov's arrest", "the killing of X by Y", "X received a fine".

    In a phrase ("death by torture of X"), the "of" may hang from its last word.
    """
    victims = [c for c in trigger.children if c.dep_ == "poss"]
    perpetrators: list[Token] = []
    last = trigger.doc[match_end - 1]
    tail = [c for c in last.children if c.dep_ == "prep"] if last.i > trigger.i else []
    for prep in [*trigger.children, *tail]:
        if prep.dep_ != "prep":
            continue
        objects = [
            c for c in prep.children if c.dep_ == "pobj" and c.lemma_ not in rules.CHARGE_NOUNS
        ]
        if prep.lower_ in ("on", "against", "to") or (
            # "a fine of 20,250 tenge", "a sentence of five years" name an amount.
            prep.lower_ == "of" and trigger.lemma_ not in rules.AMOUNT_NOUNS
        ):
            victims += objects
        elif prep.lower_ == "by":
            perpetrators += objects
    if not victims and trigger.dep_ == "pobj" and trigger.head.lower_ in ("under", "in"):
        holder = trigger.head.head  # "X, previously under house arrest, ..."
        if holder.pos_ in ("NOUN", "PROPN") and holder.dep_ != "pobj":
            victims.append(holder)
    if not victims:
        victims += governing_subject(trigger)
    return with_conjuncts([object_owner(v) for v in victims]), with_conjuncts(perpetrators)


def governing_subject(trigger: Token) -> list[Token]:
    """The subject of the verb above a trigger noun: "X was punished by a fine"."""
    verb = trigger.head.head if trigger.dep_ in ("pobj",) else trigger.head
    if trigger.head.lemma_ in ("include", "including"):
        return []  # "238 were killed, including six deaths in detention": a part, not the whole
    if verb.dep_ == "agent" or verb.pos_ == "ADP":
        verb = verb.head
    if trigger.dep_ not in ("dobj", "pobj") or verb.pos_ not in ("VERB", "AUX"):
        return []
    # "X had been under pretrial detention", "X was in custody".
    in_state = verb.lemma_ == "be" and trigger.head.lower_ in ("under", "in")
    supported = verb.lemma_ in rules.SUPPORT_VERBS or in_state
    found = [
        c
        for c in verb.children
        if c.dep_ in ROLE_DEPS_PASSIVE or (supported and c.dep_ in ROLE_DEPS_SUBJECT)
    ]
    if not found:
        inherited, was_passive = inherited_subject(verb)
        if inherited is not None and (was_passive or supported):
            found.append(inherited)
    return found


def object_owner(token: Token) -> Token:
    """The owner of a thing named as the object: "the appeal of X", "her car", "access to X"."""
    if token.lower_ in rules.RELATIVE_PRONOUNS and token.head.dep_ == "relcl":
        return token.head.head
    if token.pos_ != "NOUN" or describes_people(token) or token.lemma_ in rules.MEDIA_OBJECT_NOUNS:
        return token
    for child in token.children:
        if child.dep_ == "poss":
            return child
        if child.dep_ == "prep" and child.lower_ in ("of", "for", "on", "against", "to"):
            owner = next((g for g in child.children if g.dep_ == "pobj"), None)
            if owner is not None:
                return owner
    return token


def with_conjuncts(tokens: list[Token]) -> list[Token]:
    found: list[Token] = []
    for token in tokens:
        found.append(token)
        found.extend(c for c in token.conjuncts if c.i > token.i)
    return found


def is_official(token: Token) -> bool:
    """Officials as a phrase's head: "police officers", "seven of the former officers"."""
    if token.lemma_.lower() in rules.OFFICIAL_NOUNS:
        return True
    return token.like_num and any(
        g.lemma_.lower() in rules.OFFICIAL_NOUNS
        for c in token.children
        if c.dep_ == "prep" and c.lower_ == "of"
        for g in c.children
    )


def passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children) or (
        verb.tag_ == "VBN" and verb.dep_ in ("acl", "relcl", "conj")
    )


def is_person_like(token: Token) -> bool:
    """Nouns of people outside the role lists: "three oil company managers", "the workers"."""
    if token.lower_ in rules.PRONOUNS or token.ent_type_ == "PERSON":
        return True
    return token.pos_ == "NOUN" and (
        token.lemma_.lower() in rules.PERSON_NOUNS
        or (
            rules.AGENT_NOUN.search(token.lemma_) is not None
            and (token.tag_ == "NNS" or any(c.dep_ == "nummod" for c in token.children))
        )
    )


def describes_people(token: Token) -> bool:
    return (
        token.like_num
        or token.lemma_.lower() in rules.PERSON_NOUNS
        or token.lemma_.lower() in (rules.OFFICIAL_NOUNS)
    )


def phrase(head: Token) -> Span:
    """A noun phrase cut before relative clauses, appositions and commas."""
    end = head.i + 1
    for child in head.rights:
        if child.dep_ == "prep" and child.lower_ in ("of", "in", "from", "at"):
            end = child.right_edge.i + 1
        else:
            break
    return head.doc[head.left_edge.i : end]


def description(head: Token) -> str:
    """The phrase as given ("seven law enforcement officials", "a protester")."""
    tokens = [t for t in phrase(head) if not t.is_punct or t.text in ("-", "'")]
    return " ".join(t.text for t in tokens).replace(" - ", "-").replace(" 's", "'s").strip()


def clause(top: Token) -> Iterable[Token]:
    """A token's subtree without conjoined clauses and "including" lists."""
    pending = [top]
    while pending:
        token = pending.pop()
        yield token
        pending.extend(
            c
            for c in token.children
            if c.dep_ not in ("conj", "cc") and c.lemma_ not in ("include", "including")
        )
