"""An `entente serve` with one analyst's token on a free loopback port, shared by the team-server benchmarks."""
import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile

TOKEN = "0123456789abcdef0123456789abcdef"
DEFAULT_ENTENTE = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), ".build/release/entente")


@contextlib.contextmanager
def team_server(entente, database=None, extra=()):
    """Starts the server (with `database`, or a fresh SQLite store in a temporary folder), yields its port and stops
    it afterwards, removing the folder."""
    folder = tempfile.mkdtemp(prefix="entente-team-")
    with open(os.path.join(folder, "tokens"), "w") as file:
        file.write(f"alice {TOKEN}\n")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([entente, "serve", "--port", str(port), "--database", database or os.path.join(folder, "team.sqlite"),
                               "--tokens", os.path.join(folder, "tokens"), *extra],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        if "serving" not in server.stdout.readline():
            sys.exit("the server did not start")
        yield port
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(folder, ignore_errors=True)
