#!/usr/bin/env python3
"""Runs sqlmap, wapiti and ffuf against a local Release build, anonymous and signed in as each role.

Run by hand from the repository root, as root or with the scanners installed:

    apt-get install -y sqlmap wapiti python3-brotli ffuf dirb oathtool
    python3 tests/security/scan.py [--port 5090] [--seconds 240] [--keep]

It publishes the app in Release to a temporary folder, lets it create and seed a fresh SQLite file, creates an
administrator with the create-admin command (enrolling TOTP with oathtool), creates one account for each other
role through the admin area, signs each in, and then runs the three scanners once per identity: anonymous, Staff,
Editor, Reviewer, Administrator (most destructive last, since its scanners post every admin form), each scanner
with a session of its own. Signed-in scans leave out sign-out and the user's own account pages (change password,
two-factor): junk posted there locks the account by design and would end the scan's session. The scanners post
junk into a throwaway database; nothing outside the temporary folder is touched and the app binds 127.0.0.1.

The app runs with ASPNETCORE_ENVIRONMENT=Development only so that its cookies are not marked Secure on plain
HTTP (the scanners' cookie jars would drop them otherwise); the pipeline, error pages and limits are the same.

It prints, per identity and scanner, what the scanner reported, and how many 5xx answers the app logged.
"""
import argparse, glob, html, json, os, re, shutil, signal, subprocess, sys, tempfile, time, urllib.parse

import requests

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PROJECT = os.path.join(ROOT, "src", "LnUnion.Portal")
PASSWORD = "Liaoning-scanner-2026-pw"
WORDLIST = "/usr/share/dirb/wordlists/common.txt"

# Debian's wapiti 3.0.4 builds its exclusion patterns with a trailing "(?ms)", which Python 3.11 refuses, so any
# -x crashes it. This starts the same wapiti with that one function fixed.
WAPITI = """
import re, sys
import wapitiCore.net.crawler as crawler
crawler.wildcard_translate = lambda pattern: re.compile("(?ms)" + "".join(".*" if c == "*" else re.escape(c) for c in pattern) + r"\\Z")
from wapitiCore.main.wapiti import wapiti_main
sys.argv[0] = "wapiti"
sys.exit(wapiti_main())
"""


def token(page):
    match = re.search(r'name="__RequestVerificationToken" type="hidden" value="([^"]+)"', page) or \
        re.search(r'type="hidden" name="__RequestVerificationToken" value="([^"]+)"', page) or \
        re.search(r'name="__RequestVerificationToken"[^>]*value="([^"]+)"', page)
    if not match:
        raise SystemExit("no antiforgery token on the page")
    return html.unescape(match.group(1))


def totp(key):
    return subprocess.check_output(["oathtool", "--totp", "-b", key.replace(" ", "").upper()], text=True).strip()


class Portal:
    def __init__(self, port, folder):
        self.base = f"http://127.0.0.1:{port}"
        self.port = port
        self.folder = folder
        self.publish = os.path.join(folder, "publish")
        self.log_dir = os.path.join(folder, "logs")
        self.process = None

    def env(self):
        return dict(os.environ,
                    ASPNETCORE_ENVIRONMENT="Development",
                    ConnectionStrings__Sqlite=f"Data Source={os.path.join(self.folder, 'portal.db')}",
                    Storage__MediaPath=os.path.join(self.folder, "media"),
                    Search__IndexPath=os.path.join(self.folder, "search-index"),
                    Site__BaseUrl=self.base,
                    Mailbox__QueryCodeKey="bWFpbGJveC1xdWVyeS1jb2RlLWtleS1mb3ItdGVzdHMtb25seQ==",
                    # Every scanner and every sign-in of this script comes from 127.0.0.1: with the shipped per-address
                    # sign-in throttle the scanners' login-form attacks would lock this script out of signing in.
                    SignInThrottle__PermitLimit="1000000",
                    Serilog__WriteTo__1__Args__path=os.path.join(self.log_dir, "portal-.log"))

    def build(self):
        subprocess.run(["dotnet", "publish", PROJECT, "-c", "Release", "-o", self.publish, "--nologo", "-v", "quiet"], check=True,
                       stdout=subprocess.DEVNULL)

    def create_admin(self, email):
        subprocess.run(["dotnet", os.path.join(self.publish, "LnUnion.Portal.dll"), "create-admin", "--email", email, "--name", "扫描管理员"],
                       input=PASSWORD + "\n", text=True, env=self.env(), cwd=self.publish, check=True, stdout=subprocess.DEVNULL)

    def start(self):
        self.process = subprocess.Popen(["dotnet", os.path.join(self.publish, "LnUnion.Portal.dll"), "--urls", self.base], env=self.env(),
                                        cwd=self.publish, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        for _ in range(240):
            try:
                if requests.get(self.base + "/healthz", timeout=2).status_code in (200, 503):
                    return
            except requests.RequestException:
                pass
            time.sleep(0.5)
        raise SystemExit("the app did not start")

    def stop(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)
        self.process = None

    def server_errors(self):
        """Lines of the app's own log that record a 5xx answer or an unhandled exception."""
        count = 0
        for path in glob.glob(os.path.join(self.log_dir, "*.log")):
            with open(path, encoding="utf-8", errors="replace") as log:
                count += sum(1 for line in log if re.search(r"responded 5\d\d|\[ERR\]|\[FTL\]", line))
        return count

    def sign_in(self, email, password, key=None):
        session = requests.Session()
        page = session.get(self.base + "/admin/login").text
        answer = session.post(self.base + "/admin/login", data={"Email": email, "Password": password, "__RequestVerificationToken": token(page)})
        if "/admin/login/2fa" in answer.url:
            answer = session.post(answer.url, data={"Code": totp(key), "__RequestVerificationToken": token(answer.text)})
        if "/admin/login" in answer.url:
            raise SystemExit(f"could not sign in as {email}")
        return session, answer

    def admin_session(self, email):
        session, answer = self.sign_in(email, PASSWORD)
        if "two-factor" in answer.url:
            key = re.search(r"<code[^>]*>([a-z2-7 ]+)</code>", answer.text) or re.search(r">([a-z2-7]{4}(?: [a-z2-7]{1,4}){5,})<", answer.text)
            if not key:
                raise SystemExit("no authenticator key on the enrolment page")
            key = key.group(1)
            # A code is accepted once per time step; wait for a fresh step so enrolment and later sign-ins differ.
            time.sleep(31 - time.time() % 30)
            session.post(self.base + "/admin/account/two-factor", data={"Input.Code": totp(key), "__RequestVerificationToken": token(answer.text)})
            return session, key
        raise SystemExit("the administrator was not asked to enrol an authenticator")

    def create_user(self, admin, email, role):
        page = admin.get(self.base + "/admin/users/new").text
        answer = admin.post(self.base + "/admin/users/new", data={"Email": email, "DisplayName": f"扫描{role}", "Roles": role,
                                                                   "__RequestVerificationToken": token(page)})
        match = re.search(r'font-monospace[^>]*>([^<]+)</p>', answer.text)
        if not match:
            raise SystemExit(f"no temporary password for {email}")
        # A temporary password must be replaced at the first sign-in before any other admin page opens.
        temporary, password = html.unescape(match.group(1).strip()), f"Liaoning-{role}-scan-2026"
        session, page = self.sign_in(email, temporary)
        page = session.get(self.base + "/admin/account/password")
        session.post(self.base + "/admin/account/password", data={"CurrentPassword": temporary, "NewPassword": password,
                                                                  "ConfirmPassword": password, "__RequestVerificationToken": token(page.text)})
        if session.get(self.base + "/admin", allow_redirects=False).status_code != 200:
            raise SystemExit(f"{email} could not replace the temporary password")
        return password


def cookie_header(session):
    return "; ".join(f"{c.name}={c.value}" for c in session.cookies)


def run(command, seconds, log_path):
    with open(log_path, "w", encoding="utf-8") as log:
        try:
            subprocess.run(command, stdout=log, stderr=subprocess.STDOUT, timeout=seconds, stdin=subprocess.DEVNULL)
            return "finished"
        except subprocess.TimeoutExpired:
            return f"stopped after {seconds} s"


def sqlmap(portal, identity, cookie, seconds, out):
    """Two passes: links and GET forms as they are, then (signed in) POST forms with a fresh antiforgery token each."""
    start = portal.base + ("/admin" if cookie else "/")
    passes = [("plain", [])] + ([("forms", ["--csrf-token=__RequestVerificationToken"])] if cookie else [])
    summaries = []
    for name, extra in passes:
        log = os.path.join(out, f"sqlmap-{identity}-{name}.log")
        command = ["sqlmap", "-u", start, "--crawl=2", "--forms", "--batch", "--dbms=SQLite", "--level=2", "--risk=1",
                   "--random-agent", "--output-dir", os.path.join(out, "sqlmap"), "--crawl-exclude=logout|zh-hant|/admin/account/", "--smart", *extra]
        if cookie:
            command += ["--cookie", cookie]
        how = run(command, seconds // len(passes), log)
        text = open(log, encoding="utf-8", errors="replace").read()
        # Only what sqlmap itself confirmed: a parameter it first flags and then proves a false positive is not a finding.
        injectable = sorted(set(re.findall(r"^Parameter: (\S+) \(", text, re.M)))
        rejected = len(re.findall(r"false positive or unexploitable injection point detected", text))
        tested = len(re.findall(r"\[\d+/\d+\] (?:URL|Form):", text))
        summaries.append(f"{name}: {how}, {tested} targets, injectable: {', '.join(injectable) if injectable else 'none'}"
                         + (f" ({rejected} flagged and proved false positives by sqlmap)" if rejected else ""))
    return "; ".join(summaries)


def wapiti(portal, identity, cookie, seconds, out):
    report = os.path.join(out, f"wapiti-{identity}.json")
    log = os.path.join(out, f"wapiti-{identity}.log")
    start = portal.base + ("/admin" if cookie else "/")
    command = ["/usr/bin/python3", "-c", WAPITI, "-u", portal.base + "/", "-s", start, "--scope", "folder", "-x", portal.base + "/admin/logout",
               "-x", portal.base + "/admin/account/*",
               "--max-scan-time", str(seconds), "--max-attack-time", str(max(10, seconds // 10)), "-f", "json", "-o", report,
               "--flush-session", "--no-bugreport", "-v", "1", "--store-session", os.path.join(out, "wapiti-session")]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    # --max-scan-time bounds the crawl and each module separately, so the whole run may take a few times as long.
    how = run(command, seconds * 4, log)
    try:
        data = json.load(open(report, encoding="utf-8"))
    except (OSError, ValueError):
        return f"{how}; no report"
    found = {name: len(items) for name, items in data.get("vulnerabilities", {}).items() if items}
    anomalies = {name: len(items) for name, items in data.get("anomalies", {}).items() if items}
    return f"{how}; vulnerabilities: {found or 'none'}; anomalies: {anomalies or 'none'}"


def ffuf(portal, identity, cookie, seconds, out):
    results = []
    for prefix in ("", "admin/"):
        report = os.path.join(out, f"ffuf-{identity}-{prefix.strip('/') or 'root'}.json")
        command = ["ffuf", "-u", f"{portal.base}/{prefix}FUZZ", "-w", WORDLIST, "-mc", "all", "-fc", "404", "-t", "8", "-s",
                   "-o", report, "-of", "json"]
        if cookie:
            command += ["-H", f"Cookie: {cookie}"]
        run(command, seconds // 2, os.path.join(out, f"ffuf-{identity}.log"))
        try:
            data = json.load(open(report, encoding="utf-8"))["results"]
        except (OSError, ValueError, KeyError):
            results.append(f"/{prefix}: no report")
            continue
        statuses = {}
        for item in data:
            statuses[item["status"]] = statuses.get(item["status"], 0) + 1
        errors = [item["input"]["FUZZ"] for item in data if item["status"] >= 500]
        results.append(f"/{prefix}FUZZ: {dict(sorted(statuses.items()))}" + (f" 5xx on {errors}" if errors else ""))
    return "; ".join(results)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=5090)
    parser.add_argument("--seconds", type=int, default=240, help="time for each scanner per identity")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder with the scanners' reports")
    parser.add_argument("--only", help="comma-separated identities to scan (anonymous, staff, editor, reviewer, administrator)")
    args = parser.parse_args()
    for tool in ("sqlmap", "wapiti", "ffuf", "oathtool"):
        if not shutil.which(tool):
            raise SystemExit(f"{tool} is missing: apt-get install -y sqlmap wapiti python3-brotli ffuf dirb oathtool")

    folder = tempfile.mkdtemp(prefix="lnunion-scan-")
    out = os.path.join(folder, "reports")
    os.makedirs(out)
    portal = Portal(args.port, folder)
    try:
        portal.build()
        admin_email = "scan-admin@example.cn"
        portal.start()  # first start migrates and seeds
        portal.stop()
        portal.create_admin(admin_email)
        portal.start()
        admin, key = portal.admin_session(admin_email)
        accounts = {}
        for role in ("Staff", "Editor", "Reviewer"):
            email = f"scan-{role.lower()}@example.cn"
            accounts[role.lower()] = (email, portal.create_user(admin, email, role))

        identities = ["anonymous", "staff", "editor", "reviewer", "administrator"]
        if args.only:
            identities = [i for i in identities if i in args.only.split(",")]
        def sign_in(identity):
            if identity == "anonymous":
                return None
            if identity == "administrator":
                time.sleep(31 - time.time() % 30)  # each authenticator code signs in once
                return cookie_header(portal.sign_in(admin_email, PASSWORD, key)[0])
            return cookie_header(portal.sign_in(*accounts[identity])[0])

        def still_signed_in(cookie):
            answer = requests.get(portal.base + "/admin", headers={"Cookie": cookie}, allow_redirects=False)
            return answer.status_code == 200

        rows = []
        for identity in identities:
            before = portal.server_errors()
            for name, scan in (("sqlmap", sqlmap), ("wapiti", wapiti), ("ffuf", ffuf)):
                # A fresh session for each scanner: one scanner's posts (a reset password, a locked account) must not
                # leave the next one scanning as a visitor.
                cookie = sign_in(identity)
                started = time.time()
                summary = scan(portal, identity, cookie, args.seconds, out)
                if cookie:
                    summary += "; session " + ("still signed in" if still_signed_in(cookie) else "ended during the scan")
                rows.append((identity, name, f"{time.time() - started:.0f} s", summary))
                print(f"{identity:14} {name:7} {rows[-1][2]:>6}  {summary}", flush=True)
            print(f"{identity:14} app log: {portal.server_errors() - before} lines with a 5xx answer or an error", flush=True)
    finally:
        portal.stop()
        if args.keep:
            print(f"reports kept in {out}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
