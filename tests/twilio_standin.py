"""A local stand-in for Twilio's REST API (the only part we cannot reach from here).

It checks what Twilio checks for `POST /2010-04-01/Accounts/{AccountSid}/Messages.json`:
HTTP basic auth with the account SID and auth token, the account in the URL matching the
credentials, `To` in E.164, `From` or `MessagingServiceSid`, a `Body` of at most 1,600
characters. It answers like Twilio (201 with a message resource, or a Twilio error JSON),
and records every accepted message.
"""

from __future__ import annotations

import base64
import json
import re
import secrets
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

E164 = re.compile(r"^\+[1-9]\d{6,14}$")
PATH = re.compile(r"^/2010-04-01/Accounts/(AC[0-9a-zA-Z]+)/Messages\.json$")


class TwilioStandin:
    def __init__(self, account_sid: str, auth_token: str):
        self.account_sid = account_sid
        self.auth_token = auth_token
        self.messages: list[dict] = []
        self.rejected: list[dict] = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def start(self) -> TwilioStandin:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def sent_to(self, e164: str) -> list[dict]:
        with self._lock:
            return [m for m in self.messages if m["To"] == e164]

    def _handler(self):
        standin = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep test output clean
                pass

            def _answer(self, status: int, body: dict) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _error(self, status: int, code: int, message: str, form: dict | None = None) -> None:
                with standin._lock:
                    standin.rejected.append({"status": status, "code": code, "form": form})
                self._answer(
                    status,
                    {
                        "code": code,
                        "message": message,
                        "status": status,
                        "more_info": f"https://www.twilio.com/docs/errors/{code}",
                    },
                )

            def do_POST(self):
                match = PATH.match(self.path)
                if not match:
                    return self._error(404, 20404, "The requested resource was not found")
                expected = (
                    "Basic "
                    + base64.b64encode(f"{standin.account_sid}:{standin.auth_token}".encode()).decode()
                )
                if self.headers.get("Authorization") != expected or match.group(1) != standin.account_sid:
                    return self._error(401, 20003, "Authenticate")
                length = int(self.headers.get("Content-Length") or 0)
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                if not E164.match(form.get("To", "")):
                    return self._error(400, 21211, "The 'To' number is not a valid phone number.", form)
                if not form.get("From") and not form.get("MessagingServiceSid"):
                    return self._error(
                        400, 21603, "A 'From' or 'MessagingServiceSid' parameter is required", form
                    )
                body = form.get("Body", "")
                if not body:
                    return self._error(400, 21602, "Message body is required.", form)
                if len(body) > 1600:
                    return self._error(
                        400, 21617, "The concatenated message body exceeds the 1600 character limit.", form
                    )
                sid = "SM" + secrets.token_hex(16)
                with standin._lock:
                    standin.messages.append({**form, "sid": sid})
                self._answer(
                    201,
                    {
                        "sid": sid,
                        "account_sid": standin.account_sid,
                        "to": form["To"],
                        "from": form.get("From"),
                        "messaging_service_sid": form.get("MessagingServiceSid"),
                        "body": body,
                        "status": "queued",
                        "num_segments": "1",
                        "direction": "outbound-api",
                        "api_version": "2010-04-01",
                        "date_created": None,
                        "date_updated": None,
                        "date_sent": None,
                        "price": None,
                        "price_unit": "EUR",
                        "error_code": None,
                        "error_message": None,
                        "uri": f"/2010-04-01/Accounts/{standin.account_sid}/Messages/{sid}.json",
                        "subresource_uris": {},
                    },
                )

        return Handler
