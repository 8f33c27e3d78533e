"""charset: which legacy encoding a file is in, judged by the text each decoding gives.

Legacy CJK encodings overlap almost completely: the bytes of a Shift_JIS,
EUC-JP, EUC-KR or Big5 release nearly always decode without error as
GB18030 too, and EUC-KR Hangul lands exactly on GB2312's common hanzi.  So
"decodes strictly" proves nothing, and charset-normalizer's guess alone is not
reliable on a press release of a few hundred characters (it calls a cp1252
paragraph "cp1250" and a short GBK one "cp949").  Every candidate (an explicit
list of the encodings met in practice, plus every match charset-normalizer
proposes) is decoded, and each decoding is scored for how much it looks like
running text in the script its encoding is for (:func:`plausibility`): Chinese,
Japanese or Korean for the multi-byte encodings, and for a single-byte code page
the alphabet most of its letters are in.  The best decoding wins if it is
credible and clearly ahead of other readings; otherwise the file is refused
rather than summarised as mojibake.
"""

from __future__ import annotations

import codecs
import functools
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from charset_normalizer import from_bytes
from charset_normalizer.utils import is_multi_byte_encoding

from summarise.core.errors import InputError

CANDIDATE_ENCODINGS: tuple[str, ...] = (
    "gb18030",
    "big5",
    "cp950",
    "big5hkscs",
    "shift_jis",
    "cp932",
    "euc_jp",
    "euc_kr",
    "cp949",
    "cp1252",
)
"""Tried on every file that is not UTF-8, in order of preference when two of them
decode it to the same text (the standard before its vendor superset: Shift_JIS
before CP932, EUC-KR before CP949, Big5 before CP950 and Big5-HKSCS); GB18030
stands for GBK and GB2312, whose text it decodes identically."""

PLAUSIBILITY_SAMPLE_CHARS = 20_000
"""Enough text to judge a decoding by; scoring the rest of a long file adds time, not certainty."""

CREDIBLE_SCORE = 0.6
"""Below this no decoding is trusted.  A right decoding scores 0.7 or more even
when its only non-ASCII text is a company name (see ``FREQUENCY_FLOOR``); a wrong
decoding of real CJK text scores well under 0.5 (rare hanzi, kana read as hanzi,
Hangul words read as space-separated hanzi)."""

DECISIVE_MARGIN = 0.1
"""The best decoding must beat the best one of another family (:attr:`Decoding.family`)
by this much: two near-equal readings of a short snippet are a guess, and a guess can be
mojibake."""

BAD_CHAR_WEIGHT = 5
"""A replacement, private-use, unassigned or control character counts as this many
wrong characters: real text has none, while wrong decodings scatter them."""

FREQUENT_SHARE_EXPECTED = 0.2
"""Share of a CJK text's letters that are among its script's most frequent characters
at which the text looks fully typical.  Running text is well above it (kana alone are
a third of Japanese; the top hundred hanzi a quarter or more of Chinese); a wrong
decoding, even one that lands in a standard's common tier, is far below."""

FREQUENCY_FLOOR = 0.7
"""What a CJK text with none of its script's most frequent characters still scores
for frequency: a company or drug name alone need not contain one, so their absence
lowers a score without ruling the decoding out."""

UNSPACED_MAX_GAP_RATE = 0.1
"""Chinese and Japanese run words together: a space between two of their letters is
rare.  At this many such gaps per letter a "Chinese" text is Korean words (EUC-KR
Hangul read as GB2312 hanzi, for instance), and its spacing factor reaches zero."""

LATIN_MAX_RUN = 2
"""Latin-script languages write accented letters among ASCII ones: a run of more than
two non-ASCII characters ("ºãÈðÒ½") is CJK bytes read as a Western code page, while
"ção" or "öß" stay within it."""


@dataclass(frozen=True)
class Decoding:
    """One candidate reading of a file's bytes and how plausible its text is."""

    encoding: str
    """The encoding's name as reported, e.g. "euc-kr" or "shift-jis"."""
    family: str
    """Encodings of one family ("GB", "Big5", "JIS", "KS", or a code page's alphabet)
    differ only in vendor extensions, so their readings are variants, not rivals."""
    text: str
    score: float


def decode_legacy(raw: bytes, name: str, declared: str | None = None) -> Decoding:
    """The credible decoding of ``raw`` (not UTF-8), or ``InputError`` naming ``name``.

    A ``declared`` encoding (an HTML ``<meta charset>``) is taken when its text is
    credible, whatever else scores as high; a wrong declaration is ignored.
    """
    if declared:
        decoding = _decoding(raw, declared)
        if decoding is not None and decoding.score >= CREDIBLE_SCORE:
            return decoding
    ranked = rank_decodings(raw)
    if not ranked:
        raise InputError(f"{name}: cannot decode text credibly (no candidate encoding decodes it)")
    best = ranked[0]
    rival = next((other for other in ranked if other.family != best.family), None)
    if best.score < CREDIBLE_SCORE or (rival and best.score - rival.score < DECISIVE_MARGIN):
        guesses = ", ".join(
            f"{guess.encoding} {guess.score:.2f}" for guess in (best, rival) if guess
        )
        raise InputError(f"{name}: cannot decode text credibly (best guesses: {guesses})")
    return best


def rank_decodings(raw: bytes) -> list[Decoding]:
    """Every distinct text ``raw`` strictly decodes to, best first.

    Ties, and encodings that give the same text, go to the earlier candidate:
    the explicit list first, then charset-normalizer's matches.
    """
    names = list(CANDIDATE_ENCODINGS)
    names += [match.encoding for match in from_bytes(raw)]
    seen: dict[str, Decoding] = {}
    for name in names:
        decoding = _decoding(raw, name)
        if decoding is not None and decoding.text not in seen:
            seen[decoding.text] = decoding
    return sorted(seen.values(), key=lambda decoding: -decoding.score)


def strict_decode(raw: bytes, encoding: str) -> str | None:
    """``raw`` decoded with no error tolerated, or None."""
    try:
        return raw.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _decoding(raw: bytes, encoding: str) -> Decoding | None:
    """``raw`` read with ``encoding`` and scored, or None if it is no candidate or fails."""
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        return None
    module = name.replace("-", "_")
    family = FAMILY_OF_ENCODING.get(module)
    if family is None and (module.startswith("utf") or is_multi_byte_encoding(module)):
        return None  # UTF-7, ISO-2022, HZ: never a press release that failed UTF-8
    text = strict_decode(raw, encoding)
    if text is None:
        return None
    if family is None:
        family, script = _alphabet(text)
    else:
        script = SCRIPT_OF_FAMILY[family]
    return Decoding(name.replace("_", "-"), family, text, plausibility(text, script))


# --- what running text looks like ----------------------------------------------


@functools.lru_cache(maxsize=65_536)
def char_kind(char: str) -> str:
    """The coarse class of a non-ASCII character that scoring works with.

    CJK classes follow the Unicode blocks; "neutral" is punctuation and symbols
    any script uses; an alphabetic letter is named by its script ("latin",
    "cyrillic", ...); "bad" is what no real text contains.
    """
    code = ord(char)
    category = unicodedata.category(char)
    if char == "\ufffd" or category in ("Co", "Cn", "Cs", "Cc"):
        return "bad"
    for (low, high), kind in _BLOCKS:
        if low <= code <= high:
            return kind
    if char.isalpha():
        return unicodedata.name(char, "other").split()[0].lower()
    return "other"


_BLOCKS: tuple[tuple[tuple[int, int], str], ...] = (
    ((0x00A0, 0x00BF), "neutral"),  # Latin-1 punctuation and symbols: « » ° ± · © ® º
    ((0x00D7, 0x00D7), "neutral"),
    ((0x00F7, 0x00F7), "neutral"),
    ((0x2000, 0x22FF), "neutral"),  # punctuation, currency, letterlike, number forms, math
    ((0x2460, 0x24FF), "neutral"),  # ① ⑴
    ((0x25A0, 0x25FF), "neutral"),  # ● ■ ▲
    ((0x3000, 0x303F), "cjk_mark"),  # 、。「」〈〉
    ((0xFF01, 0xFF60), "cjk_mark"),  # fullwidth forms: （），：
    ((0xFFE0, 0xFFEE), "cjk_mark"),
    ((0xFE30, 0xFE4F), "cjk_mark"),
    ((0x3040, 0x30FF), "kana"),
    ((0x31F0, 0x31FF), "kana"),
    ((0xFF61, 0xFF9F), "halfwidth_kana"),
    ((0x3400, 0x4DBF), "han"),
    ((0x4E00, 0x9FFF), "han"),
    ((0xF900, 0xFAFF), "han"),
    ((0x20000, 0x3134F), "han"),
    ((0xAC00, 0xD7A3), "hangul"),
    ((0x1100, 0x11FF), "jamo"),
    ((0x3130, 0x318F), "jamo"),
)

NOT_ALPHABETS = frozenset({"han", "kana", "halfwidth_kana", "hangul", "jamo", "other"})
"""Letter kinds that are not an alphabet a single-byte code page could be for."""


@dataclass(frozen=True)
class Script:
    """What running text in one writing system is made of, for judging a decoding."""

    letters: frozenset[str]
    """The kinds (:func:`char_kind`) that are this script's letters."""
    marks: frozenset[str]
    """Kinds of punctuation it uses besides the neutral ones."""
    is_common: Callable[[str, int], bool]
    """Is the letter at this index of the text one real text is made of (a character
    in its standard's frequently used tier, in a plausible position)?"""
    frequent: frozenset[str] = frozenset()
    """Characters that make up much of running text, for CJK scripts; empty for
    alphabets, whose wrong decodings the ``is_common`` rules already catch."""
    frequent_kinds: frozenset[str] = frozenset()
    """Kinds all of whose characters are frequent (kana, in Japanese)."""
    unspaced: bool = False
    """Words run together, so a space between two letters is odd."""


def plausibility(text: str, script: Script) -> float:
    """How much ``text`` looks like running text in ``script``, from 0 to 1.

    The product of four shares, each 1 for real text:
    - characters in the script's blocks (or neutral punctuation), a bad character
      counting ``BAD_CHAR_WEIGHT`` times;
    - letters in the standard's common tier (no rare-hanzi soup, no Hangul
      outside KS X 1001, no accented-letter runs);
    - letters among the script's most frequent characters (``FREQUENCY_FLOOR`` to 1);
    - for Chinese and Japanese, few spaces between letters.
    Only non-ASCII characters count: ASCII reads the same in every candidate.
    """
    sample = text[:PLAUSIBILITY_SAMPLE_CHARS]
    counts: Counter[str] = Counter()
    for index, char in enumerate(sample):
        if char.isascii() or char.isspace():
            continue
        counts["significant"] += 1
        kind = char_kind(char)
        if kind == "bad":
            counts["bad"] += 1
        elif kind in script.letters:
            counts["expected"] += 1
            counts["letters"] += 1
            counts["common"] += script.is_common(sample, index)
            counts["frequent"] += char in script.frequent or kind in script.frequent_kinds
            counts["gaps"] += script.unspaced and _gap_after(sample, index, script)
        elif kind == "neutral" or kind in script.marks:
            counts["expected"] += 1
    if not counts["significant"]:
        return 1.0
    weighed = counts["significant"] + (BAD_CHAR_WEIGHT - 1) * counts["bad"]
    in_script = counts["expected"] / weighed
    letters = counts["letters"]
    if not letters:
        return in_script
    common = counts["common"] / letters
    frequency = 1.0
    if script.frequent:
        typical = min(1.0, counts["frequent"] / letters / FREQUENT_SHARE_EXPECTED)
        frequency = FREQUENCY_FLOOR + (1 - FREQUENCY_FLOOR) * typical
    spacing = max(0.0, 1 - counts["gaps"] / letters / UNSPACED_MAX_GAP_RATE)
    return in_script * common * frequency * spacing


def _gap_after(text: str, index: int, script: Script) -> bool:
    """Is the letter at ``index`` followed by one space and another letter of ``script``?"""
    return (
        text[index + 1 : index + 2] == " "
        and index + 2 < len(text)
        and not text[index + 2].isascii()
        and char_kind(text[index + 2]) in script.letters
    )


def _glued_in_latin(text: str, index: int) -> bool:
    """A non-Latin letter with ASCII letters or digits on both sides: a Western code
    page's accented letter read as part of a double-byte character or as another
    alphabet's letter, not real text."""
    before = text[index - 1] if index else " "
    after = text[index + 1] if index + 1 < len(text) else " "
    return before.isascii() and before.isalnum() and after.isascii() and after.isalnum()


def _encodes_in(char: str, encoding: str, lead_bytes: range) -> bool:
    """Does ``char`` encode in ``encoding`` as two bytes, the first in ``lead_bytes``?"""
    try:
        encoded = char.encode(encoding)
    except UnicodeEncodeError:
        return False
    return len(encoded) == 2 and encoded[0] in lead_bytes


@functools.lru_cache(maxsize=65_536)
def _common_hanzi(char: str) -> bool:
    """In GB2312 level 1 or Big5's frequently used tier: the few thousand hanzi nearly
    all simplified and traditional running text is made of."""
    if _encodes_in(char, "gb2312", range(0xB0, 0xD8)):
        return True
    try:
        big5 = char.encode("big5")
    except UnicodeEncodeError:
        return False
    return len(big5) == 2 and 0xA440 <= int.from_bytes(big5, "big") <= 0xC67E


@functools.lru_cache(maxsize=65_536)
def _common_kanji(char: str) -> bool:
    """In JIS X 0208 level 1 (EUC-JP rows 0xB0-0xCF), Japan's frequently used kanji."""
    return _encodes_in(char, "euc_jp", range(0xB0, 0xD0))


@functools.lru_cache(maxsize=65_536)
def _common_hangul(char: str) -> bool:
    """One of KS X 1001's 2,350 syllables, chosen as those modern Korean uses; the other
    8,822 that CP949 adds are where a wrong decoding lands."""
    return _encodes_in(char, "euc_kr", range(0xB0, 0xC9))


def _chinese_common(text: str, index: int) -> bool:
    """A common hanzi, not glued inside a Latin word."""
    return _common_hanzi(text[index]) and not _glued_in_latin(text, index)


def _japanese_common(text: str, index: int) -> bool:
    """Kana, or a level-1 kanji not glued inside a Latin word; never halfwidth katakana,
    which is where Chinese or Korean bytes land when read as Shift_JIS."""
    char = text[index]
    if char_kind(char) == "kana":
        return True
    return char_kind(char) == "han" and _common_kanji(char) and not _glued_in_latin(text, index)


def _korean_common(text: str, index: int) -> bool:
    """A KS X 1001 syllable; hanja and bare jamo are Korean but rare in running text."""
    return _common_hangul(text[index])


# The most frequent characters of each script: Chinese from charset-normalizer's table
# (simplified) with the traditional forms of the same characters; Japanese kana
# (a third or more of any Japanese text) and the commonest kanji of newspaper text;
# Korean the commonest syllables.
FREQUENT_HANZI = frozenset(
    "的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你对生能而子那得于着"
    "下自之年过发后作里用道行所然家种事成方多经么去法学如都同现当没动面起看定天分还进好"
    "小部其些主样理心她本前开但因只从想实"
    "這個們來為國說時會對於著過發後裡種經麼學現當沒動還進樣開從實"
)
FREQUENT_KANJI = frozenset(
    "日一国人年大十二本中長出三同時政事自行社見月分議後前民生連五発間対上部東者党地合市"
    "業内相場四定回選米実関決全表戦経最現調化当約首法性要制治務成期取都和機平加受続進数"
    "記初指権支産点報済活原共得解薬品承認療医"
)
FREQUENT_HANGUL = frozenset(
    "이다의에는을하고가지한로기서사대정리도으인시자수있일어나를니아여적해전들성국부주상제"
    "장라보게요만과거구동소생원경우위세면것계었연된분관방화조실비신문내물각금미회안공학개"
    "모없마발결후중무명두행했년유오치통월업"
)

CHINESE = Script(
    letters=frozenset({"han"}),
    marks=frozenset({"cjk_mark"}),
    is_common=_chinese_common,
    frequent=FREQUENT_HANZI,
    unspaced=True,
)
JAPANESE = Script(
    letters=frozenset({"han", "kana", "halfwidth_kana"}),
    marks=frozenset({"cjk_mark"}),
    is_common=_japanese_common,
    frequent=FREQUENT_KANJI,
    frequent_kinds=frozenset({"kana"}),
    unspaced=True,
)
KOREAN = Script(
    letters=frozenset({"hangul", "han", "jamo"}),
    marks=frozenset({"cjk_mark"}),
    is_common=_korean_common,
    frequent=FREQUENT_HANGUL,
)

FAMILY_OF_ENCODING: dict[str, str] = {
    **dict.fromkeys(("gb18030", "gbk", "gb2312"), "GB"),
    **dict.fromkeys(("big5", "big5hkscs", "cp950"), "Big5"),
    **dict.fromkeys(("shift_jis", "cp932", "shift_jis_2004", "shift_jisx0213"), "JIS"),
    **dict.fromkeys(("euc_jp", "euc_jis_2004", "euc_jisx0213"), "JIS"),
    **dict.fromkeys(("euc_kr", "cp949", "johab"), "KS"),
}
"""The family of each multi-byte legacy encoding (by Python codec name); single-byte
code pages are judged by their alphabet (:func:`_alphabet`), and other multi-byte
encodings are no candidates."""
SCRIPT_OF_FAMILY: dict[str, Script] = {
    "GB": CHINESE,
    "Big5": CHINESE,
    "JIS": JAPANESE,
    "KS": KOREAN,
}


def _alphabet(text: str) -> tuple[str, Script]:
    """The alphabet a single-byte code page's text is in, and how to judge it: the
    script most of its letters belong to, ASCII ones counting as Latin.  So an English
    release whose "€" a Cyrillic code page reads as "ђ" is Latin text with a foreign
    letter in it, not Cyrillic text."""
    kinds = Counter(
        "latin" if char.isascii() else char_kind(char)
        for char in text[:PLAUSIBILITY_SAMPLE_CHARS]
        if char.isalpha()
    )
    alphabet = next((kind for kind, _ in kinds.most_common() if kind not in NOT_ALPHABETS), "latin")
    return alphabet, Script(
        letters=frozenset({alphabet}), marks=frozenset(), is_common=_alphabet_common
    )


def _alphabet_common(text: str, index: int) -> bool:
    """A capital starts a word or continues one in capitals, never follows a small
    letter or a digit ("ÈðÒ", "5Íò", "ЂЉњ"); an accented Latin letter sits in a short
    run among ASCII letters; a letter of another alphabet is never glued inside an
    ASCII word."""
    char = text[index]
    before = text[index - 1] if index else " "
    if char.isupper() and before.isalnum() and not before.isupper():
        return False
    if char_kind(char) != "latin":
        return not _glued_in_latin(text, index)
    start = end = index
    while start and not text[start - 1].isascii() and not text[start - 1].isspace():
        start -= 1
    while end + 1 < len(text) and not text[end + 1].isascii() and not text[end + 1].isspace():
        end += 1
    return end - start + 1 <= LATIN_MAX_RUN
