"""Detect posting fields in a pasted job description.

The "new posting from pasted job description" page lets a recruiter paste the
text of a job description; this module guesses what it can (title, experience
range, location, pay band, skills, screening questions ...) so the draft
posting is pre-filled and the recruiter only has to review it.

Design notes
------------
* Pure Python: no Django import, so it can be unit-tested without settings or
  a database and reused from management commands.
* Heuristics, not a grammar.  Real job descriptions are messy (copied from
  job boards, bullet characters of every kind, headings in capitals or not),
  so the parser works line by line, keeps track of which *section* a line is
  in ("Requirements", "Nice to have", "Application questions" ...) and applies
  small, independent detectors.  Every detector may fail to find anything;
  ``ParsedJobDescription.detected`` tells the UI which fields were found.
* Money is :class:`~decimal.Decimal` throughout: ``₹18,51,368.30`` must stay
  exactly that, a float would not.
* Robustness: the page must never error because of odd input.  All regular
  expressions use bounded quantifiers and avoid nested repetition so there is
  no catastrophic backtracking, very long input is capped, and each detector
  is isolated so a bug in one cannot take the others (or the page) down.
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from itertools import islice

__all__ = [
    "DetectedQuestion",
    "DetectedSkill",
    "ParsedJobDescription",
    "parse_job_description",
]

logger = logging.getLogger(__name__)

# Text beyond this many characters is not analysed (it is still returned in
# ``description``).  Job descriptions are a few KB; this only guards against
# someone pasting a whole web page or a file by mistake.
MAX_ANALYSED_CHARS = 200_000
# Likewise for the number of non-blank lines: a long job description has a
# few hundred; tens of thousands of one-word lines are not worth analysing.
MAX_ANALYSED_LINES = 5_000


# ---------------------------------------------------------------------------
# Public result types
# ---------------------------------------------------------------------------


@dataclass
class DetectedSkill:
    """A skill the job description asks for."""

    name: str
    min_years: int | None = None
    required: bool = True  # False means "nice to have"


@dataclass
class DetectedQuestion:
    """A screening question to put on the application form.

    ``kind`` is one of "money", "duration_days", "years", "yes_no", "number",
    "text", "date", "choice".  Knock-outs are expressed as an operator
    ("<=", ">=", "==") and a value; ``knockout_band_max`` means "the answer
    must not exceed the posting's pay band maximum" (for expected CTC), so it
    keeps working if the recruiter edits the band later.
    """

    text: str
    kind: str
    skill: str | None = None
    knockout_op: str | None = None
    knockout_value: str | None = None
    knockout_band_max: bool = False
    library_key: str | None = None


@dataclass
class ParsedJobDescription:
    """Everything detected in one job description (``None`` = not found)."""

    title: str | None = None
    experience_min: int | None = None
    experience_max: int | None = None
    location: str | None = None
    workplace_type: str | None = None  # "onsite" | "hybrid" | "remote"
    employment_type: str | None = None  # "full_time" | "part_time" | "contract" | "internship"
    pay_currency: str | None = None  # ISO 4217 code
    pay_min: Decimal | None = None
    pay_max: Decimal | None = None
    pay_period: str | None = None  # "year" | "month" | "hour"
    skills: list[DetectedSkill] = field(default_factory=list)
    education: str | None = None
    questions: list[DetectedQuestion] = field(default_factory=list)
    interview_mode: str | None = None  # "in_person" | "online" | "mixed"
    weekday_interviews: bool | None = None
    notice_period_max_days: int | None = None
    evaluation_focus: list[str] = field(default_factory=list)
    description: str = ""
    detected: set[str] = field(default_factory=set)


# ---------------------------------------------------------------------------
# Shared regex fragments
# ---------------------------------------------------------------------------

# Every dash people (and word processors) use between the ends of a range.
_DASH = r"[-‐‑‒–—−~]"
_RANGE_SEP = rf"(?:{_DASH}|to|and)"

# Bullet markers at the start of a line: the many Unicode bullets, Markdown
# "-", "*" and "+", dashes, and "1." / "1)" / "a)" numbering.
_BULLET_RE = re.compile(
    r"^\s{0,40}(?:[•●◦▪▫■□‣⁃∙·○◆◇►▶➢➤✓✔☐☑*+]|[-‐‑‒–—](?=\s)|\d{1,2}[.)](?=\s)|[a-z][)](?=\s))\s{0,10}"
)
_MD_HEADING_RE = re.compile(r"^#{1,6}\s+")
_NUMBERED_RE = re.compile(r"^\s*(?:\d{1,2}|[a-z])[.)]")
_WORD_NUMBERS: dict[str, int] = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
}
_NUMBER_WORD_ALT = "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty"

# Splits a line into clauses, so a cue such as "(preferred)" or "must" only
# applies to the skills next to it.  A "." only ends a clause when followed by
# whitespace, so "Node.js" and "B.Tech" survive.
_CLAUSE_SPLIT_RE = re.compile(r"(?<=[.!?])\s+|;\s*")


def _word_set(words: str) -> frozenset[str]:
    """A set of words written as one space-separated string (easier to read)."""
    return frozenset(words.split())


def _to_int(token: str) -> int | None:
    """Turn "4", "4.5" or "four" into an int (years and days are whole)."""
    token = token.strip().lower()
    if token in _WORD_NUMBERS:
        return _WORD_NUMBERS[token]
    try:
        return int(Decimal(token))
    except (InvalidOperation, ValueError):
        return None


# ---------------------------------------------------------------------------
# Text preparation
# ---------------------------------------------------------------------------

_INVISIBLE_RE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_ODD_SPACE_RE = re.compile("[\u00a0\u2000-\u200a\u202f\u205f\u3000\t\f\v]")
_CONTROL_RE = re.compile("[\x00-\x08\x0e-\x1f\x7f]")


def _normalise_text(text: str) -> str:
    """Unify line endings and whitespace without changing the visible text."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = _INVISIBLE_RE.sub("", text)
    text = _ODD_SPACE_RE.sub(" ", text)
    return _CONTROL_RE.sub("", text)


def _clean_description(text: str) -> str:
    """Return the text as Markdown-friendly prose.

    Paragraphs and lists are kept; exotic bullet characters become "- " so the
    Markdown renderer shows a list, trailing spaces go, and runs of blank
    lines collapse to one.  Nothing is reworded or removed: the recruiter
    edits the description, the parser only tidies it.
    """
    out: list[str] = []
    blank = False
    for raw in text.split("\n"):
        line = raw.rstrip()
        if not line.strip():
            blank = bool(out)
            continue
        m = _BULLET_RE.match(line)
        if m and not _NUMBERED_RE.match(line):
            indent = len(line) - len(line.lstrip(" "))
            # Two spaces per nesting level is enough for Markdown sub-lists.
            prefix = "  " if indent >= 4 else ""
            line = f"{prefix}- {line[m.end() :].strip()}"
        if blank:
            out.append("")
            blank = False
        out.append(line)
    return "\n".join(out).strip("\n")


# ---------------------------------------------------------------------------
# Sections
# ---------------------------------------------------------------------------

# Section kinds.  "required"/"nice" drive the required flag of skills,
# "questions" and "evaluation" mark lists of application questions and
# evaluation criteria, "education" the degree line(s).
_SEC_NONE = "none"
_SEC_REQUIRED = "required"
_SEC_NICE = "nice"
_SEC_NEUTRAL = "neutral"
_SEC_EDUCATION = "education"
_SEC_QUESTIONS = "questions"
_SEC_EVALUATION = "evaluation"

# Checked in this order: the first that matches a heading decides its kind
# ("Preferred qualifications" is "nice", not "required").
_HEADING_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (_SEC_QUESTIONS, re.compile(r"\b(?:application|screening|pre[\s-]?screening)\s+questions?\b|^questions?$")),
    (
        _SEC_EVALUATION,
        re.compile(
            r"\b(?:evaluation|assessment|how\s+we\s+evaluate|what\s+we\s+evaluate|interview\s+focus|focus\s+areas?|"
            r"selection\s+criteria)\b"
        ),
    ),
    (
        _SEC_NICE,
        re.compile(
            r"\b(?:nice|good|great)\s+to\s+haves?\b|\bpreferred\b|\bbonus\b|\bdesirable\b|\bplus\s+points?\b|"
            r"\badvantage\b|\boptional\b|\bextra\s+credit\b"
        ),
    ),
    (_SEC_EDUCATION, re.compile(r"\beducation(?:al)?\b|\bacademic\b|\bdegree\b")),
    (
        _SEC_NEUTRAL,
        re.compile(
            r"\bresponsibilit|\bduties\b|\bsummary\b|\babout\b|\boverview\b|\bdescription\b|\bbenefits?\b|\bperks\b|"
            r"\bwhy\s+(?:join|us|work)\b|\bwhat\s+we\s+offer\b|\bcompensation\b|\bsalary\b|\blocation\b|"
            r"\bhow\s+to\s+apply\b|\bwhat\s+you\s*(?:ll|will)\s+do\b|\bday\s+to\s+day\b|\bculture\b|"
            r"\binterview\s+process\b|\bschedule\b|\bjob\s+type\b|\bnotes?\b|\bthe\s+role\b|\bour\s+team\b|\bwho\s+we\s+are\b"
        ),
    ),
    (
        _SEC_REQUIRED,
        re.compile(
            r"\brequirements?\b|\brequired\b|\bmust\s+haves?\b|\bmandatory\b|\bqualifications?\b|\bskills?\b|"
            r"\bskill\s*sets?\b|\bstack\b|\btechnolog(?:y|ies)\b|\btools\b|\bexpertise\b|\bcompetenc(?:y|ies)\b|"
            r"\bexperience\b|\beligibility\b|\bprerequisites?\b|\bwho\s+you\s+are\b|\bwhat\s+you\s+(?:bring|need|ll\s+need)\b|"
            r"\blooking\s+for\b|\bcandidate\s+profile\b|\bwhat\s+we\s+re\s+looking\s+for\b"
        ),
    ),
)
# Words that may appear in a heading without making it "not a heading".
_HEADING_FILLER = _word_set(
    "a an the our your you we what who is are do for of in and or to key core primary main technical "
    "job role general basic minimum additional other secondary desired must have haves nice good great "
    "required requirements skills skill set sets stack tech technology technologies tools expertise "
    "qualification qualifications education educational academic responsibilities responsibility duties "
    "summary about overview description benefits benefit perks preferred bonus plus points optional "
    "application applications screening questions question evaluation assessment focus areas area criteria "
    "mandatory eligibility prerequisites competencies experience knowledge profile candidate ideal "
    "location salary compensation schedule note notes ll will bring need looking re us why join offer "
    "culture interview process day team company apply how"
)
# Sections that list technologies: short bullets here are skills even when
# they are not in our vocabulary ("Elixir", "Phoenix LiveView").
_TECHLIST_HEADING_RE = re.compile(r"\b(?:stack|technolog(?:y|ies)|tools|languages|frameworks|platforms)\b")


_NON_ALNUM_RE = re.compile(r"[^a-z0-9]+")
_BRACKET_CUE_RE = re.compile(r"\((?!s\))")


def _heading_kind(text: str) -> str | None:
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
    for kind, pattern in _HEADING_KINDS:
        if pattern.search(norm):
            # "Strong experience with:" and "Preferred experience with Redis"
            # are content, not headings: allow at most two words we do not
            # expect in a heading.
            unknown = [w for w in words if w not in _HEADING_FILLER]
            if len(unknown) > 2 or (unknown and _find_skills(text)):
                return None
            # "experience" / "knowledge" alone only head a section when the
            # line is that short ("Experience:", "Work experience").
            if (
                kind == _SEC_REQUIRED
                and len(words) > 3
                and not re.search(
                    r"requirements?|required|must|mandatory|qualifications?|skills?|stack|technolog", norm
                )
            ):
                return None
            return kind
    return None


@dataclass
class _Line:
    """One non-blank line of the job description, with its context."""

    index: int
    text: str  # bullet marker and Markdown decoration removed, stripped
    is_bullet: bool
    section: str  # one of the _SEC_* kinds
    techlist: bool  # inside a "Tech stack"/"Technologies" section
    heading: str | None  # kind if the line is itself a heading
    inline_content: str  # for "Must have: Python, Go", the part after ":"


_LABEL_SPLIT_RE = re.compile(r"^([^:]{2,40}):\s*(.*)$")


def _split_lines(text: str) -> list[_Line]:
    """Split into lines and assign each the section it belongs to."""
    lines: list[_Line] = []
    section = _SEC_NONE
    techlist = False
    for index, raw in enumerate(text.split("\n")):
        if not raw.strip():
            continue
        if len(lines) >= MAX_ANALYSED_LINES:
            break
        bullet = _BULLET_RE.match(raw)
        body = raw[bullet.end() :] if bullet else raw
        body = _MD_HEADING_RE.sub("", body.strip())
        body = body.strip("*_ ").strip()
        if not body:
            continue
        heading = _heading_kind(body.rstrip(":").strip())
        inline = ""
        if heading:
            section = heading
            techlist = bool(_TECHLIST_HEADING_RE.search(body.lower()))
        else:
            # "Must have: Python, Go" - a heading with its content inline.
            m = _LABEL_SPLIT_RE.match(body)
            if m and m.group(2):
                label_kind = _heading_kind(m.group(1).strip())
                if label_kind:
                    heading = label_kind
                    inline = m.group(2)
                    # Structural labels open a section; a one-off label such
                    # as "Location: Chennai" or "Note: ..." does not.
                    if label_kind in (_SEC_REQUIRED, _SEC_NICE, _SEC_QUESTIONS, _SEC_EVALUATION):
                        section = label_kind
                        techlist = bool(_TECHLIST_HEADING_RE.search(m.group(1).lower()))
                    lines.append(
                        _Line(
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
        lines.append(_Line(index, body, bool(bullet), section, techlist, heading, inline))
    return lines


# ---------------------------------------------------------------------------
# Skills vocabulary
# ---------------------------------------------------------------------------

# (canonical name, case-insensitive pattern, case-sensitive pattern).  The
# case-sensitive patterns catch names that are also ordinary words ("Go",
# "REST", "Swift", "Spring") only when capitalised like the technology.
_SKILL_VOCAB: tuple[tuple[str, str | None, str | None], ...] = (
    # Languages
    ("Go", r"go\s?lang", r"Go"),
    ("Python", r"python\s?3?", None),
    ("Java", r"java(?!\s?script)", None),
    ("JavaScript", r"javascript|java\s+script|ecmascript|es6", None),
    ("TypeScript", r"typescript", None),
    ("C++", r"c\+\+|cpp", None),
    ("C#", r"c#|c\s?sharp", None),
    (".NET", r"\.net(?:\s+core)?|dotnet|asp\.net(?:\s+core)?", None),
    ("Rust", r"rust(?:lang)?", None),
    ("Kotlin", r"kotlin", None),
    ("Scala", r"scala", None),
    ("Swift", None, r"Swift|SwiftUI"),
    ("Objective-C", r"objective[\s-]?c", None),
    ("Ruby", r"ruby", None),
    ("Ruby on Rails", r"ruby\s+on\s+rails|ror", r"Rails"),
    ("PHP", r"php", None),
    ("Elixir", r"elixir", None),
    ("Erlang", r"erlang", None),
    ("Haskell", r"haskell", None),
    ("Perl", r"perl", None),
    ("Dart", None, r"Dart"),
    ("Bash", r"bash|shell\s+scripting", None),
    ("SQL", r"sql|t-sql|pl/sql", None),
    ("HTML", r"html5?", None),
    ("CSS", r"css3?", None),
    # Frameworks and libraries
    ("FastAPI", r"fast\s?api", None),
    ("Django", r"django(?:\s+rest\s+framework)?|drf", None),
    ("Flask", r"flask", None),
    ("Celery", r"celery", None),
    ("SQLAlchemy", r"sql\s?alchemy", None),
    ("Pydantic", r"pydantic", None),
    ("Spring Boot", r"spring\s?boot", None),
    ("Spring", r"spring\s+(?:framework|mvc|cloud)", r"Spring"),
    ("Hibernate", r"hibernate", None),
    ("Node.js", r"node\.?js|node\s+js", None),
    ("Express.js", r"express\.?js", None),
    ("NestJS", r"nest\.?js", None),
    ("React Native", r"react\s+native", None),
    ("React", r"react\.?js", r"React"),
    ("Next.js", r"next\.?js", None),
    ("Angular", r"angular(?:\.?js)?", None),
    ("Vue.js", r"vue(?:\.?js)?", None),
    ("Redux", r"redux", None),
    ("Tailwind CSS", r"tailwind(?:\s?css)?", None),
    ("Laravel", r"laravel", None),
    ("Flutter", r"flutter", None),
    ("Android", r"android", None),
    ("iOS", r"ios", None),
    ("Pandas", r"pandas", None),
    ("NumPy", r"numpy", None),
    ("scikit-learn", r"scikit[\s-]?learn|sklearn", None),
    ("TensorFlow", r"tensor\s?flow", None),
    ("PyTorch", r"py\s?torch", None),
    ("Keras", r"keras", None),
    # Data stores
    ("PostgreSQL", r"postgre\s?sql|postgres|psql", None),
    ("MySQL", r"my\s?sql", None),
    ("MariaDB", r"maria\s?db", None),
    ("SQL Server", r"ms\s?sql\s+server|sql\s+server|mssql", None),
    ("Oracle", r"oracle\s+(?:db|database)|pl/sql", r"Oracle"),
    ("SQLite", r"sqlite", None),
    ("MongoDB", r"mongo\s?db|mongo", None),
    ("DynamoDB", r"dynamo\s?db", None),
    ("Cassandra", r"cassandra", None),
    ("Redis", r"redis", None),
    ("Memcached", r"memcached?", None),
    ("Elasticsearch", r"elastic\s?search|opensearch|elk(?:\s+stack)?", None),
    ("Neo4j", r"neo4j", None),
    ("Snowflake", r"snowflake", None),
    ("BigQuery", r"big\s?query", None),
    ("Redshift", r"redshift", None),
    ("ClickHouse", r"click\s?house", None),
    ("NoSQL", r"nosql", None),
    # Messaging and integration
    ("Kafka", r"apache\s+kafka|kafka", None),
    ("RabbitMQ", r"rabbit\s?mq", None),
    ("AWS SQS", r"aws\s+sqs|amazon\s+sqs|sqs", None),
    ("gRPC", r"grpc", None),
    ("GraphQL", r"graph\s?ql", None),
    ("REST", r"restful(?:\s+apis?)?|rest\s?apis?|rest\s+services|rest\s+web\s+services", r"REST"),
    ("WebSockets", r"web\s?sockets?", None),
    # Cloud and DevOps
    ("AWS Lambda", r"aws\s+lambda(?:\s+functions?)?|lambda\s+functions?", None),
    ("AWS", r"aws|amazon\s+web\s+services", None),
    ("GCP", r"gcp|google\s+cloud(?:\s+platform)?", None),
    ("Azure", r"microsoft\s+azure|azure", None),
    ("Docker", r"docker", None),
    ("Kubernetes", r"kubernetes|k8s", None),
    ("Helm", r"helm\s+charts?", r"Helm"),
    ("Terraform", r"terraform", None),
    ("Ansible", r"ansible", None),
    ("Jenkins", r"jenkins", None),
    ("GitHub Actions", r"github\s+actions", None),
    ("GitLab CI", r"gitlab\s+ci(?:/cd)?", None),
    ("CI/CD", r"ci\s?/\s?cd|ci-cd|cicd|continuous\s+(?:integration|delivery|deployment)", None),
    ("Git", r"git", None),
    ("Linux", r"linux|unix", None),
    ("Nginx", r"nginx", None),
    ("Prometheus", r"prometheus", None),
    ("Grafana", r"grafana", None),
    ("Datadog", r"datadog", None),
    ("Serverless", r"serverless", None),
    ("Hadoop", r"hadoop", None),
    ("Spark", r"apache\s+spark|pyspark", r"Spark"),
    ("Airflow", r"apache\s+airflow|airflow", None),
    # Practices and architecture
    ("Microservices", r"micro[\s-]?services?(?:\s+architecture)?", None),
    ("Event-driven architecture", r"event[\s-]?driven(?:\s+(?:architectures?|systems?|design|microservices))?", None),
    ("Distributed systems", r"distributed\s+(?:systems?|architectures?|computing)", None),
    ("System design", r"systems?\s+design", None),
    ("Design patterns", r"design\s+patterns?", None),
    ("SOLID principles", r"solid\s+principles?", r"SOLID"),
    ("Domain-driven design", r"domain[\s-]driven\s+design|ddd", None),
    ("OOP", r"object[\s-]oriented\s+(?:programming|design|analysis)", r"OOPS?|OOD"),
    ("Data structures and algorithms", r"data\s+structures(?:\s+(?:and|&)\s+algorithms)?|dsa", None),
    ("TDD", r"test[\s-]driven\s+development|tdd", None),
    ("OAuth2", r"oauth\s?2(?:\.0)?|oauth", None),
    ("JWT", r"jwt(?:\s+authentication)?|json\s+web\s+tokens?", None),
    ("Machine learning", r"machine\s+learning", r"ML"),
    ("Deep learning", r"deep\s+learning", None),
    ("NLP", r"nlp|natural\s+language\s+processing", None),
    ("LLMs", r"llms?|large\s+language\s+models?|generative\s+ai|gen\s?ai", None),
    ("Agile", r"agile|scrum|kanban", None),
    ("Selenium", r"selenium", None),
    ("Pytest", r"pytest", None),
    ("JUnit", r"junit", None),
)


def _top_level_alternatives(pattern: str) -> list[str]:
    """Split a regex on the "|" that are not inside a group or class."""
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    in_class = False
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            current.append(pattern[i : i + 2])
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append("".join(current))
            current = []
            i += 1
            continue
        current.append(ch)
        i += 1
    parts.append("".join(current))
    return parts


def _first_char(spelling: str) -> str:
    """The literal character a vocabulary spelling starts with."""
    if spelling.startswith("\\"):
        return spelling[1]
    if not (spelling[:1].isalnum() or spelling[:1] in ".#+"):
        # Every spelling must start with a literal so it can be indexed
        # by that character; a leading group would be silently skipped.
        raise ValueError(f"skill spelling must start with a literal: {spelling!r}")
    return spelling[0]


def _compile_skill_index(column: int, flags: int) -> dict[str, tuple[re.Pattern[str], dict[str, str]]]:
    """Per first character, one alternation of the spellings starting with it.

    A single alternation over the whole vocabulary makes the regex engine try
    every spelling at every word start, which is slow on long text; indexing
    by the first character keeps the scan cheap.  Python's alternation takes
    the first alternative that matches, not the longest, so spellings are
    ordered longest first: "AWS SQS" before "AWS", "React Native" before
    "React".
    """
    by_char: dict[str, list[tuple[str, str]]] = {}
    for name, *patterns in _SKILL_VOCAB:
        pattern = patterns[column]
        if not pattern:
            continue
        for alt in _top_level_alternatives(pattern):
            char = _first_char(alt)
            keys = {char.lower(), char.upper()} if flags & re.IGNORECASE else {char}
            for key in keys:
                by_char.setdefault(key, []).append((alt, name))
    index: dict[str, tuple[re.Pattern[str], dict[str, str]]] = {}
    for char, spellings in by_char.items():
        spellings.sort(key=lambda item: len(item[0]), reverse=True)
        groups = {f"k{i}": name for i, (_, name) in enumerate(spellings)}
        body = "|".join(f"(?P<k{i}>{alt})" for i, (alt, _) in enumerate(spellings))
        index[char] = (re.compile(rf"(?:{body})(?![\w+#])", flags), groups)
    return index


_SKILL_CI_INDEX = _compile_skill_index(0, re.IGNORECASE)
_SKILL_CS_INDEX = _compile_skill_index(1, 0)
# Where a skill name may start: a letter or "." (".NET") not preceded by a
# word character or a dot (so "js" in "Node.js" is not a start).
_WORD_START_RE = re.compile(r"(?<![\w.])[A-Za-z.]")

# Context words that make a bare capitalised "Go" the language rather than the
# verb ("Go to market", "Go-live").
_GO_WORDS_BEFORE = _word_set("in with of using and or like including e.g. eg knowledge languages language")
_GO_WORDS_AFTER = _word_set(
    "and or developer developers engineer engineers programming language lang experience backend "
    "microservices services expertise skills code development modules routines"
)


def _go_context_ok(text: str, start: int, end: int) -> bool:
    """Whether a capitalised "Go" at text[start:end] names the language."""
    before = text[max(0, start - 30) : start].rstrip()
    after = text[end : end + 30]
    if after[:1] in ("-", "'", "’"):
        return False
    before_ok = not before or before[-1] in ",/(:;|&[+" or before.split()[-1].lower() in _GO_WORDS_BEFORE
    stripped = after.lstrip()
    after_ok = (
        not stripped
        or stripped[0] in ",/):;.|&]("
        or (stripped.split() or [""])[0].lower().strip(".,;:") in _GO_WORDS_AFTER
    )
    return before_ok and after_ok


@dataclass
class _SkillHit:
    name: str
    start: int
    end: int


def _find_skills(text: str) -> list[_SkillHit]:
    """All vocabulary skills mentioned in ``text``, left to right."""
    hits: list[_SkillHit] = []
    last_end = 0
    for start_match in _WORD_START_RE.finditer(text):
        start = start_match.start()
        if start < last_end:
            continue  # inside the previous hit ("Spring Boot")
        char = text[start]
        best: tuple[int, str] | None = None
        for index, key in ((_SKILL_CI_INDEX, char), (_SKILL_CS_INDEX, char)):
            entry = index.get(key)
            if entry is None:
                continue
            m = entry[0].match(text, start)
            if m and (best is None or m.end() > best[0]):
                best = (m.end(), entry[1].get(m.lastgroup or "", ""))
        if best is None or not best[1]:
            continue
        end, name = best
        if name == "Go" and text[start:end] == "Go" and not _go_context_ok(text, start, end):
            continue
        hits.append(_SkillHit(name, start, end))
        last_end = end
    return hits


# ---------------------------------------------------------------------------
# Years of experience
# ---------------------------------------------------------------------------

_YEARS_RE = re.compile(
    rf"(?<![\w.])(?P<a>\d{{1,2}}|{_NUMBER_WORD_ALT})(?:\.\d{{1,2}})?\s{{0,2}}(?P<plus>\+|plus)?"
    rf"(?:\s{{0,2}}{_RANGE_SEP}\s{{0,2}}(?P<b>\d{{1,2}})(?:\.\d{{1,2}})?\s{{0,2}}\+?)?"
    r"\s{0,2}(?:years?|yrs?)(?:['’]s?)?(?!\w)",
    re.IGNORECASE,
)
_AT_LEAST_BEFORE_RE = re.compile(r"(?:minimum|min\.?|at\s+least|over|more\s+than|atleast)\s{0,3}(?:of\s+)?$", re.I)
_UP_TO_BEFORE_RE = re.compile(r"(?:up\s?to|maximum|max\.?|less\s+than|not\s+more\s+than)\s{0,3}(?:of\s+)?$", re.I)
_YEARS_OF_EXPERIENCE_RE = re.compile(
    r"\s{0,3}(?:of\s+)?(?:(?:professional|relevant|industry|total|overall)\s+)?experience\b", re.I
)
_EXPERIENCE_CUE_RE = re.compile(r"\bexp(?:erience[ds]?|\.)?\b|\btotal\s+work\b|\bfreshers?\b", re.I)
# Text allowed between a skill and its years: "Golang: 4 years",
# "Python (3+ years)", "Java - minimum 5 years", "Python experience of 3 years".
_SKILL_BEFORE_YEARS_GAP_RE = re.compile(
    r"\s{0,3}(?:experience|exp\.?)?\s{0,3}(?:[:(\-–—,]|of|for|with)?\s{0,3}"
    r"(?:(?:minimum|min\.?|at\s+least|over|more\s+than|around|approx\.?)\s{0,3})?(?:of\s{1,3})?",
    re.I,
)
# Words that end a "N years of ... <skill>" association: "10+ years of
# experience who will own ... system design" is not 10 years of system design.
_GAP_STOP_WORDS = _word_set(
    "who which that will while and or to we you our your is are be can should would across leading "
    "managing including plus"
)
_GAP_PREPOSITIONS = _word_set("of in with using on building developing writing working programming coding")
_SKILL_CHAIN_GAP_RE = re.compile(r"[\s,/&()|]{0,6}(?:(?:and|or|&)[\s,/&()|]{0,4})?")


@dataclass
class _YearsHit:
    low: int | None
    high: int | None
    open_ended: bool  # "10+", "at least 10"
    up_to: bool  # "up to 3 years"
    start: int
    end: int


def _find_years(text: str) -> list[_YearsHit]:
    hits: list[_YearsHit] = []
    for m in _YEARS_RE.finditer(text):
        low = _to_int(m.group("a"))
        high = _to_int(m.group("b")) if m.group("b") else None
        if low is None or low > 50 or (high is not None and high > 50):
            continue
        if high is not None and high < low:
            low, high = high, low
        before = text[max(0, m.start() - 20) : m.start()]
        hits.append(
            _YearsHit(
                low=low,
                high=high,
                open_ended=bool(m.group("plus")) or bool(_AT_LEAST_BEFORE_RE.search(before)),
                up_to=bool(_UP_TO_BEFORE_RE.search(before)) and high is None,
                start=m.start(),
                end=m.end(),
            )
        )
    return hits


def _following_gap_ok(gap: str) -> bool:
    """Whether "N years <gap> <skill>" attaches the years to the skill."""
    if len(gap) > 70:
        return False
    words = re.findall(r"[a-z][a-z'’-]*", gap.lower())
    if len(words) > 7 or any(w in _GAP_STOP_WORDS for w in words):
        return False
    return not words or any(w in _GAP_PREPOSITIONS for w in words)


# ---------------------------------------------------------------------------
# Skills with years and required/nice-to-have status
# ---------------------------------------------------------------------------

_NICE_CUE_RE = re.compile(
    r"\bpreferred\b|\bpreferably\b|\b(?:nice|good|great)[\s-]to[\s-]have\b|\bbonus\b|"
    r"\b(?:is\s+)?an?\s+(?:big\s+|huge\s+|definite\s+)?(?:plus|advantage)\b|\bplus\s+points?\b|"
    r"\badded\s+advantage\b|\badvantageous\b|\bdesirable\b|\boptional\b|\bwould\s+be\s+(?:nice|great|good)\b",
    re.I,
)
_REQUIRED_CUE_RE = re.compile(r"\brequired\b|\bmandatory\b|\bmust\b|\bessential\b|\bcompulsory\b", re.I)

_STATUS_REQUIRED = "required"
_STATUS_NICE = "nice"
_STATUS_NEUTRAL = "neutral"


# Caps that keep pathological input linear; real text never reaches them.
_MAX_YEARS_PER_CLAUSE = 20
_MAX_SKILL_CHAIN = 12
_MAX_QUESTIONS = 40


@dataclass
class _SkillInfo:
    name: str
    order: int
    statuses: set[str] = field(default_factory=set)
    years: int | None = None


@dataclass
class _ExperienceHit:
    hit: _YearsHit
    has_cue: bool
    short_line: bool


class _SkillCollector:
    """Accumulates skill mentions and general experience statements."""

    def __init__(self) -> None:
        self.skills: dict[str, _SkillInfo] = {}
        self.experience: list[_ExperienceHit] = []
        self.skill_experience: list[_ExperienceHit] = []

    def mention(self, name: str, status: str, years: int | None = None) -> None:
        key = name.lower()
        info = self.skills.get(key)
        if info is None:
            info = self.skills[key] = _SkillInfo(name=name, order=len(self.skills))
        info.statuses.add(status)
        if years is not None and (info.years is None or years > info.years):
            info.years = years

    def scan_line(self, line: _Line) -> None:
        text = line.inline_content or line.text
        section_status = {_SEC_REQUIRED: _STATUS_REQUIRED, _SEC_NICE: _STATUS_NICE}.get(line.section, _STATUS_NEUTRAL)
        if line.section == _SEC_QUESTIONS or text.rstrip().endswith("?"):
            # A question mentions a skill but says nothing about years needed.
            for hit in _find_skills(text):
                self.mention(hit.name, _STATUS_NEUTRAL)
            return
        short_line = len(text) <= 80
        for clause in _CLAUSE_SPLIT_RE.split(text):
            if clause:
                self._scan_clause(clause, section_status, short_line)
        if line.techlist and line.section in (_SEC_REQUIRED, _SEC_NICE):
            self._scan_techlist(line, text, section_status)

    def _scan_clause(self, clause: str, section_status: str, short_line: bool) -> None:
        # A cue in the clause itself beats the section: "Experience with
        # PostgreSQL (preferred)" under "Requirements" is nice to have.
        if _NICE_CUE_RE.search(clause):
            status = _STATUS_NICE
        elif _REQUIRED_CUE_RE.search(clause):
            status = _STATUS_REQUIRED
        else:
            status = section_status
        skills = _find_skills(clause)
        skill_starts = [hit.start for hit in skills]
        skill_ends = [hit.end for hit in skills]
        has_cue = bool(_EXPERIENCE_CUE_RE.search(clause))
        years_of: dict[int, int] = {}  # index into skills -> years
        # A real clause states years once or twice; the cap keeps pathological
        # input (the same phrase pasted thousands of times) linear.
        for yh in _find_years(clause)[:_MAX_YEARS_PER_CLAUSE]:
            attached = self._attach_years(clause, skills, skill_starts, skill_ends, yh)
            if attached:
                for i in attached:
                    years_of[i] = max(years_of.get(i, 0), yh.low or 0)
                if _YEARS_OF_EXPERIENCE_RE.match(clause, yh.end):
                    self.skill_experience.append(_ExperienceHit(yh, True, short_line))
            else:
                self.experience.append(_ExperienceHit(yh, has_cue, short_line))
        for i, hit in enumerate(skills):
            self.mention(hit.name, status, years_of.get(i))

    @staticmethod
    def _attach_years(
        clause: str,
        skills: list[_SkillHit],
        skill_starts: list[int],
        skill_ends: list[int],
        yh: _YearsHit,
    ) -> list[int]:
        """Indexes of the skills the years expression refers to."""
        if yh.low is None or yh.up_to:
            return []
        last = bisect_right(skill_ends, yh.start) - 1  # last skill ending before the years
        if (
            last >= 0
            and yh.start - skills[last].end <= 40
            and _SKILL_BEFORE_YEARS_GAP_RE.fullmatch(clause[skills[last].end : yh.start])
        ):
            chain = [last]
            # "Python/Django: 3 years" - walk back over the list.
            while (
                chain[0] > 0
                and len(chain) < _MAX_SKILL_CHAIN
                and _SKILL_CHAIN_GAP_RE.fullmatch(clause[skills[chain[0] - 1].end : skills[chain[0]].start])
            ):
                chain.insert(0, chain[0] - 1)
            return chain
        first = bisect_left(skill_starts, yh.end)  # first skill starting after the years
        if (
            first < len(skills)
            and skills[first].start - yh.end <= 70
            and _following_gap_ok(clause[yh.end : skills[first].start])
        ):
            chain = [first]
            # "5+ years in Python, Django and PostgreSQL"
            while (
                chain[-1] + 1 < len(skills)
                and len(chain) < _MAX_SKILL_CHAIN
                and _SKILL_CHAIN_GAP_RE.fullmatch(clause[skills[chain[-1]].end : skills[chain[-1] + 1].start])
            ):
                chain.append(chain[-1] + 1)
            return chain
        return []

    def _scan_techlist(self, line: _Line, text: str, status: str) -> None:
        """Accept unknown technology names listed under a tech-stack heading."""
        items = [p for p in re.split(r"[,;|]", text)] if ("," in text or ";" in text) else []
        if not items and line.is_bullet:
            items = [text]
        for item in items[:60]:
            item = item.strip().strip(".").strip()
            if not item or len(item) > 30 or len(item.split()) > 3 or _find_skills(item):
                continue
            if not (item[0].isupper() or any(c.isdigit() for c in item)):
                continue
            if _heading_kind(item):
                continue
            self.mention(item, status)

    def result(self) -> list[DetectedSkill]:
        out: list[DetectedSkill] = []
        for info in sorted(self.skills.values(), key=lambda s: s.order):
            # An explicit requirement anywhere wins; otherwise a nice-to-have
            # cue wins over plain mentions (responsibilities, descriptions).
            if _STATUS_REQUIRED in info.statuses:
                required = True
            elif _STATUS_NICE in info.statuses:
                required = False
            else:
                required = True
            out.append(DetectedSkill(name=info.name, min_years=info.years, required=required))
        return out

    def experience_range(self) -> tuple[int | None, int | None]:
        """The general experience range ("10+ years of experience")."""
        candidates = [e for e in self.experience if e.has_cue]
        if not candidates:
            # "Senior Developer (5-8 yrs)": a range or "N+" in a short line.
            candidates = [e for e in self.experience if e.short_line and (e.hit.high is not None or e.hit.open_ended)]
        if not candidates:
            # "6 to 9 years of experience in Java development" names a skill
            # but is, in practice, the experience the role asks for.
            candidates = self.skill_experience
        if not candidates:
            return None, None
        hit = candidates[0].hit
        if hit.up_to:
            return None, hit.low
        if hit.high is not None:
            return hit.low, hit.high
        return hit.low, None


# ---------------------------------------------------------------------------
# Title
# ---------------------------------------------------------------------------

_ROLE_NOUNS = _word_set(
    "engineer developer lead manager architect analyst designer scientist consultant intern specialist "
    "administrator admin tester head director officer executive associate programmer sre devops recruiter "
    "coordinator accountant technician writer strategist owner principal vp cto cio cfo ceo coo expert "
    "representative trainee researcher editor marketer advocate partner supervisor fellow"
)
_TITLE_LABEL_RE = re.compile(
    r"^(?:job\s+title|job\s+role|position\s+title|role\s+title|title|role|position|designation|opening|"
    r"vacancy|job\s+opening|job\s+position|post)\s*[:\-–—|]\s*(?P<value>.{2,120})$",
    re.I,
)
_HIRING_RE = re.compile(
    r"\b(?:hiring|looking\s+for|seeking|searching\s+for|recruiting|looking\s+to\s+hire)\s{1,3}(?:for\s+)?"
    r"(?:(?:an?|the|our|one)\s+)?(?:(?:position|role|post)\s+of\s+(?:an?\s+)?)?(?P<rest>[^\n.,;:!?()]{1,120})",
    re.I,
)
_TITLE_ADJECTIVES = _word_set(
    "experienced talented passionate skilled motivated highly dynamic seasoned strong self-motivated brilliant "
    "driven enthusiastic smart exceptional great hands-on"
)
_TITLE_STOP_WORDS = _word_set("with who to for that in at based having and who'll which whose from on as")
_DATE_LINE_RE = re.compile(
    r"^(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}|"
    r"\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+\d{4})$",
    re.I,
)


def _has_role_noun(words: Iterable[str]) -> bool:
    for word in words:
        w = word.lower().strip(".,()[]/")
        if w in _ROLE_NOUNS or (w.endswith("s") and w[:-1] in _ROLE_NOUNS):
            return True
    return False


def _role_noun_ends_title(words: list[str]) -> bool:
    """Whether a role noun ends the title or its first part.

    "Technical Lead – Backend Systems" and "Software Engineer II" are titles;
    "Lead code reviews focusing on correctness" (a pasted bullet) is not.
    """
    for i, word in enumerate(words):
        if not _has_role_noun([word]):
            continue
        if (
            i >= len(words) - 2
            or word.endswith((",", ":"))
            or words[i + 1][:1] in "–—-|(/,@"
            or words[i + 1].lower() == "of"  # "Head of Engineering"
        ):
            return True
    return False


def _tidy_title(title: str) -> str | None:
    """Drop location/workplace/experience decorations around a title."""
    title = title.strip().strip("*_#").strip()
    # Peel decorations off the end, one at a time, until the rest is the
    # role: "Senior Java Developer (5-8 yrs) - Pune" -> "Senior Java Developer".
    # Cutting the string (instead of re-joining split parts) keeps the
    # author's own separators, e.g. "Technical Lead – Backend Systems".
    kept = title
    for _ in range(6):
        m = re.search(r"(?:\s*\(([^()]{0,60})\)|(?:\s+[|–—-]\s+|\s*\|\s*|,\s+)([^|–—,()]{1,60}?))\s*$", kept)
        if not m or not _is_decoration(m.group(1) or m.group(2) or "") or m.start() == 0:
            break
        kept = kept[: m.start()]
    kept = kept.strip(" -–—|,:").strip()
    if not kept or len(kept) > 100:
        return None
    if kept.islower():
        kept = " ".join(w[:1].upper() + w[1:] for w in kept.split())
    return kept


def _is_decoration(part: str) -> bool:
    low = part.lower().strip(" ()")
    return bool(
        _YEARS_RE.search(low)
        or _WORKPLACE_WORD_RE.fullmatch(low)
        or _CITY_RE.fullmatch(part.strip(" ()"))
        or re.fullmatch(r"(?:full|part)[\s-]?time|contract|internship|permanent|urgent(?:ly)?\s*hiring|urgent", low)
        or re.search(r"₹|\blpa\b|\binr\b|\$", low)
    )


def _detect_title(lines: list[_Line]) -> str | None:
    # 1. An explicit label: "Job Title: ...", "Role: ...".
    for line in lines[:60]:
        m = _TITLE_LABEL_RE.match(line.text)
        if m:
            value = m.group("value").strip()
            # "Position: Full-time" names the employment type, not the role.
            if not value.endswith(".") and len(value.split()) <= 12 and not _is_decoration(value):
                tidy = _tidy_title(value)
                if tidy:
                    return tidy
    # 2. A short first line that names a role ("Technical Lead – Backend").
    for line in lines[:4]:
        text = line.text
        if _DATE_LINE_RE.match(text) or (line.heading and not _has_role_noun(text.split())):
            continue
        words = text.split()
        if (
            len(text) <= 90
            and len(words) <= 12
            and not text.endswith((".", ":", "?"))
            and not text[:1].isdigit()
            and not _HIRING_RE.search(text)
            and _role_noun_ends_title(words)
        ):
            return _tidy_title(text)
        break
    # 3. "We are hiring a Lead Backend Engineer with ..."
    head = "\n".join(line.text for line in lines[:40])
    for m in _HIRING_RE.finditer(head):
        words: list[str] = []
        for word in m.group("rest").split():
            if word.lower() in _TITLE_STOP_WORDS or len(words) >= 8:
                break
            if not words and word.lower() in _TITLE_ADJECTIVES:
                continue
            words.append(word)
        last_role = max((i for i, w in enumerate(words) if _has_role_noun([w])), default=None)
        if last_role is not None:
            return _tidy_title(" ".join(words[: last_role + 1]))
    return None


# ---------------------------------------------------------------------------
# Location, workplace type, employment type
# ---------------------------------------------------------------------------

_CITIES = (
    "Chennai Bengaluru Bangalore Hyderabad Pune Mumbai Navi Mumbai Thane Delhi New Delhi Delhi NCR NCR Gurugram "
    "Gurgaon Noida Greater Noida Kolkata Ahmedabad Kochi Cochin Coimbatore Madurai Trichy Tiruchirappalli "
    "Trivandrum Thiruvananthapuram Jaipur Chandigarh Mohali Indore Bhopal Mysuru Mysore Mangaluru Mangalore "
    "Visakhapatnam Vizag Vijayawada Nagpur Nashik Surat Vadodara Lucknow Kanpur Bhubaneswar Guwahati Goa "
    "Dehradun Hosur Pondicherry Puducherry Salem Vellore Tirupati Warangal Ranchi Patna Raipur "
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
_CITY_RE = re.compile(r"(?<![\w])(?:" + "|".join(re.escape(c) for c in _CITY_NAMES) + r")(?![\w])")

_WORKPLACE_WORD_RE = re.compile(
    r"(?:fully\s+|100%\s*)?remote(?:\s+(?:only|first|friendly))?|hybrid|on[\s-]?site|onsite|in[\s-]office|"
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
    r"work(?:ing)?\s+remotely|work\s+from\s+home|wfh|permanent(?:ly)?\s+remote)\b|^remote\b|\(remote\)",
    re.I,
)
_HYBRID_CUE_RE = re.compile(
    r"\bhybrid\s*(?:work|role|model|mode|position|setup|arrangement|working|$|[-–—(:,])|^hybrid\b", re.I
)
_ONSITE_CUE_RE = re.compile(
    r"\b(?:work(?:ing)?\s+from\s+(?:the\s+|our\s+)?office|wfo|on[\s-]?site\s+(?:role|position|job|only|work)|"
    r"in[\s-]office|office[\s-]based|from\s+(?:the\s+|our\s+)?office|work\s+location\s*:\s*in\s+person)\b|"
    r"^(?:on[\s-]?site|onsite)\b|\((?:on[\s-]?site|onsite)\)",
    re.I,
)
_NEGATION_AFTER_RE = re.compile(r"\s{0,2}(?:is\s+)?not\s+(?:available|possible|an\s+option)", re.I)
# Cheap test before the workplace regexes: most lines mention none of these.
_WORKPLACE_HINT_RE = re.compile(r"remote|hybrid|office|site|wfo|wfh|home|person", re.I)
_NEGATION_BEFORE_RE = re.compile(r"\b(?:not|no|non|never|isn't|is\s+not)\b[\s-]{0,3}(?:a\s+)?$", re.I)


def _workplace_of(value: str) -> str | None:
    """The workplace type a short value ("Remote", "In person") names."""
    low = value.lower()
    if "hybrid" in low:
        return "hybrid"
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
        outer = _WORKPLACE_WORD_RE.sub(" ", outer)
    outer = re.sub(r"\b(?:only|required|preferred|mandatory)\b", " ", outer, flags=re.I)
    outer = re.sub(r"\s+", " ", outer).replace(" ,", ",").strip(" -–—|,:/.;")
    place = outer or (place_parts[0] if place_parts else "")
    place = place.strip(" -–—|,:/.;")
    if not place or len(place) > 80 or not re.search(r"[A-Za-z]", place) or _workplace_of(place):
        return None, workplace
    if re.fullmatch(r"(?:in\s+)?person|any|tbd|n/?a|multiple|various", place, re.I):
        return None, workplace
    return place, workplace


def _detect_location(lines: list[_Line]) -> tuple[str | None, str | None]:
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
            if workplace and place and _CITY_RE.search(place):
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
                place, _ = _split_place(rest.rstrip(")"))
                location = location or place
    if location is None:
        for line in lines:
            m = _CITY_RE.search(line.text)
            if m:
                location = m.group(0)
                break
    workplace = label_workplace or _workplace_from_text(lines)
    return location, workplace


def _workplace_from_text(lines: list[_Line]) -> str | None:
    """Workplace type from cues in the prose, ignoring negated ones."""
    first: tuple[int, str] | None = None
    hybrid = False
    offset = 0
    for line in lines:
        if not _WORKPLACE_HINT_RE.search(line.text):
            continue
        for clause in _CLAUSE_SPLIT_RE.split(line.text):
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


_EMPLOYMENT_LABEL_RE = re.compile(
    r"^(?:job|employment|position|engagement|contract)\s*type\s*[:\-–—|]\s*(?P<value>.+)$", re.I
)
_EMPLOYMENT_CUES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("internship", re.compile(r"\binternship\b|\bintern\b", re.I)),
    ("part_time", re.compile(r"\bpart[\s-]?time\b", re.I)),
    (
        "contract",
        re.compile(
            r"\bcontract(?:ual)?\s+(?:role|position|job|basis|employment|hire|to\s+hire|opportunity|assignment|engagement)\b|"
            r"\bon\s+(?:a\s+)?contract\b|\bcontractual\b|\bfreelance\b|\bc2h\b|\bcontract\b(?=\s*$)|\btemporary\b",
            re.I,
        ),
    ),
    ("full_time", re.compile(r"\bfull[\s-]?time\b|\bpermanent\b(?!ly)", re.I)),
)


def _detect_employment_type(lines: list[_Line]) -> str | None:
    for line in lines:
        m = _EMPLOYMENT_LABEL_RE.match(line.text)
        if m:
            value = m.group("value")
            for kind, pattern in _EMPLOYMENT_CUES:
                if pattern.search(value) or (kind == "contract" and re.search(r"\bcontract", value, re.I)):
                    return kind
    for line in lines:
        found = [(m.start(), kind) for kind, pattern in _EMPLOYMENT_CUES if (m := pattern.search(line.text))]
        if found:
            return min(found)[1]
    return None


# ---------------------------------------------------------------------------
# Pay
# ---------------------------------------------------------------------------

_CUR = r"(?:₹|rs\.?|inr|usd|us\$|\$|eur|€|gbp|£)"
_NUM = r"(?:\d{1,3}(?:,\d{2,3}){1,6}|\d{1,12})(?:\.\d{1,4})?"
_UNIT = r"(?:l\.p\.a\.?|lpa|lakhs?|lacs?|lkh|l|crores?|cr|k|mn|million)(?![a-z])"


def _amount(n: int) -> str:
    """Regex for one amount; ``n`` makes the group names unique."""
    return (
        rf"(?:(?P<c{n}>{_CUR})\s{{0,2}})?(?<![\d,])(?<!\d\.)(?P<n{n}>{_NUM})(?!\d)(?!,\d)"
        rf"(?:\s{{0,2}}(?P<u{n}>{_UNIT}))?(?:\s{{0,2}}(?P<t{n}>inr|usd|eur|gbp)(?![a-z]))?"
    )


_PAY_RANGE_RE = re.compile(rf"{_amount(1)}\s{{0,3}}{_RANGE_SEP}\s{{0,3}}{_amount(2)}", re.I)
_PAY_UP_TO_RE = re.compile(
    rf"(?:up\s?to|upto|max(?:imum)?\.?|not\s+more\s+than|not\s+exceeding|till|<=?|≤)\s{{0,3}}(?:of\s+)?(?::\s{{0,2}})?{_amount(1)}",
    re.I,
)
_PAY_SINGLE_RE = re.compile(_amount(1), re.I)
_PAY_LINE_CUE_RE = re.compile(
    r"₹|(?<![a-z])rs\.?\s?\d|\binr\b|\$|€|£|\busd\b|\blpa\b|\blakhs?\b|\blacs?\b|\bcrores?\b|\d\s?cr\b|"
    r"\bsalary\b|\bpay\b|\bctc\b|\bcompensation\b|\bpackage\b|\bstipend\b|\bremuneration\b|\bbudget\b|"
    r"\bper\s+annum\b|\bp\.a\.",
    re.I,
)
_PAY_LABEL_RE = re.compile(
    r"\b(?:salary|pay|ctc|compensation|package|stipend|remuneration|budget|pay\s+range|pay\s+band|"
    r"salary\s+range|offered)\b",
    re.I,
)
_BENEFIT_RE = re.compile(
    r"\b(?:insurance|cover(?:age)?|reimburse\w*|allowance|referral|bonus|relocation|voucher|gift|mediclaim)\b", re.I
)
_CANDIDATE_CTC_RE = re.compile(r"\b(?:current|expected|present|last\s+drawn)\s+(?:ctc|salary|compensation)\b", re.I)
_NOT_MONEY_AFTER_RE = re.compile(r"\s{0,2}\+?\s{0,2}(?:years?|yrs?|days?|months?|weeks?|hours?|hrs?|%|percent)\b", re.I)
_PERIOD_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "year",
        re.compile(
            r"\bper\s+(?:annum|year|yr)\b|(?<![a-z])p\.?\s?a\.?(?![a-z])|/\s?(?:yr|year|annum|a)\b|\bannually\b|"
            r"\byearly\b|\ba\s+year\b|\bl\.?p\.?a\b|\bannual\b|\bper\s+anum\b",
            re.I,
        ),
    ),
    (
        "month",
        re.compile(
            r"\bper\s+month\b|/\s?(?:month|mo|mon|m)(?![a-z])|\bmonthly\b|\ba\s+month\b|(?<![a-z])p\.?\s?m\.?(?![a-z])|"
            r"\bper\s+mensem\b",
            re.I,
        ),
    ),
    ("hour", re.compile(r"\bper\s+hour\b|/\s?(?:hr|hour|h)(?![a-z])|\bhourly\b|\ban\s+hour\b", re.I)),
)
_UNIT_MULTIPLIERS: dict[str, Decimal] = {
    "l": Decimal(100_000),
    "lpa": Decimal(100_000),
    "lakh": Decimal(100_000),
    "lac": Decimal(100_000),
    "lkh": Decimal(100_000),
    "cr": Decimal(10_000_000),
    "crore": Decimal(10_000_000),
    "k": Decimal(1_000),
    "mn": Decimal(1_000_000),
    "million": Decimal(1_000_000),
}
_CURRENCY_CODES: dict[str, str] = {
    "₹": "INR",
    "rs": "INR",
    "inr": "INR",
    "$": "USD",
    "us$": "USD",
    "usd": "USD",
    "€": "EUR",
    "eur": "EUR",
    "£": "GBP",
    "gbp": "GBP",
}


def _unit_key(unit: str | None) -> str | None:
    if not unit:
        return None
    u = unit.lower().replace(".", "")
    if u in ("lpa", "lakh", "lakhs", "lac", "lacs", "lkh", "l"):
        return "lpa" if u == "lpa" else ("l" if u == "l" else "lakh")
    if u in ("cr", "crore", "crores"):
        return "crore"
    return u


def _currency_code(token: str | None) -> str | None:
    if not token:
        return None
    return _CURRENCY_CODES.get(token.lower().rstrip(".").strip())


def _to_amount(number: str, unit: str | None) -> Decimal | None:
    """Exact Decimal for "18,51,368.30" / "18.5" + "L"; None when unusable."""
    try:
        value = Decimal(number.replace(",", ""))
    except InvalidOperation:
        return None
    key = _unit_key(unit)
    if key:
        value *= _UNIT_MULTIPLIERS.get(key, Decimal(1))
    # Show "1800000", not "1.80E+6" or "1800000.0", for whole amounts, but
    # keep paise exactly as written ("1851368.30").
    if value == value.to_integral_value():
        value = value.quantize(Decimal(1))
    return value


@dataclass
class _PayCandidate:
    score: int
    position: int
    low: Decimal | None
    high: Decimal | None
    currency: str | None
    period: str | None


_ANNUAL_HINT_RE = re.compile(r"\bctc\b|\bannual", re.I)
_INR_HINT_RE = re.compile(r"₹|(?<![a-z])rs\.?(?![a-z])|\binr\b|\blpa\b|\blakhs?\b|\blacs?\b|\bcrores?\b", re.I)


def _pay_from_line(text: str, position: int) -> _PayCandidate | None:
    """Parse the pay band stated in one line, if any."""
    has_label = bool(_PAY_LABEL_RE.search(text))
    line_currency = None
    if _INR_HINT_RE.search(text):
        line_currency = "INR"

    def money_ok(m: re.Match[str], n: int) -> bool:
        return not _NOT_MONEY_AFTER_RE.match(text, m.end(f"n{n}") if not m.group(f"u{n}") else m.end(f"u{n}"))

    for kind, pattern in (("range", _PAY_RANGE_RE), ("up_to", _PAY_UP_TO_RE), ("single", _PAY_SINGLE_RE)):
        # Only the first few candidates: a pay line states one band, and a
        # long run of numbers must not make this loop slow.
        for m in islice(pattern.finditer(text), 12):
            sides = (1, 2) if kind == "range" else (1,)
            if not all(money_ok(m, n) for n in sides):
                continue
            units = [m.group(f"u{n}") for n in sides]
            currencies = [_currency_code(m.group(f"c{n}")) or _currency_code(m.group(f"t{n}")) for n in sides]
            unit = next((u for u in units if u), None)
            currency = next((c for c in currencies if c), None)
            # A unit or currency written once applies to both ends: "18-25 LPA".
            amounts = [_to_amount(m.group(f"n{n}"), units[i] or unit) for i, n in enumerate(sides)]
            if any(a is None for a in amounts):
                continue
            # Bare numbers only count on a pay line and when they look like
            # salaries, not years ("2024-2025") or counts.
            if not (unit or currency) and (
                not has_label or any(a < 1000 or (1900 <= a <= 2100) for a in amounts if a is not None)
            ):
                continue
            if unit and _unit_key(unit) in ("lpa", "lakh", "l", "crore"):
                currency = currency or "INR"
            currency = currency or line_currency
            period = None
            # The period is normally written right after the amount ("per
            # year"), sometimes before it ("Salary (per annum): ...").  Only a
            # window around the match is searched so a huge line stays cheap.
            after = text[m.start() : m.end() + 60]
            around = text[max(0, m.start() - 80) : m.end() + 80]
            for name, ppat in _PERIOD_PATTERNS:
                pm = ppat.search(after)
                if pm and (period is None or pm.start() < period[1]):
                    period = (name, pm.start())
            period_name = period[0] if period else None
            if period_name is None:
                for name, ppat in _PERIOD_PATTERNS:
                    if ppat.search(around):
                        period_name = name
                        break
            if period_name is None and (
                _unit_key(unit) in ("lpa", "lakh", "l", "crore") or _ANNUAL_HINT_RE.search(around)
            ):
                # Lakhs and CTC are annual figures in Indian usage.
                period_name = "year"
            if kind == "range":
                low, high = amounts
                if low is not None and high is not None and low > high:
                    low, high = high, low
            elif kind == "up_to":
                low, high = None, amounts[0]
            else:
                low = high = amounts[0]
            score = (2 if has_label else 0) + (1 if currency else 0) + (1 if kind != "single" else 0)
            return _PayCandidate(score, position, low, high, currency, period_name)
    return None


def _detect_pay(lines: list[_Line]) -> _PayCandidate | None:
    best: _PayCandidate | None = None
    for pos, line in enumerate(lines):
        text = line.text
        if "?" in text or line.section == _SEC_QUESTIONS or _CANDIDATE_CTC_RE.search(text):
            continue  # questions to candidates, not the posting's band
        if not _PAY_LINE_CUE_RE.search(text):
            continue
        if _BENEFIT_RE.search(text) and not _PAY_LABEL_RE.search(text):
            continue  # "health insurance cover up to ₹5,00,000" is not the salary
        cand = _pay_from_line(text, pos)
        if cand and (best is None or cand.score > best.score):
            best = cand
    return best


# ---------------------------------------------------------------------------
# Notice period, interviews, education, evaluation focus
# ---------------------------------------------------------------------------

_NOTICE_CUE_RE = re.compile(
    r"\bnotice\b|\bjoiners?\b|\bjoin(?:ing)?\s+(?:with)?in\b|\bcan\s+join\b|\bstart\s+within\b|\bavailable\s+to\s+join\b",
    re.I,
)
_DURATION_RE = re.compile(
    r"(?<![\w.])(?P<a>\d{1,3}|one|two|three|four|six|a|an)\s{0,2}"
    rf"(?:{_DASH}|to|or)?\s{{0,2}}(?P<b>\d{{1,3}})?\s{{0,2}}(?P<unit>days?|weeks?|wks?|months?)(?!\w)",
    re.I,
)


_IMMEDIATE_RE = re.compile(r"\bimmediate(?:ly)?\b", re.I)


def _detect_notice_max(lines: list[_Line]) -> int | None:
    """Longest notice period the posting accepts, in days."""
    found: list[int] = []
    for line in lines:
        if "?" in line.text or line.section == _SEC_QUESTIONS or not _NOTICE_CUE_RE.search(line.text):
            continue
        for clause in _CLAUSE_SPLIT_RE.split(line.text):
            if not clause or not _NOTICE_CUE_RE.search(clause):
                continue
            days: list[int] = []
            for m in _DURATION_RE.finditer(clause):
                unit = m.group("unit").lower()
                factor = 30 if unit.startswith("month") else 7 if unit.startswith("w") else 1
                for token in (m.group("a"), m.group("b")):
                    if token:
                        n = _to_int(token)
                        if n is not None and n * factor <= 365:
                            days.append(n * factor)
            if days:
                found.append(max(days))
            elif _IMMEDIATE_RE.search(clause):
                found.append(0)
    return max(found) if found else None


_IN_PERSON_RE = re.compile(
    r"\bin[\s-]person\b|\bface[\s-]to[\s-]face\b|\bf2f\b|\bwalk[\s-]?in\b|\bon[\s-]?site\b|\bat\s+(?:our|the)\s+office\b|"
    r"\boffline\b|\bin[\s-]office\b",
    re.I,
)
_ONLINE_RE = re.compile(
    r"\bonline\b|\bvirtual(?:ly)?\b|\bvideo\b|\bzoom\b|\bgoogle\s+meet\b|\b(?:ms|microsoft)\s+teams\b|\btelephonic\b|"
    r"\bphone\b|\bremote(?:ly)?\b",
    re.I,
)
_WEEKDAY_RE = re.compile(
    r"\bweek[\s-]?days?\b|\bmonday\s+(?:to|through|-)\s+friday\b|\bmon\s*-\s*fri\b|\bworking\s+days\b", re.I
)
_WEEKEND_RE = re.compile(r"\bweek[\s-]?ends?\b|\bsaturdays?\b|\bsundays?\b", re.I)


_INTERVIEW_RE = re.compile(r"\binterview|\bwalk[\s-]?in\b", re.I)


def _detect_interviews(lines: list[_Line]) -> tuple[str | None, bool | None]:
    """Return (interview mode, weekday interviews)."""
    in_person = online = False
    weekday: bool | None = None
    for line in lines:
        if not _INTERVIEW_RE.search(line.text):
            continue
        for clause in _CLAUSE_SPLIT_RE.split(line.text):
            if not clause or not _INTERVIEW_RE.search(clause):
                continue
            in_person = in_person or bool(_IN_PERSON_RE.search(clause))
            online = online or bool(_ONLINE_RE.search(clause))
            if _WEEKDAY_RE.search(clause):
                weekday = True
            elif weekday is None and _WEEKEND_RE.search(clause):
                weekday = False
    mode = "mixed" if in_person and online else "in_person" if in_person else "online" if online else None
    return mode, weekday


_DEGREE_RE = re.compile(
    r"(?<![\w.])(?:b\.?\s?tech|m\.?\s?tech|b\.\s?e\.?|m\.\s?e\.|mca|bca|b\.?\s?sc|m\.?\s?sc|b\.?\s?com|mba|ph\.?\s?d|"
    r"bachelor['’]?s?|master['’]?s?\s+(?:degree|of|in)|masters\s+degree|degree\s+in|engineering\s+degree|"
    r"degree\s+holders?|(?:post[\s-]?)?graduat(?:e|ion)\s+(?:in|degree)|any\s+graduate|diploma\s+in)(?![\w])",
    re.I,
)
_EDUCATION_LABEL_RE = re.compile(
    r"^(?:education(?:al)?(?:\s+qualifications?)?|academic\s+qualifications?|qualifications?|degree)\s*[:\-–—]\s*(?P<value>.+)$",
    re.I,
)


def _detect_education(lines: list[_Line]) -> str | None:
    def tidy(value: str) -> str:
        return re.sub(r"\s*\((?:required|preferred|mandatory)\)\s*$", "", value.strip(), flags=re.I).strip()

    for pos, line in enumerate(lines):
        m = _EDUCATION_LABEL_RE.match(line.text)
        if m and (_heading_kind(m.group(0).split(":")[0]) == _SEC_EDUCATION or _DEGREE_RE.search(m.group("value"))):
            return tidy(m.group("value"))[:200] or None
        if line.heading == _SEC_EDUCATION and not line.inline_content:
            # First line under an "Education" heading, if it is short.
            for nxt in lines[pos + 1 : pos + 3]:
                if nxt.heading:
                    break
                if len(nxt.text) <= 200 and ("," not in nxt.text or _DEGREE_RE.search(nxt.text)):
                    return tidy(nxt.text)
    for line in lines:
        if len(line.text) <= 200 and _DEGREE_RE.search(line.text):
            return tidy(line.text)
    return None


_EVAL_LABEL_RE = re.compile(
    r"^(?:(?:evaluation|assessment)(?:\s+(?:focus|criteria|areas?))?|(?:interview|selection|screening)\s+"
    r"(?:focus|criteria|areas?)|focus\s+areas?|we\s+(?:will\s+)?evaluate|what\s+we\s+(?:evaluate|assess))"
    r"\s*[:\-–—]\s*(?P<items>.+)$",
    re.I,
)
_EVAL_SENTENCE_RE = re.compile(
    r"\b(?:evaluat(?:e|ed|ion)|assess(?:ed|ment)?|judged|interviews?)\s{1,3}(?:will\s{1,3})?(?:be\s{1,3})?"
    r"(?:focus(?:ed|es)?\s{1,3})?(?:primarily\s+|mainly\s+|heavily\s+|largely\s+|strictly\s+)?(?:on|around)\s{1,3}"
    r"(?P<items>[^.;\n]{3,200})"
    # "We will evaluate system design, coding and communication."
    r"|\bwe(?:['’]ll|\s+will)\s+(?:primarily\s+|mainly\s+)?(?:evaluate|assess|test)\s+(?:you\s+on\s+|candidates\s+on\s+|your\s+)?"
    r"(?P<items2>[^.;\n]{3,200})",
    re.I,
)


def _split_items(text: str) -> list[str]:
    items = []
    for part in re.split(r",|;|\s+and\s+|\s+&\s+", text):
        part = part.strip().strip(".:-–— ").strip()
        if part and len(part) <= 80:
            items.append(part[:1].upper() + part[1:])
    return items


def _detect_evaluation_focus(lines: list[_Line]) -> list[str]:
    items: list[str] = []
    for line in lines:
        if line.section == _SEC_EVALUATION and not line.heading:
            if line.is_bullet or len(line.text) <= 80:
                items.extend(_split_items(line.text) if "," in line.text else [line.text.strip(". ")])
            continue
        if line.heading == _SEC_EVALUATION and line.inline_content:
            items.extend(_split_items(line.inline_content))
            continue
        m = _EVAL_LABEL_RE.match(line.text)
        if m:
            items.extend(_split_items(m.group("items")))
            continue
        m = _EVAL_SENTENCE_RE.search(line.text)
        if m and not re.search(r"\binterviews?\s+(?:will\s+)?(?:be\s+)?(?:held|conducted|scheduled)", line.text, re.I):
            if re.match(r"interviews?\b", m.group(0), re.I) and not re.search(r"focus", m.group(0), re.I):
                continue  # "interviews on weekdays" is about scheduling
            items.extend(_split_items(m.group("items") or m.group("items2") or ""))
    seen: set[str] = set()
    out: list[str] = []
    for item in items:
        key = item.lower()
        if item and key not in seen:
            seen.add(key)
            out.append(item)
    return out[:12]


# ---------------------------------------------------------------------------
# Questions
# ---------------------------------------------------------------------------

_SCREENING_CUE_RE = re.compile(
    r"\b(?:ctc|salary|compensation|notice|years?\s+of\s+(?:\w+\s+){0,3}experience|how\s+many\s+years|willing|"
    r"relocat\w*|commute|available|availability|weekdays?|weekends?|join|joining|start\s+date|authori[sz]ed|visa|"
    r"sponsorship|do\s+you\s+have|have\s+you|are\s+you\s+(?:currently|comfortable|able|okay|ok|open|willing|available|"
    r"interested|based|located)|can\s+you|current\s+location|english|degree|qualification|portfolio|github|linkedin)\b",
    re.I,
)
_RHETORICAL_RE = re.compile(
    r"^(?:why|who\s+are\s+we|what\s+(?:we|you)['’]?(?:ll|\s+will|\s+do|\s+get|\s+offer|\s+bring)|what\s+makes|"
    r"ready\s+to|interested|want\s+to|looking\s+for|sound\s+like|is\s+this)\b",
    re.I,
)
_QUESTION_LEAD_RE = re.compile(
    r"^(?:(?:q\s?\d{0,2}|question\s?\d{0,2}|note|please\s+(?:answer|mention|share|specify)|application\s+questions?)"
    r"\s*[:.)-]\s*)+",
    re.I,
)


_SENTENCE_END_RE = re.compile(r"(?<=[.!:])\s+")


def _question_fragments(lines: list[_Line]) -> list[str]:
    """Candidate question texts, in order of appearance."""
    out: list[str] = []
    for line in lines:
        text = line.inline_content if line.heading == _SEC_QUESTIONS and line.inline_content else line.text
        in_section = line.section == _SEC_QUESTIONS and (line.heading is None or bool(line.inline_content))
        if "?" in text:
            # "Current CTC? Notice period? Expected CTC?" - one question each.
            for part in text.split("?", _MAX_QUESTIONS)[:-1]:
                frag = _SENTENCE_END_RE.split(part.strip())[-1].strip()
                frag = _QUESTION_LEAD_RE.sub("", frag).strip(" -–—*•")
                if not frag or len(frag) > 250:
                    continue
                if in_section or (_SCREENING_CUE_RE.search(frag) and not _RHETORICAL_RE.match(frag)):
                    out.append(frag + "?")
        elif (
            in_section
            and (line.is_bullet or len(text) <= 120)
            and not text.endswith(".")
            and not _LABEL_SPLIT_RE.match(text)
        ):
            frag = _QUESTION_LEAD_RE.sub("", text).strip(" -–—*•")
            if frag:
                out.append(frag)
    return out


def _classify_question(text: str) -> DetectedQuestion:
    """Kind and library key of a question from its wording."""
    low = text.lower()
    money = re.search(r"\b(?:ctc|salary|compensation|pay|package|remuneration)\b", low)
    if re.search(r"\bnotice\b", low):
        return DetectedQuestion(text, "duration_days", library_key="notice_period")
    if money and re.search(r"\b(?:expected|expectation|desired|expecting)\b", low):
        return DetectedQuestion(text, "money", library_key="expected_ctc")
    if money and re.search(r"\b(?:current|present|last\s+drawn|existing)\b", low):
        return DetectedQuestion(text, "money", library_key="current_ctc")
    if money:
        return DetectedQuestion(text, "money")
    if re.search(r"\binterview", low) and _WEEKDAY_RE.search(low):
        return DetectedQuestion(text, "yes_no", library_key="weekday_interview")
    if re.search(r"\byears?\b", low) and re.search(r"\bexperience\b|\bhow\s+many\s+years\b|\bworked\b", low):
        skills = _find_skills(text)
        if skills:
            return DetectedQuestion(text, "years", skill=skills[0].name, library_key="skill_years")
        return DetectedQuestion(text, "years", library_key="total_experience")
    if re.search(r"\b(?:when|date)\b", low) and re.search(r"\b(?:join|start|available)\b", low):
        return DetectedQuestion(text, "date", library_key="joining_date")
    if re.search(r"\brelocat", low):
        return DetectedQuestion(text, "yes_no", library_key="relocation")
    if re.search(r"\bcommute\b", low):
        return DetectedQuestion(text, "yes_no", library_key="commute")
    if re.match(r"(?:are|do|did|does|have|has|can|could|will|would|is|were|was|should)\b", low):
        return DetectedQuestion(text, "yes_no")
    if re.search(r"\bhow\s+many\b|\bnumber\s+of\b|\bhow\s+much\b", low):
        return DetectedQuestion(text, "number")
    if re.search(r"\b(?:which|select|choose)\b|\([^()]{1,60}/[^()]{1,60}\)", low):
        return DetectedQuestion(text, "choice")
    return DetectedQuestion(text, "text")


def _build_questions(
    fragments: list[str],
    skills: list[DetectedSkill],
    result: ParsedJobDescription,
) -> list[DetectedQuestion]:
    """Classify explicit questions, add the ones the text implies, set knock-outs."""
    questions: list[DetectedQuestion] = []
    seen_text: set[str] = set()
    for frag in fragments[:_MAX_QUESTIONS]:
        key = re.sub(r"\W+", " ", frag.lower()).strip()
        if key and key not in seen_text:
            seen_text.add(key)
            questions.append(_classify_question(frag))

    def find(library_key: str, skill: str | None = None) -> DetectedQuestion | None:
        for q in questions:
            if q.library_key == library_key and (skill is None or (q.skill or "").lower() == skill.lower()):
                return q
        return None

    # Requirements stated in prose become screening questions, so the
    # posting's knock-outs mirror what the job description demands.
    if result.notice_period_max_days is not None and find("notice_period") is None:
        questions.append(
            DetectedQuestion("What is your notice period (in days)?", "duration_days", library_key="notice_period")
        )
    if result.weekday_interviews and find("weekday_interview") is None:
        text = (
            "Are you willing to attend interviews in person on weekdays?"
            if result.interview_mode == "in_person"
            else "Are you available to attend interviews on weekdays?"
        )
        questions.append(DetectedQuestion(text, "yes_no", library_key="weekday_interview"))
    for skill in skills:
        if skill.required and skill.min_years and find("skill_years", skill.name) is None:
            questions.append(
                DetectedQuestion(
                    f"How many years of experience do you have with {skill.name}?",
                    "years",
                    skill=skill.name,
                    library_key="skill_years",
                )
            )

    by_name = {s.name.lower(): s for s in skills}
    for q in questions:
        if q.library_key == "notice_period" and result.notice_period_max_days is not None:
            q.knockout_op, q.knockout_value = "<=", str(result.notice_period_max_days)
        elif q.library_key == "expected_ctc" and result.pay_max is not None:
            q.knockout_op, q.knockout_value, q.knockout_band_max = "<=", str(result.pay_max), True
        elif q.library_key == "skill_years" and q.skill:
            skill = by_name.get(q.skill.lower())
            if skill and skill.required and skill.min_years:
                q.knockout_op, q.knockout_value = ">=", str(skill.min_years)
        elif q.library_key == "total_experience" and result.experience_min:
            q.knockout_op, q.knockout_value = ">=", str(result.experience_min)
        elif q.library_key == "weekday_interview" and result.weekday_interviews:
            q.knockout_op, q.knockout_value = "==", "yes"
    return questions


# ---------------------------------------------------------------------------
# Entry point
# ---------------------------------------------------------------------------


def _safe[T](detector: Callable[[], T], default: T) -> T:
    """Run one detector; a bug in it must not break the whole page."""
    try:
        return detector()
    except Exception:  # pragma: no cover - defensive, logged for fixing
        logger.exception("job description detector %s failed", getattr(detector, "__name__", detector))
        return default


def parse_job_description(text: str) -> ParsedJobDescription:
    """Detect posting fields in pasted job-description text.

    Never raises for any string input; fields that cannot be detected are
    ``None`` (or empty lists) and are absent from ``detected``.
    """
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    normalised = _normalise_text(text)
    result = ParsedJobDescription(description=_safe(lambda: _clean_description(normalised), normalised.strip()))
    analysed = normalised[:MAX_ANALYSED_CHARS]
    lines = _safe(lambda: _split_lines(analysed), [])
    if not lines:
        return result

    result.title = _safe(lambda: _detect_title(lines), None)

    collector = _SkillCollector()

    def scan_skills() -> None:
        for line in lines:
            collector.scan_line(line)

    _safe(scan_skills, None)
    result.skills = _safe(collector.result, [])
    result.experience_min, result.experience_max = _safe(collector.experience_range, (None, None))

    result.location, result.workplace_type = _safe(lambda: _detect_location(lines), (None, None))
    result.employment_type = _safe(lambda: _detect_employment_type(lines), None)

    pay = _safe(lambda: _detect_pay(lines), None)
    if pay is not None:
        result.pay_min, result.pay_max = pay.low, pay.high
        result.pay_currency, result.pay_period = pay.currency, pay.period

    result.education = _safe(lambda: _detect_education(lines), None)
    result.notice_period_max_days = _safe(lambda: _detect_notice_max(lines), None)
    result.interview_mode, result.weekday_interviews = _safe(lambda: _detect_interviews(lines), (None, None))
    result.evaluation_focus = _safe(lambda: _detect_evaluation_focus(lines), [])
    fragments = _safe(lambda: _question_fragments(lines), [])
    result.questions = _safe(lambda: _build_questions(fragments, result.skills, result), [])

    result.detected = {
        name
        for name in (
            "title",
            "experience_min",
            "experience_max",
            "location",
            "workplace_type",
            "employment_type",
            "pay_currency",
            "pay_min",
            "pay_max",
            "pay_period",
            "skills",
            "education",
            "questions",
            "interview_mode",
            "weekday_interviews",
            "notice_period_max_days",
            "evaluation_focus",
        )
        if getattr(result, name) not in (None, [], "")
    }
    return result
