"""What the benchmarks share: building the app, a 100,000-article SQLite database, starting and stopping the app.

Everything binds 127.0.0.1 only and lives in a temporary folder the caller removes.
"""
import datetime, os, random, re, signal, sqlite3, subprocess, sys, time, urllib.parse, urllib.request, uuid

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PROJECT = os.path.join(ROOT, "src", "LnUnion.Portal")
PORT = int(os.environ.get("BENCH_PORT", "5141"))
BODY = "省总工会专项行动小组深入企业走访调研，了解企业需求，帮助企业纾困解难，坚定企业发展信心。" * 30
LIST_PAGE_SIZE = 20  # ChannelModel.PageSize


def publish(out_dir, project=PROJECT):
    """dotnet publish in Release, as a user deploys it; returns the folder."""
    subprocess.run(["dotnet", "publish", "-c", "Release", "-v", "q", "-o", out_dir, project], check=True, stdout=subprocess.DEVNULL)
    return out_dir


def app_environment(db_path, data_dir, extra_env=None, port=PORT):
    """The shipped appsettings.json; only the data paths point into data_dir."""
    return dict(os.environ, ConnectionStrings__Sqlite=f"Data Source={db_path}", Storage__MediaPath=os.path.join(data_dir, "media"),
                Search__IndexPath=os.path.join(data_dir, "search-index"), ASPNETCORE_ENVIRONMENT="Production",
                # Production refuses to start without its public address.
                Site__BaseUrl=f"http://127.0.0.1:{port}",
                Mailbox__QueryCodeKey="bWFpbGJveC1xdWVyeS1jb2RlLWtleS1mb3ItdGVzdHMtb25seQ==",
                Serilog__WriteTo__1__Args__path=os.path.join(data_dir, "logs", "portal-.log"), **(extra_env or {}))


def start(app_dir, db_path, data_dir, extra_env=None, port=PORT):
    """Starts the published app with its shipped appsettings.json; only the data paths point into data_dir."""
    console = open(os.path.join(data_dir, "console.log"), "ab")
    process = subprocess.Popen(["dotnet", os.path.join(app_dir, "LnUnion.Portal.dll"), "--urls", f"http://127.0.0.1:{port}"],
                               cwd=app_dir, env=app_environment(db_path, data_dir, extra_env, port), stdout=console, stderr=console, start_new_session=True)
    for _ in range(600):
        try:
            if urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).status == 200:
                return process
        except OSError:
            time.sleep(0.5)
    stop(process)
    raise SystemExit("the app did not start; see " + os.path.join(data_dir, "console.log"))


def run_command(app_dir, db_path, data_dir, *args):
    """Runs one of the app's commands (see --help) on the database; returns its output."""
    return subprocess.run(["dotnet", os.path.join(app_dir, "LnUnion.Portal.dll"), *args], cwd=app_dir, env=app_environment(db_path, data_dir),
                          check=True, capture_output=True, text=True).stdout


def stop(process):
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=30)


def create_database(app_dir, db_path, data_dir, count, batch=50_000, port=PORT):
    """Lets the app create and seed the file, then adds the articles straight into it while the app is stopped.

    Every article has the same Markdown, so the app's own pipeline renders it once (its render-html command, on the
    first article) and the rest store that same rendering, as a save through the app would. Rows go in batches in one
    transaction, with SQLite's journal off for the load only: a million take a few minutes rather than an hour.
    A build from before render on write (throughput.py --against) has neither the columns nor the command: its rows
    get the Markdown alone, which it renders on every page as it did.
    """
    stop(start(app_dir, db_path, data_dir, port=port))
    db = sqlite3.connect(db_path)
    channels = [row[0] for row in db.execute("SELECT Id FROM Channels")]
    stored = any(column[1] == "BodyHtml" for column in db.execute("PRAGMA table_info(Articles)"))
    now = datetime.datetime.utcnow()

    def row(i, html, excerpt):
        at = (now - datetime.timedelta(minutes=7 * i + 10)).strftime("%Y-%m-%d %H:%M:%S")
        rendered = (html, excerpt) if stored else ()
        return (random.choice(channels), f"工会工作动态第{i}期：职工服务与专项行动", BODY, *rendered, 2, at, at, at,
                1 if i % 5000 == 0 else 0, 0, 0, str(uuid.uuid4()).upper())

    columns = "ChannelId, Title, BodyMarkdown, " + ("BodyHtml, BodyExcerpt, " if stored else "") + \
        "Status, PublishAt, CreatedAt, UpdatedAt, IsPinned, IsSample, ViewCount, Version"
    insert = f"INSERT INTO Articles ({columns}) VALUES ({','.join('?' * len(columns.split(',')))})"
    db.execute(insert, row(0, None, None))
    db.commit()
    db.close()
    html = excerpt = None
    if stored:
        started = time.time()
        run_command(app_dir, db_path, data_dir, "render-html")
        print(f"render-html on the seeded texts and one article: {time.time() - started:.1f} s", file=sys.stderr)
    db = sqlite3.connect(db_path)
    if stored:
        html, excerpt = db.execute("SELECT BodyHtml, BodyExcerpt FROM Articles WHERE BodyMarkdown = ? LIMIT 1", (BODY,)).fetchone()
    db.execute("PRAGMA journal_mode=OFF")
    db.execute("PRAGMA synchronous=OFF")
    for start_at in range(1, count, batch):
        db.executemany(insert, (row(i, html, excerpt) for i in range(start_at, min(count, start_at + batch))))
        db.commit()
    db.execute("PRAGMA journal_mode=WAL")
    db.commit()
    db.close()


def visible_articles(db_path):
    """The ids of the published articles, and each channel's number of list pages."""
    db = sqlite3.connect(db_path)
    ids = [row[0] for row in db.execute("SELECT Id FROM Articles WHERE Status = 2 AND PublishAt IS NOT NULL AND ExpiresAt IS NULL")]
    pages = {slug: max(1, -(-count // LIST_PAGE_SIZE)) for slug, count in db.execute(
        "SELECT c.Slug, COUNT(a.Id) FROM Channels c LEFT JOIN Articles a ON a.ChannelId = c.Id AND a.Status = 2 AND a.PublishAt IS NOT NULL "
        "AND a.ExpiresAt IS NULL GROUP BY c.Slug")}
    db.close()
    return ids, pages


def wait_for_search(timeout=900, port=PORT):
    """A large index is built in the background after start-up; measuring before it is done would measure the build."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        q = urllib.parse.quote(f"职工 {random.random()}")
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/search?q={q}", timeout=30) as response:
            if "搜索索引正在建立" not in response.read().decode("utf-8"):
                return
        time.sleep(2)
    raise SystemExit("the search index was not built in time")


def wait_until_idle(pid, timeout=900, window=3.0, busiest=0.05):
    """After start-up the app checks links and the search index in the background; CPU per request measured before
    that settles would charge the requests with it. Waits until the process uses under 5% of a core for 3 s."""
    ticks = os.sysconf("SC_CLK_TCK")

    def cpu():
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / ticks

    deadline = time.time() + timeout
    while time.time() < deadline:
        before = cpu()
        time.sleep(window)
        if cpu() - before < busiest * window:
            return
    raise SystemExit("the app did not settle in time")


def wait_for_search_to_catch_up(db_path, timeout=7200):
    """Articles written straight into the file reach the index only through its consistency check (every minute),
    which indexes all of them before it commits: until then a search measures a small index. Every generated title
    holds 工会, so the index has caught up when a search for it within one day (the day of the middle article, so
    the count stays under the point where a search stops counting) finds at least as many results as the file has
    visible titles holding it that day. Returns the seconds waited, or None when the timeout came first."""
    db = sqlite3.connect(db_path)
    visible = "Status = 2 AND PublishAt IS NOT NULL AND ExpiresAt IS NULL"
    count = db.execute(f"SELECT COUNT(*) FROM Articles WHERE {visible}").fetchone()[0]
    middle = db.execute(f"SELECT PublishAt FROM Articles WHERE {visible} ORDER BY Id LIMIT 1 OFFSET ?", (count // 2,)).fetchone()[0]
    beijing = datetime.timedelta(hours=8)
    day = (datetime.datetime.fromisoformat(middle[:19]) + beijing).date()
    start = datetime.datetime.combine(day, datetime.time()) - beijing
    bounds = (start.strftime("%Y-%m-%d %H:%M:%S"), (start + datetime.timedelta(days=1)).strftime("%Y-%m-%d %H:%M:%S"))
    expected = db.execute(f"SELECT COUNT(*) FROM Articles WHERE {visible} AND PublishAt >= ? AND PublishAt < ? "
                          "AND Title LIKE '%工会%'", bounds).fetchone()[0]
    db.close()
    started = time.time()
    while time.time() - started < timeout:
        # A cached results page is evicted when the check commits.
        with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/search?q={urllib.parse.quote('工会')}&from={day}&to={day}", timeout=60) as response:
            found = re.search(r"找到 (\d+) 条结果", response.read().decode("utf-8"))
        if found and int(found.group(1)) >= expected:
            return time.time() - started
        print(f"search index: {found.group(1) if found else 0} of {expected} found on {day}, waiting", file=sys.stderr, flush=True)
        time.sleep(30)
    return None
