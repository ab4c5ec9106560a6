"""Regenerate the README's screenshots from a fresh build of data/, so they show what a build gives today.

    python visualisations/screenshots.py            # writes visualisations/sample-network.png and sample-report.png

Builds data/ into a temporary folder (the repository's build/ and visualisations/ are left alone), writes its
default views and report there, opens them from file:// in headless Debian Chromium (Playwright, no
download: CHROMIUM below) with every non-file request refused, waits until the network view has settled,
and saves the PNGs. It fails, naming the page, if a page logs an error or asks for anything over the network.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def shoot(browser, page_path: Path, out: Path, *, view: bool, height: int) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": height}, device_scale_factor=1)
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type in {"error", "warning"} else None)
    page.on("pageerror", lambda e: problems.append(str(e)))

    def route(r):
        if r.request.url.startswith(("file:", "data:")):
            r.continue_()
        else:
            problems.append(f"request to {r.request.url}")
            r.abort()

    page.route("**/*", route)
    page.goto(page_path.resolve().as_uri())
    if view:
        page.wait_for_function("() => window.graphkit && window.graphkit.ready === true", timeout=60_000)
    page.wait_for_timeout(300)
    page.screenshot(path=str(out))
    page.close()
    if problems:
        raise SystemExit(f"{page_path.name}: {'; '.join(problems)}")
    print(f"wrote {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "visualisations", help="folder for the PNGs")
    parser.add_argument("inputs", nargs="*", type=Path, default=[ROOT / "data"], help="what to build (default: data/)")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from playwright.sync_api import sync_playwright

    from graphkit.pipeline import build
    from graphkit.visualise import write_default_views

    with tempfile.TemporaryDirectory() as tmp:
        graph = Path(tmp) / "graph.trig"
        report = build(args.inputs, graph)
        print(f"built {report.documents} document(s), {report.comments} comment(s), {report.quads} quads")
        network, _, page = write_default_views(graph, Path(tmp) / "visualisations")
        args.out.mkdir(parents=True, exist_ok=True)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
            try:
                shoot(browser, network, args.out / "sample-network.png", view=True, height=860)
                shoot(browser, page, args.out / "sample-report.png", view=False, height=1480)
            finally:
                browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
