"""Skills with their years and required or nice-to-have status, read clause by clause
under the section each line belongs to."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from recruiting.postings.jd_parser.experience import (
    EXPERIENCE_CUE_RE,
    SKILL_BEFORE_YEARS_GAP_RE,
    SKILL_CHAIN_GAP_RE,
    YEARS_OF_EXPERIENCE_RE,
    ExperienceHit,
    YearsHit,
    experience_range,
    find_years,
    following_gap_ok,
)
from recruiting.postings.jd_parser.location import CITY_RE, WORKPLACE_WORD_RE
from recruiting.postings.jd_parser.result import DetectedSkill
from recruiting.postings.jd_parser.sections import SEC_NICE, SEC_NONE, SEC_QUESTIONS, SEC_REQUIRED, Line, heading_kind
from recruiting.postings.jd_parser.text import CLAUSE_SPLIT_RE
from recruiting.postings.jd_parser.vocabulary import SkillHit, find_skills

_NICE_CUE_RE = re.compile(
    r"\bpreferred\b|\bpreferably\b|\b(?:nice|good|great)[\s-]to[\s-]have\b|\bbonus\b|"
    r"\b(?:is\s+)?an?\s+(?:big\s+|huge\s+|definite\s+)?(?:plus|advantage)\b|\bplus\s+points?\b|"
    r"\badded\s+advantage\b|\badvantageous\b|\bdesirable\b|\boptional\b|\bwould\s+be\s+(?:nice|great|good)\b",
    re.I,
)
_REQUIRED_CUE_RE = re.compile(r"\brequired\b|\bmandatory\b|\bmust\b|\bessential\b|\bcompulsory\b", re.I)

_STATUS_REQUIRED = "required"
_STATUS_NICE = "nice"
_STATUS_NEUTRAL = "neutral"  # mentioned in prose: a suggestion, not a requirement

# Words that make a line state what the candidate must bring, when it sits before any
# heading ("Expert-level Python knowledge" at the top of a pasted list).
_REQUIREMENT_WORDS_RE = re.compile(
    r"\b(?:experience[ds]?|exp\.|expert(?:ise)?|proficien\w*|knowledge|hands[\s-]on|strong|solid|deep|"
    r"familiar\w*|understanding|skilled|background\s+in|fluency|fluent|command\s+of|working\s+with)\b",
    re.I,
)
# "Golang: 4 years", "Rust (programming language): 4 years", "Back-end development - 3+ yrs",
# "Python | 4 years | Required" (a pasted table row): the label before the years names the skill.
_LABEL_BEFORE_YEARS_RE = re.compile(
    r"^(?P<label>[^\n]{2,80}?)\s{0,3}(?:[:|\-–—(\[,=~]|\bfor\b)\s{0,3}"
    r"(?:(?:minimum|min\.?|at\s+least|atleast|over|more\s+than|around|approx\.?)\s{0,3}(?:of\s{1,3})?)?$",
    re.I,
)
_LABEL_LEAD_RE = re.compile(
    r"^(?:(?:hands[\s-]on|proven|strong|solid|good|relevant|professional|practical|working)\s+)*"
    r"(?:experience|exp\.?|expertise|knowledge)\s+(?:in|with|of|on)\s+",
    re.I,
)
_LABEL_TAIL_RE = re.compile(r"\s+(?:experience|exp\.?|expertise|knowledge)$", re.I)
_BRACKETS_RE = re.compile(r"\s*\([^)]{0,60}\)")
# Labels that are not skills: "Total experience: 5 years", "Contract duration: 2 years".
_NOT_SKILL_LABEL_WORDS = frozenset(
    [
        "experience",
        "exp",
        "total",
        "overall",
        "relevant",
        "work",
        "working",
        "professional",
        "industry",
        "years",
        "year",
        "yrs",
        "duration",
        "contract",
        "bond",
        "tenure",
        "probation",
        "age",
        "gap",
        "level",
        "seniority",
        "entry",
        "mid",
        "junior",
        "senior",
        "grade",
        "band",
        "term",
        "period",
        "validity",
        "minimum",
        "min",
        "maximum",
        "max",
        "required",
        "preferred",
        "it",
        "software",
        "candidate",
        "candidates",
        "we",
        "you",
        "our",
        "your",
        "the",
        "a",
        "an",
        "of",
        "in",
        "with",
    ]
)
_ROLE_WORD_RE = re.compile(
    r"\b(?:developer|engineer|lead|manager|architect|analyst|consultant|designer|administrator|admin|"
    r"specialist|intern|head|director|officer|executive|scientist|tester|programmer)s?\b",
    re.I,
)
_YEARS_DOING_RE = re.compile(
    r"^(?:(?:minimum|min\.?|at\s+least|over)\s+(?:of\s+)?)?\d{1,2}\s?\+?\s?(?:years?|yrs?)\s+(?:of\s+)?"
    r"(?P<doing>(?:(?!experience\b|exp\b|hands-on\b)[a-z][a-z-]{1,20}\s+){0,2}[a-z]+ing\b[^.;,]{0,50})$",
    re.I,
)
_LABEL_SENTENCE_WORDS = frozenset(
    ["we", "you", "our", "your", "who", "will", "should", "must", "is", "are", "have", "has", "be"]
)


# Caps that keep pathological input linear; real text never reaches them.
_MAX_YEARS_PER_CLAUSE = 20
_MAX_SKILL_CHAIN = 12


@dataclass
class _SkillInfo:
    name: str
    order: int
    statuses: set[str] = field(default_factory=set)
    years: int | None = None


def _label_skill(label: str) -> str | None:
    """The skill a "<label>: N years" line names when the vocabulary does not know it."""
    if label.count("(") > label.count(")"):
        # "अनुभव: 2-5 साल (Experience: 2-5 years)": the years belong to the bracket's label.
        label = label[label.rindex("(") + 1 :]
    label = _BRACKETS_RE.sub("", label).strip(" *-•:|")
    label = _LABEL_TAIL_RE.sub("", _LABEL_LEAD_RE.sub("", label)).strip()
    words = re.findall(r"[a-z0-9+#.]+", label.lower())
    if not words or len(words) > 5 or len(label) > 50 or not label[:1].isalpha():
        return None
    if all(w in _NOT_SKILL_LABEL_WORDS for w in words) or _LABEL_SENTENCE_WORDS & set(words):
        return None
    if heading_kind(label):
        return None
    return label[:1].upper() + label[1:]


_BARE_EXPERIENCE_LABEL_RE = re.compile(
    r"^(?:years\s+of\s+)?(?:total\s+|overall\s+|relevant\s+|work\s+)?(?:experience|exp\.?)"
    r"(?:\s+(?:required|needed|range))?\s{0,2}[:\-–]\s{0,2}(?:min(?:imum)?\.?\s{0,2})?"
    r"\d{1,2}(?:\s{0,2}(?:[-–]|to)\s{0,2}\d{1,2}|\s{0,2}\+)?(?=\s{0,2}$)",
    re.I,
)
_BARE_PLUS_YEARS_RE = re.compile(r"([(\[]\s{0,2})(\d{1,2})\s{0,2}\+(\s{0,2}[)\]])")


def _years_segments(text: str) -> list[str] | None:
    """The items of a list whose items each state years, or None.

    Split at commas, semicolons, pipes and "and" outside brackets; None unless at least two
    items state years, so a plain sentence keeps its usual reading.
    """
    if len(text) > 300 or len(find_years(text)) < 2:
        return None
    parts: list[str] = []
    depth = start = 0
    for m in re.finditer(r"[()]|[,;|]|\s(?:and|&)\s", text):
        token = m.group(0)
        if token == "(":
            depth += 1
        elif token == ")":
            depth = max(0, depth - 1)
        elif depth == 0:
            parts.append(text[start : m.start()])
            start = m.end()
    parts.append(text[start:])
    parts = [p.strip(" .") for p in parts if p.strip(" .")]
    with_years = [p for p in parts if find_years(p)]
    if len(with_years) < 2 or any(len(p) > 80 for p in with_years):
        return None
    return parts


class SkillCollector:
    """Accumulates skill mentions and general experience statements."""

    def __init__(self) -> None:
        self.skills: dict[str, _SkillInfo] = {}
        self.experience: list[ExperienceHit] = []
        self.skill_experience: list[ExperienceHit] = []

    def mention(self, name: str, status: str, years: int | None = None) -> None:
        key = name.lower()
        info = self.skills.get(key)
        if info is None:
            info = self.skills[key] = _SkillInfo(name=name, order=len(self.skills))
        info.statuses.add(status)
        if years is not None and (info.years is None or years > info.years):
            info.years = years

    def scan_line(self, line: Line) -> None:
        text = line.inline_content or line.text
        if line.section in (SEC_REQUIRED, SEC_NICE) and "+" in text:
            # "React (3+)", "Node.js [2+]" in a skills list: the unit goes without saying.
            text = _BARE_PLUS_YEARS_RE.sub(r"\1\2+ years\3", text)
        bare = _BARE_EXPERIENCE_LABEL_RE.match(line.text)
        if bare:
            # "Years of experience: 4-6", "Experience: 5+": the unit goes without saying.
            text = line.text[: bare.end()] + " years"
        section_status = self._section_status(line, text)
        if line.section == SEC_QUESTIONS or text.rstrip().endswith("?"):
            # A question mentions a skill but says nothing about years needed.
            for hit in find_skills(text):
                self.mention(hit.name, _STATUS_NEUTRAL)
            return
        segments = _years_segments(text)
        if segments:
            # "Core Java - 3 Yrs, Spring Boot - 2 Yrs", "Python (3+ years) and SQL (4+ years)":
            # each item of the list carries its own years.
            for segment in segments:
                if not self._scan_labelled_years(line, segment):
                    self._scan_clause(segment, section_status, True)
            return
        if self._scan_labelled_years(line, text):
            return
        if self._scan_years_doing(line, text, section_status):
            return
        short_line = len(text) <= 80
        for clause in CLAUSE_SPLIT_RE.split(text):
            if clause:
                self._scan_clause(clause, section_status, short_line)
        if line.techlist and line.section in (SEC_REQUIRED, SEC_NICE):
            self._scan_techlist(line, text, section_status)

    @staticmethod
    def _section_status(line: Line, text: str) -> str:
        """What a plain mention on this line means.

        Under a requirements heading a skill is required, under a nice-to-have heading
        it is nice to have; in the prose around them (about us, responsibilities, the
        stack we run) it is only a suggestion. Before any heading, a short bullet or a
        line that states experience or knowledge is a requirement.
        """
        if line.section == SEC_REQUIRED:
            return _STATUS_REQUIRED
        if line.section == SEC_NICE:
            return _STATUS_NICE
        if line.section == SEC_NONE and (
            (line.is_bullet and len(text) <= 60) or (len(text) <= 120 and _REQUIREMENT_WORDS_RE.search(text))
        ):
            return _STATUS_REQUIRED
        return _STATUS_NEUTRAL

    def _scan_labelled_years(self, line: Line, text: str) -> bool:
        """ "Golang: 4 years", "Back-end development: 4 years (Required)": the label is
        the skill, whether or not the vocabulary knows it. False when the line is not
        of that shape."""
        years = find_years(text)
        if not years or years[0].low is None or years[0].up_to or len(text) > 160:
            return False
        yh = years[0]
        m = _LABEL_BEFORE_YEARS_RE.match(text[: yh.start])
        if not m:
            return False
        label = m.group("label")
        if CITY_RE.search(label) or WORKPLACE_WORD_RE.search(_BRACKETS_RE.sub("", label) or label):
            # "Bengaluru (On-site, 5 days) | 10+ years" is a summary line, not a skill's years.
            return False
        if "|" in label.rstrip(" |") or _ROLE_WORD_RE.search(label):
            # "Chennai | Hybrid | 2 to 5 years" is a summary line, not a skill's years.
            return False  # "Senior Java Developer (4 to 7 yrs)" is the role's experience
        rest = text[yh.end :]
        status = _STATUS_REQUIRED
        if line.section == SEC_NICE or _NICE_CUE_RE.search(rest) or _NICE_CUE_RE.search(label):
            status = _STATUS_NICE
        hits = find_skills(label)
        names = [hit.name for hit in hits[:_MAX_SKILL_CHAIN]]
        if not names:
            custom = _label_skill(label)
            if custom is None:
                return False
            names = [custom]
        for name in names:
            self.mention(name, status, yh.low)
        if YEARS_OF_EXPERIENCE_RE.match(text, yh.end):
            self.skill_experience.append(ExperienceHit(yh, True, len(text) <= 80))
        # Skills named after the years ("4 years (Go preferred)") are plain mentions.
        for hit in find_skills(rest):
            self.mention(hit.name, status)
        return True

    def _scan_years_doing(self, line: Line, text: str, section_status: str) -> bool:
        """ "4+ years managing engineering teams" in a requirements list: the years are
        for what follows (a skill the vocabulary does not know)."""
        if section_status == _STATUS_NEUTRAL or len(text) > 80:
            return False
        m = _YEARS_DOING_RE.match(text)
        if not m or find_skills(text):
            return False
        years = find_years(text)
        if not years or years[0].low is None or years[0].up_to:
            return False
        name = _label_skill(m.group("doing").strip(" .;"))
        if name is None:
            return False
        self.mention(name, _STATUS_NICE if _NICE_CUE_RE.search(text) else section_status, years[0].low)
        # "2+ years of technical writing" is, failing anything else, the experience asked for.
        self.skill_experience.append(ExperienceHit(years[0], True, True))
        return True

    def _scan_clause(self, clause: str, section_status: str, short_line: bool) -> None:
        # A cue in the clause itself beats the section: "Experience with
        # PostgreSQL (preferred)" under "Requirements" is nice to have.
        if _NICE_CUE_RE.search(clause):
            status = _STATUS_NICE
        elif _REQUIRED_CUE_RE.search(clause):
            status = _STATUS_REQUIRED
        else:
            status = section_status
        skills = find_skills(clause)
        skill_starts = [hit.start for hit in skills]
        skill_ends = [hit.end for hit in skills]
        has_cue = bool(EXPERIENCE_CUE_RE.search(clause))
        years_of: dict[int, int] = {}  # index into skills -> years
        # A real clause states years once or twice; the cap keeps pathological
        # input (the same phrase pasted thousands of times) linear.
        for yh in find_years(clause)[:_MAX_YEARS_PER_CLAUSE]:
            attached = self._attach_years(clause, skills, skill_starts, skill_ends, yh)
            if attached:
                for i in attached:
                    years_of[i] = max(years_of.get(i, 0), yh.low or 0)
                if YEARS_OF_EXPERIENCE_RE.match(clause, yh.end):
                    self.skill_experience.append(ExperienceHit(yh, True, short_line))
            else:
                self.experience.append(ExperienceHit(yh, has_cue, short_line))
        for i, hit in enumerate(skills):
            # Years stated for a skill make it a requirement wherever they are written.
            mention_status = _STATUS_REQUIRED if i in years_of and status == _STATUS_NEUTRAL else status
            self.mention(hit.name, mention_status, years_of.get(i))

    @staticmethod
    def _attach_years(
        clause: str,
        skills: list[SkillHit],
        skill_starts: list[int],
        skill_ends: list[int],
        yh: YearsHit,
    ) -> list[int]:
        """Indexes of the skills the years expression refers to."""
        if yh.low is None or yh.up_to:
            return []
        last = bisect_right(skill_ends, yh.start) - 1  # last skill ending before the years
        if (
            last >= 0
            and yh.start - skills[last].end <= 40
            and SKILL_BEFORE_YEARS_GAP_RE.fullmatch(clause[skills[last].end : yh.start])
        ):
            chain = [last]
            # "Python/Django: 3 years" - walk back over the list.
            while (
                chain[0] > 0
                and len(chain) < _MAX_SKILL_CHAIN
                and SKILL_CHAIN_GAP_RE.fullmatch(clause[skills[chain[0] - 1].end : skills[chain[0]].start])
            ):
                chain.insert(0, chain[0] - 1)
            return chain
        first = bisect_left(skill_starts, yh.end)  # first skill starting after the years
        if (
            first < len(skills)
            and skills[first].start - yh.end <= 70
            and following_gap_ok(clause[yh.end : skills[first].start])
        ):
            chain = [first]
            # "5+ years in Python, Django and PostgreSQL"
            while (
                chain[-1] + 1 < len(skills)
                and len(chain) < _MAX_SKILL_CHAIN
                and SKILL_CHAIN_GAP_RE.fullmatch(clause[skills[chain[-1]].end : skills[chain[-1] + 1].start])
            ):
                chain.append(chain[-1] + 1)
            return chain
        return []

    def _scan_techlist(self, line: Line, text: str, status: str) -> None:
        """Accept unknown technology names listed under a tech-stack heading."""
        items = [p for p in re.split(r"[,;|]", text)] if ("," in text or ";" in text) else []
        if not items and line.is_bullet:
            items = [text]
        for item in items[:60]:
            item = item.strip().strip(".").strip()
            if not item or len(item) > 30 or len(item.split()) > 3 or find_skills(item):
                continue
            if not (item[0].isupper() or any(c.isdigit() for c in item)):
                continue
            if heading_kind(item):
                continue
            self.mention(item, status)

    def promote(self, names: set[str]) -> None:
        """Make these skills requirements (those the title names: a "Golang Developer")."""
        for name in names:
            info = self.skills.get(name.lower())
            if info is not None:
                info.statuses.add(_STATUS_REQUIRED)

    def result(self) -> list[DetectedSkill]:
        out: list[DetectedSkill] = []
        for info in sorted(self.skills.values(), key=lambda s: s.order):
            # An explicit requirement anywhere wins; otherwise a nice-to-have
            # cue wins over plain mentions (responsibilities, descriptions).
            if _STATUS_REQUIRED in info.statuses:
                out.append(DetectedSkill(name=info.name, min_years=info.years, required=True))
            elif _STATUS_NICE in info.statuses:
                out.append(DetectedSkill(name=info.name, min_years=info.years, required=False))
            else:
                # Only mentioned in prose: offered to the recruiter, not added.
                out.append(DetectedSkill(name=info.name, min_years=info.years, required=False, suggested=True))
        # Requirements first, then nice to have, then suggestions; each in text order.
        out.sort(key=lambda s: (s.suggested, not s.required))
        return out

    def experience_range(self) -> tuple[int | None, int | None]:
        """The general experience range ("10+ years of experience")."""
        return experience_range(self.experience, self.skill_experience)
