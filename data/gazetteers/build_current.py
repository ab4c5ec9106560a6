"""Build the current NHS layer (2022-2026) and the successions between NHS bodies.

Usage (from the repository root):

    python data/gazetteers/build_current.py [CURRENT_GAZETTEER_DIR]

CURRENT_GAZETTEER_DIR defaults to ../shared/gazetteers/current and must hold the files
described in its SOURCES.md (icbs.csv, icbs_2026.csv, regions.csv, trusts_current.csv,
wales.csv, scotland.csv, northern_ireland.csv, successors.csv, sites.csv, scotland_sites.csv).

Writes, next to this script:
    nhs_current.csv       code,name,type,aliases,country,parent_code,status,kind
                          one row per NHS body open today (status "current") or closed into a
                          successor with another code (status "closed")
    nhs_successions.csv   predecessor_code,predecessor_name,successor_code,successor_name,date,event
                          one row per rename, acquisition, merger or split
    nhs_sites_current.csv name,site_code,parent_code
                          hospitals not in nhs_sites.csv: Scotland, Wales, Northern Ireland and
                          the paediatric units of English trusts opened or renamed since 2018

Names of a body under the same code before a rename become aliases of today's name; a body that
closed into another code keeps its own row (and its own name), linked by a succession row.
Standard library only; downloads nothing.

Contains public sector information licensed under the Open Government Licence v3.0.
"""

import csv
import re
import sys
from pathlib import Path

from build_nhs import fix_case, norm_key, tidy

HERE = Path(__file__).resolve().parent
DEFAULT_SOURCE = Path("../shared/gazetteers/current")
TODAY = "2026-12-01"  # events up to this date have happened; the sources list none later

# Welsh names that the ONS file truncates or does not carry (the bodies' own bilingual names).
WELSH_NAMES = {
    "7A4": "Bwrdd Iechyd Prifysgol Caerdydd a'r Fro",
    "7A5": "Bwrdd Iechyd Prifysgol Cwm Taf Morgannwg",
    "RQF": "Ymddiriedolaeth GIG Felindre",
    "RT4": "Ymddiriedolaeth GIG Gwasanaethau Ambiwlans Cymru",
    "RYT": "Iechyd Cyhoeddus Cymru",
}
# Short names used for Welsh and Scottish bodies in text, beside their full names.
EXTRA_ALIASES = {
    "RT4": ["Welsh Ambulance Service", "WAST"],
    "RYT": ["Public Health Wales"],
    "RQF": ["Velindre University NHS Trust", "Velindre"],
    "SB0803": ["NHS 24"],
    "SB0801": ["Golden Jubilee National Hospital", "NHS Golden Jubilee"],
    "SB0806": ["SAS"],
    "SB0807": ["NES"],
    "SB0808": ["NSS", "NHS National Services Scotland"],
    "SB0805": ["HIS"],
}
# Bodies absent from every source in SOURCES.md, added by name only (no code is certain).
EXTRA_BODIES = [
    ("", "Health Education and Improvement Wales", "national_body", "HEIW|Addysg a Gwella Iechyd Cymru", "wales"),
    ("", "Digital Health and Care Wales", "national_body", "DHCW|Iechyd a Gofal Digidol Cymru", "wales"),
    ("", "Public Health Scotland", "national_body", "PHS", "scotland"),
    (
        "",
        "Northern Ireland Ambulance Service Health and Social Care Trust",
        "health_board",
        "Northern Ireland Ambulance Service|NIAS",
        "northern_ireland",
    ),
]
ACRONYM_WORDS = {"NHS", "ICB", "ICS", "HSC", "UK"}


def read(source, name):
    with open(source / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def name_case(raw):
    """ODS capitals to the usual form; names already in mixed case are kept as written."""
    raw = tidy(raw)
    if raw.isupper():
        raw = fix_case(raw)
    return raw


def variants(name):
    """The name and its form without a leading 'The' ('&'/'and' forms the loader makes itself)."""
    return [name, name[4:]] if name.startswith("The ") else [name]


def place_names():
    """Every name and alias of the place gazetteers (places.csv, places_uk.csv)."""
    names = set()
    for file in ("places.csv", "places_uk.csv"):
        with open(HERE / file, encoding="utf-8", newline="") as f:
            for r in csv.DictReader(f):
                names.add(r["name"])
                names.update(a for a in (r["aliases"] or "").split("|") if a)
    return names


def icb_aliases(name):
    """'NHS West Yorkshire Integrated Care Board' -> West Yorkshire ICB, NHS West Yorkshire ICB, …, and
    NHS West Yorkshire, the name boards go by ('NHS Devon's chief medical officer')."""
    core = re.sub(r"^NHS\s+|\s+Integrated Care Board$", "", name)
    forms = [
        f"NHS {core}",
        f"{core} ICB",
        f"NHS {core} ICB",
        f"{core} Integrated Care Board",
        f"{core} Integrated Care System",
        f"{core} ICS",
    ]
    return forms


class Layer:
    def __init__(self):
        self.rows = {}  # code or name -> row
        self.successions = []

    def add(self, code, name, type_, country, parent="", status="current", kind="", aliases=()):
        key = code or name
        row = self.rows.setdefault(
            key,
            {
                "code": code,
                "name": name,
                "type": type_,
                "aliases": [],
                "country": country,
                "parent_code": parent,
                "status": status,
                "kind": kind,
            },
        )
        for alias in aliases:
            self.alias(key, alias)
        return row

    def alias(self, key, alias):
        row = self.rows[key]
        for form in variants(tidy(alias)):
            if norm_key(form) != norm_key(row["name"]) and form not in row["aliases"]:
                row["aliases"].append(form)

    def out_rows(self):
        taken = {}
        for row in self.rows.values():
            taken.setdefault(norm_key(row["name"]), row["code"] or row["name"])
        for row in sorted(self.rows.values(), key=lambda r: (r["country"], r["type"], r["code"], r["name"])):
            key = row["code"] or row["name"]
            # an alias that is another row's own name stays that row's
            kept = [a for a in row["aliases"] if taken.get(norm_key(a), key) == key]
            yield {**row, "aliases": "|".join(kept)}


def main(argv):
    source = Path(argv[1]) if len(argv) > 1 else DEFAULT_SOURCE
    layer = Layer()

    for r in read(source, "regions.csv"):
        name = f"NHS England {r['name']}"
        layer.add(
            r["ods_code"],
            name,
            "national_body",
            "england",
            aliases=[
                f"NHS England ({r['name']})",
                f"NHS England – {r['name']}",
                f"NHS England {r['name']} region",
                f"NHS England's {r['name']} region",
            ],
        )

    # ICBs: the 2026 set is current; the 12 dissolved on 2026-04-01 are closed rows.
    current_icbs = {r["ods_code"]: r for r in read(source, "icbs_2026.csv")}
    for r in read(source, "icbs.csv"):
        status = "current" if r["ods_code"] in current_icbs else "closed"
        name = name_case(r["name"])
        layer.add(r["ods_code"], name, "health_board", "england", r["region_code"], status, "icb", icb_aliases(name))
    # An ICB new in 2026 has no region in the source: it takes the one all its predecessors share.
    regions = {r["ods_code"]: r["region_code"] for r in read(source, "icbs.csv")}
    shared: dict[str, set[str]] = {}
    for r in read(source, "successors.csv"):
        if r["type"].startswith("ICB") and r["old_code"] in regions:
            shared.setdefault(r["new_code"], set()).add(regions[r["old_code"]])
    for code, r in current_icbs.items():
        if code not in layer.rows:
            name = name_case(r["name"])
            region = r["region_code"] or (min(shared[code]) if len(shared.get(code, ())) == 1 else "")
            layer.add(code, name, "health_board", "england", region, "current", "icb", icb_aliases(name))

    for r in read(source, "trusts_current.csv"):
        layer.add(
            r["ods_code"], name_case(r["name"]), "nhs_trust", "england", r["icb_code"], "current", r["kind"] or ""
        )

    for r in read(source, "wales.csv"):
        code = r["code"]
        is_board = "health board" in r["kind"].lower()
        aliases = [a for a in (r["welsh_name"], WELSH_NAMES.get(code, "")) if a]
        aliases += EXTRA_ALIASES.get(code, [])
        name = name_case(r["name"])
        if is_board:
            aliases.append(name.replace(" University Health Board", " UHB").replace(" Teaching Health Board", " THB"))
            aliases.append(re.sub(r"\s+(University|Teaching) Health Board$", " Health Board", name))
            core = re.sub(r"\s+(University|Teaching) Health Board$", "", name)
            # 'Cwm Taf Morgannwg': the names boards go by; not a place ('Powys'), nor the NHS's
            # founder, whom health writing names far more often than his board
            if core not in place_names() and core != "Aneurin Bevan":
                aliases.append(core)
        layer.add(
            code,
            name,
            "health_board" if is_board else "nhs_trust",
            "wales",
            "",
            "current",
            "local health board" if is_board else "trust",
            aliases,
        )

    for r in read(source, "scotland.csv"):
        code, name = r["code"], tidy(r["name"])
        territorial = r["kind"].startswith("territorial")
        closed = "Health Scotland" in name or "Louisa Jordan" in name  # replaced 2020 / closed 2021
        layer.add(
            code,
            name,
            "health_board" if territorial else "national_body",
            "scotland",
            "",
            "closed" if closed else "current",
            r["kind"],
            EXTRA_ALIASES.get(code, []),
        )

    for r in read(source, "northern_ireland.csv"):
        name = tidy(r["name"])
        short = name.replace(" Health and Social Care Trust", " HSC Trust")
        layer.add(
            "",
            name,
            "health_board",
            "northern_ireland",
            "",
            "current",
            "hsc trust",
            [short, name.replace(" Health and Social Care Trust", " Trust")],
        )

    for code, name, type_, aliases, country in EXTRA_BODIES:
        layer.add(code, name, type_, country, aliases=aliases.split("|"))

    # Successions: a rename under one code gives the old name as an alias; a body closed into
    # another code keeps its own (closed) row. Events after TODAY would not be applied.
    for r in sorted(read(source, "successors.csv"), key=lambda r: r["date"] or "0"):
        old_code, new_code, date = r["old_code"], r["new_code"], r["date"]
        if date and date > TODAY:
            continue
        old_name, new_name = name_case(r["old_name"]), name_case(r["new_name"])
        if new_code not in layer.rows:
            print(f"warning: successor {new_code} {new_name} not in the current layer", file=sys.stderr)
            continue
        event = r["type"].split(" (")[0]
        if old_code == new_code:
            event = "rename"
            row = layer.rows[new_code]
            if norm_key(new_name) != norm_key(row["name"]):  # renamed after the ODS snapshot
                row["aliases"] = [a for a in row["aliases"] if norm_key(a) != norm_key(new_name)]
                layer.alias(new_code, row["name"])
                row["name"] = new_name
            layer.alias(new_code, old_name)
        elif old_code not in layer.rows:
            type_ = layer.rows[new_code]["type"]
            layer.add(
                old_code,
                old_name,
                type_,
                layer.rows[new_code]["country"],
                "",
                "closed",
                layer.rows[new_code]["kind"] if type_ == "nhs_trust" else "",
            )
        elif old_code in layer.rows and layer.rows[old_code]["status"] == "current" and "split" not in event:
            layer.rows[old_code]["status"] = "closed"
        layer.successions.append(
            {
                "predecessor_code": old_code,
                "predecessor_name": old_name,
                "successor_code": new_code,
                "successor_name": layer.rows[new_code]["name"],
                "date": date,
                "event": event,
            }
        )

    # The 2018 names of codes still open, with their hand-listed renames (nhs_trusts.csv), are aliases too.
    with open(HERE / "nhs_trusts.csv", encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            if r["ods_code"] in layer.rows and layer.rows[r["ods_code"]]["status"] == "current":
                for form in [r["name"], *(a for a in r["aliases"].split("|") if a)]:
                    layer.alias(r["ods_code"], form)

    rows = list(layer.out_rows())
    fields = ["code", "name", "type", "aliases", "country", "parent_code", "status", "kind"]
    write_csv(HERE / "nhs_current.csv", fields, rows)
    succession_fields = ["predecessor_code", "predecessor_name", "successor_code", "successor_name", "date", "event"]
    layer.successions.sort(key=lambda s: (s["successor_code"], s["date"], s["predecessor_code"]))
    write_csv(HERE / "nhs_successions.csv", succession_fields, layer.successions)

    sites = build_sites(source, layer)
    write_csv(HERE / "nhs_sites_current.csv", ["name", "site_code", "parent_code"], sites)
    print(
        f"nhs_current.csv: {len(rows)} rows; nhs_successions.csv: {len(layer.successions)} rows; "
        f"nhs_sites_current.csv: {len(sites)} rows"
    )


HOSPITAL = re.compile(r"\b(Hospital|Infirmary|Royal Alexandra|Medical Centre)\b")


def build_sites(source, layer):
    """Hospitals of Scotland (PHS), Northern Ireland and the RCPCH units not already in nhs_sites.csv."""
    with open(HERE / "nhs_sites.csv", encoding="utf-8", newline="") as f:
        known = {norm_key(r["name"]) for r in csv.DictReader(f)}
    found = {}

    def add(name, code, parent):
        name = re.sub(r"\s*\([^)]*\)", "", name).removeprefix("The ").strip()
        key = norm_key(name)
        if not HOSPITAL.search(name) or key in known:
            return
        entry = found.setdefault(key, {"name": name, "site_code": code, "parent_code": parent})
        if entry["parent_code"] != parent:
            entry["ambiguous"] = True

    for r in read(source, "scotland_sites.csv"):
        add(tidy(r["name"]), r["location_code"], r["health_board_code"])
    for r in read(source, "sites.csv"):
        parent = r["parent_successor"] or r["parent_trust_code"]
        if parent in layer.rows:
            add(name_case(r["name"]), r["ods_code"], parent)
    for r in read(source, "northern_ireland.csv"):
        for hospital in r["hospitals_listed"].split(";"):
            hospital = tidy(hospital).replace("Lagan valley", "Lagan Valley").replace("Southwest", "South West")
            add(hospital, "", tidy(r["name"]))
    rows = [{k: v for k, v in e.items() if k != "ambiguous"} for e in found.values() if not e.get("ambiguous")]
    return sorted(rows, key=lambda r: r["name"].lower())


def write_csv(path, fieldnames, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=fieldnames, lineterminator="\n", extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


if __name__ == "__main__":
    main(sys.argv)
