"""What each library costs a worker's memory, and whether a worker loads it when it starts.

Each library is imported alone in a new Python (after Flask, which every worker has), and the growth
of its resident memory is its cost; what it shares with the app's other libraries (SQLAlchemy under
Alembic, say) is counted in each. Whether a worker loads it at start is read from a new Python that
imports `wsgi` with the production configuration, as a gunicorn worker does.
"""

import subprocess
import sys
from dataclasses import asdict, dataclass

from bench.servers import ROOT, production_environment

#: the libraries the issue names, and the app's heaviest ones, in the order the table shows them
LIBRARIES = ("sqlalchemy", "flask_sqlalchemy", "flask_wtf", "flask_babel", "flask_limiter", "psycopg",
             "authlib.integrations.flask_client", "openpyxl", "alembic", "PIL.Image", "icalendar", "segno")

_COST = """
import flask
def resident():
    return next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmRSS"))
before = resident()
import {module}
print(resident() - before)
"""


@dataclass(frozen=True)
class LibraryCost:
    module: str
    kib: int
    loaded_at_start: bool

    def as_dict(self) -> dict:
        return asdict(self)


def library_costs(database_url: str) -> list[LibraryCost]:
    """Each of LIBRARIES: its memory alone, and whether a production worker has it once started."""
    at_start = set(subprocess.run(
        [sys.executable, "-c", "import sys, wsgi; print(' '.join(sys.modules))"], cwd=ROOT,
        env=production_environment(database_url), capture_output=True, text=True, check=True).stdout.split())
    return [LibraryCost(module, int(subprocess.run([sys.executable, "-c", _COST.format(module=module)], cwd=ROOT,
                                                   capture_output=True, text=True, check=True).stdout),
                        module in at_start) for module in LIBRARIES]


def report_lines(costs: list[LibraryCost]) -> list[str]:
    """The table of costs, for the report."""
    return ["| library (imported alone after Flask) | resident memory | loaded when a worker starts |",
            "| --- | ---: | --- |",
            *[f"| `{cost.module}` | {cost.kib / 1024:.1f} MiB | "
              f"{'yes' if cost.loaded_at_start else 'no: when needed'} |" for cost in costs]]
