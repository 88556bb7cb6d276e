"""The skills vocabulary: canonical names and their spellings, found in text by a
per-first-character index (fast on long input)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from recruiting.postings.jd_parser.text import word_set

# (canonical name, case-insensitive pattern, case-sensitive pattern).  The
# case-sensitive patterns catch names that are also ordinary words ("Go",
# "REST", "Swift", "Spring") only when capitalised like the technology.
SKILL_VOCAB: tuple[tuple[str, str | None, str | None], ...] = (
    # Languages
    ("Go", r"go\s?lang", r"Go"),
    (
        "Python",
        r"python(?:\s?3(?!\s{0,2}\+?\s{0,2}(?:-\s{0,2}\d{1,2}\s{0,2})?(?:years?|yrs?)))?",
        None,
    ),  # not "Python 3 yrs"
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
    ("Cypress", r"cypress", None),
    ("Jest", None, r"Jest"),
    ("API testing", r"api\s+(?:testing|automation)", None),
    ("Postman", r"postman", None),
    ("OWASP", r"owasp(?:\s+top\s+(?:10|ten))?", None),
    ("Excel", r"ms\s+excel|microsoft\s+excel|advanced\s+excel", r"Excel"),
    ("Power BI", r"power\s?bi", None),
    ("Tableau", r"tableau", None),
    ("Looker", r"looker", None),
    ("Statistics", r"statistics|statistical\s+(?:modelling|modeling|analysis)", None),
    ("XGBoost", r"xgboost", None),
    ("Firebase", r"firebase", None),
    ("Jetpack Compose", r"jetpack\s+compose", None),
    ("Core Data", None, r"Core\s+Data"),
    ("jQuery", r"jquery", None),
    ("Embedded C", r"embedded\s+c(?![+#\w])", None),
    ("RTOS", r"rtos|freertos", None),
    ("CAN bus", r"can\s+(?:bus|protocol)", None),
    ("AUTOSAR", r"autosar", None),
    ("PLC programming", r"plc(?:\s+programming)?", None),
    ("SCADA", r"scada", None),
    ("Pytest", r"pytest", None),
    ("JUnit", r"junit", None),
    # More testing, mobile, front-end and .NET tooling
    ("Playwright", r"playwright", None),
    ("Appium", r"appium", None),
    ("TestNG", r"testng", None),
    ("Cucumber", r"cucumber|bdd\s+with\s+cucumber", None),
    ("JMeter", r"j\s?meter", None),
    ("Detox", None, r"Detox"),
    ("Coroutines", r"kotlin\s+coroutines|coroutines", None),
    ("RxJava", r"rx\s?java", None),
    ("Retrofit", None, r"Retrofit"),
    ("Webpack", r"webpack", None),
    ("Storybook", r"storybook", None),
    ("Svelte", r"svelte(?:kit)?", None),
    ("Entity Framework", r"entity\s+framework(?:\s+core)?|ef\s+core", None),
    # More data and infrastructure tooling
    ("dbt", r"dbt", None),
    ("Databricks", r"databricks", None),
    ("Flink", r"apache\s+flink|flink", None),
    ("Hive", r"apache\s+hive", r"Hive"),
    ("Istio", r"istio", None),
    ("Argo CD", r"argo\s?cd", None),
    ("CloudFormation", r"cloud\s?formation", None),
    ("Pulumi", r"pulumi", None),
    ("OpenShift", r"open\s?shift", None),
    ("Splunk", r"splunk", None),
    ("HashiCorp Vault", r"hashicorp\s+vault", None),
    # Design
    ("Figma", r"figma", None),
    ("Sketch", None, r"Sketch"),
    ("Adobe XD", r"adobe\s+xd", None),
    ("Prototyping", r"prototyping", None),
    ("User research", r"user\s+research|ux\s+research", None),
    ("Usability testing", r"usability\s+testing", None),
    ("Wireframing", r"wireframing|wireframes", None),
    # Business tools and functions (support, sales, finance, HR)
    ("Jira", r"jira", None),
    ("Confluence", None, r"Confluence"),
    ("Zendesk", r"zendesk", None),
    ("Freshdesk", r"freshdesk", None),
    ("Salesforce", r"salesforce(?:\s+crm)?|sfdc", None),
    ("HubSpot", r"hubspot", None),
    ("SAP FICO", r"sap\s+fi(?:/|\s)?co", None),
    ("Tally", r"tally(?:\s?prime|\s+erp)?", r"Tally"),
    ("QuickBooks", r"quick\s?books", None),
    ("Google Analytics", r"google\s+analytics|ga4", None),
    ("Financial modelling", r"financial\s+model(?:l?ing)", None),
    ("Stakeholder management", r"stakeholder\s+management", None),
    ("Payroll processing", r"payroll(?:\s+processing)?", None),
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
    for name, *patterns in SKILL_VOCAB:
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
_GO_WORDS_BEFORE = word_set("in with of using and or like including e.g. eg knowledge languages language")
_GO_AFTER_SKILL_RE = re.compile(r"(?:and|or|&|/|,)\s{0,2}$", re.I)
_GO_WORDS_AFTER = word_set(
    "and or developer developers engineer engineers programming language lang experience backend "
    "microservices services expertise skills code development modules routines"
)


_GO_YEARS_AFTER_RE = re.compile(r"[-–—:]?\s{0,2}\d{1,2}\s{0,2}\+?\s{0,2}(?:years?|yrs?)\b", re.I)


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
        or bool(_GO_YEARS_AFTER_RE.match(stripped))  # "Go 2 yrs", "Go – 3 years"
    )
    if before_ok and not after_ok and _GO_AFTER_SKILL_RE.search(before):
        # "Python or Go for tooling": next to another language it is the language.
        head = _GO_AFTER_SKILL_RE.sub("", before).rstrip()
        after_ok = any(hit.end == len(head) for hit in find_skills(head))
    return before_ok and after_ok


@dataclass
class SkillHit:
    name: str
    start: int
    end: int


def find_skills(text: str) -> list[SkillHit]:
    """All vocabulary skills mentioned in ``text``, left to right."""
    hits: list[SkillHit] = []
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
        hits.append(SkillHit(name, start, end))
        last_end = end
    return hits
