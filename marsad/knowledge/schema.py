"""Pydantic schemas for the knowledge files under knowledge/data/.

Every file is validated on load; a bad entry is reported with its file, its
position and the field that was expected, so an analyst can fix data without
reading Python.
"""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

# ISO 3166-1 alpha-3, LBY-E / LBY-W for Libya's two camps, and an international organisation's English acronym in
# capitals (UN, EU, ARAB_LEAGUE, OIC, WORLD_BANK: ruling 8 of ../shared/eval/GUIDELINES.md)
POLITY_PATTERN = r"^([A-Z]{3}-[EW]|[A-Z][A-Z0-9]+(_[A-Z0-9]+)*)$"


class _Entry(BaseModel):
    # defer_build: a base read from the cache never validates, so it need not pay for building validators at import
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Role(_Entry):
    """A position an actor held: lets 'الرئيس الروسي' resolve to the holder at a date."""

    title: str = Field(description="key from titles.yaml, e.g. president, foreign-minister")
    polity: str = Field(pattern=POLITY_PATTERN)
    start: int | None = Field(default=None, description="first year in office")
    end: int | None = Field(default=None, description="last year in office; null = still")
    org: str | None = Field(default=None, description="organisation for non-state roles, e.g. UNSMIL")


class Actor(_Entry):
    """A person, organisation or armed group with its Arabic names."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    name: str
    kind: Literal["person", "organisation", "group", "company", "state-body"] = "person"
    polity: str = Field(pattern=POLITY_PATTERN)
    aliases: list[str] = Field(min_length=1, description="full Arabic names, without clitics")
    short: list[str] = Field(default_factory=list, description="short forms (family name, rank) resolved within a document")
    short_default: bool = Field(default=False, description="a short form alone, with no fuller mention in the document, means this actor")
    roles: list[Role] = Field(default_factory=list)
    female: bool = Field(default=False, description="a woman: a feminine verb or 'ها' may refer to her, and a masculine one not")
    uncertain: bool = Field(default=False, description="facts not yet checked against a source")
    note: str | None = None


class Agent(_Entry):
    """A generic actor (ruling 5): gunmen, protesters, civilians, security forces, 'the government'."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    name: str = Field(description="English name, e.g. 'gunmen'; the polity is added when it is known")
    ar: list[str] = Field(min_length=1, description="every form, without proclitics")
    scope: Literal["place", "story", "named", "fixed"] = Field(
        description="where the polity comes from when no nationality follows the word: the place of the sentence "
                    "(place), the country of the story (story), nowhere (named: only with a nationality), "
                    "the `polity` field (fixed)")
    polity: str | None = Field(default=None, pattern=POLITY_PATTERN)
    unidentified: bool = Field(default=False, description="an unidentified perpetrator: left out of the event")

    @model_validator(mode="after")
    def _fixed_has_polity(self):
        if self.scope == "fixed" and not self.polity:
            raise ValueError("an agent with scope 'fixed' needs its polity")
        return self


class Capital(_Entry):
    name: str
    ar: list[str] = Field(min_length=1)


class State(_Entry):
    """A state (or polity) with every Arabic way of naming it."""

    code: str = Field(pattern=POLITY_PATTERN)
    name: str
    names_ar: list[str] = Field(min_length=1)
    demonym_ar: list[str] = Field(default_factory=list, description="masculine singular nisba without ال, e.g. روسي; other genders and numbers are generated")
    demonym_plural_ar: list[str] = Field(default_factory=list, description="broken plurals, e.g. الروس")
    capital: Capital | None = None
    metonyms_ar: list[str] = Field(default_factory=list, description="institutions standing for the state: الكرملين")
    uncertain: bool = False


class Place(_Entry):
    """A city or region: where events happen; its polity stands in for an unnamed host."""

    name: str
    ar: list[str] = Field(min_length=1)
    country: str = Field(pattern=POLITY_PATTERN)
    polity: str | None = Field(default=None, pattern=POLITY_PATTERN, description="controlling camp if it differs from the country, e.g. Benghazi LBY-E")
    ambiguous: bool = Field(default=False, description="name shared with another place (طرابلس): needs context")


class Title(_Entry):
    """A title that introduces a person: 'وزير الداخلية الإيطالي ماتيو ...'."""

    key: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    en: str
    ar: list[str] = Field(min_length=1)
    rank: int = Field(default=1, description="higher = more senior, to prefer the head of a delegation")
    polities: list[str] = Field(default_factory=list, description="the states where the word means this title "
                                "(المستشار: chancellor in Germany and Austria); empty for everywhere")
    elsewhere: str | None = Field(default=None, description="what the word means for other states, in English "
                                  "(المستشار الأمريكي: the US adviser)")


FRAMES = ("visit", "host", "meet", "transitive", "joint", "to", "against", "passive-target", "intransitive", "by",
          "mission")


class Trigger(_Entry):
    """Words that state an event, with the PLOVER/CAMEO codes and the argument frame."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    event_type: Literal["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
                        "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"]
    mode: str | None = None
    context: list[str] = Field(default_factory=list)
    cameo: str = Field(pattern=r"^\d{2,4}$")
    frame: str = Field(description="how arguments map to actor/recipient: " + ", ".join(FRAMES))
    aux: Literal["future", "negation", "hypothetical", "historical", "alleged"] | None = None
    verbs: list[str] = Field(default_factory=list, description="verb surface forms, no clitics")
    nouns: list[str] = Field(default_factory=list, description="verbal nouns / event nouns, no ال")
    requires: list[str] = Field(default_factory=list, description="words one of which must appear in the clause (e.g. اتفاقية for وقع)")
    unless: list[str] = Field(default_factory=list, description="words that rule this reading out when they stand in the clause (e.g. سفيرها: one's own ambassador is recalled, not summoned)")
    note: str | None = None

    @field_validator("frame")
    @classmethod
    def _known_frame(cls, value: str) -> str:
        if value not in FRAMES:
            raise ValueError(f"unknown frame {value!r}; expected one of {', '.join(FRAMES)}")
        return value


class Month(_Entry):
    number: int = Field(ge=1, le=12)
    names_ar: list[str] = Field(min_length=1, description="every spelling: Egyptian, Levantine, Maghrebi")
    ordinary_ar: list[str] = Field(default_factory=list, description="those of names_ar that are also plain words"
                                                                    " ('آب'، 'ماي'): a date only with a day or a year")
