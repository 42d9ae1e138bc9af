"""Language of an article as an ISO 639-1 code: declared tags normalised, or detected (py3langid).

``normalize_language("en-US") == "en"``, ``normalize_language("deu") == "de"``;
``detect_language(text)`` returns a code or None when the text is too short or has no language.
Pages often declare a template default ("en" on a Russian page), so ``declared_or_detected``
keeps the declared code only when the text's writing system agrees with it.
"""

from __future__ import annotations

import logging
import re
import threading
from typing import Any

logger = logging.getLogger(__name__)

# Every ISO 639-1 code.
_ISO_639_1_CODES = """
aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de
dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id
ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu
lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu
rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr
ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu
"""
ISO_639_1 = frozenset(_ISO_639_1_CODES.split())

# Three-letter (ISO 639-2/B, 639-2/T, 639-3) codes of common languages, deprecated two-letter
# codes, and py3langid's dialect labels, mapped to their ISO 639-1 (macro)language.
_ALIASES: dict[str, str] = {
    "afr": "af", "amh": "am", "ara": "ar", "arb": "ar", "arz": "ar", "ary": "ar", "apc": "ar",
    "aze": "az", "bel": "be", "ben": "bn", "bos": "bs", "bul": "bg", "cat": "ca", "ces": "cs",
    "cze": "cs", "chi": "zh", "zho": "zh", "cmn": "zh", "yue": "zh", "wuu": "zh", "cym": "cy",
    "wel": "cy", "dan": "da", "deu": "de", "ger": "de", "gsw": "de", "ell": "el", "gre": "el",
    "grc": "el", "eng": "en", "epo": "eo", "est": "et", "eus": "eu", "baq": "eu", "fas": "fa",
    "per": "fa", "pes": "fa", "fin": "fi", "fra": "fr", "fre": "fr", "gle": "ga", "glg": "gl",
    "guj": "gu", "gug": "gn", "grn": "gn", "hau": "ha", "heb": "he", "hbo": "he", "hin": "hi",
    "hrv": "hr", "hun": "hu", "hye": "hy", "arm": "hy", "ind": "id", "isl": "is", "ice": "is",
    "ita": "it", "jpn": "ja", "jav": "jv", "kat": "ka", "geo": "ka", "kaz": "kk", "khm": "km",
    "kan": "kn", "kor": "ko", "kur": "ku", "kmr": "ku", "ckb": "ku", "sdh": "ku", "kir": "ky",
    "lat": "la", "lit": "lt", "lav": "lv", "ltg": "lv", "mkd": "mk", "mac": "mk", "mal": "ml",
    "mon": "mn", "mar": "mr", "msa": "ms", "may": "ms", "zsm": "ms", "mlt": "mt", "mya": "my",
    "bur": "my", "nep": "ne", "nld": "nl", "dut": "nl", "nor": "no", "nob": "nb", "nno": "nn",
    "pan": "pa", "pol": "pl", "por": "pt", "pus": "ps", "ron": "ro", "rum": "ro", "rus": "ru",
    "sin": "si", "slk": "sk", "slo": "sk", "slv": "sl", "som": "so", "spa": "es", "sqi": "sq",
    "alb": "sq", "srp": "sr", "swe": "sv", "swa": "sw", "swh": "sw", "tam": "ta", "tel": "te",
    "tha": "th", "tgl": "tl", "fil": "tl", "tur": "tr", "ukr": "uk", "urd": "ur", "uzb": "uz",
    "uzs": "uz", "vie": "vi", "yid": "yi", "zul": "zu", "xho": "xh", "yor": "yo", "ibo": "ig",
    "tat": "tt", "tgk": "tg", "tuk": "tk", "bak": "ba", "oci": "oc", "ltz": "lb",
    # deprecated ISO 639-1 codes
    "iw": "he", "in": "id", "ji": "yi", "jw": "jv", "mo": "ro", "sh": "sr",
}

_TAG_SPLIT = re.compile(r"[-_.@\s]")

# Writing systems a declared code can be checked against. A language not listed here is not
# checked (its declaration is trusted).
_SCRIPTS: dict[str, tuple[tuple[int, int], ...]] = {
    "latin": ((0x41, 0x5A), (0x61, 0x7A), (0xC0, 0x24F), (0x1E00, 0x1EFF)),
    "cyrillic": ((0x400, 0x52F),),
    "greek": ((0x370, 0x3FF), (0x1F00, 0x1FFF)),
    "arabic": ((0x600, 0x6FF), (0x750, 0x77F), (0x8A0, 0x8FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF)),
    "hebrew": ((0x590, 0x5FF),),
    "devanagari": ((0x900, 0x97F),),
    "thai": ((0xE00, 0xE7F),),
    "hangul": ((0xAC00, 0xD7AF), (0x1100, 0x11FF), (0x3130, 0x318F)),
    "kana": ((0x3040, 0x30FF),),
    "han": ((0x4E00, 0x9FFF), (0x3400, 0x4DBF)),
    "georgian": ((0x10A0, 0x10FF),),
    "armenian": ((0x530, 0x58F),),
}
_SCRIPT_PATTERNS = {
    script: re.compile("[" + "".join(f"\\U{lo:08x}-\\U{hi:08x}" for lo, hi in ranges) + "]")
    for script, ranges in _SCRIPTS.items()
}
_LANGUAGE_SCRIPTS: dict[str, frozenset[str]] = {
    **{code: frozenset({"cyrillic"}) for code in ("ru", "uk", "be", "bg", "mk", "kk", "ky", "tg",
                                                  "mn", "ba", "tt", "cv", "os")},
    "sr": frozenset({"cyrillic", "latin"}),
    "el": frozenset({"greek"}),
    **{code: frozenset({"arabic"}) for code in ("ar", "fa", "ur", "ps", "ug", "sd", "ku")},
    "he": frozenset({"hebrew"}),
    "yi": frozenset({"hebrew"}),
    **{code: frozenset({"devanagari"}) for code in ("hi", "mr", "ne", "sa")},
    "th": frozenset({"thai"}),
    "ko": frozenset({"hangul", "han"}),
    "ja": frozenset({"kana", "han"}),
    "zh": frozenset({"han"}),
    "ka": frozenset({"georgian"}),
    "hy": frozenset({"armenian"}),
    **{code: frozenset({"latin"}) for code in (
        "en", "de", "fr", "es", "it", "pt", "nl", "sv", "no", "nb", "nn", "da", "fi", "is", "pl",
        "cs", "sk", "sl", "hr", "bs", "hu", "ro", "tr", "az", "uz", "et", "lv", "lt", "id", "ms",
        "vi", "tl", "sw", "ca", "gl", "eu", "ga", "cy", "sq", "af", "mt", "lb", "eo", "la",
    )},
}

_MIN_DETECT_CHARS = 20
_CONFIDENT_CHARS = 400  # below this, a declared language is only checked against the script
_DETECT_CHARS = 3000  # enough for a confident guess; keeps detection under a millisecond or two

_identifier: Any = None
_identifier_lock = threading.Lock()


def normalize_language(tag: str | None) -> str | None:
    """The ISO 639-1 code of a tag (``en-US``, ``pt_BR``, ``deu``, ``zh-Hans``), or None."""
    if not tag:
        return None
    primary = _TAG_SPLIT.split(tag.strip().lower(), maxsplit=1)[0]
    if primary in _ALIASES:
        return _ALIASES[primary]
    if primary in ISO_639_1:
        return primary
    return None


def _get_identifier() -> Any:
    global _identifier
    with _identifier_lock:
        if _identifier is None:
            from py3langid.langid import MODEL_FILE, LanguageIdentifier

            _identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
        return _identifier


def detect_language(text: str) -> str | None:
    """The most likely ISO 639-1 language of ``text``; None for too little text."""
    sample = text[:_DETECT_CHARS]
    if sum(ch.isalpha() for ch in sample) < _MIN_DETECT_CHARS:
        return None
    for label, _score in _rank(sample)[:5]:
        code = normalize_language(label)
        if code is not None:
            return code
    return None


def dominant_script(text: str) -> str | None:
    """The writing system most letters of ``text`` belong to (kana makes it Japanese)."""
    sample = text[:_DETECT_CHARS]
    counts = {script: len(pattern.findall(sample)) for script, pattern in _SCRIPT_PATTERNS.items()}
    total = sum(counts.values())
    if not total:
        return None
    # Japanese mixes kana into mostly-Han text: any real share of kana makes it Japanese.
    if counts["kana"] * 10 >= total:
        return "kana"
    return max(counts, key=lambda s: counts[s])


def declared_or_detected(declared: str | None, text: str) -> str | None:
    """The declared language, unless the text plainly contradicts it; else the detected one.

    Templates often declare a default ("en" on a German page), so the declaration is overruled
    when the text is in another writing system, or when it is long enough for the detector to be
    near-certain of another language while giving the declared one almost no chance.
    """
    code = normalize_language(declared)
    if code is None:
        return detect_language(text)
    expected = _LANGUAGE_SCRIPTS.get(code)
    script = dominant_script(text)
    if expected is not None and script is not None and script not in expected:
        logger.debug("declared language %s does not match %s text", code, script)
        return detect_language(text) or code
    if len(text) >= _CONFIDENT_CHARS:
        ranked = _rank(text)
        if ranked:
            top, top_p = ranked[0]
            declared_p = next((p for label, p in ranked if normalize_language(label) == code), 0.0)
            top_code = normalize_language(top)
            if top_code and top_code != code and top_p >= 0.99 and declared_p <= 0.001:
                logger.debug("declared language %s overruled by detected %s", code, top_code)
                return top_code
    return code


def _rank(text: str) -> list[tuple[str, float]]:
    try:
        return [(str(label), float(p)) for label, p in _get_identifier().rank(text[:_DETECT_CHARS])]
    except Exception:  # the detector is a best-effort guess; never fail extraction for it
        logger.warning("language detection failed", exc_info=True)
        return []


def language_name(code: str | None) -> str | None:
    """The English name of an ISO 639-1 code (``de`` -> ``German``); None when unknown."""
    if not code:
        return None
    from babel import Locale  # its locale data loads on first use

    name = Locale("en").languages.get(code)
    return str(name) if name else None
