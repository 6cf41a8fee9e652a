"""French text normalisation for the triage protocol.

Pure functions, stdlib only.  The pipeline is:

1. ``normalise_chars``: lower case, accents stripped, ``œ`` -> ``oe``, apostrophes and
   hyphens -> spaces, sentence punctuation -> ``.``, comma -> ``,``, decimal commas kept
   (``38,5`` -> ``38.5``), every other symbol (emoji, other scripts, NUL, RTL marks) -> space.
   Each output character remembers the index of the original character it came from.
2. ``tokenize``: words, numbers, ``.`` and ``,`` tokens, each with its original span.
3. ``expand_sms``: SMS / phonetic spellings ("jai", "chui", "tjs", "mal o ventre",
   "respir", "poitrin") -> standard tokens; glued elisions ("jarrive" -> "j arrive").

Also the small French parsers used for answers: yes/no, numbers in words, ages,
durations, pain scores.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

# --------------------------------------------------------------------------------------
# characters
# --------------------------------------------------------------------------------------

_APOSTROPHES = set("'’‘`´ʼʹ′‛")
_HYPHENS = set("-‐‑‒–—―_\\")
_SENTENCE = set(".!?;\n\r…¡¿")
_SPECIAL = {"œ": "oe", "æ": "ae", "ß": "ss", "ø": "o", "ð": "d", "þ": "th", "ł": "l", "đ": "d"}

# Cyrillic and Greek letters that look like Latin ones. Inside a word that also has Latin
# letters ("n'аrrive" typed with a Cyrillic "а", a pasted or spoofed text) they are read as
# the Latin letter; a word written wholly in another script is left alone (dropped later).
_CONFUSABLES = str.maketrans(
    "аеорсухіјѕԁкмнтвАЕОРСУХІЈЅКМНТВαεοριυκντχΑΕΟΡΙΥΚΝΤΧ",
    "aeopcyxijsdkmhtbAEOPCYXIJSKMHTBaeopiukvtxAEOPIYKNTX",
)
_CONFUSABLE_CHARS = frozenset("аеорсухіјѕԁкмнтвАЕОРСУХІЈЅКМНТВαεοριυκντχΑΕΟΡΙΥΚΝΤΧ")
_WORD_RUN = re.compile(r"\w+")


def _latin_lookalikes(text: str) -> str:
    """Replace look-alike letters inside mixed-script words (length is preserved)."""
    if not any(c in _CONFUSABLE_CHARS for c in text):
        return text

    def fix(m: re.Match) -> str:
        w = m.group()
        if any(c in _CONFUSABLE_CHARS for c in w) and any("a" <= c.lower() <= "z" for c in w):
            return w.translate(_CONFUSABLES)
        return w

    return _WORD_RUN.sub(fix, text)


_char_cache: dict[str, str] = {}


def _map_char(c: str) -> str:
    r = _char_cache.get(c)
    if r is not None:
        return r
    low = c.lower()
    if low in _SPECIAL:
        r = _SPECIAL[low]
    elif "a" <= low <= "z" or "0" <= low <= "9":
        r = low
    elif c in _APOSTROPHES or c in _HYPHENS:
        r = " "
    elif c == "/":
        r = " sur "
    elif c in _SENTENCE:
        r = "."
    elif c == ",":
        r = ","
    else:
        decomposed = unicodedata.normalize("NFKD", low)
        kept = "".join(ch for ch in decomposed if ("a" <= ch <= "z"))
        r = kept if kept and len(kept) <= 3 else " "
    if len(_char_cache) < 5000:
        _char_cache[c] = r
    return r


def normalise_chars(text: str) -> tuple[str, list[int]]:
    """Return (normalised string, list mapping each output char to an input index)."""
    out: list[str] = []
    idx: list[int] = []
    text = _latin_lookalikes(text)
    n = len(text)
    for i, c in enumerate(text):
        if c in ",.°" and 0 < i < n - 1 and text[i - 1].isdigit() and text[i + 1].isdigit():
            out.append(".")  # decimal: 38,5 / 38.5 / 38°5
            idx.append(i)
            continue
        r = _map_char(c)
        if len(r) == 1:
            out.append(r)
            idx.append(i)
        else:
            for ch in r:
                out.append(ch)
                idx.append(i)
    return "".join(out), idx


def simple_normalise(text: str) -> str:
    """Lower case, accents stripped, punctuation removed, single spaces."""
    s, _ = normalise_chars(text or "")
    s = re.sub(r"[.,]", " ", s)
    return " ".join(s.split())


# --------------------------------------------------------------------------------------
# tokens
# --------------------------------------------------------------------------------------


@dataclass(slots=True)
class Token:
    text: str
    start: int  # span in the ORIGINAL text
    end: int


_TOKEN_RE = re.compile(r"\d+(?:\.\d+)?|[a-z]+|[.,]")


def tokenize(text: str) -> list[Token]:
    norm, idx = normalise_chars(text or "")
    tokens: list[Token] = []
    for m in _TOKEN_RE.finditer(norm):
        s, e = m.start(), m.end()
        tokens.append(Token(m.group(), idx[s], idx[e - 1] + 1))
    # collapse runs of punctuation tokens
    out: list[Token] = []
    for t in tokens:
        if t.text in ".," and out and out[-1].text in ".,":
            if t.text == "." and out[-1].text == ",":
                out[-1] = t
            continue
        out.append(t)
    return out


# SMS / phonetic spellings -> standard tokens (applied token by token, after accents
# are stripped).  Keep entries unambiguous: a wrong expansion here hides a red flag.
SMS: dict[str, str] = {
    "jai": "j ai",
    "jsui": "je suis",
    "jsuis": "je suis",
    "chui": "je suis",
    "chuis": "je suis",
    "chu": "je suis",
    "jss": "je suis",
    "suis": "suis",
    "g": "j ai",
    "jme": "je me",
    "jpeu": "je peux",
    "jpeux": "je peux",
    "jpe": "je peux",
    "jarive": "j arrive",
    "jsp": "je ne sais pas",
    "jsais": "je sais",
    "chais": "je sais",
    "chepa": "je ne sais pas",
    "chaipa": "je ne sais pas",
    "sais": "sais",
    "jve": "je veux",
    "jveu": "je veux",
    "jveux": "je veux",
    "veu": "veux",
    "envi": "envie",  # "g envi de mourir"; "à l'envi" is rare in a patient's message
    "jvais": "je vais",
    "jv": "je vais",
    "jle": "je le",
    "jla": "je la",
    "jen": "j en",
    "jetouf": "j etouffe",
    "etouf": "etouffe",
    "jtouffe": "j etouffe",
    "tjs": "toujours",
    "tjrs": "toujours",
    "tjr": "toujours",
    "bcp": "beaucoup",
    "bcoup": "beaucoup",
    "bocou": "beaucoup",
    "bocoup": "beaucoup",
    "pr": "pour",
    "ds": "dans",
    "dla": "de la",
    "ke": "que",
    "ki": "qui",
    "koi": "quoi",
    "koa": "quoi",
    "kan": "quand",
    "qd": "quand",
    "qnd": "quand",
    "pk": "pourquoi",
    "pq": "pourquoi",
    "pcq": "parce que",
    "pck": "parce que",
    "psk": "parce que",
    "o": "au",
    "ao": "au",
    "mm": "meme",
    "tt": "tout",
    "ts": "tous",
    "tte": "toute",
    "ttes": "toutes",
    "pa": "pas",
    "plu": "plus",
    "pas": "pas",
    "nn": "non",
    "nan": "non",
    "non": "non",
    "ui": "oui",
    "wi": "oui",
    "ouai": "oui",
    "ouais": "oui",
    "ouii": "oui",
    "oue": "oui",
    "ok": "oui",
    "c": "c est",
    "cest": "c est",
    "ces": "ces",
    "sa": "sa",
    "ca": "ca",
    "fo": "faut",
    "tro": "trop",
    "pri": "pris",
    "gross": "grosse",
    "poid": "poids",
    "na": "n a",
    "dan": "dans",
    "mwa": "moi",
    "moa": "moi",
    "vs": "vous",
    "ns": "nous",
    "dc": "donc",
    "ya": "il y a",
    "yas": "il y a",
    "yavait": "il y avait",
    "jamai": "jamais",
    "auj": "aujourd hui",
    "ajd": "aujourd hui",
    "aujourdhui": "aujourd hui",
    "stp": "s il te plait",
    "svp": "s il vous plait",
    "bjr": "bonjour",
    "slt": "salut",
    "mrc": "merci",
    "mci": "merci",
    "rdv": "rendez vous",
    "dr": "docteur",
    "doc": "docteur",
    "med": "medecin",
    "medcin": "medecin",
    "toub": "medecin",
    "respir": "respirer",
    "respi": "respirer",
    "respire": "respire",
    "respiree": "respirer",
    "poitrin": "poitrine",
    "potrine": "poitrine",
    "poitrinne": "poitrine",
    "ventr": "ventre",
    "vente": "ventre",
    "tet": "tete",
    "tette": "tete",
    "teste": "tete",
    "gorg": "gorge",
    "nuk": "nuque",
    "nuqe": "nuque",
    "fievr": "fievre",
    "fiev": "fievre",
    "fievres": "fievre",
    "fiever": "fievre",
    "fiebre": "fievre",
    "temperature": "temperature",
    "temp": "temperature",
    "vomit": "vomi",
    "vomie": "vomi",
    "vomis": "vomi",
    "vomy": "vomi",
    "gerbe": "vomi",
    "gerber": "vomir",
    "degueule": "vomi",
    "degueuler": "vomir",
    "bide": "ventre",
    "ptit": "petit",
    "ptite": "petite",
    "pti": "petit",
    "ti": "petit",
    "bb": "bebe",
    "bebe": "bebe",
    "bebes": "bebe",
    "bbe": "bebe",
    "gosse": "enfant",
    "gamin": "enfant",
    "gamine": "enfant",
    "mioche": "enfant",
    "keum": "mari",
    "daron": "pere",
    "daronne": "mere",
    "reum": "mere",
    "mec": "mari",
    "mal2tete": "mal de tete",
    "maltete": "mal de tete",
    "maldetete": "mal de tete",
    "mdr": "",
    "lol": "",
    "ptdr": "",
    "hein": "",
    "bah": "",
    "ben": "",
    "euh": "",
    "heu": "",
    "bon": "bon",
    "koman": "comment",
    "komen": "comment",
    "comen": "comment",
    "dun": "d un",
    "dpuis": "depuis",
    "dep": "depuis",
    "dps": "depuis",
    "depui": "depuis",
    "bizar": "bizarre",
    "bizare": "bizarre",
    "bizzare": "bizarre",
    "hiers": "hier",
    "ier": "hier",
    "matin": "matin",
    "arrete": "arrete",
    "arete": "arrete",
    "arret": "arret",
    "bcq": "beaucoup",
    "tres": "tres",
    "tre": "tres",
    "vrm": "vraiment",
    "vrmt": "vraiment",
    "grav": "grave",
    "mourrir": "mourir",
    "suicid": "suicider",
    "sucider": "suicider",
    "suissider": "suicider",
    "suisider": "suicider",
    "sucide": "suicide",
}

# words that can follow "avc" when it means "avec" in SMS
_AVEC_FOLLOWERS = {
    "de",
    "du",
    "des",
    "la",
    "le",
    "les",
    "l",
    "un",
    "une",
    "mon",
    "ma",
    "mes",
    "son",
    "sa",
    "ses",
    "moi",
    "toi",
    "lui",
    "elle",
    "eux",
    "nous",
    "vous",
    "beaucoup",
    "bcp",
    "plein",
    "ce",
    "cette",
    "ces",
    "mal",
    "fievre",
    "douleur",
    "tout",
    "quelques",
}
_AVC_STROKE_PREV = {
    "un",
    "d",
    "l",
    "faire",
    "fait",
    "fais",
    "signe",
    "signes",
    "symptome",
    "symptomes",
    "mon",
    "son",
    "ce",
    "est",
    "eu",
    "cest",
    "d un",
    "l avc",
    "suspicion",
    "peur",
}

# Elided / glued first letters: "jarrive" -> "j arrive", "narrive" -> "n arrive".
_PHONETIC_ENDINGS = (("iks", "iques"), ("ik", "ique"), ("aks", "aques"), ("ak", "aque"), ("k", "que"))
_GLUE_PREFIXES = ("j", "n", "m", "l", "d", "s", "t", "qu")


# "il peu plu lever le bras", "je peu pa marcher": SMS "peu" for "peut"/"peux", told from
# the adverb ("un peu plus", "très peu pas cher") by the word before and the word after.
_PEU_ADVERB_PREV = {
    "un", "tres", "trop", "si", "assez", "bien", "aussi", "petit", "le", "pour", "a", "de", "d",
    "que", "qu", "depuis", "sous", "moins", "peu", "fort", "plutot", "encore", "mange", "dormi",
}  # fmt: skip
_PEU_NOT_VERB_NEXT = {
    "de", "d", "que", "qu", "mal", "fort", "tot", "tard", "loin", "longtemps", "souvent", "chaud",
    "froid", "cher", "bien", "mieux", "haut", "bas", ".", ",",
}  # fmt: skip


_PU_PLUS_AFTER = {
    "veux", "veut", "peux", "peut", "sais", "sait", "vois", "voit", "sens", "sent", "arrive",
    "dors", "dort", "mange", "bouge", "respire", "parle", "marche", "reveille", "bois", "boit",
}  # fmt: skip


def _peu_is_peut(tokens: list[Token], i: int) -> bool:
    n = len(tokens)
    nxt = tokens[i + 1].text if i + 1 < n else ""
    if nxt not in ("plus", "plu", "pas", "pa", "jamais"):
        return False
    prv = tokens[i - 1].text if i > 0 else ""
    if prv in ("en", "jen"):  # "j'en peu plus de cette vie"
        return True
    if prv in _PEU_ADVERB_PREV:
        return False
    after = tokens[i + 2].text if i + 2 < n else "."
    return after not in _PEU_NOT_VERB_NEXT


def expand_sms(tokens: list[Token], known: set[str] | frozenset[str] = frozenset()) -> list[Token]:
    out: list[Token] = []
    n = len(tokens)
    for i, t in enumerate(tokens):
        w = t.text
        if w in ".,":
            out.append(t)
            continue
        if w == "avc":
            nxt = tokens[i + 1].text if i + 1 < n else ""
            prv = tokens[i - 1].text if i > 0 else ""
            if nxt in _AVEC_FOLLOWERS and prv not in _AVC_STROKE_PREV:
                out.append(Token("avec", t.start, t.end))
                continue
            out.append(t)
            continue
        if w == "pu" and out and out[-1].text in _PU_PLUS_AFTER:
            # "jveu pu vivre", "il respire pu": familiar "pu" for "plus" (not "j'ai pu")
            out.append(Token("plus", t.start, t.end))
            continue
        if w == "ve" and out and out[-1].text in ("je", "j"):
            # "je vé me tuer", "je ve tout prendre": SMS "veux" or "vais" (accents are gone by
            # now); "veux", as "jve" is, since every intent pattern reads both
            out.append(Token("veux", t.start, t.end))
            continue
        if w == "peu" and _peu_is_peut(tokens, i):
            out.append(Token("peut", t.start, t.end))
            continue
        rep = SMS.get(w)
        if (w in ("c", "g") and i + 1 < n and tokens[i + 1].text in ("est", "etait", "ai", "avais")) or (
            w == "g" and i > 0 and re.fullmatch(r"[\d.]+", tokens[i - 1].text)
        ):
            # "c est" is already standard; "3 g" is grams (blood sugar), not "3 j ai"
            rep = None
            out.append(t)
            continue
        if rep is None and known and w not in known and len(w) >= 4:
            for p in _GLUE_PREFIXES:
                if w.startswith(p) and w[len(p) :] in known and len(w) - len(p) >= 2:
                    rep = p + " " + w[len(p) :]
                    break
            # phonetic SMS endings: "thoracik" -> "thoracique", "cardiak" -> "cardiaque"
            for ending, spelled in _PHONETIC_ENDINGS:
                if rep is None and w.endswith(ending) and w[: -len(ending)] + spelled in known:
                    rep = w[: -len(ending)] + spelled
        if rep is None:
            # stretched letters: "fiiiiievre", "aiiide" -> collapse runs of 3+ (letters only:
            # "doliprane 1000" is a dose, not "10")
            if len(w) > 3 and re.search(r"([^\W\d_])\1\1", w):
                w2 = re.sub(r"([^\W\d_])\1{2,}", r"\1", w)
                rep = SMS.get(w2, w2)
            else:
                out.append(t)
                continue
        for part in rep.split():
            out.append(Token(part, t.start, t.end))
    return _fixed_expressions(out)


# Set phrases whose words would be misread one by one: a "bouton de fièvre" is a cold sore
# (herpes), not a fever; "se tuer à la tâche" is to overwork, not a suicidal thought. Each is
# (words, replacement), matched on whole tokens.
_FIXED = (
    (("bouton", "de", "fievre"), ("bouton", "herpes")),
    (("boutons", "de", "fievre"), ("boutons", "herpes")),
    (("tuer", "a", "la", "tache"), ("surmener",)),
    (("tuer", "a", "la", "besogne"), ("surmener",)),
    (("tue", "a", "la", "tache"), ("surmene",)),
    (("tues", "a", "la", "tache"), ("surmenes",)),
    (("tuent", "a", "la", "tache"), ("surmenent",)),
)
_FIXED_FIRST = frozenset(words[0] for words, _ in _FIXED) | {"fievre"}


def _fixed_expressions(tokens: list[Token]) -> list[Token]:
    if not any(t.text in _FIXED_FIRST for t in tokens):
        return tokens
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        for words, repl in _FIXED:
            if tuple(t.text for t in tokens[i : i + len(words)]) == words:
                first, last = tokens[i], tokens[i + len(words) - 1]
                out.extend(Token(w, first.start, last.end) for w in repl)
                i += len(words)
                break
        else:
            out.append(tokens[i])
            i += 1
    return out


# --------------------------------------------------------------------------------------
# numbers in words
# --------------------------------------------------------------------------------------

_UNITS = {
    "zero": 0,
    "un": 1,
    "une": 1,
    "deux": 2,
    "trois": 3,
    "quatre": 4,
    "cinq": 5,
    "six": 6,
    "sept": 7,
    "huit": 8,
    "neuf": 9,
    "dix": 10,
    "onze": 11,
    "douze": 12,
    "treize": 13,
    "quatorze": 14,
    "quinze": 15,
    "seize": 16,
}
_TENS = {
    "vingt": 20,
    "vingts": 20,
    "trente": 30,
    "quarante": 40,
    "cinquante": 50,
    "soixante": 60,
    "septante": 70,
    "huitante": 80,
    "octante": 80,
    "nonante": 90,
}
# approximate numbers: "une dizaine de jours", "la cinquantaine", "une quarantaine d'années"
_APPROX = {
    "dizaine": 10,
    "douzaine": 12,
    "quinzaine": 15,
    "vingtaine": 20,
    "trentaine": 30,
    "quarantaine": 40,
    "cinquantaine": 50,
    "soixantaine": 60,
    "septantaine": 70,
    "huitantaine": 80,
    "octantaine": 80,
    "nonantaine": 90,
    "centaine": 100,
}
NUMBER_WORDS = set(_UNITS) | set(_TENS) | set(_APPROX) | {"cent", "cents", "et", "demi", "demie"}


def _parse_approx(words: list[str], i: int) -> tuple[float | None, int]:
    """ "une dizaine de", "la cinquantaine": (value, index after the optional "de")."""
    j = i + 1 if words[i] in ("un", "une", "la") and i + 1 < len(words) else i
    if words[j] not in _APPROX:
        return None, i
    k = j + 1
    if k < len(words) and words[k] in ("de", "d"):
        k += 1
    return float(_APPROX[words[j]]), k


def parse_number(words: list[str], i: int) -> tuple[float | None, int]:
    """Parse a number (digits or French words) at words[i]. Returns (value, next index)."""
    if i >= len(words):
        return None, i
    approx, k = _parse_approx(words, i)
    if approx is not None:
        return approx, k
    w = words[i]
    if re.fullmatch(r"\d+(?:\.\d+)?", w):
        v = float(w)
        j = i + 1
        if j + 1 < len(words) and words[j] == "et" and words[j + 1] in ("demi", "demie"):
            v += 0.5
            j += 2
        return v, j
    total = 0
    j = i
    seen = False
    while j < len(words):
        w = words[j]
        if w == "quatre" and j + 1 < len(words) and words[j + 1] in ("vingt", "vingts"):
            total += 80
            j += 2
            seen = True
            continue
        if w in _TENS:
            total += _TENS[w]
            j += 1
            seen = True
            continue
        if w == "et" and seen and j + 1 < len(words) and words[j + 1] in ("un", "une", "onze"):
            j += 1
            continue
        if w in ("cent", "cents"):
            total = (total or 1) * 100
            j += 1
            seen = True
            continue
        if w in _UNITS:
            if seen and total % 10 != 0 and not (total >= 100):
                break
            if seen and total in (60, 80) and w in _UNITS:
                total += _UNITS[w]
                j += 1
                continue
            if seen and total % 10 == 0:
                total += _UNITS[w]
                j += 1
                break
            total += _UNITS[w]
            j += 1
            seen = True
            if total >= 10:
                break
            continue
        break
    if not seen:
        return None, i
    v = float(total)
    if j + 1 < len(words) and words[j] == "et" and words[j + 1] in ("demi", "demie"):
        v += 0.5
        j += 2
    return v, j


# --------------------------------------------------------------------------------------
# answers
# --------------------------------------------------------------------------------------

YES, NO, UNKNOWN = "yes", "no", "unknown"

_UNKNOWN_RE = re.compile(
    r"\b(je ne sais pas|je sais pas|sais pas|ne sais pas|sait pas|je ne sais|aucune idee|"
    r"pas d idee|j en sais rien|sais rien|je ne suis pas sur|je suis pas sur|pas sur|pas sure|"
    r"pas certain|pas certaine|peut etre|possible|possiblement|probablement pas|"
    r"je ne me souviens pas|me souviens plus|me rappelle pas|ne peux pas dire|difficile a dire|"
    r"je ne vois pas|aucun moyen de savoir|ne sait pas|on ne sait pas|bof|incertain|"
    r"pas vraiment|plus ou moins|je crois pas trop|ca depend|je ne saurais|je saurais pas|"
    r"pas pu verifier|pas verifie|pas regarde|pas mesure|pas pris|sais plus|sait plus)\b"
)
_NO_RE = re.compile(
    r"\b(non|pas du tout|absolument pas|aucun|aucune|jamais|nullement|negatif|"
    r"je ne crois pas|je crois pas|je ne pense pas|je pense pas|pas que je sache|"
    r"rien|pas de|n ai pas|n a pas|n est pas|ne suis pas|ne l est pas|pas le cas|"
    r"ne prends pas|prend pas|prends pas|pas d|no|nope)\b"
)
_YES_RE = re.compile(
    r"\b(oui|yes|yep|si|exact|exactement|effectivement|tout a fait|bien sur|"
    r"absolument|affirmatif|d accord|en effet|c est ca|c est le cas|un peu|je crois|"
    r"je pense|probablement|surement|certainement|evidemment|carrement|grave|vrai|"
    r"y a|il y a|j ai|j en ai|je prends|je suis|elle est|il est|il a|elle a|"
    r"oui oui|c est vrai|correct|positif)\b"
)


# Emoji that answer a question on their own ("👍" to "avez-vous de la fièvre ?"); read in
# answers only, never in the free text scanned for red flags.
_ANSWER_EMOJI = {
    "👍": " oui ",
    "👌": " oui ",
    "✅": " oui ",
    "✔": " oui ",
    "☑": " oui ",
    "👎": " non ",
    "❌": " non ",
    "✖": " non ",
    "🚫": " non ",
    "🙅": " non ",
    "🤷": " je ne sais pas ",
}
_ANSWER_EMOJI_RE = re.compile("|".join(map(re.escape, _ANSWER_EMOJI)))
# "p-ê", "p.e", "ptet", "ptetre": SMS for "peut-être"
_PEUT_ETRE_RE = re.compile(r"\b(?:p e|ptet|ptete|ptetre|pt etre|pe etre)\b")


def normalise_answer(text: str) -> str:
    """simple_normalise + SMS expansion ("jsp" -> "je ne sais pas", "nan" -> "non"), and
    the emoji that answer by themselves ("👍" -> "oui", "🤷" -> "je ne sais pas")."""
    text = _ANSWER_EMOJI_RE.sub(lambda m: _ANSWER_EMOJI[m.group()], text or "")
    toks = expand_sms(tokenize(text))
    return _PEUT_ETRE_RE.sub("peut etre", " ".join(t.text for t in toks if t.text not in ".,"))


def parse_yes_no(text: str) -> str | None:
    s = normalise_answer(text)
    if not s:
        return None
    if _UNKNOWN_RE.search(s):
        return UNKNOWN
    has_no = bool(_NO_RE.search(s))
    # "oui" answers; ignore "j ai"/"il a" style YES when a NO cue is present
    has_yes = bool(_YES_RE.search(s))
    if has_no and has_yes:
        strong_yes = re.search(r"\b(oui|yes|si|exact|effectivement|tout a fait|bien sur)\b", s)
        strong_no = re.search(r"\b(non|no|pas du tout|absolument pas|jamais)\b", s)
        if strong_yes and strong_no:
            return UNKNOWN
        if strong_yes:
            return YES
        return NO
    if has_no:
        return NO
    if has_yes:
        return YES
    return None


# --------------------------------------------------------------------------------------
# yes/no answers: explicit or descriptive?
# --------------------------------------------------------------------------------------
# A safety question deserves an explicit answer.  ``analyse_yes_no`` tells the engine
# whether the answer said oui/non (or "je ne sais pas") in so many words, or only
# described something ("un peu gênant mais ça passe", "oui je parle normalement",
# "3 g"), which the engine then re-asks once for safety questions.

_EXPLICIT_YES_RE = re.compile(
    r"\b(oui|ouai|ouais|ouep|yes|yep|exact|exactement|tout a fait|bien sur|absolument|"
    r"affirmatif|effectivement|en effet|c est le cas|c est ca|carrement|evidemment|"
    r"certainement|surement|enormement|beaucoup)\b|^si\b"
)
_EXPLICIT_NO_RE = re.compile(
    r"^no\b|\b(non|nan|nope|pas du tout|absolument pas|jamais|nullement|aucunement|negatif|"
    r"pas le cas|du tout|aucun|aucune|rien du tout|rien de tout ca|pas que je sache)\b"
)
# hedges: "pas vraiment", "pas trop" lean towards no, "un peu" towards a mild yes
_HEDGED_NO_RE = re.compile(
    r"\b(pas vraiment|pas trop|pas tellement|pas tant|pas specialement|"
    r"pas particulierement|pas franchement|pas beaucoup|pas plus que ca|"
    r"pas tant que ca|pas si)\b"
)
_MILD_YES_RE = re.compile(
    r"\b(un peu|un petit peu|legerement|un poil|a peine|un chouia|"
    r"moyen|moyennement|parfois|de temps en temps|par moments|tres peu|"
    r"quelques (?:gouttes|traces|taches|points|filets)|une goutte|une trace)\b"
)
# a plain negative sentence ("ça ne saigne plus", "je n'ai pas de fièvre") -- unless it
# states an inability, which is a symptom ("je n'arrive pas à avaler")
_NEG_SENTENCE_RE = re.compile(r"\b(ne|n|pas|rien|sans)\b")
_INABILITY_RE = re.compile(
    r"\b(arrive|arrivons|arrivent|peux|peut|peuvent|parviens|parvient|"
    r"capable|impossible|reussis|reussit|empeche)\b"
)
# normality statements ("je parle normalement", "il boit bien", "sans problème")
_NORMAL_RE = re.compile(
    r"\b(normal|normale|normaux|normalement|comme d habitude|"
    r"sans probleme|sans souci|sans soucis|sans difficulte|sans gene|"
    r"aucun probleme|aucune difficulte|rien a signaler|ras|tout va bien|"
    r"tres bien|parfaitement|correctement)\b"
)
# "je bouge bien le doigt", "j'arrive à parler", "il peut marcher": an ability stated
# without negation nor restriction reads like a normality statement
_ABILITY_RE = re.compile(
    r"\b(?:(?:bouge|bougent|plie|plient|tend|marche|marchent|parle|parlent|"
    r"respire|respirent|avale|avalent|vois|voit|entend|entends|mange|mangent|"
    r"boit|bois|boivent|urine|sens|sent|tient|tiens|appuie|appuient)"
    r"(?: \w+){0,2} (?:tres )?bien|"
    r"(?:j|il|elle|on) (?:arrive|arrivons) a|(?:je|il|elle|on) (?:peux|peut|parviens|parvient))\b"
)
_NEGATION_RE = re.compile(r"\b(ne|n|pas|plus|jamais|rien)\b")
_ABILITY_BLOCK_RE = re.compile(
    r"\b(mal|difficilement|faiblement|peine|presque|moins|doucement|"
    r"lentement|mais)\b"
)
_MINIMISER_RE = re.compile(
    r"\b(mais|ca passe|ca va|quand|seulement|juste|sauf|que si|lorsque|"
    r"des fois|parfois|rien de grave|pas grave|supportable|gerable)\b"
)
# a whole answer that only says "it's fine" ("ça va", "c'est bon"): a normality statement
_SHORT_NORMAL_RE = re.compile(
    r"^(?:(?:oui|non) )?(?:ca va|ca va bien|ca va ca va|c est bon|ca passe|"
    r"tout va bien|rien de special|rien de particulier)$"
)
_NUMBER_RE = re.compile(r"(?<![a-z])\d")
_STOP = frozenset(
    """avez vous etes est elle elles ils il les des une par pour dans avec sans que qui
quand plus moins tres vos votre notre nous mais comme sont cela cette faut peut peuvent
avoir etre fait faire encore deja tout toute tous toutes leur leurs aussi meme apres avant
depuis jamais entre sous sur ete quoi quel quelle""".split()
)


@dataclass
class YesNoReading:
    """How a yes/no answer reads: ``value`` (yes/no/unknown/None), whether it said so
    explicitly, whether it is a mild yes ("un peu"), a normality statement, a number."""

    value: str | None
    explicit: bool
    mild: bool = False
    hedged: bool = False
    normal: bool = False
    number: bool = False
    conflict: bool = False
    token: bool = False  # an explicit oui/non word is present


def content_stems(text: str) -> set[str]:
    """Stems (5 first letters) of the content words of a text, for "does this answer talk
    about what the question asked?"."""
    s = normalise_answer(text)
    return {w[:5] for w in s.split() if len(w) >= 4 and w not in _STOP and not w.isdigit()}


def analyse_yes_no(text: str) -> YesNoReading:
    s = normalise_answer(text)
    if not s:
        return YesNoReading(None, False)
    hedged = bool(_HEDGED_NO_RE.search(s))
    s_wo_hedge = _HEDGED_NO_RE.sub(" ", s)
    mild = bool(_MILD_YES_RE.search(s_wo_hedge))
    if _UNKNOWN_RE.search(_HEDGED_NO_RE.sub(" ", s)):
        return YesNoReading(UNKNOWN, True)
    strong_yes = bool(_EXPLICIT_YES_RE.search(s_wo_hedge))
    strong_no = bool(_EXPLICIT_NO_RE.search(s_wo_hedge))
    ability = bool(_ABILITY_RE.search(s)) and not _NEGATION_RE.search(s)
    normal = bool(_NORMAL_RE.search(s) or _SHORT_NORMAL_RE.match(s)) or (
        ability and not _ABILITY_BLOCK_RE.search(s)
    )
    if ability and not normal:
        # "oui j'arrive à uriner mais faiblement": able, with a restriction -> re-ask
        return YesNoReading(UNKNOWN if strong_yes else None, False, conflict=True)
    number = bool(_NUMBER_RE.search(s))
    if hedged and not strong_yes:
        return YesNoReading(NO, False, hedged=True, normal=normal, number=number)
    if strong_yes and strong_no:
        return YesNoReading(UNKNOWN, False, conflict=True, normal=normal, number=number)
    if strong_yes:
        # "oui je parle normalement": the oui may confirm the normality, not the symptom
        return YesNoReading(
            YES, not normal, mild=mild, normal=normal, number=number, conflict=normal, token=True
        )
    if strong_no:
        return YesNoReading(NO, True, normal=normal, number=number, token=True)
    if mild:
        # "un peu", "légèrement" alone answer the question (a mild yes); "un peu gênant
        # mais ça passe" describes without answering
        # "ça serre un peu" affirms the symptom (mild); a contrast or a restriction
        # ("mais ça passe", "seulement quand je tousse") makes it a description to re-ask
        rest = _MILD_YES_RE.sub(" ", s).split()
        explicit = len(rest) <= 1 or not _MINIMISER_RE.search(s)
        return YesNoReading(YES, explicit, mild=True, number=number)
    if normal:
        return YesNoReading(NO, False, normal=True, number=number)
    if number:
        return YesNoReading(None, False, number=True)
    if _NEG_SENTENCE_RE.search(s) and not _INABILITY_RE.search(s):
        return YesNoReading(NO, True)
    v = parse_yes_no(text)
    return YesNoReading(v, v == UNKNOWN)


_AGE_UNITS = {
    "an": 1.0,
    "ans": 1.0,
    "a": 1.0,
    "annee": 1.0,
    "annees": 1.0,
    "berge": 1.0,
    "balais": 1.0,
    "mois": 1 / 12,
    "m": 1 / 12,
    "semaine": 1 / 52,
    "semaines": 1 / 52,
    "sem": 1 / 52,
    "jour": 1 / 365,
    "jours": 1 / 365,
    "j": 1 / 365,
}


def parse_age_answer(text: str) -> float | None:
    s = simple_normalise(text)
    s = re.sub(r"(?<![a-z.])(\d+)(ans?|a|mois|m|semaines?|sem|jours?|j)\b", r"\1 \2", s)
    words = s.split()
    if "nouveau" in words and ("ne" in words or "nee" in words):
        return 7 / 365
    for i in range(len(words)):
        v, j = parse_number(words, i)
        if v is None:
            continue
        unit = words[j] if j < len(words) else ""
        if words[i] in ("un", "une") and unit not in _AGE_UNITS:
            continue  # the article ("il fait un malaise"), not an age; "un an" has its unit
        if unit in _AGE_UNITS:
            age = v * _AGE_UNITS[unit]
            if j + 2 < len(words) and words[j + 1] == "et" and words[j + 2] in ("demi", "demie"):
                age += 0.5 * _AGE_UNITS[unit]
            # "1 an et demi" / "2 ans et 3 mois"
            if j + 2 < len(words) and words[j + 1] == "et":
                v2, k = parse_number(words, j + 2)
                if v2 is not None and k < len(words) and words[k] in ("mois",):
                    age += v2 / 12
            return round(age, 4) if age <= 120 else None
        if unit == "" or unit in ("ans.",):
            if v <= 120:
                return v
        if 0 <= v <= 120 and unit not in ("kg", "cm", "h", "heures", "heure", "min", "minutes", "fois"):
            return v
    return None


_DUR_UNITS = {
    "minute": 1 / 60,
    "minutes": 1 / 60,
    "min": 1 / 60,
    "mn": 1 / 60,
    "mins": 1 / 60,
    "heure": 1,
    "heures": 1,
    "h": 1,
    "hr": 1,
    "hrs": 1,
    "jour": 24,
    "jours": 24,
    "j": 24,
    "journee": 24,
    "journees": 24,
    "nuit": 24,
    "nuits": 24,
    "semaine": 168,
    "semaines": 168,
    "sem": 168,
    "mois": 720,
    "an": 8760,
    "ans": 8760,
    "annee": 8760,
    "annees": 8760,
}
_DUR_PHRASES = [
    (r"\bla nuit derniere\b", 12),
    (r"\bavant hier\b", 48),
    (r"\bhier soir\b", 18),
    (r"\bhier matin\b", 30),
    (r"\bhier\b", 24),
    (r"\bce matin\b", 6),
    (r"\bcette nuit\b", 8),
    (r"\bcet apres midi\b", 3),
    (r"\bce soir\b", 2),
    (r"\b(?:ce|depuis|a) midi\b", 3),
    (r"\baujourd hui\b", 6),
    (r"\btout a l heure\b", 1),
    (r"\ba l instant\b", 0.1),
    (r"\bjuste maintenant\b", 0.1),
    (r"\bmaintenant\b", 0.2),
    (r"\bvient de\b", 0.2),
    (r"\bviens de\b", 0.2),
    (r"\bd un coup\b", 0.2),
    (r"\bquelques minutes\b", 0.2),
    (r"\bune demi heure\b", 0.5),
    (r"\bquelques heures\b", 4),
    (r"\bplusieurs heures\b", 6),
    (r"\bquelques jours\b", 72),
    (r"\bplusieurs jours\b", 96),
    (r"\bla semaine derniere\b", 168),
    (r"\bune semaine\b", 168),
    (r"\bquelques semaines\b", 400),
    (r"\bplusieurs semaines\b", 500),
    (r"\bdes semaines\b", 500),
    (r"\bdes mois\b", 2000),
    (r"\bplusieurs mois\b", 2000),
    (r"\bdes annees\b", 9000),
    (r"\blongtemps\b", 2000),
    (r"\bweek end\b", 72),
]
_WEEKDAYS = {"lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5, "dimanche": 6}
_WEEKDAY_RE = re.compile(r"\b(lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\b")
# without a date to count from, a weekday is read as 4 days ago (the middle of the week)
_WEEKDAY_DEFAULT_HOURS = 96


def weekday_hours(day: str, today: date | None) -> float:
    """Hours back to the last ``day`` ("lundi") before ``today``: on a Thursday "depuis lundi" is
    3 days. The same weekday as today is a week ago ("depuis jeudi" said on a Thursday), the
    longer reading: every duration rule of the protocol is more urgent when longer."""
    if today is None:
        return _WEEKDAY_DEFAULT_HOURS
    back = (today.weekday() - _WEEKDAYS[day]) % 7
    return float((back or 7) * 24)


def parse_duration(text: str, require_cue: bool = False, today: date | None = None) -> float | None:
    """Duration in hours. With require_cue, only phrases introduced by depuis/ca fait/il y a.
    SMS spellings are expanded ("dpuis", "ya") and glued units split ("2j", "48h"). A weekday
    ("depuis lundi") counts back from ``today`` (the day the message is read), else 4 days."""
    s = normalise_answer(text)
    # "1h30", "1 h 30": hours and minutes
    s = re.sub(
        r"(?<![a-z.\d])(\d{1,2}) ?h ?([0-5]\d)\b",
        lambda m: f"{int(m.group(1)) + int(m.group(2)) / 60:.3f} h",
        s,
    )
    s = re.sub(
        r"(?<![a-z.])(\d+(?:\.\d+)?)(j|h|min|mn|jours?|heures?|semaines?|sem|mois|ans?)\b", r"\1 \2", s
    )
    # "une bonne semaine", "une petite heure", "un bon mois": the unit with its article
    s = re.sub(r"\b(une?) (?:bonne|bon|petite|petit|grosse|gros) (?=\w)", r"\1 ", s)
    words = s.split()
    cues = {"depuis", "fait", "pendant", "dure", "duree"}
    for i in range(len(words)):
        if require_cue and not (
            (i > 0 and words[i - 1] in cues)
            or (
                i > 1 and words[i - 2] in cues and words[i - 1] in ("une", "un", "plus", "environ", "presque")
            )
            or (i > 2 and words[i - 3 : i] == ["il", "y", "a"])
            or (i > 1 and words[i - 2 : i] == ["y", "a"])
        ):
            continue
        v, j = parse_number(words, i)
        if v is None or j >= len(words):
            continue
        unit = words[j]
        if unit in _DUR_UNITS and unit not in ("a",):
            return round(v * _DUR_UNITS[unit], 3)
    for pat, hours in _DUR_PHRASES:
        m = re.search(pat, s)
        if m:
            if require_cue:
                before = s[: m.start()].split()[-2:]
                if not set(before) & (cues | {"a", "de", "des", "ce", "cette"}) and "depuis" not in before:
                    if pat not in (r"\bvient de\b", r"\bviens de\b", r"\bd un coup\b"):
                        continue
            return hours
    m = _WEEKDAY_RE.search(s)
    if m:
        if require_cue:
            before = s[: m.start()].split()[-2:]
            if not set(before) & (cues | {"a", "de", "des", "ce", "cette"}) and "depuis" not in before:
                return None
        return weekday_hours(m.group(1), today)
    return None


_PAIN_WORDS = [
    # a negated intensity is a mild pain: "pas très fort", "pas trop mal" (not "pas mal")
    (
        r"\bpas (?:(?:tres|trop|si|super|vraiment|tellement) )?(?:fort|forte|intense|intenses)\b|"
        r"\bpas (?:tres|trop|si|super|vraiment|tellement) mal\b",
        3,
    ),
    (r"\b(insupportable|atroce|horrible|intenable|terrible|pire|enorme)\b", 9),
    (r"\b(tres forte|tres fort|tres intense|tres mal|super mal|trop mal|grave mal|mal de chien)\b", 8),
    (r"\b(forte|fort|intense|beaucoup)\b", 7),
    (r"\b(moyenne|moyen|moderee|modere|supportable)\b", 5),
    (r"\b(faible|legere|leger|un peu|petite|gene)\b", 2),
    (r"\b(aucune|pas mal|pas de douleur|rien)\b", 0),
]
# a number followed by one of these is not a pain score ("depuis 3 jours, 6")
_NOT_SCORE_NEXT = frozenset(
    "jours jour j heures heure h min minutes ans an mois semaines semaine fois degres kg".split()
)


def parse_scale_number(text: str) -> float | None:
    """The pain score given as a number: "7/10", "sept sur dix", "8". A range or two
    numbers ("6-7", "entre 5 et 6", "3 ou 4") read as the higher one, a score beyond the
    scale ("12/10") as its top: the cautious readings."""
    words = simple_normalise(text).split()
    values: list[float] = []
    i = 0
    while i < len(words):
        if words[i] in ("un", "une") and i + 1 < len(words):
            i += 1  # the article ("un mal de chien", "un 5"), not a score
            continue
        v, j = parse_number(words, i)
        if v is None:
            i += 1
            continue
        if j + 1 < len(words) and words[j] == "sur" and words[j + 1] in ("10", "dix"):
            return min(v, 10.0)
        if not (j < len(words) and words[j] in _NOT_SCORE_NEXT) and 0 <= v <= 10:
            if not (v == 10 and i > 0 and words[i - 1] == "sur"):
                values.append(v)
        i = j
    return max(values) if values else None


def parse_scale_words(text: str) -> float | None:
    """The pain score told in words: "assez fort" 7, "pas très fort" 3, "insupportable" 9."""
    s = simple_normalise(text)
    for pat, v in _PAIN_WORDS:
        if re.search(pat, s):
            return float(v)
    return None


def pain_score_in_text(text: str) -> float | None:
    """Pain score only when explicitly stated: '8/10', '7 sur 10'."""
    s = simple_normalise(text)
    m = re.search(r"\b(\d+(?:\.\d+)?|[a-z]+)\s+sur\s+(10|dix)\b", s)
    if m:
        v, _ = parse_number([m.group(1)], 0)
        if v is not None and 0 <= v <= 10:
            return v
    return None
