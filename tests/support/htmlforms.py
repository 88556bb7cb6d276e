"""Read rendered HTML forms the way a browser would submit them (test helper).

`read_forms(html, page_url)` returns every <form> of a page with what a browser would send
(`values`) and what a tester needs to know besides: each field's input type, its options,
`maxlength`, `inputmode`, CSS classes, file inputs, submit buttons, and the `hx-get`/`hx-post`
targets a form also talks to. `read_form(html, testid)` is the short form for one form.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from html.parser import HTMLParser


@dataclass
class Form:
    method: str
    url: str
    testid: str = ""
    values: dict[str, list[str]] = field(default_factory=dict)  # what a browser submits as it is
    types: dict[str, str] = field(default_factory=dict)  # input type, "select" or "textarea"
    options: dict[str, list[str]] = field(default_factory=dict)  # every value a choice offers
    buttons: dict[str, list[str]] = field(default_factory=dict)  # named submit buttons
    files: dict[str, str] = field(default_factory=dict)  # file input -> its accept attribute
    maxlength: dict[str, int] = field(default_factory=dict)
    inputmode: dict[str, str] = field(default_factory=dict)
    classes: dict[str, str] = field(default_factory=dict)
    side_channel: bool = False  # an hx-get/hx-post target beside the form's action

    @property
    def names(self) -> list[str]:
        """Every field name the form can send, in page order."""
        seen = dict.fromkeys([*self.values, *self.types, *self.buttons])
        return [name for name in seen if name not in self.files]


class _Reader(HTMLParser):
    def __init__(self, page_url: str):
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._targets: list[tuple[str, str]] = []
        self._template_depth = 0
        self._select: str | None = None
        self._multiple = False
        self._select_options: list[tuple[str, bool]] = []
        self._option_value: str | None = None
        self._option_selected = False
        self._option_text = ""
        self._textarea: str | None = None
        self._textarea_text = ""

    def handle_starttag(self, tag, attrs):
        a = {key: (value if value is not None else "") for key, value in attrs}
        if tag == "template":  # a row for scripts to copy; browsers do not submit it
            self._template_depth += 1
        if self._template_depth:
            return
        if tag == "form":
            self._form = Form(
                method=(a.get("method") or "get").upper(),
                url=a.get("action") or self.page_url,
                testid=a.get("data-testid", ""),
            )
            self._targets = [(m.upper(), a[f"hx-{m}"]) for m in ("get", "post") if a.get(f"hx-{m}")]
            return
        form = self._form
        name = a.get("name")
        if form is None or not name:
            if tag == "option" and self._select is not None:
                self._start_option(a)
            return
        if tag in ("input", "select", "textarea"):
            form.classes[name] = a.get("class", "")
            if a.get("maxlength", "").isdigit():
                form.maxlength[name] = int(a["maxlength"])
            if a.get("inputmode"):
                form.inputmode[name] = a["inputmode"]
        if tag == "input":
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "image"):
                form.buttons.setdefault(name, []).append(a.get("value", ""))
                return
            if kind in ("button", "reset"):
                return
            form.types.setdefault(name, kind)
            if kind == "file":
                form.files[name] = a.get("accept", "")
            elif kind in ("checkbox", "radio"):
                form.options.setdefault(name, []).append(a.get("value") or "on")
                if "checked" in a:
                    form.values.setdefault(name, []).append(a.get("value") or "on")
            else:
                form.values.setdefault(name, []).append(a.get("value", ""))
        elif tag == "button" and (a.get("type") or "submit").lower() == "submit":
            form.buttons.setdefault(name, []).append(a.get("value", ""))
        elif tag == "select":
            form.types.setdefault(name, "select")
            self._select, self._select_options, self._multiple = name, [], "multiple" in a
        elif tag == "option" and self._select is not None:
            self._start_option(a)
        elif tag == "textarea":
            form.types.setdefault(name, "textarea")
            self._textarea, self._textarea_text = name, ""

    def _start_option(self, a: dict) -> None:
        self._option_value = a.get("value") if "value" in a else None
        self._option_selected = "selected" in a
        self._option_text = ""

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea_text += data
        if self._select is not None:
            self._option_text += data

    def handle_endtag(self, tag):
        if tag == "template":
            self._template_depth -= 1
            return
        form = self._form
        if self._template_depth or form is None:
            return
        if tag == "option" and self._select is not None:
            value = self._option_value if self._option_value is not None else self._option_text.strip()
            self._select_options.append((value, self._option_selected))
            self._option_value = None
        elif tag == "select" and self._select is not None:
            chosen = [value for value, selected in self._select_options if selected]
            if not chosen and not self._multiple and self._select_options:
                chosen = [self._select_options[0][0]]
            form.options[self._select] = [value for value, _ in self._select_options]
            form.values.setdefault(self._select, []).extend(chosen)
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            form.values.setdefault(self._textarea, []).append(self._textarea_text.removeprefix("\n"))
            self._textarea = None
        elif tag == "form":
            self.forms.append(form)
            for method, url in self._targets:
                if (method, url) != (form.method, form.url):
                    self.forms.append(replace(form, method=method, url=url, side_channel=True))
            self._form = None


def read_forms(html: str, page_url: str = "") -> list[Form]:
    """Every form of the page; a form without `action` posts to `page_url`."""
    reader = _Reader(page_url)
    reader.feed(html)
    return reader.forms


def read_form(html: str, testid: str) -> tuple[dict[str, list[str]], dict[str, str]]:
    """({name: [values]}, {name: css classes}) of the form with data-testid=`testid`."""
    form = next(form for form in read_forms(html) if form.testid == testid and not form.side_channel)
    return form.values, form.classes
