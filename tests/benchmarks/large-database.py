#!/usr/bin/env python3
"""Uncached response times with 100,000 articles (spec: home, list, article, search < 50 ms at p95).

Run by hand from the repository root:  python3 tests/benchmarks/large-database.py [--articles 100000] [--samples 300] [--distinct 20000] [--keep DIR]

It publishes the app in Release, lets it create and seed a fresh SQLite file, adds the articles straight into that
file, starts the app on it, waits for the search index, and requests addresses no cache has seen yet: a different
list page, article, home-page key or search each time. It prints the median and 95th percentile for each kind of
page. Nothing is left behind.
"""
import argparse, os, random, shutil, statistics, sys, tempfile, time, urllib.parse, urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import portal_bench as bench  # noqa: E402


WORDS = ["工会", "职工", "服务", "专项行动", "企业", "调研", "发展", "信心", "走访", "需求"]


def timed(path):
    started = time.perf_counter()
    with urllib.request.urlopen(f"http://127.0.0.1:{bench.PORT}{path}", timeout=30) as response:
        response.read()
    return (time.perf_counter() - started) * 1000


def report(name, samples):
    samples.sort()
    p95 = samples[max(0, int(len(samples) * 0.95) - 1)]
    print(f"{name:<26} n={len(samples):<4} median={statistics.median(samples):7.1f} ms   p95={p95:7.1f} ms")


def resident_mb(pid):
    """The server's resident memory (VmRSS), in megabytes."""
    with open(f"/proc/{pid}/status", encoding="ascii") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmRSS:")) / 1024


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--samples", type=int, default=300)
    parser.add_argument("--distinct", type=int, default=20_000, help="distinct uncached addresses before resident memory is read")
    parser.add_argument("--keep", metavar="DIR", help="keep the database and search index in DIR and reuse them on the next run "
                        "(a million articles take minutes to make and index); the app is published afresh each time")
    parser.add_argument("--search-wait", type=int, default=7200, metavar="SECONDS",
                        help="how long to wait for the search index to catch up with the articles written into the file")
    args = parser.parse_args()
    # The nightly scan runs over every published article once a night (at a million, for hours on two cores); a fresh
    # file is always due one. These figures are for the rest of the day, so it is off for every start of the app here.
    os.environ["Checks__Scan__NightlyAt"] = ""

    data_dir = args.keep or tempfile.mkdtemp(prefix="lnunion-bench-")
    os.makedirs(data_dir, exist_ok=True)
    db_path = os.path.join(data_dir, "portal.db")
    try:
        shutil.rmtree(os.path.join(data_dir, "app"), ignore_errors=True)
        app_dir = bench.publish(os.path.join(data_dir, "app"))
        if not os.path.exists(db_path):
            started = time.time()
            bench.create_database(app_dir, db_path, data_dir, args.articles)
            print(f"database of {args.articles} articles made in {time.time() - started:.0f} s, {os.path.getsize(db_path) / 2**30:.1f} GiB", file=sys.stderr)
        ids, pages = bench.visible_articles(db_path)
        process = bench.start(app_dir, db_path, data_dir)
        try:
            started = time.time()
            bench.wait_for_search(timeout=3600)
            print(f"search index built {time.time() - started:.0f} s after start", file=sys.stderr)
            caught_up = bench.wait_for_search_to_catch_up(db_path, timeout=args.search_wait)
            print(f"search index caught up with the file {caught_up:.0f} s later" if caught_up is not None
                  else "search index had NOT caught up with the file when the samples began", file=sys.stderr, flush=True)
            # Only pages that exist: a channel's list ends at its own last page.
            list_pages = [(slug, page) for slug, count in pages.items() for page in range(2, count + 1)]
            list_pages = [(slug, page) for slug, page in list_pages if page > 50] or list_pages
            lists = [timed(f"/{slug}?page={page}") for slug, page in random.sample(list_pages, min(args.samples, len(list_pages)))]
            # The first pages, which most readers open: pages 2 to 50 of each channel (the cache varies by page only,
            # so each address can be a miss once per run).
            shallow_pages = [(slug, page) for slug, count in pages.items() for page in range(2, min(count, 50) + 1)]
            shallow = [timed(f"/{slug}?page={page}") for slug, page in random.sample(shallow_pages, min(args.samples, len(shallow_pages)))]
            articles = [timed(f"/articles/{article}") for article in random.sample(ids, min(args.samples, len(ids)))]
            # The home page varies its cache entry by ?page, which it ignores: each number is a full, uncached render.
            home = [timed(f"/?page={n}") for n in range(1, args.samples + 1)]
            # Two common words and a results page: real result pages (most articles match), each address once.
            queries = [(f"{a} {b}", page) for a in WORDS for b in WORDS if a < b for page in range(1, 51)]
            # Three times as many as the other kinds. The first are the first searches the process answers, whose
            # scoring and analysis loops the JIT has not yet compiled at full optimisation (it takes about 250); the
            # middle ones are not reported; the last show the process as it runs all day.
            picked = random.sample(queries, min(3 * args.samples, len(queries)))
            searches = [timed(f"/search?q={urllib.parse.quote(q)}&page={page}") for q, page in picked]
            third = len(searches) // 3
            first_searches, later_searches = searches[:third], searches[2 * third:]
            print(f"{args.articles} articles, each request a cache miss:")
            report("home", home)
            report("list 2-50", shallow)
            report("list deep", lists)
            report("article", articles)
            report("search, first after start", first_searches)
            report("search", later_searches)
            sys.stdout.flush()
            # Every address another article, each rendered and cached: the output cache's size limit must bound this.
            before = resident_mb(process.pid)
            # Twice the distinct addresses in steps: whether it levels off once the output cache is full.
            distinct = random.sample(ids, min(2 * args.distinct, len(ids)))
            for step in range(0, len(distinct), max(1, args.distinct // 2)):
                for article in distinct[step:step + args.distinct // 2]:
                    timed(f"/articles/{article}")
                print(f"resident memory: {before:.0f} MB before, {resident_mb(process.pid):.0f} MB after {min(step + args.distinct // 2, len(distinct))} distinct uncached articles", flush=True)
        finally:
            bench.stop(process)
    finally:
        if not args.keep:
            shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
