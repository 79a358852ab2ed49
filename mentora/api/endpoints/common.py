"""What every operation may answer besides its own 200."""

from typing import Any

from ninja import Schema

from mentora.api.schemas import Problem


class ValidationProblem(Schema):
    detail: list[dict[str, Any]]


# 403: a token without the operation's part of the API in its scopes (or, for survey answers,
# a reader without an export right).
ERRORS: dict[int, Any] = {401: Problem, 403: Problem, 404: Problem, 422: ValidationProblem}


def answers(ok: Any, **more: Any) -> dict[int, Any]:
    """The responses of an operation: `ok` on 200, the shared errors, and `more` (e.g. a 403)."""
    return {200: ok, **ERRORS, **{int(code[1:]): schema for code, schema in more.items()}}
