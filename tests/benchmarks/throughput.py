#!/usr/bin/env python3
"""Requests per second of a cached and of uncached articles, against nginx serving the same bytes from files.

Run by hand from the repository root (needs Debian's nginx, libnginx-mod-http-brotli-static and wrk):
    python3 tests/benchmarks/throughput.py [--articles 100000] [--duration 15s] [--against REV]

It publishes the app in Release and starts it, with its shipped appsettings.json, on a 100,000-article SQLite
database. It saves one article's page as the app serves it (brotli, gzip and plain) and starts its own nginx on
those files (brotli_static, gzip_static). Then wrk (-t2 -c64, Accept-Encoding: gzip, br) runs, interleaved so that
a busy machine shows up in the nginx runs beside each app run: nginx, cached article, uncached articles (every
request an address no cache has seen), nginx, and again. It prints requests per second, p99, the server's CPU time
per request (from /proc) and the ratio of each app run to the mean of the nginx runs either side of it.
With --against REV it also builds the app as it was at that commit (from `git archive`, so the working tree is not
touched), on a database of its own made the same way, and runs it on the next port, its runs interleaved with this
build's in the order A B B A, so that drift over the minutes of the run falls on both. It then prints the CPU per
uncached request of this build as a share of REV's: a before/after on one machine, in one sitting.
Everything binds 127.0.0.1; nothing is left behind.
"""
import argparse, os, random, re, shutil, subprocess, sys, tempfile, time, urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import portal_bench as bench  # noqa: E402

NGINX_PORT = int(os.environ.get("BENCH_NGINX_PORT", "8091"))
AGAINST_PORT = int(os.environ.get("BENCH_AGAINST_PORT", str(bench.PORT + 1)))
TICKS = os.sysconf("SC_CLK_TCK")
ENCODING = "gzip, br"

# Each request asks for an article no request of the benchmark has asked for: the article page ignores query values
# (a stray one must not make a cache entry of its own), so only another address misses the cache. wrk's two threads
# take alternate entries of the run's own slice of the ids.
UNCACHED = """
local ids = {%s}
local threads = 0
setup = function(thread)
  thread:set("tid", threads)
  threads = threads + 1
end
local n = -1
request = function()
  n = n + 1
  return wrk.format("GET", "/articles/" .. ids[(n * 2 + tid) %% #ids + 1])
end
"""


class FreshArticles:
    """Hands each uncached run ids that no earlier run has used, and tells when a run used up its share."""

    def __init__(self, ids, data_dir, runs):
        self.ids = list(ids)
        random.shuffle(self.ids)
        self.data_dir = data_dir
        self.share = len(self.ids) // runs
        self.used = 0

    def script(self):
        ids = self.ids[self.used:self.used + self.share]
        self.used += self.share
        path = os.path.join(self.data_dir, f"uncached-{self.used}.lua")
        with open(path, "w", encoding="ascii") as f:
            f.write(UNCACHED % ",".join(str(i) for i in ids))
        return path, len(ids)

def fetch(url, encoding):
    request = urllib.request.Request(url, headers={"Accept-Encoding": encoding} if encoding else {})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.read()


def start_nginx(root, article_id):
    """nginx on the app's own bytes: /articles/ID.html, with .gz and .br beside it."""
    page = f"http://127.0.0.1:{bench.PORT}/articles/{article_id}"
    folder = os.path.join(root, "www", "articles")
    os.makedirs(folder)
    for suffix, encoding in (("", None), (".gz", "gzip"), (".br", "br")):
        with open(os.path.join(folder, f"{article_id}.html{suffix}"), "wb") as f:
            f.write(fetch(page, encoding))
    conf = os.path.join(root, "nginx.conf")
    with open(conf, "w", encoding="utf-8") as f:
        f.write(f"""
load_module /usr/lib/nginx/modules/ngx_http_brotli_static_module.so;
user root;
worker_processes auto;
pid {root}/nginx.pid;
error_log {root}/nginx-error.log;
events {{ worker_connections 1024; }}
http {{
  include /etc/nginx/mime.types;
  access_log {root}/nginx-access.log combined buffer=64k;
  sendfile on;
  server {{
    listen 127.0.0.1:{NGINX_PORT};
    root {root}/www;
    brotli_static on;
    gzip_static on;
    gzip_vary on;
  }}
}}
""")
    process = subprocess.Popen(["nginx", "-c", conf, "-p", root, "-g", "daemon off;"], start_new_session=True)
    for _ in range(50):
        try:
            fetch(f"http://127.0.0.1:{NGINX_PORT}/articles/{article_id}.html", "br")
            return process
        except OSError:
            time.sleep(0.1)
    raise SystemExit("nginx did not start")


def cpu_seconds(pid):
    """User and system time of a process and its children that still run (nginx's workers), in seconds."""
    pids = [pid] + [int(p) for p in subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()]
    total = 0
    for p in pids:
        with open(f"/proc/{p}/stat", encoding="ascii") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])
    return total / TICKS


def milliseconds(text):
    # wrk prints latencies past a minute in minutes ("1.02m") under heavy load.
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    if match is None:
        raise SystemExit(f"wrk printed a latency this script cannot read: {text!r}")
    value, unit = match.groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60_000}[unit]


def wrk(url, pid, duration, script=None):
    args = ["wrk", "-t2", "-c64", "-d" + duration, "--latency", "-H", f"Accept-Encoding: {ENCODING}", url]
    if script:
        args[1:1] = ["-s", script]
    before = cpu_seconds(pid)
    out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    cpu = cpu_seconds(pid) - before
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        raise SystemExit(f"{url}: {errors.group(1)} responses were errors\n{out}")
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p99": milliseconds(re.search(r"99%\s+(\S+)", out).group(1)),
        "cpu": cpu * 1000 / requests,
        "requests": requests,
    }


class App:
    """One build of the app on its own database and port, and the uncached articles its runs have left."""

    def __init__(self, label, project, data_dir, count, port):
        os.makedirs(data_dir, exist_ok=True)
        self.label, self.port, self.process = label, port, None
        app_dir = bench.publish(os.path.join(data_dir, "app"), project)
        db_path = os.path.join(data_dir, "portal.db")
        bench.create_database(app_dir, db_path, data_dir, count, port=port)
        self.ids, _ = bench.visible_articles(db_path)
        self.process = bench.start(app_dir, db_path, data_dir, port=port)
        try:
            bench.wait_for_search(port=port)
        except BaseException:
            bench.stop(self.process)
            raise
        self.data_dir = data_dir

    def settle(self, article):
        # Articles written straight into the file reach the search index by its consistency check, which at 100,000
        # takes a quarter of an hour on 2 busy cores, longer with two builds indexing side by side.
        bench.wait_until_idle(self.process.pid, timeout=3600)
        print(f"  {self.label}: settled", file=sys.stderr, flush=True)
        # A warm-up and two measured runs, each on articles of its own.
        self.fresh = FreshArticles([i for i in self.ids if i != article], self.data_dir, 3)

    def cached(self, article, duration):
        return wrk(f"http://127.0.0.1:{self.port}/articles/{article}", self.process.pid, duration)

    def uncached(self, duration):
        script, distinct = self.fresh.script()
        result = wrk(f"http://127.0.0.1:{self.port}/", self.process.pid, duration, script)
        if result["requests"] > distinct:
            print(f"  warning: {result['requests']} requests on {distinct} distinct articles, so some were cached; "
                  "use more --articles or a shorter --duration", file=sys.stderr)
        return result


def checkout(rev, folder):
    """The tree of a commit, as files, without touching the working tree or the repository's worktrees."""
    os.makedirs(folder)
    archive = subprocess.run(["git", "-C", bench.ROOT, "archive", rev], check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", folder], input=archive, check=True)
    return os.path.join(folder, "src", "LnUnion.Portal")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--duration", default="15s")
    parser.add_argument("--against", metavar="REV", help="also measure the app as it was at this commit, interleaved")
    args = parser.parse_args()
    for tool in ("nginx", "wrk"):
        if not shutil.which(tool):
            raise SystemExit("needs Debian's nginx, libnginx-mod-http-brotli-static and wrk: apt-get install nginx libnginx-mod-http-brotli-static wrk")

    data_dir = tempfile.mkdtemp(prefix="lnunion-throughput-")
    apps, nginx = [], None
    try:
        apps.append(App("this build", bench.PROJECT, os.path.join(data_dir, "this"), args.articles, bench.PORT))
        if args.against:
            rev = subprocess.run(["git", "-C", bench.ROOT, "rev-parse", "--short", args.against], check=True, capture_output=True, text=True).stdout.strip()
            project = checkout(rev, os.path.join(data_dir, "src-" + rev))
            apps.append(App(rev, project, os.path.join(data_dir, rev), args.articles, AGAINST_PORT))
        this = apps[0]
        article = this.ids[len(this.ids) // 2]
        nginx = start_nginx(data_dir, article)
        for app in apps:
            app.settle(article)

        runs = {"nginx": lambda: wrk(f"http://127.0.0.1:{NGINX_PORT}/articles/{article}.html", nginx.pid, args.duration)}
        for app in apps:
            suffix = "" if app is this else f" @{app.label}"
            runs["cached article" + suffix] = lambda app=app: app.cached(article, args.duration)
            runs["uncached articles" + suffix] = lambda app=app: app.uncached(args.duration)
        # Warm every server (JIT, page cache) before anything counts; the uncached path has code of its own (queries,
        # views) that the JIT must reach its final tier on first.
        wrk(f"http://127.0.0.1:{NGINX_PORT}/articles/{article}.html", nginx.pid, "3s")
        for app in apps:
            app.cached(article, "5s")
            app.uncached(args.duration)
        a = [name for name in runs if name != "nginx" and "@" not in name]
        b = [name for name in runs if "@" in name]
        order = ["nginx", *a, *b, "nginx", *b, *a, "nginx"] if b else ["nginx", *a, "nginx", *a, "nginx"]
        results = []
        for name in order:
            results.append((name, runs[name]()))
            print(f"  {name}: {results[-1][1]['rps']:.0f} req/s", file=sys.stderr, flush=True)

        print(f"\n{args.articles} articles; wrk -t2 -c64 -d{args.duration} -H 'Accept-Encoding: {ENCODING}'; {os.cpu_count()} cores\n")
        print(f"{'run':<28}{'req/s':>10}{'p99 ms':>10}{'CPU ms/req':>12}{'vs nginx':>10}")
        for i, (name, r) in enumerate(results):
            ratio = ""
            if name != "nginx":
                before = next(x for n, x in reversed(results[:i]) if n == "nginx")
                after = next(x for n, x in results[i + 1:] if n == "nginx")
                ratio = f"{r['rps'] / ((before['rps'] + after['rps']) / 2):.0%}"
            print(f"{name:<28}{r['rps']:>10.0f}{r['p99']:>10.1f}{r['cpu']:>12.3f}{ratio:>10}")
        if b:
            def mean_cpu(name):
                values = [r["cpu"] for n, r in results if n == name]
                return sum(values) / len(values)
            share = mean_cpu("uncached articles") / mean_cpu(f"uncached articles @{apps[1].label}")
            print(f"\nCPU per uncached article, this build against {apps[1].label}: {share:.0%}")
    finally:
        for process in [nginx] + [app.process for app in apps]:
            if process is not None:
                bench.stop(process)
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
