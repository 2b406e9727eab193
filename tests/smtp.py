"""A real SMTP server on 127.0.0.1 for the tests: it speaks the protocol to Django's SMTP backend
and keeps what it received (envelope and parsed message), so a test reads the emails as sent."""

import socketserver
import threading
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage


@dataclass(frozen=True)
class Recu:
    expediteur: str
    destinataires: list[str]
    message: EmailMessage

    @property
    def texte(self) -> str:
        return self.message.get_body(preferencelist=("plain",)).get_content()


def _adresse(argument: str) -> str:
    return argument.split(":", 1)[1].strip().strip("<>")


class _Session(socketserver.StreamRequestHandler):
    def _dire(self, ligne: str) -> None:
        self.wfile.write(ligne.encode() + b"\r\n")

    def handle(self):
        self._dire("220 127.0.0.1 ESMTP tests")
        expediteur, destinataires = "", []
        while ligne := self.rfile.readline():
            commande = ligne.decode("ascii", "replace").strip()
            verbe = commande[:4].upper()
            if verbe == "EHLO":
                self._dire("250-127.0.0.1")
                self._dire("250 8BITMIME")
            elif verbe == "HELO" or verbe in ("NOOP", "RSET"):
                expediteur, destinataires = (expediteur, destinataires) if verbe != "RSET" else ("", [])
                self._dire("250 OK")
            elif verbe == "MAIL":
                expediteur, destinataires = _adresse(commande), []
                self._dire("250 OK")
            elif verbe == "RCPT":
                destinataires.append(_adresse(commande))
                self._dire("250 OK")
            elif verbe == "DATA":
                self._dire("354 End data with <CR><LF>.<CR><LF>")
                donnees = self._donnees()
                if self.server.refuser:
                    self._dire("554 5.7.1 Message refused")
                    continue
                self.server.recevoir(expediteur, destinataires, donnees)
                self._dire("250 OK queued")
            elif verbe == "QUIT":
                self._dire("221 Bye")
                return
            else:
                self._dire("502 Command not implemented")

    def _donnees(self) -> bytes:
        lignes = []
        while (ligne := self.rfile.readline()) not in (b".\r\n", b""):
            lignes.append(ligne[1:] if ligne.startswith(b"..") else ligne)  # dot-stuffing
        return b"".join(lignes)


class ServeurSmtp(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Session)
        self.recus: list[Recu] = []
        self.refuser = False  # answer 554 to every message, as a server refusing the sender would
        self._verrou = threading.Lock()
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return self.server_address[1]

    def recevoir(self, expediteur: str, destinataires: list[str], donnees: bytes) -> None:
        message = message_from_bytes(donnees, policy=policy.default)
        with self._verrou:
            self.recus.append(Recu(expediteur, list(destinataires), message))

    def demarrer(self) -> "ServeurSmtp":
        self._thread.start()
        return self

    def arreter(self) -> None:
        self.shutdown()
        self.server_close()
