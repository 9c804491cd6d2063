import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


@pytest.fixture(autouse=True)
def huey_immediate():
    """Run huey tasks in-process (memory storage) for the duration of a test."""
    from huey.contrib.djhuey import HUEY

    previous = HUEY.immediate
    HUEY.immediate = True
    yield HUEY
    HUEY.immediate = previous


@pytest.fixture
def robot(monkeypatch):
    """A tiny HTTP server on 127.0.0.1 standing in for a chat robot.

    `robot.answers` is a list of (status, json_body) served in order (then 200 ok);
    `robot.received` collects the decoded JSON bodies posted to it.
    """
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)

    class State:
        answers: list = []
        received: list = []
        headers: list = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers.get("Content-Length", 0))
            State.received.append(json.loads(self.rfile.read(length).decode("utf-8")))
            State.headers.append(dict(self.headers))
            status, body = State.answers.pop(0) if State.answers else (200, {"errcode": 0})
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    State.url = f"http://127.0.0.1:{server.server_address[1]}/robot/send?access_token=t"
    yield State
    server.shutdown()
    server.server_close()
