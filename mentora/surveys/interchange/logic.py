"""REDCap branching logic, read by a tokenizer and a recursive-descent parser (never eval).

Supported: `[field] = '1'`, `[field(code)] = '1'` for checkboxes, `[event][field]`, the
comparisons = == <> != < > <= >=, and/or/not in any letter case, parentheses, numbers and
quoted strings. Anything else (functions, arithmetic, smart variables) is refused with a
LogicError naming the item, so a form never shows or hides a question by accident.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from .errors import LogicError, Problem
from .model import Instrument, Item, ItemType

Answer = str | Collection[str]
"""A field's answer: its raw code or text, or for a checkbox the codes ticked."""
Answers = Mapping[str, Answer]

_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<field>\[[a-z][a-z0-9_]*(?:\([A-Za-z0-9_.-]+\))?\])
  | (?P<number>-?(?:\d+\.?\d*|\.\d+))
  | (?P<string>'[^']*'|"[^"]*")
  | (?P<op><>|!=|<=|>=|==|=|<|>)
  | (?P<word>[A-Za-z_]+)
  | (?P<paren>[()])
    """,
    re.VERBOSE,
)
_COMPARISONS = frozenset({"=", "==", "<>", "!=", "<", ">", "<=", ">="})


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    position: int


@dataclass(frozen=True)
class FieldRef:
    name: str
    code: str | None = None
    event: str | None = None


@dataclass(frozen=True)
class Literal:
    value: str


Value = FieldRef | Literal


@dataclass(frozen=True)
class Compare:
    left: Value
    op: str
    right: Value


@dataclass(frozen=True)
class And:
    left: Condition
    right: Condition


@dataclass(frozen=True)
class Or:
    left: Condition
    right: Condition


@dataclass(frozen=True)
class Not:
    operand: Condition


Condition = Compare | And | Or | Not


class LogicSyntaxError(ValueError):
    """Raised inside the parser; callers turn it into a LogicError naming the item."""


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            raise LogicSyntaxError(f"cannot read {text[position : position + 20]!r}")
        kind = match.lastgroup or ""
        if kind == "word":
            kind = _word_kind(match.group(), position)
        if kind != "space":
            tokens.append(Token(kind, match.group(), position))
        position = match.end()
    return tokens


def _word_kind(word: str, position: int) -> str:
    if word.lower() in ("and", "or", "not"):
        return word.lower()
    raise LogicSyntaxError(f"unknown word {word!r} at character {position + 1}")


class _Parser:
    def __init__(self, tokens: list[Token]) -> None:
        self.tokens, self.index = tokens, 0

    def peek(self) -> Token | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def take(self) -> Token:
        token = self.peek()
        if token is None:
            raise LogicSyntaxError("the condition ends too early")
        self.index += 1
        return token

    def parse(self) -> Condition:
        condition = self.condition()
        extra = self.peek()
        if extra is not None:
            raise LogicSyntaxError(f"unexpected {extra.text!r} at character {extra.position + 1}")
        return condition

    def condition(self) -> Condition:
        node = self.conjunction()
        while (token := self.peek()) is not None and token.kind == "or":
            self.take()
            node = Or(node, self.conjunction())
        return node

    def conjunction(self) -> Condition:
        node = self.negation()
        while (token := self.peek()) is not None and token.kind == "and":
            self.take()
            node = And(node, self.negation())
        return node

    def negation(self) -> Condition:
        token = self.peek()
        if token is not None and token.kind == "not":
            self.take()
            return Not(self.negation())
        return self.comparison()

    def comparison(self) -> Condition:
        left = self.primary()
        token = self.peek()
        if token is not None and token.kind == "op":
            self.take()
            right = self.primary()
            if isinstance(left, Value) and isinstance(right, Value):
                return Compare(left, token.text, right)
            raise LogicSyntaxError(f"{token.text!r} compares two values, not two conditions")
        if isinstance(left, Value):
            raise LogicSyntaxError("a value alone is not a condition: compare it with = or <>")
        return left

    def primary(self) -> Condition | Value:
        token = self.take()
        if token.kind == "paren" and token.text == "(":
            inner = self.condition_or_value()
            closing = self.take()
            if closing.text != ")":
                raise LogicSyntaxError(f"expected ')' at character {closing.position + 1}")
            return inner
        if token.kind == "field":
            return self.field_ref(token)
        if token.kind == "number":
            return Literal(token.text)
        if token.kind == "string":
            return Literal(token.text[1:-1])
        raise LogicSyntaxError(f"unexpected {token.text!r} at character {token.position + 1}")

    def condition_or_value(self) -> Condition | Value:
        # `([age]) > 3` wraps a value, `([a] = '1' or [b] = '1')` a condition.
        start = self.index
        value = self.primary()
        token = self.peek()
        if isinstance(value, Value) and token is not None and token.text == ")":
            return value
        self.index = start
        return self.condition()

    def field_ref(self, token: Token) -> FieldRef:
        name, _, code = token.text[1:-1].partition("(")
        following = self.peek()
        if following is not None and following.kind == "field":
            # `[event][field]`: the first bracket names the event.
            self.take()
            inner = self.field_ref(following)
            return FieldRef(inner.name, inner.code, event=name)
        return FieldRef(name, code.rstrip(")") or None)


def parse_logic(text: str) -> Condition:
    """The condition tree of a logic text; LogicSyntaxError if it is not supported syntax."""
    return _Parser(tokenize(text)).parse()


def evaluate(
    condition: Condition, answers: Answers, other_events: Mapping[str, Answers] | None = None
) -> bool:
    if isinstance(condition, And):
        return evaluate(condition.left, answers, other_events) and evaluate(
            condition.right, answers, other_events
        )
    if isinstance(condition, Or):
        return evaluate(condition.left, answers, other_events) or evaluate(
            condition.right, answers, other_events
        )
    if isinstance(condition, Not):
        return not evaluate(condition.operand, answers, other_events)
    left = _value(condition.left, answers, other_events)
    right = _value(condition.right, answers, other_events)
    return _compare(left, condition.op, right)


def _value(value: Value, answers: Answers, other_events: Mapping[str, Answers] | None) -> str:
    if isinstance(value, Literal):
        return value.value
    if value.event is not None:
        answers = (other_events or {}).get(value.event, {})
    answer = answers.get(value.name, "")
    if value.code is not None:
        # A checkbox choice reads as "1" when ticked and "0" otherwise, as in REDCap.
        ticked = {code.lower() for code in answer} if not isinstance(answer, str) else set()
        return "1" if value.code.lower() in ticked else "0"
    if not isinstance(answer, str):
        raise LogicSyntaxError(f"[{value.name}] is a checkbox: write [{value.name}(code)]")
    return answer


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def _compare(left: str, op: str, right: str) -> bool:
    a, b = _number(left), _number(right)
    if op in ("=", "=="):
        return a == b if a is not None and b is not None else left == right
    if op in ("<>", "!="):
        return a != b if a is not None and b is not None else left != right
    if left == "" or right == "":
        # REDCap never orders a blank answer: `[age] > 3` is false until age is given.
        return False
    if a is not None and b is not None:
        return {"<": a < b, ">": a > b, "<=": a <= b, ">=": a >= b}[op]
    return {"<": left < right, ">": left > right, "<=": left <= right, ">=": left >= right}[op]


def is_shown(
    item: Item, answers: Answers, *, other_events: Mapping[str, Answers] | None = None
) -> bool:
    """Whether the item is shown given the answers so far (items without logic always are).

    `answers` maps variables of the current event to answers; `other_events` maps unique
    event names to theirs, for `[event][field]` references.
    """
    if not item.branching_logic.strip():
        return True
    try:
        return evaluate(parse_logic(item.branching_logic), answers, other_events)
    except LogicSyntaxError as error:
        raise _logic_error(item, str(error)) from None


def check_logic(instrument: Instrument) -> None:
    """Raise LogicError listing every item whose logic is unreadable or names unknown fields."""
    problems: list[Problem] = []
    for item in instrument.items:
        if not item.branching_logic.strip():
            continue
        try:
            _check_fields(parse_logic(item.branching_logic), instrument)
        except LogicSyntaxError as error:
            problems.extend(_logic_error(item, str(error)).problems)
    if problems:
        raise LogicError(problems)


def _check_fields(condition: Condition, instrument: Instrument) -> None:
    if isinstance(condition, And | Or):
        _check_fields(condition.left, instrument)
        _check_fields(condition.right, instrument)
    elif isinstance(condition, Not):
        _check_fields(condition.operand, instrument)
    else:
        for value in (condition.left, condition.right):
            if isinstance(value, FieldRef) and not instrument.has_item(value.name):
                raise LogicSyntaxError(f"[{value.name}] is not a field of this instrument")
            if (
                isinstance(value, FieldRef)
                and value.code is None
                and instrument.item(value.name).type is ItemType.MULTIPLE
            ):
                raise LogicSyntaxError(f"[{value.name}] is a checkbox: use [{value.name}(code)]")


def _logic_error(item: Item, message: str) -> LogicError:
    return LogicError.single(
        f"item {item.variable!r}",
        f"branching logic {item.branching_logic!r}: {message}",
        column="Branching Logic (Show field only if...)",
    )
