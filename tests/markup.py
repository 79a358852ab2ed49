"""What a screen reader trips over in a page's HTML, found without a browser.

`markup_problems(html)` lists, in words a person can act on:
- an id used by two elements (a label, a describedby or a fragment link then finds the first);
- a reference to an id no element has: aria-describedby, aria-labelledby, aria-controls,
  a label's or an output's `for`;
- a heading level that jumps (an h3 straight after an h1, or a page that starts at h2);
- a list given another role (`<ul role="alert">`): its items are then in no list (axe's
  `listitem`, serious); the role belongs on an element around the list.

The parser is the standard library's: it reads inside <noscript> as markup (as a browser without
scripts would), so ids there count too.
"""

from __future__ import annotations

from collections import Counter
from html.parser import HTMLParser

REFERENCES = ("aria-describedby", "aria-labelledby", "aria-controls")
FOR = ("label", "output")
HEADINGS = {f"h{level}": level for level in range(1, 7)}


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: Counter[str] = Counter()
        self.references: list[tuple[str, str, str]] = []  # (tag, attribute, id)
        self.headings: list[tuple[int, str]] = []  # (level, text)
        self.roled_lists: list[str] = []  # '<ul role="alert">'
        self._heading: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if values.get("id"):
            self.ids[values["id"]] += 1
        for name in REFERENCES:
            for target in values.get(name, "").split():
                self.references.append((tag, name, target))
        if tag in FOR and values.get("for"):
            for target in values["for"].split() if tag == "output" else [values["for"]]:
                self.references.append((tag, "for", target))
        if tag in ("ul", "ol") and values.get("role", "list") not in ("list", "none"):
            self.roled_lists.append(f'<{tag} role="{values["role"]}">')
        if tag in HEADINGS:
            self.headings.append((HEADINGS[tag], ""))
            self._heading = []

    def handle_endtag(self, tag: str) -> None:
        if tag in HEADINGS and self._heading is not None and self.headings:
            level, _ = self.headings[-1]
            self.headings[-1] = (level, " ".join("".join(self._heading).split()))
            self._heading = None

    def handle_data(self, data: str) -> None:
        if self._heading is not None:
            self._heading.append(data)


def markup_problems(html: str) -> list[str]:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    problems = [f'id "{name}" is used by {n} elements' for name, n in reader.ids.items() if n > 1]
    problems += [
        f'<{tag} {attribute}="{target}"> points at no element'
        for tag, attribute, target in reader.references
        if target not in reader.ids
    ]
    problems += [
        f"{tag} makes its items belong to no list (put the role on an element around it)"
        for tag in reader.roled_lists
    ]
    previous = 0
    for level, text in reader.headings:
        if level > previous + 1:
            after = f"after an h{previous}" if previous else "as the page's first heading"
            problems.append(f'h{level} "{text}" comes {after} (a level skipped)')
        previous = level
    return problems
