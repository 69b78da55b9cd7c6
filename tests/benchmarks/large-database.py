#!/usr/bin/env python3
"""Uncached response times with 100,000 articles (spec: home, list, article, search < 50 ms at p95).

Run by hand from the repository root:  python3 tests/benchmarks/large-database.py [--articles 100000] [--samples 300]

It builds the app in Release, lets it create and seed a fresh SQLite file, adds the articles straight into
that file, starts the app on it and requests addresses no cache has seen yet: a different list page or
article each time. It prints the median and 95th percentile for each kind of page. Nothing is left behind.
"""
import argparse, datetime, os, random, shutil, signal, sqlite3, statistics, subprocess, tempfile, time, urllib.request, uuid

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PROJECT = os.path.join(ROOT, "src", "LnUnion.Portal")
PORT = 5190
BODY = "省总工会专项行动小组深入企业走访调研，了解企业需求，帮助企业纾困解难，坚定企业发展信心。" * 30


def start(db_path, data_dir):
    env = dict(os.environ, ConnectionStrings__Sqlite=f"Data Source={db_path}", Storage__MediaPath=os.path.join(data_dir, "media"),
               Serilog__MinimumLevel__Default="Warning", ASPNETCORE_ENVIRONMENT="Production")
    env["Serilog__WriteTo__1__Args__path"] = os.path.join(data_dir, "logs", "portal-.log")
    process = subprocess.Popen(["dotnet", "run", "-c", "Release", "--no-build", "--no-launch-profile", "--project", PROJECT,
                                "--urls", f"http://127.0.0.1:{PORT}"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    for _ in range(600):
        try:
            if urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=2).status == 200:
                return process
        except OSError:
            time.sleep(0.5)
    stop(process)
    raise SystemExit("the app did not start")


def stop(process):
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=30)


def add_articles(db_path, count):
    db = sqlite3.connect(db_path)
    channels = [row[0] for row in db.execute("SELECT Id FROM Channels")]
    now = datetime.datetime.utcnow()
    rows = []
    for i in range(count):
        at = (now - datetime.timedelta(minutes=7 * i + 10)).strftime("%Y-%m-%d %H:%M:%S")
        rows.append((random.choice(channels), f"工会工作动态第{i}期：职工服务与专项行动", BODY, 2, at, at, at, 1 if i % 5000 == 0 else 0, 0, 0, str(uuid.uuid4()).upper()))
    db.executemany("INSERT INTO Articles (ChannelId, Title, BodyMarkdown, Status, PublishAt, CreatedAt, UpdatedAt, IsPinned, IsSample, ViewCount, Version) "
                   "VALUES (?,?,?,?,?,?,?,?,?,?,?)", rows)
    db.commit()
    ids = [row[0] for row in db.execute("SELECT Id FROM Articles")]
    slugs = [row[0] for row in db.execute("SELECT Slug FROM Channels")]
    db.close()
    return ids, slugs


def timed(path):
    started = time.perf_counter()
    with urllib.request.urlopen(f"http://127.0.0.1:{PORT}{path}", timeout=30) as response:
        response.read()
    return (time.perf_counter() - started) * 1000


def report(name, samples):
    samples.sort()
    p95 = samples[max(0, int(len(samples) * 0.95) - 1)]
    print(f"{name:<10} n={len(samples):<4} median={statistics.median(samples):7.1f} ms   p95={p95:7.1f} ms")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--samples", type=int, default=300)
    args = parser.parse_args()

    subprocess.run(["dotnet", "build", "-c", "Release", "-v", "q", PROJECT], check=True)
    data_dir = tempfile.mkdtemp(prefix="lnunion-bench-")
    db_path = os.path.join(data_dir, "portal.db")
    try:
        stop(start(db_path, data_dir))
        ids, slugs = add_articles(db_path, args.articles)
        process = start(db_path, data_dir)
        try:
            pages = max(1, args.articles // len(slugs) // 20)
            lists = [timed(f"/{random.choice(slugs)}?page={page}") for page in random.sample(range(1, pages), min(args.samples, pages - 1))]
            articles = [timed(f"/articles/{article}") for article in random.sample(ids, args.samples)]
            # The home page has one address, so one uncached sample, taken once the rest of the app is warm.
            home = [timed("/")]
            print(f"{args.articles} articles, each request a cache miss:")
            report("home", home)
            report("list", lists)
            report("article", articles)
        finally:
            stop(process)
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
