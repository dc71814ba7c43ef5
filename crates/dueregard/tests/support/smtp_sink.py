"""A real SMTP server on loopback for the mail tests (aiosmtpd). Every message it accepts is
written to a file as one JSON line: who it was from and to, its headers, and its plain text
and HTML parts as Python's own mail parser decodes them. It prints
its port once it is listening. With SLOW_MS set, it waits that long before taking each
recipient, so a test has time to kill the sender in the middle of a run."""

import asyncio
import email
import email.policy
import json
import os
import socket
import sys

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, path, slow):
        self.path = path
        self.slow = slow

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.slow:
            await asyncio.sleep(self.slow / 1000)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        text = message.get_body(preferencelist=("plain",))
        html = message.get_body(preferencelist=("html",))
        line = json.dumps(
            {
                "from": envelope.mail_from,
                "to": envelope.rcpt_tos,
                "headers": {k.lower(): str(v) for k, v in message.items()},
                "text": text.get_content() if text else "",
                "html": html.get_content() if html else "",
            }
        )
        with open(self.path, "a", encoding="utf-8") as f:
            f.write(line + "\n")
        return "250 Message accepted"


def main():
    path = sys.argv[1]
    slow = int(os.environ.get("SLOW_MS", "0"))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    controller = Controller(Sink(path, slow), hostname="127.0.0.1", port=port)
    controller.start()
    print(port, flush=True)
    try:
        sys.stdin.read()
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
