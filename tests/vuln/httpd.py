#!/usr/bin/python3
"""httpd.py — scripted HTTP(S) server for tests/unit/test_vuln_fetch.c.

Usage: httpd.py [--tls CERT KEY]
Listens on 127.0.0.1, port chosen by the system, prints the port on one
line of stdout, and serves until its stdin reaches end of file (so it goes
away with the test that started it). Requests are counted per ?key=K.

Routes (query parameters in brackets):
  /data    [n, etag, lm]   200, Content-Length n, body pattern(n), ETag etag
                           (default "v1", quoted) and Last-Modified lm; 304
                           when If-None-Match matches or, without it,
                           If-Modified-Since equals lm
  /chunked [n]             200, body pattern(n) sent chunked, no length
  /script  [codes, ra]     the i-th request of a key answers codes[i]
                           (comma-separated; 429 and 503 carry
                           Retry-After: ra when ra is given), later ones as
                           /data
  /short   [n, send]       Content-Length n, sends `send` bytes, closes
  /status  [code]          that status with a short text body
  /redirect [to, code]     code (default 302) with Location: to
  /loop                    302 to itself, forever
  /hits    [key]           the number of earlier requests of that key
pattern(n): byte i is (i * 31 + 7) % 251.
"""
import http.server
import os
import socketserver
import ssl
import sys
import threading
import urllib.parse

LAST_MODIFIED = "Wed, 21 Oct 2015 07:28:00 GMT"
hits = {}
lock = threading.Lock()
tls_ctx = None


def pattern(n):
    return bytes((i * 31 + 7) % 251 for i in range(n))


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def setup(self):
        if tls_ctx is not None:
            self.request = tls_ctx.wrap_socket(self.request, server_side=True)
        super().setup()

    def log_message(self, fmt, *args):
        pass

    def send_body(self, code, body, headers=()):
        self.send_response(code)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_GET(self):
        u = urllib.parse.urlsplit(self.path)
        q = {k: v[-1] for k, v in urllib.parse.parse_qs(u.query).items()}
        key = q.get("key")
        with lock:
            seen = hits.get(key, 0)
            if key is not None and u.path != "/hits":
                hits[key] = seen + 1
        route = getattr(self, "route_" + u.path.strip("/"), None)
        if route is None:
            self.send_body(404, b"no such route\n")
        else:
            route(q, seen)

    def route_hits(self, q, seen):
        with lock:
            n = hits.get(q.get("key"), 0)
        self.send_body(200, b"%d\n" % n)

    def route_data(self, q, seen):
        n = int(q.get("n", "1000"))
        etag = '"%s"' % q.get("etag", "v1")
        lm = q.get("lm", LAST_MODIFIED)
        inm = self.headers.get("If-None-Match")
        ims = self.headers.get("If-Modified-Since")
        if (inm is not None and inm == etag) or (inm is None and ims is not None and ims == lm):
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        self.send_body(200, pattern(n), [("ETag", etag), ("Last-Modified", lm)])

    def route_chunked(self, q, seen):
        body = pattern(int(q.get("n", "1000")))
        self.send_response(200)
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        for i in range(0, len(body), 8192):
            part = body[i:i + 8192]
            self.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
        self.wfile.write(b"0\r\n\r\n")

    def route_script(self, q, seen):
        codes = [int(c) for c in q.get("codes", "").split(",") if c]
        if seen < len(codes):
            code = codes[seen]
            headers = []
            if code in (429, 503) and "ra" in q:
                headers.append(("Retry-After", q["ra"]))
            self.send_body(code, b"scripted failure\n", headers)
        else:
            self.route_data(q, seen)

    def route_short(self, q, seen):
        n, send = int(q.get("n", "1000")), int(q.get("send", "500"))
        self.send_response(200)
        self.send_header("Content-Length", str(n))
        self.end_headers()
        self.wfile.write(pattern(n)[:send])
        self.wfile.flush()
        self.close_connection = True

    def route_status(self, q, seen):
        self.send_body(int(q.get("code", "500")), b"status route\n")

    def route_loop(self, q, seen):
        self.send_body(302, b"again\n", [("Location", self.path)])

    def route_redirect(self, q, seen):
        self.send_body(int(q.get("code", "302")), b"moved\n", [("Location", q.get("to", "/"))])


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # refused TLS handshakes and reset connections are expected


def main():
    global tls_ctx
    args = sys.argv[1:]
    if args[:1] == ["--tls"]:
        tls_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        tls_ctx.load_cert_chain(args[1], args[2])
    srv = Server(("127.0.0.1", 0), Handler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    print(srv.server_address[1], flush=True)
    sys.stdin.buffer.read()  # until the test closes its end or dies
    os._exit(0)


if __name__ == "__main__":
    main()
