"""A real OpenID Connect provider for the sign-in tests: oidc-provider (npm), run by tests/oidc/provider.js.

`make test` installs it (`npm ci --prefix tests/oidc`, the Makefile's .dev target); without Node or
its node_modules the tests that need it skip, saying why.
"""

import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

HERE = Path(__file__).parent / "oidc"


@dataclass(frozen=True)
class OidcProvider:
    issuer: str

    def settings(self, client_id: str = "clwstwr") -> dict:
        """What OIDC_PROVIDERS holds for one provider registered at this issuer."""
        return {"issuer": self.issuer, "client_id": client_id, "client_secret": f"{client_id}-secret"}

    def set_email(self, account: str, email: str) -> None:
        """Change an account's e-mail address at the provider (as a school's IT might)."""
        requests.get(f"{self.issuer}/test/email", params={"account": account, "email": email},
                     timeout=5).raise_for_status()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def oidc_provider():
    """The provider, started once for the session on a free port of 127.0.0.1 and stopped after."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("OpenID Connect tests skipped: Node.js is not installed")
    if not (HERE / "node_modules" / "oidc-provider").is_dir():
        pytest.skip("OpenID Connect tests skipped: run `npm ci --prefix tests/oidc` (make test does)")
    port = _free_port()
    process = subprocess.Popen([node, "provider.js", str(port)], cwd=HERE,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    issuer = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 15
    while True:
        try:
            if requests.get(f"{issuer}/.well-known/openid-configuration", timeout=1).ok:
                break
        except requests.ConnectionError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"the test OpenID provider did not start: {process.stderr.read()}")
        time.sleep(0.05)
    yield OidcProvider(issuer)
    process.terminate()
    process.wait(timeout=5)
