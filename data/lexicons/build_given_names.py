"""Build given_names.csv: common given names, which tell a name's first word from an ordinary word.

Usage (from the repository root, with the project's virtualenv and graphkit[data] installed):

    python data/lexicons/build_given_names.py

Source: gender-guesser's nam_dict.txt (Jörg Michael's name dictionary, GFDL), the given names with a
frequency of at least 2 (of 13) in Great Britain, Ireland or the USA (one lower than the rule that
marks `first_name` places in data/gazetteers/build_places.py, so that 'Will' or 'Keir' count).
Nothing is downloaded.
"""

import csv
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "gazetteers"))
from build_places import first_names  # noqa: E402  (the one reader of gender-guesser's dictionary)


def main() -> None:
    # Of spellings that fold alike the plain capitalised one first ("Joann" before "JoAnn"): the same file every run.
    names = sorted({n for n in first_names(min_frequency=2) if n}, key=lambda n: (n.casefold(), n != n.capitalize(), n))
    seen: set[str] = set()
    with (HERE / "given_names.csv").open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["term"])
        for name in names:
            if name.casefold() not in seen:
                seen.add(name.casefold())
                writer.writerow([name])


if __name__ == "__main__":
    main()
