"""Candidate search at scale.

    python bench/run.py search --candidates 100000

Generates N candidates (names, skills, tags, and a CV document each with ~1-2 KB of text
from a varied vocabulary) in the benchmark database with COPY, computes their search vectors with one UPDATE,
VACUUM ANALYZEs, then times `recruiting.pipelines.search.candidate_search` as a recruiter
sees it (first page of 25 with snippets, tags and the total) for a few typical queries:
skills, a name, a misspelled name, a rare CV word, a stemmed word, a term most people
match (`common_term`, the bounded case), a phone number and an e-mail address.
Data is reused when the database already holds exactly N generated candidates (after a
VACUUM ANALYZE, so statistics are fresh). `hits` is the total shown (at most MATCH_CAP +
1 counted; `hits_label` as the page shows it, "10,000+"), `matching` the exact number of
people the query matches (counted once, untimed), `shown` the rows on the page.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import time
import uuid

from common import emit, measure, setup_django

EMAIL_DOMAIN = "bench.example"
FIRST = [
    "Aarav",
    "Aditi",
    "Akash",
    "Amit",
    "Ananya",
    "Anil",
    "Anjali",
    "Arjun",
    "Aruna",
    "Asha",
    "Ashok",
    "Bala",
    "Bhavna",
    "Chitra",
    "Deepa",
    "Deepak",
    "Dev",
    "Devi",
    "Dinesh",
    "Divya",
    "Farah",
    "Gaurav",
    "Geeta",
    "Gopal",
    "Hari",
    "Harish",
    "Indira",
    "Ishaan",
    "Jaya",
    "Karthik",
    "Kavya",
    "Kiran",
    "Krishna",
    "Kumar",
    "Lakshmi",
    "Latha",
    "Leela",
    "Madhu",
    "Mahesh",
    "Manoj",
    "Meena",
    "Meera",
    "Mohan",
    "Nandini",
    "Naveen",
    "Neha",
    "Nikhil",
    "Nila",
    "Nisha",
    "Padma",
    "Pooja",
    "Pradeep",
    "Prakash",
    "Priya",
    "Rahul",
    "Raj",
    "Rajesh",
    "Ramesh",
    "Rani",
    "Ravi",
    "Rekha",
    "Rohan",
    "Sanjay",
    "Saranya",
    "Sarita",
    "Senthil",
    "Shankar",
    "Shanti",
    "Shreya",
    "Siddharth",
    "Sita",
    "Sneha",
    "Sridhar",
    "Suresh",
    "Swati",
    "Tara",
    "Uma",
    "Usha",
    "Varun",
    "Vidya",
    "Vijay",
    "Vikram",
    "Vinay",
    "Vishal",
    "Yamini",
    "Zoya",
    "Imran",
    "Farhan",
    "Ayesha",
    "Joseph",
    "Mary",
    "Thomas",
    "Anita",
    "David",
    "Sarah",
    "John",
    "Grace",
    "Maria",
    "Peter",
]
LAST = [
    "Raman",
    "Iyer",
    "Iyengar",
    "Nair",
    "Menon",
    "Pillai",
    "Rao",
    "Reddy",
    "Naidu",
    "Sharma",
    "Verma",
    "Gupta",
    "Agarwal",
    "Mehta",
    "Shah",
    "Patel",
    "Desai",
    "Joshi",
    "Kulkarni",
    "Deshpande",
    "Banerjee",
    "Chatterjee",
    "Mukherjee",
    "Das",
    "Bose",
    "Sen",
    "Ghosh",
    "Dutta",
    "Singh",
    "Kaur",
    "Gill",
    "Khan",
    "Ahmed",
    "Qureshi",
    "Siddiqui",
    "Fernandes",
    "D'Souza",
    "Pereira",
    "Thomas",
    "Mathew",
    "George",
    "Varghese",
    "Kurian",
    "Krishnan",
    "Subramanian",
    "Venkatesan",
    "Srinivasan",
    "Raghavan",
    "Natarajan",
    "Sundaram",
    "Balasubramanian",
    "Chandran",
    "Murthy",
    "Hegde",
    "Shetty",
    "Kamath",
    "Pai",
    "Bhat",
    "Acharya",
    "Mishra",
    "Tiwari",
    "Pandey",
    "Dubey",
    "Yadav",
    "Chauhan",
    "Thakur",
    "Rathore",
    "Malhotra",
    "Kapoor",
    "Khanna",
    "Chopra",
    "Arora",
    "Sethi",
    "Bajaj",
    "Jain",
    "Saxena",
    "Srivastava",
    "Tripathi",
    "Dixit",
    "Goswami",
    "Sarkar",
    "Roy",
    "Paul",
    "Lobo",
]
SKILLS = [
    "Golang",
    "Kafka",
    "PostgreSQL",
    "Python",
    "Django",
    "Rust",
    "Java",
    "Kotlin",
    "Spring",
    "Scala",
    "Spark",
    "Flink",
    "Airflow",
    "Kubernetes",
    "Docker",
    "Terraform",
    "AWS",
    "GCP",
    "Azure",
    "Redis",
    "Cassandra",
    "MongoDB",
    "Elasticsearch",
    "ClickHouse",
    "Snowflake",
    "dbt",
    "React",
    "TypeScript",
    "Angular",
    "Vue",
    "Node.js",
    "GraphQL",
    "gRPC",
    "Protobuf",
    "RabbitMQ",
    "NATS",
    "Prometheus",
    "Grafana",
    "OpenTelemetry",
    "Jenkins",
    "GitHubActions",
    "Ansible",
    "Linux",
    "Bash",
    "C++",
    "C#",
    ".NET",
    "Swift",
    "Android",
    "iOS",
    "Flutter",
    "TensorFlow",
    "PyTorch",
    "Pandas",
    "NumPy",
    "MLflow",
    "Kubeflow",
    "Hadoop",
    "Hive",
    "Presto",
    "Trino",
    "Tableau",
    "PowerBI",
    "Salesforce",
    "SAP",
    "Figma",
    "Selenium",
    "Playwright",
    "Cypress",
    "JMeter",
    "Istio",
    "Envoy",
    "Nginx",
    "HAProxy",
    "Consul",
    "Vault",
    "Pulsar",
    "Debezium",
    "Iceberg",
    "DeltaLake",
    "BigQuery",
    "Redshift",
    "DynamoDB",
    "Lambda",
    "CloudFormation",
]
ROLES = (
    "Backend Engineer",
    "Senior Backend Engineer",
    "Staff Engineer",
    "Data Engineer",
    "Site Reliability Engineer",
    "Platform Engineer",
    "Frontend Engineer",
    "Full Stack Developer",
    "Engineering Manager",
    "QA Engineer",
    "Machine Learning Engineer",
    "DevOps Engineer",
    "Mobile Developer",
    "Solutions Architect",
    "Tech Lead",
)
COMPANIES = (
    "Zentrix",
    "Bluefin Labs",
    "Karma Payments",
    "Orbit Logistics",
    "Nimbus Health",
    "Quanta Retail",
    "Tidal Media",
    "Vertex Insurance",
    "Lumen Analytics",
    "Saffron Foods",
    "Cobalt Telecom",
    "Pinnacle Bank",
    "Monsoon Travel",
    "Aster Edtech",
    "Granite Manufacturing",
    "Helix Biotech",
    "Indigo Mobility",
    "Juniper Games",
)
CITIES = ("Chennai", "Bengaluru", "Hyderabad", "Pune", "Mumbai", "Delhi", "Kochi", "Coimbatore", "Noida", "Gurugram")
TAGS = ("strong-go", "referral", "relocation", "immediate-joiner", "rehire", "campus", "leadership", "remote-only")
VERBS = [
    "built",
    "designed",
    "migrated",
    "scaled",
    "owned",
    "led",
    "automated",
    "refactored",
    "shipped",
    "optimised",
    "reduced",
    "improved",
    "launched",
    "mentored",
    "maintained",
    "debugged",
    "profiled",
    "secured",
    "integrated",
    "replaced",
    "documented",
    "monitored",
    "tuned",
]
NOUNS = [
    "pipeline",
    "service",
    "platform",
    "ledger",
    "gateway",
    "scheduler",
    "cache",
    "cluster",
    "dashboard",
    "billing",
    "checkout",
    "search",
    "catalogue",
    "inventory",
    "recommendation",
    "fraud",
    "onboarding",
    "payroll",
    "reporting",
    "notification",
    "ingestion",
    "warehouse",
    "api",
    "sdk",
    "migration",
    "rollout",
    "latency",
    "throughput",
    "cost",
    "uptime",
    "incident",
    "runbook",
    "alerting",
    "sharding",
    "replication",
    "queue",
]
SYLLABLES = [
    "ka",
    "ri",
    "to",
    "na",
    "mi",
    "su",
    "ve",
    "lo",
    "pa",
    "de",
    "chi",
    "ra",
    "an",
    "jo",
    "ku",
    "ne",
    "ti",
    "sho",
    "ba",
    "gu",
    "ya",
    "ro",
    "mo",
    "hi",
    "la",
    "ze",
    "wa",
    "fu",
]


def _rare_words(rng: random.Random, count: int) -> list[str]:
    # Invented domain words give the vocabulary a long tail, like project and product names in real CVs.
    return ["".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))) for _ in range(count)]


def _cv(rng: random.Random, name: str, skills: list[str], role: str, company: str, city: str, rare: list[str]) -> str:
    lines = [f"{name}", f"{role} at {company}, {city}", "Skills: " + ", ".join(skills), ""]
    for _ in range(rng.randint(10, 20)):
        words = [
            rng.choice(VERBS).capitalize(),
            "the",
            rng.choice(NOUNS),
            rng.choice(NOUNS),
            "using",
            rng.choice(skills),
            "and",
            rng.choice(SKILLS),
            "for",
            rng.choice(rare),
            rng.choice(NOUNS),
            "at",
            rng.choice(COMPANIES) + ",",
            rng.choice(VERBS),
            rng.choice(NOUNS),
            "by",
            f"{rng.randint(5, 90)}%.",
        ]
        lines.append(" ".join(words))
    return "\n".join(lines)


def _phone(index: int) -> str:
    return f"+919{index:09d}"[:13]


def generate(n: int, *, seed: int = 7) -> float:
    """Bulk-load `n` candidates with COPY and index them; returns seconds taken."""
    from django.db import connection, transaction

    from recruiting.pipelines.models import Candidate, Tag

    started = time.perf_counter()
    rng = random.Random(seed)
    rare = _rare_words(rng, 4000)
    with transaction.atomic():
        Candidate.objects.filter(email__endswith="@" + EMAIL_DOMAIN).delete()
        tag_ids = [Tag.objects.get_or_create(name=name)[0].pk for name in TAGS]
        now = "2026-01-01 00:00:00+00"
        columns = [
            "public_id",
            "created_at",
            "updated_at",
            "full_name",
            "email",
            "email_normalised",
            "phone",
            "phone_normalised",
            "current_role",
            "current_company",
            "total_years",
            "notice_period_days",
            "location",
            "skills",
        ]
        buffer = io.StringIO()
        texts: list[str] = []
        for index in range(n):
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            email = f"{name.lower().replace(' ', '.').replace(chr(39), '')}.{index}@{EMAIL_DOMAIN}"
            skills = rng.sample(SKILLS, rng.randint(4, 9))
            role, company, city = rng.choice(ROLES), rng.choice(COMPANIES), rng.choice(CITIES)
            texts.append(_cv(rng, name, skills, role, company, city, rare))
            row = [
                str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                now,
                now,
                name,
                email,
                email,
                _phone(index),
                _phone(index),
                role,
                company,
                str(rng.randint(1, 20)),
                str(rng.choice((0, 15, 30, 60, 90))),
                city,
                json.dumps(skills),
            ]
            buffer.write("\t".join(_copy_escape(v) for v in row) + "\n")
        buffer.seek(0)
        with connection.cursor() as cursor:
            with cursor.copy(
                f"COPY pipelines_candidate ({', '.join(chr(34) + c + chr(34) for c in columns)}) FROM STDIN"
            ) as copy:
                while chunk := buffer.read(1 << 20):
                    copy.write(chunk)
            cursor.execute("SELECT id FROM pipelines_candidate WHERE email LIKE %s ORDER BY id", ["%@" + EMAIL_DOMAIN])
            ids = [row[0] for row in cursor.fetchall()]
            tag_rows = io.StringIO()
            for pk in ids:
                for tag in rng.sample(tag_ids, rng.choice((0, 0, 1, 1, 2))):
                    tag_rows.write(f"{pk}\t{tag}\n")
            tag_rows.seek(0)
            with cursor.copy("COPY pipelines_candidate_tags (candidate_id, tag_id) FROM STDIN") as copy:
                copy.write(tag_rows.read())
            # One CV document each (ids and texts are in insertion order); no file behind it.
            document_columns = (
                "public_id, created_at, updated_at, candidate_id, category, file, original_filename, file_type,"
                " sha256, uploaded_at, carried_over, text, text_status"
            )
            with cursor.copy(f"COPY pipelines_document ({document_columns}) FROM STDIN") as copy:
                for pk, text in zip(ids, texts, strict=True):
                    row = [str(uuid.UUID(int=rng.getrandbits(128), version=4)), now, now, str(pk), "cv"]
                    row += [f"bench/{pk}", "cv.pdf", "pdf", "", now, "f", text, "ready"]
                    copy.write("\t".join(_copy_escape(v) for v in row) + "\n")
        from recruiting.pipelines.services import candidate_refresh_search

        candidate_refresh_search(ids)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE pipelines_candidate")
        cursor.execute("VACUUM ANALYZE pipelines_candidate_tags")
        cursor.execute("VACUUM ANALYZE pipelines_document")
    return time.perf_counter() - started


def _cv_word(candidate) -> str:
    """A word that appears in this candidate's CV but is rare overall (an invented
    project name), like searching for something remembered from one CV."""
    from recruiting.pipelines.models import Document

    text = Document.objects.filter(candidate=candidate).values_list("text", flat=True).first() or ""
    body = text.split("\n", 4)[-1]  # past the name, role and skills lines
    words = [w.strip(".,%") for w in body.split()]
    known = {w.lower() for w in (*VERBS, *NOUNS, *SKILLS, *COMPANIES, "the", "and", "using", "for", "at", "by")}
    return next((w for w in words if w.isalpha() and w.lower() not in known and len(w) > 5), words[-1])


def reindex() -> float:
    """Recompute the search vectors of the generated candidates (one UPDATE)."""
    from django.db import connection

    from recruiting.pipelines.models import Candidate
    from recruiting.pipelines.services import candidate_refresh_search

    started = time.perf_counter()
    candidate_refresh_search(Candidate.objects.filter(email__endswith="@" + EMAIL_DOMAIN).values_list("pk", flat=True))
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE pipelines_candidate")
    return time.perf_counter() - started


def refresh_statistics() -> None:
    """Reused data: bring planner statistics and the visibility map up to date, as
    autovacuum would on a live table. Without it a rerun measures whatever state the last
    writer left: the VACUUM after generating cannot mark pages all-visible while another
    transaction is open, and bulk updates since (other benchmarks, migrations) leave the
    statistics stale."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE) pipelines_candidate, pipelines_candidate_tags, pipelines_document")


def _stemmed_vectors() -> bool:
    """Whether the generated candidates' vectors hold stemmed words (role "Engineer" gives engin)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT position(%s in search_head::text) > 0 FROM pipelines_candidate"
            ' WHERE email LIKE %s AND "current_role" LIKE %s LIMIT 1',
            ["'engin'", "%@" + EMAIL_DOMAIN, "%Engineer%"],
        )
        row = cursor.fetchone()
    return bool(row and row[0])


def _exact_matches(query: str) -> int:
    """How many people the query matches in all, counted without the search's bound (not timed)."""
    from recruiting.accounts.models import User
    from recruiting.pipelines.search import matching_candidate_ids

    recruiter = User.objects.get(email="bench.recruiter@bench.example")
    return matching_candidate_ids(recruiter, query).count()


def _copy_escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="bench/run.py search")
    parser.add_argument("--candidates", type=int, nargs="+", default=[100_000])
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args(argv)
    setup_django()
    from recruiting.accounts.models import User
    from recruiting.pipelines.models import Candidate
    from recruiting.pipelines.search import candidate_search

    recruiter, _ = User.objects.get_or_create(
        email="bench.recruiter@bench.example", defaults={"full_name": "Bench Recruiter", "role": "recruiter"}
    )
    for n in args.candidates:
        have = Candidate.objects.filter(email__endswith="@" + EMAIL_DOMAIN).count()
        generated_s = None
        if have != n:
            generated_s = round(generate(n), 1)
        elif Candidate.objects.filter(email__endswith="@" + EMAIL_DOMAIN, search_head__isnull=True).exists() or (
            not _stemmed_vectors()
        ):
            generated_s = round(reindex(), 1)  # data from before search_head (or stemming) existed
        else:
            refresh_statistics()
        sample = Candidate.objects.filter(email__endswith="@" + EMAIL_DOMAIN).order_by("pk")[n // 2]
        first, last = sample.full_name.split(" ", 1)
        misspelled = first[:-1] + first[-1] * 2 + " " + last[:2] + last[3:]  # "Priyaa Rman"
        digits = sample.phone_normalised[-10:]
        queries = {
            "skills": "golang kafka",
            "name": sample.full_name,
            "misspelled_name": misspelled,
            "cv_word": _cv_word(sample),
            # Stemmed: "ledgers" finds every CV that mentions a ledger.
            "stemmed_word": "ledgers",
            # A term in most people's role ("Engineer" is in 11 of 15 roles): the bounded case.
            "common_term": "engineer",
            "phone": f"+91 {digits[:5]} {digits[5:]}",
            "email": sample.email.upper(),
        }
        for kind, query in queries.items():

            def run(query=query):
                return candidate_search(user=recruiter, query=query, per_page=25)

            results = run()
            record = measure(run, repeat=args.repeat)
            emit(
                {
                    "bench": "search",
                    "n": n,
                    "query_kind": kind,
                    "query": query,
                    "hits": results.total,
                    "hits_label": results.total_label,
                    "matching": _exact_matches(query),
                    "shown": len(results.hits),
                    "found_sample": any(h.candidate.pk == sample.pk for h in results.hits)
                    if kind in ("name", "misspelled_name", "phone", "email")
                    else None,
                    **record,
                    **({"generated_s": generated_s} if generated_s is not None else {}),
                }
            )
