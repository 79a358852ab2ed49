"""One step in a forked process while the parent writes another (PostgreSQL only: it takes
writers side by side, SQLite one at a time). Each process has its own connection and its own
Python, so the two steps' model building and the server's work overlap on the machine's cores.
"""

from __future__ import annotations

import json
import os
import traceback
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connections

from bench.national.writer import Writer


@dataclass
class Child:
    pid: int
    pipe: int

    def join(self) -> dict[str, int]:
        """Wait for the child; the rows it wrote per table."""
        with os.fdopen(self.pipe) as pipe:
            data = pipe.read()
        _, status = os.waitpid(self.pid, 0)
        if os.waitstatus_to_exitcode(status) != 0 or not data:
            raise SystemExit("The step run in a second process failed (its error is above).")
        written: dict[str, int] = json.loads(data)
        return written


def forked(task: Callable[[], None], writer: Writer) -> Child:
    """Run `task` in a child process; the parent carries on at once."""
    connections.close_all()  # neither process may use the other's connection
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        os.close(read)
        code = 1
        try:
            writer.written = {}
            writer.prepare()
            task()
            with os.fdopen(write, "w") as pipe:
                json.dump(writer.written, pipe)
            code = 0
        except BaseException:
            traceback.print_exc()
        finally:
            connections.close_all()
            os._exit(code)
    os.close(write)
    writer.prepare()
    return Child(pid, read)
