"""Concrete incidents (killings, arrests, convictions, blocked websites ...) with their roles.

A trigger lexicon (``event_rules.TRIGGERS``) is matched on lemmas with spaCy's
``Matcher`` over the one shared parse; the roles come from the dependency
neighbours of the trigger: the object or passive subject is the victim, the
subject or ``by`` agent the perpetrator. Named victims are the person facts
(and, for media events, the named outlets) inside the victim's phrase; an act
against several people is one event with several victims. Generic statements are dropped
by named rules (``event_rules.GENERIC_RULES``): negation, habitual adverbs, modal, legal
and present-tense statements, hypotheses, counts, and bare plural victims with no date;
and by the incident filter (``incident_filter``, rules as data): demands, failures,
statuses, estimates, and counts too large for one act.

``event_heads`` finds the role phrases in the parse; ``event_mentions`` names them,
pronouns and definite nouns ("them", "the newspaper") included.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache

from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, Token

from rightslens.extract import event_heads as heads
from rightslens.extract import event_mentions as names
from rightslens.extract import event_rules as rules
from rightslens.extract import incident_filter
from rightslens.extract.event_heads import ROLE_DEPS_PASSIVE
from rightslens.extract.parse import ParsedParagraph, ParsedReport, load_nlp
from rightslens.model import DateFact, EventFact, Fact, FigureFact, PersonFact, PlaceFact

# A day of the month in a date's words ("October 1 to 6"), not a year ("December 2015").
_DAY_NUMBER = re.compile(r"(?<!\d)\d{1,2}(?!\d)")
# Date words that only say "in the report's year": no digit, the word "year".
_WHOLE_YEAR = re.compile(r"^\D*\byear\b\D*$|^\D*\byear['’]s\b\D*$", re.IGNORECASE)
_MODIFIER_DEPS = frozenset({"compound", "amod", "poss", "nmod", "det", "nummod"})


@dataclass
class _Roles:
    victims: list[str] = field(default_factory=list)
    perpetrators: list[str] = field(default_factory=list)
    victim_tokens: list[Token] = field(default_factory=list)
    named_victim: bool = False
    referred_victim: bool = False  # told before and referred to: "them", "the journalist"
    official_victim: bool = False
    person_victim: bool = False
    victim_roles: set[str] = field(default_factory=set)


@cache
def _matcher() -> Matcher:
    """The trigger matcher, built once per process on the shared vocabulary."""
    matcher = Matcher(load_nlp().vocab)
    for event_type, patterns in rules.TRIGGERS.items():
        for rule, pattern in patterns.items():
            matcher.add(f"{event_type}.{rule}", [pattern])
    return matcher


class _FactIndex:
    """Facts sorted by start so each paragraph finds its own with two bisections."""

    def __init__(self, facts: Iterable[Fact]) -> None:
        self.facts = sorted(facts, key=lambda fact: fact.quote.start)
        self.starts = [fact.quote.start for fact in self.facts]

    def within(self, start: int, end: int) -> list[Fact]:
        lo = bisect.bisect_left(self.starts, start)
        hi = bisect.bisect_left(self.starts, end)
        return self.facts[lo:hi]


def find_events(
    report: ParsedReport,
    persons: list[PersonFact],
    dates: list[DateFact],
    places: list[PlaceFact],
    figures: list[FigureFact],
) -> list[EventFact]:
    """Concrete incidents of the report: one per act, with every victim it befell."""
    matcher = _matcher()
    strings = load_nlp().vocab.strings
    indexes = [_FactIndex(facts) for facts in (persons, dates, places, figures)]
    officials = frozenset(p.name for p in persons if p.name and "official" in p.roles)
    events: list[EventFact] = []
    for paragraph in report.paragraphs:
        doc = paragraph.doc
        end = paragraph.start + len(doc.text)
        person_facts, date_facts, place_facts, figure_facts = (
            index.within(paragraph.start, end) for index in indexes
        )
        mentions = names.mentions_in(paragraph, person_facts, officials)
        seen: set[tuple[int, str, str]] = set()
        triggers = _best_triggers(doc, matcher(doc), strings)
        cues = incident_filter.cues_in(doc)
        found: list[EventFact] = []
        for trigger, match_end, event_type, rule in triggers:
            if trigger.i < paragraph.body_start:
                continue  # "Arrests:" names the topic of the paragraph
            sentence = trigger.sent
            reason = rules.generic_reason(trigger)
            # "no information about his whereabouts" tells the disappearance itself.
            whereabouts = rule == "whereabouts_unknown"
            if whereabouts and not rules.WHEREABOUTS_UNKNOWN.search(sentence.text):
                continue
            if (not whereabouts and rules.NO_REPORTS.search(sentence.text)) or (
                reason is not None and reason not in rules.OVERRIDDEN_BY_NAMES
            ):
                continue
            typed = _typed_roles(
                trigger, match_end, event_type, rule, mentions, paragraph.body_start
            )
            for made_type, roles in typed:
                context = _SentenceFacts(paragraph, sentence, date_facts, place_facts, figure_facts)
                if not _is_concrete(roles, context) or (reason and not roles.named_victim):
                    continue
                modifiers = incident_filter.modifiers(trigger, made_type, cues)
                if incident_filter.dropping(modifiers):
                    continue
                for victim in roles.victims or [""]:
                    key = (sentence.start, made_type, victim.lower())
                    if key in seen:
                        continue
                    seen.add(key)
                    event = _event(paragraph, trigger, made_type, rule, victim, roles, context)
                    if incident_filter.aggregate(event.victims, context.tells_a_day()) is None:
                        event.modifiers = modifiers
                        event.status = incident_filter.status(modifiers)
                        found.append(event)
        events += _one_per_act(_drop_redundant(found))
    return events


def _best_triggers(
    doc: Doc, matches: Sequence[tuple[int, int, int]], strings
) -> list[tuple[Token, int, str, str]]:
    """One rule per trigger token and type; a phrase rule wins over a single word."""
    best: dict[tuple[int, str], tuple[int, str]] = {}
    for match_id, start, end in matches:
        event_type, rule = strings[match_id].split(".", 1)
        key = (start, event_type)
        if key not in best or end - start > best[key][0]:
            best[key] = (end - start, rule)
    phrase_tokens = {
        i
        for (start, _), (length, _) in best.items()
        if length > 1
        for i in range(start, start + length)
    }
    found = []
    for (start, event_type), (length, rule) in sorted(best.items()):
        # "beaten to death" is a death, not also a beating; "placed under arrest" one arrest.
        if length == 1 and start in phrase_tokens:
            continue
        found.append((doc[start], start + length, event_type, rule))
    return found


def _drop_redundant(events: list[EventFact]) -> list[EventFact]:
    """Within one paragraph: a death in custody is not also a killing ("X died in custody
    ... Lifesaving efforts failed and X died"), an attack not also torture; a victimless
    copy of an event adds nothing."""
    custody = {v.lower() for e in events if e.event_type == "death_in_custody" for v in e.victims}
    attacked = {
        (e.sentence.start, v.lower())
        for e in events
        if e.event_type == "attack_on_journalist_or_activist"
        for v in e.victims
    }
    with_victims = {(e.sentence.start, e.event_type) for e in events if e.victims}
    return [
        e
        for e in events
        if not (e.event_type == "killing" and any(v.lower() in custody for v in e.victims))
        # Assailants who beat a journalist attack him; torture is the state's.
        and not (
            e.event_type == "torture_or_ill_treatment"
            and any((e.sentence.start, v.lower()) in attacked for v in e.victims)
        )
        and not (not e.victims and (e.sentence.start, e.event_type) in with_victims)
    ]


def _one_per_act(events: list[EventFact]) -> list[EventFact]:
    """One incident per act: events of one sentence with the same type and date are one
    act against several people ("police arrested A, B and C"), so they become one event
    with every victim (and every perpetrator) in the order the text names them."""
    merged: dict[tuple[int, str, str | None], EventFact] = {}
    for event in events:
        key = (event.sentence.start, event.event_type, event.date)
        first = merged.setdefault(key, event)
        if first is event:
            continue
        first.victims += [v for v in event.victims if v not in first.victims]
        first.perpetrators += [p for p in event.perpetrators if p not in first.perpetrators]
        first.place = first.place or event.place
        first.confidence = max(first.confidence, event.confidence)
        first.modifiers += [m for m in event.modifiers if m not in first.modifiers]
    for event in merged.values():
        event.victims = _without_titles(event.victims, event.sentence.text)
    return list(merged.values())


def _without_titles(victims: list[str], sentence: str) -> list[str]:
    """Victims less the words that only title a named one ("journalists" in "detained
    journalists A and B"): they name the same people, not more."""
    named = [v for v in victims if v[:1].isupper()]
    return [v for v in victims if not any(f"{v} {name}" in sentence for name in named)]


# --- roles -------------------------------------------------------------------------------


def _typed_roles(
    trigger: Token,
    match_end: int,
    event_type: str,
    rule: str,
    mentions: list[names.Mention],
    body_start: int,
) -> list[tuple[str, _Roles]]:
    """The event type(s) a trigger makes once its roles are known, with those roles (none
    taken from the paragraph's run-in label)."""
    victim_heads, perpetrator_heads = (
        _after_label(found, body_start) for found in heads.role_heads(trigger, match_end)
    )
    victim_heads = [h for h in victim_heads if _may_suffer(h, event_type, mentions)]
    roles = _fill(victim_heads, perpetrator_heads, mentions, event_type, trigger)
    if not roles.named_victim:
        # "found activist X guilty", "sentenced civil activist X to": whoever the phrase
        # itself names, or a name right after the verb when the parse lost the object.
        reach = max(match_end, trigger.i + 5) if trigger.pos_ == "VERB" else match_end
        inside = [
            m
            for m in mentions
            if m.is_person
            and trigger.i < m.start
            and m.end <= reach
            and not any(
                t.pos_ == "VERB" or t.is_punct for t in trigger.doc[trigger.i + 1 : m.start]
            )
        ]
        if inside and not heads.passive(trigger):
            roles.victims, roles.named_victim = [inside[0].name], True
            roles.person_victim = True
            roles.victim_roles.update(inside[0].roles)
    if not roles.victims and heads.accusation_of(trigger) is None:
        earlier = _subject_before_passive(trigger, mentions)
        if earlier:
            roles.victims, roles.named_victim, roles.person_victim = earlier, True, True
    if event_type == "killing" and _in_custody(trigger, victim_heads):
        event_type = "death_in_custody"
    elif rule == "death_of":
        return []  # "the deaths of miners in a fire": a death, but no killing
    prosecuted = _prosecuted_officials(trigger, event_type, victim_heads, roles, mentions)
    if prosecuted is not None:
        return [("official_prosecuted", prosecuted), (event_type, prosecuted)]
    if not _fits(trigger, event_type, rule, roles):
        return _refit(trigger, event_type, rule, roles)
    found = [(event_type, roles)]
    if event_type == "arrest_or_detention" and any(
        # The victims' own phrase ("detained 40 protesters", "participants of the rally"),
        # not a clause about them ("X, who had been arrested during the protests") or a
        # word naming them ("protest leader X").
        t.lemma_ in rules.PROTEST_NOUNS and (t == h or t.dep_ not in ("compound", "amod"))
        for h in victim_heads
        for t in heads.phrase(h)
    ):
        found.append(("protest_dispersed", roles))
    return found


def _prosecuted_officials(
    trigger: Token,
    event_type: str,
    victim_heads: list[Token],
    roles: _Roles,
    mentions: list[names.Mention],
) -> _Roles | None:
    """Roles of officials arrested or convicted for abuse, where that is what the trigger
    tells: the officials are the perpetrators and the people they harmed the victims (the
    gold convention). Unnamed officials ("four police officers received sentences") always
    are; named ones ("convicted police officers A and B of beating C", "found Major A
    guilty of abuse of power") where the sentence names whom they harmed or the charge is
    one of abuse. None for anyone else arrested or convicted."""
    if event_type not in ("conviction_or_sentence", "arrest_or_detention"):
        return None
    # Officials, or named with them and charged as perpetrators ("sergeant A and corporal B");
    # people arrested in a sentence about abuse are not officials for that alone.
    named_officials = {
        head: found
        for head in victim_heads
        if (found := names.named_in(head, mentions, False))
        and all({"official", "perpetrator"} & set(m.roles) for m in found)
        and any("official" in m.roles for m in found)
    }
    if not roles.official_victim and not named_officials:
        return None
    officials = [h for h in victim_heads if heads.is_official(h)] + list(named_officials)
    harmed = _harmed_in_sentence(trigger, officials, mentions)
    charged_with_abuse = any(
        "perpetrator" in m.roles for found in named_officials.values() for m in found
    )
    if not (roles.official_victim or harmed or charged_with_abuse):
        return None
    accused = [v for v in roles.victims if v not in harmed]
    return _Roles(harmed, accused, roles.victim_tokens, bool(harmed), True)


def _may_suffer(head: Token, event_type: str, mentions: list[names.Mention]) -> bool:
    """A date never suffers an event ("on the night of May 22"), nor does a place one that
    befalls people ("taken to Kara Barracks"), unless a person's name covers the word.
    (Organizations may: the parser calls many a person's name one.)"""
    if head.ent_type_ in ("DATE", "TIME"):
        return False
    if event_type in rules.PERSON_EVENTS and head.ent_type_ in ("GPE", "LOC", "FAC"):
        return any(m.is_person and m.start <= head.i < m.end for m in mentions)
    return True


def _after_label(found: list[Token], body_start: int) -> list[Token]:
    """Role heads outside a run-in label; where the parse made the label the subject, the
    phrase it took for the label's apposition ("Harassment: Security services detained")."""
    kept: list[Token] = []
    for head in found:
        if head.i >= body_start:
            kept.append(head)
        else:
            kept += [c for c in head.children if c.dep_ == "appos" and c.i >= body_start]
    return kept


def _subject_before_passive(trigger: Token, mentions: list[names.Mention]) -> list[str]:
    """Names before a passive verb the parse left without a subject ("In July X and Y
    were charged with a fine")."""
    verb = trigger
    while verb.pos_ not in ("VERB", "AUX") and verb.dep_ in ("pobj", "prep", "dobj"):
        verb = verb.head
    if not heads.passive(verb) or any(c.dep_ in ROLE_DEPS_PASSIVE for c in verb.children):
        return []
    start = verb.sent.start
    return [
        m.name
        for m in mentions
        if m.is_person
        and start <= m.start
        and m.end <= verb.i
        and not any(
            t.pos_ in ("VERB", "AUX")
            for t in verb.doc[m.end : verb.i]
            if t.dep_ not in ("auxpass", "aux")
        )
    ]


def _fill(
    victim_heads: list[Token],
    perpetrator_heads: list[Token],
    mentions: list[names.Mention],
    event_type: str,
    trigger: Token,
) -> _Roles:
    """Names (or descriptions) of the people in each role's phrase; a doer outside the act's
    own phrase is not named by it ("convicted X of the killing of Y": Y killed no one)."""
    roles = _Roles(victim_tokens=[t for h in victim_heads for t in h.subtree])
    with_outlets = event_type not in rules.PERSON_EVENTS
    # "charged Inspector X with his murder": "his" is not the one charged.
    doers = {m.name for h in perpetrator_heads for m in names.named_in(h, mentions, False)}
    others = [m for m in mentions if m.name not in doers]
    for head in victim_heads:
        named = names.named_in(head, mentions, with_outlets) or names.name_right_after(
            head, mentions
        )
        if not named and head.dep_ == "appos":
            # "Ivan Petrov, a civil society activist arrested in January".
            named = [m for m in mentions if m.is_person and m.start <= head.head.i < m.end]
        if not named and (head.lower_ in rules.PLURAL_PRONOUNS or _pair_noun(head)):
            group = names.plural_antecedent(head, mentions)
            if isinstance(group, Token):
                head = group  # described, not named: "fleeing protesters ... beating them"
                roles.referred_victim = True
            else:
                named = group
        if named:
            roles.named_victim = True
            roles.person_victim = roles.person_victim or any(m.is_person for m in named)
            roles.victim_roles.update(r for m in named for r in m.roles)
            roles.victims += [m.name for m in named if m.name not in roles.victims]
        elif head.lower_ in rules.PRONOUNS or names.is_definite_role_noun(head):
            previous = names.antecedent(head, others)
            if previous is not None:
                roles.named_victim = roles.person_victim = True
                roles.victims.append(previous.name)
                roles.victim_roles.update(previous.roles)
        elif with_outlets and names.is_definite_outlet_noun(head):
            outlet = names.previous_outlet(head, mentions)
            if outlet is not None:
                roles.named_victim = True
                roles.victims.append(outlet.name)
        elif (
            heads.describes_people(head)
            or (with_outlets and head.pos_ in ("NOUN", "PROPN"))
            or (not with_outlets and heads.is_person_like(head))
        ):
            # "a number of activists, including X and Y": the names, not the group.
            listed = names.listed_after(head, mentions, with_outlets)
            roles.named_victim = roles.named_victim or bool(listed)
            roles.person_victim = roles.person_victim or any(m.is_person for m in listed)
            roles.victims += [m.name for m in listed] or [heads.description(head)]
    roles.official_victim = any(
        heads.is_official(h) and not names.named_in(h, mentions, False) for h in victim_heads
    )
    act = range(trigger.left_edge.i, trigger.right_edge.i + 1)
    for head in perpetrator_heads:
        named = names.named_in(head, mentions, False)
        if head.i not in act:
            named = [m for m in named if m.start not in act]
        if named:
            roles.perpetrators += [m.name for m in named]
        elif head.pos_ in ("NOUN", "PROPN") or head.like_num:
            roles.perpetrators.append(heads.description(head))
    return roles


def _pair_noun(head: Token) -> bool:
    """ "both women", "the two activists": a pair of people told before ("two local residents"
    is someone new)."""
    words = {c.lower_ for c in head.children if c.dep_ in ("det", "predet", "nummod")}
    return heads.is_person_like(head) and ("both" in words or {"the", "two"} <= words)


def _in_custody(trigger: Token, victim_heads: list[Token]) -> bool:
    """A death told in a clause about custody, prison or detention: the cue stands in the
    trigger's own clause or in its victim's phrase, not in a list joined to it ("238 were
    killed in the unrest, including six deaths in detention" is no death in custody)."""
    return any(
        t.lemma_.lower() in rules.CUSTODY_CUES
        # "died at the Tura police station"
        or (t.lemma_ == "station" and any(c.lemma_ == "police" for c in t.children))
        for top in (trigger, *victim_heads)
        for t in heads.clause(top)
    )


def _about_media(trigger: Token) -> bool:
    """A sentence that speaks of media: named outlets banned in it are outlets ("banned X, Y
    and Z TV as extremist")."""
    return any(t.lower_ in rules.MEDIA_WORDS for t in trigger.sent)


def _fits(trigger: Token, event_type: str, rule: str, roles: _Roles) -> bool:
    """Type constraints: an attack must hit a journalist or activist, a block a medium."""
    victim_lemmas = {t.lemma_.lower() for t in roles.victim_tokens}
    if event_type == "attack_on_journalist_or_activist":
        if trigger.lemma_ == "shoot" and any(t.lemma_ in rules.DEATH_WORDS for t in trigger.sent):
            return False  # "the body of activist X, who was shot, was found": a killing
        return bool(
            victim_lemmas & rules.MEDIA_VICTIM_NOUNS
            or roles.victim_roles & rules.MEDIA_ROLES
            or (roles.named_victim and not roles.person_victim)
        )
    if event_type == "blocking_or_censorship" and rule not in ("restricted_access", "inaccessible"):
        head_lemmas = {
            t.lemma_.lower() for t in roles.victim_tokens if t.dep_ not in _MODIFIER_DEPS
        }
        return (
            bool(head_lemmas & rules.MEDIA_OBJECT_NOUNS)
            or any(names.URL_LIKE.match(t.text) for t in roles.victim_tokens)
            or (roles.named_victim and _about_media(trigger))
        ) and not roles.person_victim
    if event_type == "protest_dispersed":
        return bool(victim_lemmas & rules.PROTEST_NOUNS)
    if event_type in rules.PERSON_EVENTS and event_type != "protest_dispersed":
        return bool(roles.victims)
    return True


def _refit(trigger: Token, event_type: str, rule: str, roles: _Roles) -> list[tuple[str, _Roles]]:
    """A ban on an organization, or the suspension of its work, is a ban, not censorship."""
    victim_lemmas = {t.lemma_.lower() for t in roles.victim_tokens}
    if (
        event_type == "blocking_or_censorship"
        and (rule == "ban_outlet" or trigger.lemma_ in ("suspend", "shut"))
        and (victim_lemmas & rules.ORGANIZATION_NOUNS)
    ):
        return [("registration_denied_or_banned", roles)]
    return []


def _harmed_in_sentence(
    trigger: Token, official_heads: list[Token], mentions: list[names.Mention]
) -> list[str]:
    """Who the prosecuted officials harmed: people named elsewhere in the trigger's clause
    (not in a clause joined to it: "X received sentences for the death of A, and Y received
    sentences for the death of B"), else in its sentence."""
    sentence = trigger.sent
    official = {t.i for h in official_heads for t in heads.phrase(h)} | {
        m.start for h in official_heads for m in names.named_in(h, mentions, False)
    }
    harmed = [
        m
        for m in mentions
        if m.is_person
        and m.start >= sentence.start
        and m.end <= sentence.end
        and m.start not in official
    ]
    own = {t.i for t in heads.clause(_clause_verb(trigger))}
    named = [m.name for m in harmed if m.start in own] or [m.name for m in harmed]
    if named:
        return named
    for token in sentence:
        if (
            token.lemma_ in ("torture", "kill", "beat", "death", "killing", "abuse")
            and token.i not in official
        ):
            for child in token.children:
                target = child if child.dep_ == "dobj" else None
                if child.dep_ == "prep" and child.lower_ == "of":
                    target = next((g for g in child.children if g.dep_ == "pobj"), None)
                if target is not None and heads.describes_people(target):
                    return [heads.description(target)]
    return []


# --- assembling the fact -----------------------------------------------------------------


@dataclass
class _SentenceFacts:
    """The date, place and figure facts that fall inside one sentence."""

    paragraph: ParsedParagraph
    sentence: Span
    dates: list[Fact]
    places: list[Fact]
    figures: list[Fact]

    def __post_init__(self) -> None:
        start = self.paragraph.start + self.sentence.start_char
        end = self.paragraph.start + self.sentence.end_char

        def inside(facts: list[Fact]) -> list[Fact]:
            return [f for f in facts if f.quote.start >= start and f.quote.end <= end]

        self.earlier_dates = [f for f in self.dates if f.quote.end <= start]
        self.dates, self.places, self.figures = (
            inside(self.dates),
            inside(self.places),
            inside(self.figures),
        )

    def tells_a_day(self) -> bool:
        """Whether the sentence dates something to a day, or to a range of days ("from
        October 1 to 6", kept as the month)."""
        return any(
            len(getattr(d, "value", "")) == len("YYYY-MM-DD") or _DAY_NUMBER.search(d.quote.text)
            for d in self.dates
        )

    def nearest(self, facts: list[Fact], trigger: Token) -> Fact | None:
        at = self.paragraph.start + trigger.idx
        return min(facts, key=lambda f: abs(f.quote.start - at), default=None)

    def date_of(self, trigger: Token) -> Fact | None:
        """The incident's date: one in the trigger's own clause ("In 2022 the government stated
        238 had been killed in January"), else the nearest in its sentence, else the last one
        given earlier in the paragraph ("In December 2021, X died in custody. Police said ...").
        An act told as a charge, an allegation or a cause does not take the date of the act
        around it ("In September the court acquitted officers accused of torturing detainees"),
        only one of its own clause or one naming a thing ("sentenced in a January 2022 torture
        case on charges of torturing 40 people"); nor does an act take the date of the charge
        it is convicted on ("convicted of carrying out a raid in 2002")."""
        clause = _clause_verb(trigger)
        own_tokens = {t.i for t in heads.clause(clause)}
        own = [f for f in self.dates if self._date_token(f).i in own_tokens]
        if heads.told_as_cause_or_charge(trigger):
            naming = [f for f in self.dates if self._date_token(f).head.pos_ in ("NOUN", "PROPN")]
            if self.dates:
                return self.nearest(own or naming, trigger)
        else:
            own = [f for f in own if not heads.told_as_cause_or_charge(self._date_verb(f))]
        direct = [f for f in own if self._date_verb(f) == clause]
        found = self.nearest(direct or own or self.dates, trigger)
        if found is None and self.earlier_dates:
            return self.earlier_dates[-1]
        return found

    def respective_date(self, trigger: Token, victims: list[str], victim: str) -> Fact | None:
        """ "On 30 October and 4 December respectively, A and B were fined": the n-th date
        of the sentence for the n-th victim, where it says "respectively" and the counts
        agree."""
        if victim not in victims or "respectively" not in self.sentence.text.lower():
            return None
        fits = len(self.dates) == len(victims) > 1
        return self.dates[victims.index(victim)] if fits else None

    def _date_verb(self, date: Fact) -> Token:
        """The verb a date modifies, so that a date inside a relative clause ("X, who fled
        in 2015, was arrested on March 3") is not taken for the main verb's."""
        return _clause_verb(self._date_token(date))

    def _date_token(self, date: Fact) -> Token:
        """The head word of a date's words in the parse."""
        span = self.paragraph.doc.char_span(
            date.quote.start - self.paragraph.start,
            date.quote.end - self.paragraph.start,
            alignment_mode="expand",
        )
        return span.root


def _clause_verb(token: Token) -> Token:
    """The verb heading a token's clause (the root where no verb is above it)."""
    while token.pos_ not in ("VERB", "AUX") and token.dep_ != "ROOT":
        token = token.head
    return token


def _is_concrete(roles: _Roles, context: _SentenceFacts) -> bool:
    """A named victim, a date, or a specific description ("a protester", "12 people"). A
    date that only places the act in the report's year ("during the year", "at year's
    end") makes nothing specific: "political prisoners were pardoned during the year"."""
    told = [d for d in context.dates if not _WHOLE_YEAR.search(d.quote.text)]
    if roles.named_victim or roles.referred_victim or told:
        return True
    # The victims' own words, not those of a phrase hanging from them ("detained suspects
    # for up to 10 days" has no specific victim).
    inside = {t.i for t in roles.victim_tokens}
    tops = [t for t in roles.victim_tokens if t.head.i not in inside or t.head == t]
    return any(_specific_phrase(top) for top in tops)


def _specific_phrase(head: Token) -> bool:
    """ "a protester", "12 people", "the magazine's website"; not "their homes"."""
    if head.like_num:
        return True
    for child in head.children:
        if child.dep_ in ("det", "nummod") and _specific(child):
            return True
        if child.dep_ == "poss" and _specific_phrase(child):
            return True
    return False


def _specific(token: Token) -> bool:
    return token.lower_ in ("a", "an", "the", "this", "that", "one") or token.like_num


def _event(
    paragraph: ParsedParagraph,
    trigger: Token,
    event_type: str,
    rule: str,
    victim: str,
    roles: _Roles,
    context: _SentenceFacts,
) -> EventFact:
    sentence = trigger.sent
    date = context.respective_date(trigger, roles.victims, victim) or context.date_of(trigger)
    place = context.nearest(context.places, trigger)
    confidence = 0.8 if roles.named_victim else 0.6
    quote = paragraph.quote(sentence.start_char, sentence.end_char)
    return EventFact(
        quote=quote,
        sentence=quote,
        section=paragraph.section,
        confidence=confidence,
        method=f"event.{event_type}.{rule}",
        event_type=event_type,
        victims=[victim] if victim else [],
        perpetrators=list(dict.fromkeys(roles.perpetrators)),
        date=getattr(date, "value", None),
        place=getattr(place, "name", None),
        figures=[f.quote.text for f in context.figures],
    )
