"""A local SMTP sink for `make run`: every message Odoo sends is kept as an .eml file.

Usage: python smtp-sink.py HOST PORT FOLDER   (runs until SIGTERM)

Files are named <UTC time>-<sequence>.eml (the message exactly as received, with
an added X-Envelope-To header) so `ls -t` shows the newest first and any mail
client opens them.
"""
import asyncio
import datetime
import itertools
import logging
import os
import signal
import sys

from aiosmtpd.controller import Controller


class EmlFolder:
    def __init__(self, folder):
        self.folder = folder
        self.sequence = itertools.count(1)

    async def handle_DATA(self, server, session, envelope):
        stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%S")
        name = os.path.join(self.folder, "%s-%05d.eml" % (stamp, next(self.sequence)))
        header = "X-Envelope-To: %s\r\n" % ", ".join(envelope.rcpt_tos)
        with open(name + ".tmp", "wb") as fh:
            fh.write(header.encode() + envelope.original_content)
        os.replace(name + ".tmp", name)   # a reader never sees half a message
        return "250 Message accepted for delivery"


def main():
    host, port, folder = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    os.makedirs(folder, exist_ok=True)
    logging.basicConfig(level=logging.WARNING)
    controller = Controller(EmlFolder(folder), hostname=host, port=port)
    controller.start()
    loop = asyncio.new_event_loop()
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    loop.run_until_complete(stop.wait())
    controller.stop()


if __name__ == "__main__":
    main()
