"""Build given_names.csv: common given names, which tell a name's first word from an ordinary word.

Usage (from the repository root, with the project's virtualenv and graphkit[data] installed):

    python data/lexicons/build_given_names.py

Source: gender-guesser's nam_dict.txt (Jörg Michael's name dictionary, GFDL), the given names with a
frequency of at least 2 (of 13) in Great Britain, Ireland or the USA (one lower than the rule that
marks `first_name` places in data/gazetteers/build_places.py, so that 'Will' or 'Keir' count).
Nothing is downloaded.
"""

import csv
from pathlib import Path

HERE = Path(__file__).resolve().parent


def first_names() -> set[str]:
    import gender_guesser

    path = Path(gender_guesser.__file__).parent / "data" / "nam_dict.txt"
    names = set()
    with open(path, encoding="iso-8859-1") as f:
        for line in f:
            if line.startswith("#") or len(line) < 33:
                continue
            freqs = line[30:33]  # one hex digit each: Great Britain, Ireland, USA
            if any(c.strip() and int(c, 16) >= 2 for c in freqs if c in "0123456789abcdefABCDEF"):
                names.add(line[3:29].strip().replace("+", " "))
    return names


def main() -> None:
    names = sorted({n for n in first_names() if n}, key=str.casefold)
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
