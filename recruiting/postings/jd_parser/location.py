"""Where the work is (a city or region) and the workplace type (on-site, hybrid, remote)."""

from __future__ import annotations

import re

from recruiting.postings.jd_parser.sections import Line
from recruiting.postings.jd_parser.text import CLAUSE_SPLIT_RE

_CITIES = (
    "Chennai Bengaluru Bangalore Hyderabad Pune Mumbai Navi Mumbai Thane Delhi New Delhi Delhi NCR NCR Gurugram "
    "Gurgaon Noida Greater Noida Kolkata Ahmedabad Kochi Cochin Coimbatore Madurai Trichy Tiruchirappalli "
    "Trivandrum Thiruvananthapuram Jaipur Chandigarh Mohali Indore Bhopal Mysuru Mysore Mangaluru Mangalore "
    "Visakhapatnam Vizag Vijayawada Nagpur Nashik Surat Vadodara Lucknow Kanpur Bhubaneswar Guwahati Goa "
    "Dehradun Hosur Pondicherry Puducherry Salem Vellore Tirupati Warangal Ranchi Patna Raipur "
    "Tiruppur Erode Thanjavur Tirunelveli Thoothukudi Karur Nellore Guntur Kakinada Rajahmundry Hubli Dharwad "
    "Belagavi Belgaum Davangere Udupi Manipal Kozhikode Calicut Thrissur Kannur Kollam Aurangabad Kolhapur "
    "Solapur Amritsar Ludhiana Jalandhar Agra Varanasi Prayagraj Allahabad Meerut Ghaziabad Faridabad Jodhpur "
    "Udaipur Kota Ajmer Rajkot Bhavnagar Jamnagar Gandhinagar Jammu Srinagar Shimla Gwalior Jabalpur Cuttack "
    "Siliguri Durgapur Jamshedpur Dhanbad Bilaspur Sriperumbudur Kanchipuram Manesar Sonipat Panipat Karnal "
    "London Manchester Dublin Berlin Munich Amsterdam Paris Madrid Barcelona Lisbon Stockholm Zurich Warsaw "
    "New York San Francisco Seattle Austin Boston Chicago Toronto Vancouver Singapore Dubai Abu Dhabi Riyadh "
    "Doha Sydney Melbourne Tokyo Hong Kong Kuala Lumpur Jakarta Manila Bangkok Colombo Dhaka Kathmandu"
)
# Multi-word names must be tried before their first word ("New Delhi").
_CITY_NAMES = sorted(
    {
        "Navi Mumbai",
        "New Delhi",
        "Delhi NCR",
        "Greater Noida",
        "New York",
        "San Francisco",
        "Abu Dhabi",
        "Hong Kong",
        "Kuala Lumpur",
        *(w for w in _CITIES.split() if w not in {"Navi", "New", "Greater", "San", "Abu", "Kong", "Kuala", "Lumpur"}),
    },
    key=len,
    reverse=True,
)
CITY_RE = re.compile(r"(?<![\w])(?:" + "|".join(re.escape(c) for c in _CITY_NAMES) + r")(?![\w])")

WORKPLACE_WORD_RE = re.compile(
    r"(?:fully\s+|100%\s*)?remote(?:[\s-]+(?:only|first|friendly))?|hybrid|on[\s-]?site|onsite|in[\s-]office|"
    r"office|wfo|wfh|in[\s-]person|work\s+from\s+(?:the\s+)?(?:office|home)(?:\s+only)?|anywhere",
    re.I,
)
# "Location: Chennai" - the separator is required so that prose such as
# "Location flexibility is offered" is not read as a label.  "Based in"
# needs none.
_LOCATION_LABEL_RE = re.compile(
    r"^(?:(?:job|work|office|preferred|primary)\s+)?(?:locations?|location\(s\)|city|place\s+of\s+work)"
    r"\s*[:\-–—|]\s*(?P<value>.*)$|^based\s+(?:in|at|out\s+of)\s*[:\-–—|]?\s*(?P<based>.*)$",
    re.I,
)
# "Work mode: WFO" names only the workplace type, never a place.
_WORK_MODE_LABEL_RE = re.compile(
    r"^(?:work\s*place(?:\s+type)?|work\s+mode|work\s+type|work\s+model|mode\s+of\s+work|mode|work\s+arrangement)"
    r"\s*[:\-–—|]\s*(?P<value>.+)$",
    re.I,
)
_WORKPLACE_LEAD_RE = re.compile(
    r"^(?P<mode>(?:fully\s+|100%\s*)?remote|hybrid|on[\s-]?site|onsite|in[\s-]office|wfo|wfh|"
    r"work\s+from\s+(?:the\s+)?(?:office|home))\s*(?:$|[-–—|:,(/]\s*(?P<rest>.*)$)",
    re.I,
)
_REMOTE_CUE_RE = re.compile(
    r"\b(?:fully[\s-]remote|100%\s*remote|remote[\s-](?:first|only|role|position|job|opportunity|friendly|option|work(?:ing)?)|"
    r"work(?:ing)?\s+remotely|work\s+from\s+home|wfh|permanent(?:ly)?\s+remote)\b|^remote\b|\(remote\)|"
    r"\([^()]{0,40}[,/]\s{0,2}(?:fully\s+)?remote\s{0,2}\)|\((?:fully\s+)?remote\s{0,2}[,/][^()]{0,40}\)",
    re.I,
)
_HYBRID_CUE_RE = re.compile(
    r"\bhybrid\s*(?:work|role|model|mode|position|setup|arrangement|working|$|[-–—(:,])|^hybrid\b", re.I
)
_ONSITE_CUE_RE = re.compile(
    r"\b(?:work(?:ing)?\s+from\s+(?:the\s+|our\s+)?office|wfo|on[\s-]?site\s+(?:role|position|job|only|work)|"
    r"in[\s-]office|office[\s-]based|from\s+(?:the\s+|our\s+)?office|work\s+location\s*:\s*in\s+person)\b|"
    r"^(?:on[\s-]?site|onsite)\b|\((?:on[\s-]?site|onsite)\)|\((?:on[\s-]?site|onsite)\s{0,2}[,/][^()]{0,40}\)|"
    # "working from our Chennai office"
    r"\bwork(?:ing)?\s+from\s+(?:the\s+|our\s+)?[A-Z][\w-]{1,30}(?:\s+[A-Z][\w-]{1,30})?\s+office\b",
    re.I,
)
# Separators of a one-line summary ("Pune | Full-time | Onsite").
_PART_SPLIT_RE = re.compile(r"\s[|·•—–]\s|\s-\s|,\s|(?=\()")
_NEGATION_AFTER_RE = re.compile(r"\s{0,2}(?:is\s+)?not\s+(?:available|possible|an\s+option)", re.I)
# Cheap test before the workplace regexes: most lines mention none of these.
_WORKPLACE_HINT_RE = re.compile(r"remote|hybrid|office|site|wfo|wfh|home|person", re.I)
_NEGATION_BEFORE_RE = re.compile(r"\b(?:not|no|non|never|isn't|is\s+not)\b[\s-]{0,3}(?:a\s+)?$", re.I)


_OFFICE_DAYS_RE = re.compile(
    r"(?P<n>[1-6])\s{0,2}days?\s{0,2}(?:a\s+week\s+|per\s+week\s+|/\s?week\s+)?(?:from|in|at)\s+(?:the\s+|our\s+)?office|"
    r"(?P<m>[1-6])\s{0,2}days?\s{0,2}(?:a\s+week\s+)?wfo|wfo\s{0,2}(?P<k>[1-6])\s{0,2}days?"
)


def _workplace_of(value: str) -> str | None:
    """The workplace type a short value ("Remote", "In person") names."""
    low = value.lower()
    if "hybrid" in low:
        return "hybrid"
    days = _OFFICE_DAYS_RE.search(low)
    if days:
        # "3 days from office" is hybrid; "WFO 5 days" is the office every day.
        return "hybrid" if int(days.group("n") or days.group("m") or days.group("k")) < 5 else "onsite"
    if re.search(r"remote|work\s+from\s+home|wfh|anywhere", low):
        return "remote"
    if re.search(r"on[\s-]?site|onsite|office|wfo|in[\s-]person", low):
        return "onsite"
    return None


def _split_place(value: str) -> tuple[str | None, str | None]:
    """Split "Chennai (work from office only)" into place and workplace."""
    workplace = None
    place_parts: list[str] = []
    for inner in re.findall(r"\(([^()]{0,80})\)", value):
        inner_wp = _workplace_of(inner)
        if inner_wp:
            workplace = workplace or inner_wp
        elif not re.fullmatch(r"\s*(?:required|preferred|mandatory|optional)\s*", inner, re.I):
            place_parts.append(inner.strip())
    outer = re.sub(r"\([^()]{0,80}\)", " ", value)
    outer_wp = _workplace_of(outer)
    if outer_wp:
        workplace = outer_wp
        outer = WORKPLACE_WORD_RE.sub(" ", outer)
    outer = re.sub(r"\b(?:only|required|preferred|mandatory)\b", " ", outer, flags=re.I)
    outer = re.sub(r"\s+", " ", outer).replace(" ,", ",").strip(" -–—|,:/.;")
    place = outer or (place_parts[0] if place_parts else "")
    place = place.strip(" -–—|,:/.;")
    if not place or len(place) > 80 or not re.search(r"[A-Za-z]", place) or _workplace_of(place):
        return None, workplace
    if re.fullmatch(r"(?:in\s+)?person|any|tbd|n/?a|(?:multiple|various)(?:\s+locations?)?", place, re.I):
        return None, workplace
    place = re.sub(r"^(?:in|from|at)\s+", "", place, flags=re.I)  # "Anywhere in India" -> "India"
    if len(place.split()) > 4 or (place[:1].islower() and place[:1].isascii()):
        # "occasional travel to Delhi" is a sentence: keep only a place it names.
        city = CITY_RE.search(place)
        place = city.group(0) if city else ""
        if not place:
            return None, workplace
    return place, workplace


def _looks_like_place_name(text: str) -> bool:
    """ "India", "Karnataka", "Tamil Nadu": a few capitalised words, not a phrase."""
    words = text.split()
    return 0 < len(words) <= 3 and all(w[:1].isupper() for w in words)


def _tidy_place(place: str | None) -> str | None:
    """ "MUMBAI" as "Mumbai" (short codes such as "NCR" stay in capitals)."""
    if place and place.isupper() and re.search(r"[A-Z]{4}", place):
        return re.sub(r"[A-Z]{4,}", lambda m: m.group(0).capitalize(), place)
    return place


def detect_location(lines: list[Line]) -> tuple[str | None, str | None]:
    location, workplace = _detect_location(lines)
    return _tidy_place(location), workplace


def _detect_location(lines: list[Line]) -> tuple[str | None, str | None]:
    """Return (location, workplace type)."""
    location: str | None = None
    label_workplace: str | None = None
    for pos, line in enumerate(lines):
        text = line.text
        m = _WORK_MODE_LABEL_RE.match(text)
        if m:
            # "Work mode: Hybrid – Bengaluru" may still carry a place.
            place, workplace = _split_place(m.group("value"))
            label_workplace = label_workplace or workplace
            if workplace and place and CITY_RE.search(place):
                location = location or place
            continue
        m = _LOCATION_LABEL_RE.match(text)
        if m:
            value = (m.group("value") if m.group("value") is not None else m.group("based") or "").strip()
            if not value and pos + 1 < len(lines):
                # "Location:" on its own line, the place on the next one.
                value = lines[pos + 1].text
            place, workplace = _split_place(value)
            location = location or place
            label_workplace = label_workplace or workplace
            continue
        m = _WORKPLACE_LEAD_RE.match(text)
        if m and len(text) <= 80:
            # "Remote (India)", "Hybrid – Bengaluru"
            label_workplace = label_workplace or _workplace_of(m.group("mode"))
            rest = (m.group("rest") or "").strip()
            if rest:
                # "Remote (India) · Contract": the place is the first part only.
                first_part = _PART_SPLIT_RE.split(rest.lstrip("("), maxsplit=1)[0]
                place, _ = _split_place(first_part.strip().strip("()"))
                # "Fully remote, work from anywhere between ..." names no place.
                if place and (CITY_RE.search(place) or _looks_like_place_name(place)):
                    location = location or place
        if label_workplace is None and len(text) <= 80 and _PART_SPLIT_RE.search(text + " "):
            # "Hyderabad · Full-time · Remote", "Chennai | Hybrid | 2 to 5 years"
            for part in _PART_SPLIT_RE.split(text):
                inner = re.fullmatch(r"[^()]{0,40}\(([^()]{1,40})\)\s*", part)
                for value in (part, inner.group(1) if inner else ""):
                    if value and WORKPLACE_WORD_RE.fullmatch(value.strip()) and value.strip().lower() != "office":
                        label_workplace = label_workplace or _workplace_of(value)
    if location is None:
        for line in lines:
            m = CITY_RE.search(line.text)
            if m:
                location = m.group(0)
                break
    workplace = label_workplace or _workplace_from_text(lines)
    return location, workplace


def _workplace_from_text(lines: list[Line]) -> str | None:
    """Workplace type from cues in the prose, ignoring negated ones."""
    first: tuple[int, str] | None = None
    hybrid = False
    offset = 0
    for line in lines:
        if not _WORKPLACE_HINT_RE.search(line.text):
            continue
        for clause in CLAUSE_SPLIT_RE.split(line.text):
            if not clause or "interview" in clause.lower():
                # "attend interviews in person" is about interviews.
                continue
            for kind, pattern in (("remote", _REMOTE_CUE_RE), ("hybrid", _HYBRID_CUE_RE), ("onsite", _ONSITE_CUE_RE)):
                for m in pattern.finditer(clause):
                    if _NEGATION_BEFORE_RE.search(clause[max(0, m.start() - 15) : m.start()]):
                        continue
                    if _NEGATION_AFTER_RE.match(clause, m.end()):
                        continue
                    if kind == "hybrid":
                        hybrid = True
                    if first is None or offset + m.start() < first[0]:
                        first = (offset + m.start(), kind)
                    break
            offset += len(clause) + 1
    # A hybrid role usually mentions both office days and remote days.
    if hybrid:
        return "hybrid"
    return first[1] if first else None
