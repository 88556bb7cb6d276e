"""Lines and sections: which heading ("Requirements", "Nice to have", "Application
questions" ...) each line of a job description sits under."""

from __future__ import annotations

import re
from dataclasses import dataclass

from recruiting.postings.jd_parser.text import BULLET_RE, MD_HEADING_RE, table_cells, word_set
from recruiting.postings.jd_parser.vocabulary import find_skills

# Likewise for the number of non-blank lines: a long job description has a
# few hundred; tens of thousands of one-word lines are not worth analysing.
MAX_ANALYSED_LINES = 5_000

# Section kinds.  "required"/"nice" drive the required flag of skills,
# "questions" and "evaluation" mark lists of application questions and
# evaluation criteria, "education" the degree line(s).
SEC_NONE = "none"
SEC_REQUIRED = "required"
SEC_NICE = "nice"
SEC_NEUTRAL = "neutral"
SEC_EDUCATION = "education"
SEC_QUESTIONS = "questions"
SEC_EVALUATION = "evaluation"

# Checked in this order: the first that matches a heading decides its kind
# ("Preferred qualifications" is "nice", not "required").
_HEADING_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (SEC_QUESTIONS, re.compile(r"\b(?:application|screening|pre[\s-]?screening)\s+questions?\b|^questions?$")),
    (
        SEC_EVALUATION,
        re.compile(
            r"\b(?:evaluation|assessment|how\s+we\s+evaluate|what\s+we\s+evaluate|interview\s+focus|focus\s+areas?|"
            r"selection\s+criteria)\b"
        ),
    ),
    (
        SEC_NICE,
        re.compile(
            r"\b(?:nice|good|great)\s+to\s+haves?\b|\bpreferred\b|\bbonus\b|\bdesirable\b|\bplus\s+points?\b|"
            # "Desired skills" are wished for; Naukri's "Desired candidate profile" is the requirements.
            r"\bdesired\s+skills?\b|\bbrownie\s+points?\b|\bextra\s+points?\b|\beven\s+better\s+if\b|"
            r"\bwould\s+be\s+(?:great|nice|good)\b|\bplus\s+if\b|\ba\s+plus\b|\bstand\s+out\b|"
            r"\badvantage\b|\boptional\b|\bextra\s+credit\b"
        ),
    ),
    (SEC_EDUCATION, re.compile(r"\beducation(?:al)?\b|\bacademic\b|\bdegree\b")),
    (
        SEC_NEUTRAL,
        re.compile(
            r"\bresponsibilit|\bduties\b|\bsummary\b|\babout\b|\boverview\b|\bdescription\b|\bbenefits?\b|\bperks\b|"
            r"\bwhy\s+(?:join|us|work)\b|\bwhat\s+we\s+offer\b|\bcompensation\b|\bsalary\b|\blocation\b|"
            r"\bhow\s+to\s+apply\b|\binterview\s+(?:loop|rounds?|stages?|steps)\b|\b(?:selection|hiring|recruitment)\s+process\b|\bhow\s+we\s+hire\b|\bwhat\s+you\s*(?:ll|will)\s+do\b|\bday\s+to\s+day\b|\bculture\b|"
            r"^you\s+will$|^you\s+ll$|^what\s+you\s+ll\s+be\s+doing$|\binterview\s+process\b|\bschedule\b|\bjob\s+type\b|\bnotes?\b|\bthe\s+role\b|\bour\s+team\b|\bwho\s+we\s+are\b|"
            r"^(?:pay|ctc|package|stipend|remuneration|pay\s+range|salary\s+range|work\s+mode|shift|openings|"
            r"vacanc(?:y|ies)|department|industry|employment\s+type|start\s+date|notice(?:\s+period)?|"
            r"interview\s+mode|reporting\s+to|apply\s+by|deadline)$"
        ),
    ),
    (
        SEC_REQUIRED,
        re.compile(
            r"\brequirements?\b|\brequired\b|\bmust\s+haves?\b|\bmandatory\b|\bqualifications?\b|\bskills?\b|"
            r"\bskill\s*sets?\b|\bstack\b|\btechnolog(?:y|ies)\b|\btools\b|\bexpertise\b|\bcompetenc(?:y|ies)\b|"
            r"\bexperience\b|\beligibility\b|\bprerequisites?\b|\bwho\s+you\s+are\b|\bwhat\s+you\s+(?:bring|need|ll\s+need)\b|"
            r"\blooking\s+for\b|\bcandidate\s+profile\b|^you\s+have$|^what\s+you\s+have$|\bwhat\s+we\s+re\s+looking\s+for\b|"
            r"^you\s+(?:should|must|will\s+need\s+to)\s+have$|^you\s+bring$|\byour\s+profile\b|^you\s+ll\s+need$|\bideal\s+candidate\b|\bwho\s+you\s+should\s+be\b"
        ),
    ),
)
# Words that may appear in a heading without making it "not a heading".
_HEADING_FILLER = word_set(
    "a an the our your you we what who is are do for of in and or to key core primary main technical "
    "job role general basic minimum additional other secondary desired must have haves nice good great "
    "required requirements skills skill set sets stack tech technology technologies tools expertise "
    "qualification qualifications education educational academic responsibilities responsibility duties "
    "summary about overview description benefits benefit perks preferred bonus plus points optional "
    "application applications screening questions question evaluation assessment focus areas area criteria "
    "mandatory eligibility prerequisites competencies experience knowledge profile candidate ideal should "
    "location salary compensation schedule note notes ll will bring need looking re us why join offer "
    "culture interview process day team company apply how pay ctc package stipend remuneration range work mode "
    "shift openings vacancy vacancies department industry employment type start date notice period reporting by "
    "deadline selection hiring recruitment hire brownie extra even better if would be great also make stand out "
    "that it loop rounds round stages stage steps"
)
# Sections that list technologies: short bullets here are skills even when
# they are not in our vocabulary ("Elixir", "Phoenix LiveView").
_TECHLIST_HEADING_RE = re.compile(r"\b(?:stack|technolog(?:y|ies)|tools|languages|frameworks|platforms|skills)\b")


_ROLE_WORD_RE = re.compile(
    r"\b(?:developer|engineer|architect|analyst|consultant|designer|administrator|scientist|intern|"
    r"programmer|tester)s?\b"
)
_NON_ALNUM_RE = re.compile(r"[^a-z0-9]+")
_BRACKET_CUE_RE = re.compile(r"\((?!s\))")


def heading_kind(text: str) -> str | None:
    """Return the section kind if ``text`` (a whole line) is a heading."""
    if not text or len(text) > 70 or text.endswith((".", "?", ",")):
        return None
    norm = _NON_ALNUM_RE.sub(" ", text.lower()).strip()
    words = norm.split()
    if not words or len(words) > 7:
        return None
    # "Experience with PostgreSQL (preferred)" is a requirement, not a
    # heading: headings carry no cues in brackets (nor name technologies,
    # checked below only for candidate headings because it is the slow test).
    if _BRACKET_CUE_RE.search(text):
        return None
    # "Full Stack Developer" is a title, not a "stack" heading.
    if _ROLE_WORD_RE.search(norm):
        return None
    for kind, pattern in _HEADING_KINDS:
        if pattern.search(norm):
            # "Strong experience with:" and "Preferred experience with Redis"
            # are content, not headings: allow at most two words we do not
            # expect in a heading.
            unknown = [w for w in words if w not in _HEADING_FILLER]
            if len(unknown) > 2 or (unknown and find_skills(text)):
                return None
            # "experience" / "knowledge" alone only head a section when the
            # line is that short ("Experience:", "Work experience").
            if (
                kind == SEC_REQUIRED
                and len(words) > 3
                and not re.search(
                    r"requirements?|required|must|mandatory|qualifications?|skills?|stack|technolog|looking\s+for|"
                    r"bring|need|who\s+you\s+are|you\s+have|profile|prerequisite|eligib|expertise|competenc",
                    norm,
                )
            ):
                return None
            return kind
    return None


@dataclass
class Line:
    """One non-blank line of the job description, with its context."""

    index: int
    text: str  # bullet marker and Markdown decoration removed, stripped
    is_bullet: bool
    section: str  # one of the _SEC_* kinds
    techlist: bool  # inside a "Tech stack"/"Technologies" section
    heading: str | None  # kind if the line is itself a heading
    inline_content: str  # for "Must have: Python, Go", the part after ":"


LABEL_SPLIT_RE = re.compile(r"^([^:]{2,40}):\s*(.*)$")


def split_lines(text: str) -> list[Line]:
    """Split into lines and assign each the section it belongs to."""
    lines: list[Line] = []
    section = SEC_NONE
    techlist = False
    for index, raw in enumerate(text.split("\n")):
        if not raw.strip():
            continue
        if len(lines) >= MAX_ANALYSED_LINES:
            break
        if "\t" in raw:
            # A pasted table row: its cells read as "Python | 4 years | Required".
            cells = table_cells(raw)
            raw = " | ".join(cells) if cells else raw.replace("\t", " ")
        bullet = BULLET_RE.match(raw)
        body = raw[bullet.end() :] if bullet else raw
        body = MD_HEADING_RE.sub("", body.strip())
        body = body.replace("**", "").replace("__", "").strip("*_ ").strip()
        if not body:
            continue
        heading = heading_kind(body.rstrip(":").strip())
        inline = ""
        if heading:
            section = heading
            techlist = bool(_TECHLIST_HEADING_RE.search(body.lower()))
        else:
            # "Must have: Python, Go" - a heading with its content inline.
            m = LABEL_SPLIT_RE.match(body)
            if m and m.group(2):
                label_kind = heading_kind(m.group(1).strip())
                if label_kind:
                    heading = label_kind
                    inline = m.group(2)
                    # Structural labels open a section; a one-off label such
                    # as "Location: Chennai" or "Note: ..." does not.
                    if label_kind in (SEC_REQUIRED, SEC_NICE, SEC_QUESTIONS, SEC_EVALUATION):
                        section = label_kind
                        techlist = bool(_TECHLIST_HEADING_RE.search(m.group(1).lower()))

                    lines.append(
                        Line(
                            index,
                            body,
                            bool(bullet),
                            label_kind,
                            bool(_TECHLIST_HEADING_RE.search(m.group(1).lower())),
                            heading,
                            inline,
                        )
                    )
                    continue
        lines.append(Line(index, body, bool(bullet), section, techlist, heading, inline))
    return lines
