"""gunicorn's configuration for production: ``gunicorn -c kith/gunicorn_conf.py kith.wsgi``.

The access log records no client address, no referrer and no user agent, and the secret token
in a commenter's deletion link is redacted (kith/log_redaction.py). Workers and the address to
bind come from gunicorn's own variables (``GUNICORN_CMD_ARGS``, e.g. "--workers 4") or the
command line, which override what is set here.
"""

from __future__ import annotations

from gunicorn.glogging import Logger

from kith.log_redaction import RedactSecretsFilter, redact_secrets

bind = "127.0.0.1:8000"
workers = 4
accesslog = "-"
# Time, request line, status, bytes, milliseconds: nothing that identifies the client.
access_log_format = '%(t)s "%(r)s" %(s)s %(b)s %(M)sms'
# Atoms that carry a URL, and so may carry a token, whatever format is configured.
URL_ATOMS = ("r", "U", "q", "f")


class RedactingLogger(Logger):
    """gunicorn's logger with no client address and no secret token in any access-log atom,
    nor in its error log ("Error handling request /comments/…/delete/<token>/")."""

    def setup(self, cfg) -> None:
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            if not any(isinstance(f, RedactSecretsFilter) for f in log.filters):
                log.addFilter(RedactSecretsFilter())

    def atoms(self, resp, req, environ, request_time) -> dict:
        atoms = super().atoms(resp, req, environ, request_time)
        atoms["h"] = "-"
        for key in list(atoms):
            if key in {"{remote_addr}e", "{x-forwarded-for}i", "{x-real-ip}i", "{forwarded}i"}:
                atoms[key] = "-"
            elif (key in URL_ATOMS or key.startswith("{")) and isinstance(atoms[key], str):
                atoms[key] = redact_secrets(atoms[key])
        return atoms


logger_class = RedactingLogger
