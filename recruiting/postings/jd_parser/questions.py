"""Screening questions: the ones the text asks, classified by kind and library key, plus
the ones its requirements imply, with knock-out rules."""

from __future__ import annotations

import re

from recruiting.postings.jd_parser.logistics import WEEKDAY_RE
from recruiting.postings.jd_parser.result import DetectedQuestion, DetectedSkill, ParsedJobDescription
from recruiting.postings.jd_parser.sections import LABEL_SPLIT_RE, SEC_QUESTIONS, Line
from recruiting.postings.jd_parser.vocabulary import find_skills

# A cap that keeps pathological input linear; real text never reaches it.
MAX_QUESTIONS = 40


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


def question_fragments(lines: list[Line]) -> list[str]:
    """Candidate question texts, in order of appearance."""
    out: list[str] = []
    for line in lines:
        text = line.inline_content if line.heading == SEC_QUESTIONS and line.inline_content else line.text
        in_section = line.section == SEC_QUESTIONS and (line.heading is None or bool(line.inline_content))
        if "?" in text:
            # "Current CTC? Notice period? Expected CTC?" - one question each.
            for part in text.split("?", MAX_QUESTIONS)[:-1]:
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
            and not LABEL_SPLIT_RE.match(text)
        ):
            frag = _QUESTION_LEAD_RE.sub("", text).strip(" -–—*•")
            if frag:
                out.append(frag)
    return out


def classify_question(text: str) -> DetectedQuestion:
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
    if re.search(r"\binterview", low) and WEEKDAY_RE.search(low):
        return DetectedQuestion(text, "yes_no", library_key="weekday_interview")
    if re.search(r"\byears?\b", low) and re.search(r"\bexperience\b|\bhow\s+many\s+years\b|\bworked\b", low):
        skills = find_skills(text)
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


def build_questions(
    fragments: list[str],
    skills: list[DetectedSkill],
    result: ParsedJobDescription,
) -> list[DetectedQuestion]:
    """Classify explicit questions, add the ones the text implies, set knock-outs."""
    questions: list[DetectedQuestion] = []
    seen_text: set[str] = set()
    for frag in fragments[:MAX_QUESTIONS]:
        key = re.sub(r"\W+", " ", frag.lower()).strip()
        if key and key not in seen_text:
            seen_text.add(key)
            questions.append(classify_question(frag))

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
