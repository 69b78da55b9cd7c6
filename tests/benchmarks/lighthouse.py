#!/usr/bin/env python3
"""Lighthouse scores of the home page, a list page and an article, on a phone and a desktop.

Run by hand from the repository root (needs Node.js with npm, and Debian's chromium):
    python3 tests/benchmarks/lighthouse.py [--articles 1000] [--keep DIR]

It installs lighthouse (the version pinned below) from npm into a temporary folder, never into the repository,
publishes the app in Release and starts it, with its shipped appsettings.json, on a fresh seeded SQLite database
with that many more articles (see portal_bench.py). Then Lighthouse runs against /usr/bin/chromium, headless, for
each page with its mobile (the default) and desktop presets, all four categories. It prints every score and exits
non-zero if any is below 100, naming the audits that cost points. Everything binds 127.0.0.1; nothing is left behind
unless --keep names a folder for the JSON reports.
"""
import argparse, json, os, shutil, sqlite3, subprocess, sys, tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import portal_bench as bench  # noqa: E402

LIGHTHOUSE = "lighthouse@12.2.3"
CHROMIUM = "/usr/bin/chromium"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
PRESETS = ["mobile", "desktop"]
ATTEMPTS = 3


def install_lighthouse(folder):
    subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--loglevel=error", "--prefix", folder, LIGHTHOUSE],
                   check=True, stdout=subprocess.DEVNULL)
    return os.path.join(folder, "node_modules", ".bin", "lighthouse")


def pages(db_path):
    """The home page, the first channel's list and the seeded article with the longest text: the heaviest of them."""
    db = sqlite3.connect(db_path)
    channel = db.execute("SELECT Slug FROM Channels WHERE ShowInNavigation = 1 ORDER BY SortOrder, Id LIMIT 1").fetchone()[0]
    article = db.execute("SELECT Id FROM Articles WHERE Status = 2 AND PublishAt IS NOT NULL AND ExpiresAt IS NULL "
                         "ORDER BY IsSample DESC, LENGTH(BodyMarkdown) DESC, Id LIMIT 1").fetchone()[0]
    db.close()
    return {"home": "/", "list": f"/{channel}", "article": f"/articles/{article}"}


def run(lighthouse, url, preset, report):
    args = [lighthouse, url, f"--chrome-path={CHROMIUM}", "--chrome-flags=--headless=new --no-sandbox",
            f"--only-categories={','.join(CATEGORIES)}", "--output=json", f"--output-path={report}", "--quiet"]
    if preset == "desktop":
        args.append("--preset=desktop")
    # On a busy machine Lighthouse now and then loses the trace of the load (NO_NAVSTART) and asks to be run again.
    for attempt in range(1, ATTEMPTS + 1):
        if subprocess.run(args).returncode == 0:
            break
        if attempt == ATTEMPTS:
            raise SystemExit(f"lighthouse failed {ATTEMPTS} times on {url} ({preset})")
        print(f"lighthouse failed on {url} ({preset}); again", flush=True)
    with open(report, encoding="utf-8") as f:
        result = json.load(f)
    scores = {c: round(result["categories"][c]["score"] * 100) for c in CATEGORIES}
    # The audits that cost points, so a score below 100 says why.
    lost = sorted({a["id"] for c in CATEGORIES for ref in result["categories"][c]["auditRefs"] if ref["weight"] > 0
                   for a in [result["audits"][ref["id"]]] if a["score"] is not None and a["score"] < 1})
    return scores, lost


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--keep", help="a folder to keep the JSON reports in")
    args = parser.parse_args()
    for tool in ("npm", "node"):
        if not shutil.which(tool):
            raise SystemExit("needs Node.js and npm: apt-get install nodejs npm")
    if not os.path.exists(CHROMIUM):
        raise SystemExit("needs Debian's chromium: apt-get install chromium")

    data_dir = tempfile.mkdtemp(prefix="lnunion-lighthouse-")
    app = None
    failed = False
    try:
        lighthouse = install_lighthouse(os.path.join(data_dir, "lighthouse"))
        app_dir = bench.publish(os.path.join(data_dir, "app"))
        db_path = os.path.join(data_dir, "portal.db")
        bench.create_database(app_dir, db_path, data_dir, args.articles)
        app = bench.start(app_dir, db_path, data_dir)
        reports = args.keep or os.path.join(data_dir, "reports")
        os.makedirs(reports, exist_ok=True)
        print(f"{'page':8} {'preset':8} " + " ".join(f"{c:>14}" for c in CATEGORIES))
        for name, path in pages(db_path).items():
            for preset in PRESETS:
                scores, lost = run(lighthouse, f"http://127.0.0.1:{bench.PORT}{path}", preset, os.path.join(reports, f"{name}-{preset}.json"))
                print(f"{name:8} {preset:8} " + " ".join(f"{scores[c]:>14}" for c in CATEGORIES) + (f"   lost: {', '.join(lost)}" if lost else ""), flush=True)
                failed |= any(score < 100 for score in scores.values())
    finally:
        if app:
            bench.stop(app)
        shutil.rmtree(data_dir, ignore_errors=True)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
