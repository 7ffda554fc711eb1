"""Run deploy/nginx.conf on this machine, for the tests and `make bench-proxy`.

The template is filled in, wrapped in a minimal main configuration whose pid,
logs, temporary files and cache live in one folder, and run in the foreground
with a self-signed certificate for 127.0.0.1.
"""

import os
import pwd
import re
import shutil
import subprocess
import time
from pathlib import Path

from deploy.local_services import free_port, listening

TEMPLATE = Path(__file__).resolve().parent / "nginx.conf"
ERROR_PAGES = TEMPLATE.parent / "errors"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def fill(template, values):
    text = template.read_text()
    for name, value in values.items():
        text = text.replace(f"@{name}@", str(value))
    left = re.search(r"@[A-Z_]+@", text)
    if left:
        raise ValueError(f"deploy/nginx.conf: {left[0]} has no value")
    return text


def self_signed_certificate(folder):
    certificate, key = folder / "tls.crt", folder / "tls.key"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(certificate),
        ],
        check=True,
        capture_output=True,
    )
    return certificate, key


class LocalNginx:
    def __init__(self, folder, upstream, static_root, media_root, admin_path="/admin/", extra_http=""):
        self.folder = Path(folder)
        self.https_port, self.http_port = free_port(), free_port()
        self.folder.mkdir(parents=True, exist_ok=True)
        certificate, key = self_signed_certificate(self.folder)
        site = fill(
            TEMPLATE,
            {
                "SERVER_NAME": "127.0.0.1 localhost",
                "TLS_CERTIFICATE": certificate,
                "TLS_CERTIFICATE_KEY": key,
                "HTTP_PORT": f"127.0.0.1:{self.http_port}",
                "HTTPS_PORT": f"127.0.0.1:{self.https_port}",
                "UPSTREAM": upstream,
                "STATIC_ROOT": static_root,
                "MEDIA_ROOT": media_root,
                "CACHE_PATH": self.folder / "cache",
                "ADMIN_PATH": admin_path,
                "ERROR_PAGES": ERROR_PAGES,
            },
        )
        (self.folder / "site.conf").write_text(site)
        user = pwd.getpwuid(os.geteuid()).pw_name
        temporary = self.folder / "temp"
        temporary.mkdir(exist_ok=True)
        (self.folder / "nginx.conf").write_text(
            f"""
user {user};
worker_processes 2;
pid {self.folder / "nginx.pid"};
error_log {self.folder / "error.log"} warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    client_body_temp_path {temporary}/body;
    proxy_temp_path {temporary}/proxy;
    fastcgi_temp_path {temporary}/fastcgi;
    uwsgi_temp_path {temporary}/uwsgi;
    scgi_temp_path {temporary}/scgi;
    {extra_http}
    include {self.folder / "site.conf"};
}}
"""
        )
        self.process = None

    @property
    def url(self):
        return f"https://127.0.0.1:{self.https_port}"

    def command(self, *arguments):
        return [NGINX, "-p", str(self.folder), "-c", str(self.folder / "nginx.conf"), *arguments]

    def check(self):
        """`nginx -t` on the filled-in configuration: (passed, what nginx said)."""
        result = subprocess.run(self.command("-t"), capture_output=True, text=True)
        return result.returncode == 0, result.stderr

    def __enter__(self):
        self.process = subprocess.Popen(self.command("-g", "daemon off;"))
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if listening(self.https_port):
                return self
            time.sleep(0.05)
        self.process.kill()
        raise RuntimeError((self.folder / "error.log").read_text())

    def __exit__(self, *exc_info):
        self.process.terminate()
        self.process.wait(timeout=10)
