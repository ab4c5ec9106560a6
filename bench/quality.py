"""Score graphkit on the sample and on the pages written for tests/data/quality/, each against its gold.

Run from the repository root:  python bench/quality.py [--eval ../shared/eval]

Builds each input into its own graph in a temporary folder and runs the shared scorer
(score.py, which reads the graph through the canned queries) on it; prints one block per input
and, last, the mean overall score of the quality pages (and of the t- and t2- pages, written for the
two topics works, apart from the others).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUALITY = ROOT / "tests" / "data" / "quality"
PREFIXES = {"t", "t2", "p", "r", "r2"}  # the quality pages written with held-out gold, by piece of work


def score(source: Path, gold: Path, scorer: Path, work: Path) -> tuple[str, float]:
    graph = work / f"{source.stem}.trig"
    graphkit = [sys.executable, "-m", "graphkit"]
    subprocess.run(
        [*graphkit, "build", str(source), "-o", str(graph), "--views", str(work / "views")],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    done = subprocess.run(
        [sys.executable, str(scorer), "--graph", str(graph), "--gold", str(gold), "--graphkit", " ".join(graphkit)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    overall = float(re.search(r"overall: ([0-9.]+)", done.stdout).group(1))
    return done.stdout, overall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--eval", type=Path, default=ROOT.parent / "shared" / "eval")
    args = parser.parse_args()
    scorer = args.eval / "score.py"
    pairs = [
        (ROOT / "data" / "kingsfund-engaging-clinicians.txt", args.eval / "kingsfund-engaging-clinicians.gold.json")
    ]
    for gold in sorted(QUALITY.glob("*.gold.json")):
        stem = gold.name.removesuffix(".gold.json")
        source = next(p for p in QUALITY.glob(f"{stem}.*") if not p.name.endswith(".gold.json"))
        pairs.append((source, gold))
    overall: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for source, gold in pairs:
            text, value = score(source, gold, scorer, Path(tmp))
            print(f"== {source.relative_to(ROOT)}\n{text}")
            if source.parent == QUALITY:
                overall[source.name] = value
    print(f"quality pages: {len(overall)}, mean overall {mean(overall.values()):.3f}")
    # Pages of a prefix were written by one piece of work with gold made before graphkit ran on them,
    # some held out until scored (t-, t2-: topics; p-, r-: people and roles); the others alongside the rules.
    groups: dict[str, list[float]] = {}
    for name, value in sorted(overall.items()):
        prefix = name.split("-", 1)[0]
        groups.setdefault(f"{prefix}- pages" if prefix in PREFIXES else "other pages", []).append(value)
    for label, values in groups.items():
        print(f"  {label}: {len(values)}, mean overall {mean(values):.3f}")


def mean(values) -> float:
    values = list(values)
    return sum(values) / len(values)


if __name__ == "__main__":
    main()
