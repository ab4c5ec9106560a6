"""Build the NHS trust and hospital-site gazetteers from the 2018 NHS reference files.

Usage (from the repository root):

    python data/gazetteers/build_nhs.py [SHARED_GAZETTEER_DIR]

SHARED_GAZETTEER_DIR defaults to ../shared/gazetteers and must contain
ods-etrust-2018.csv and nhs-hospitals-2018.csv (see its README.md).

Writes, next to this script:
    nhs_trusts.csv  ods_code,name,aliases      one row per 3-character trust code
    nhs_sites.csv   name,site_code,trust_code  hospitals, one row per name

and merges the hand-made trust_renames.csv (old_name,current_name,ods_code,note)
into the trusts' aliases. Standard library only.

Contains public sector information licensed under the Open Government Licence v3.0.
"""

import csv
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_SOURCE = Path("../shared/gazetteers")

# --------------------------------------------------------------------------- casing

KEEP_UPPER = {"NHS", "UK", "HRH", "II", "III", "IV", "VI", "VII", "VIII", "UCLH", "ENT"}
SMALL_WORDS = {"and", "of", "the", "for", "in", "on", "at", "upon", "under", "with", "by", "le"}
# "St Xs" -> "St X's" only for saints (never for towns such as St Helens, St Albans, St Ives).
SAINTS = {
    "andrew", "ann", "anne", "anthony", "barnabas", "bartholomew", "catherine", "charles",
    "christopher", "clement", "cuthbert", "edmund", "george", "giles", "hilda", "james",
    "john", "joseph", "jude", "leonard", "luke", "margaret", "mark", "martin", "mary", "michael",
    "monica", "nicholas", "oswald", "patrick", "peter", "richard", "stephen", "thomas", "wilfrid",
}
POSSESSIVES = {"childrens": "Children's", "womens": "Women's", "kings": "King's", "queens": "Queen's"}


def _cap(word):
    """Capitalise one word, keeping apostrophes right: GUY'S -> Guy's, 2GETHER -> 2gether."""
    if not word:
        return word
    if word.upper() in KEEP_UPPER:
        return word.upper()
    return word[0].upper() + word[1:].lower()


def _case_token(token, first):
    """Case one space-separated token (may carry brackets or hyphens)."""
    lead = re.match(r"^[(\"]*", token).group(0)
    core = token[len(lead):]
    parts = core.split("-")
    out = []
    for i, part in enumerate(parts):
        low = part.lower()
        if (not first or i > 0) and low in SMALL_WORDS:
            out.append(low)
        elif low in ("st", "st."):
            out.append("St")
        else:
            out.append(_cap(part))
    return lead + "-".join(out)


def fix_case(name):
    """Proper-case a name that may be ALL CAPS or carelessly Title Cased."""
    tokens = name.split()
    cased = [_case_token(t, i == 0) for i, t in enumerate(tokens)]
    text = " ".join(cased).replace(" I I ", " II ")
    # "St Lukes" -> "St Luke's"; "St James" stays (ambiguous); towns are not in SAINTS
    def saint(m):
        base = m.group(1)
        return f"St {base}'s" if base.lower() in SAINTS else m.group(0)
    text = re.sub(r"\bSt ([A-Z][a-z]+)s\b(?!')", saint, text)
    for bad, good in POSSESSIVES.items():
        text = re.sub(rf"\b{bad}\b", good, text, flags=re.IGNORECASE)
    return text


def tidy(name):
    return re.sub(r"\s+", " ", name).strip()


def norm_key(name):
    """Key used to detect duplicate names: case, 'The', punctuation and '&' insensitive."""
    k = name.lower().replace("&", " and ").replace("st.", "st")
    k = re.sub(r"['\u2019.,()-]", "", k)
    k = re.sub(r"^the\s+", "", k.strip())
    return re.sub(r"\s+", " ", k).strip()


# --------------------------------------------------------------------------- trusts


def and_variant(name):
    if " and " in name:
        return name.replace(" and ", " & ")
    if " & " in name:
        return name.replace(" & ", " and ")
    return None


def read_etrust(path):
    with open(path, encoding="utf-8", newline="") as f:
        return [row for row in csv.reader(f) if row and row[0].strip()]


def build_trusts(etrust_rows, renames):
    trusts = {}
    for row in etrust_rows:
        code = row[0].strip()
        if len(code) == 3:
            trusts[code] = {"ods_code": code, "name": fix_case(tidy(row[1])), "aliases": []}

    names = {norm_key(t["name"]): code for code, t in trusts.items()}

    def add_alias(code, alias):
        t = trusts[code]
        if not alias or alias == t["name"]:
            return
        owner = names.get(norm_key(alias))
        if owner and owner != code:  # that name belongs to another trust row
            return
        if alias not in t["aliases"]:
            t["aliases"].append(alias)

    for r in renames:
        code = r["ods_code"].strip()
        if code not in trusts:
            print(f"warning: rename for unknown code {code} skipped", file=sys.stderr)
            continue
        add_alias(code, r["old_name"].strip())
        add_alias(code, r["current_name"].strip())

    for code, t in trusts.items():
        for name in [t["name"], *t["aliases"]]:
            add_alias(code, and_variant(name))
            if name.startswith("The "):
                add_alias(code, name[4:])
    return trusts


# --------------------------------------------------------------------------- sites

HOSPITAL_WORD = re.compile(r"\b(Hospital|Infirmary)\b")
# words showing that a record is a department, team, office or private provider, not a hospital
NOT_A_HOSPITAL = re.compile(
    r"\b(team|ward|unit|outpatients?|clinic|dept|department|services?|pts|outreach|estates|wing|"
    r"nhs|trust|ft|hq|headquarters|spire|nuffield|nuffeild|bmi|bupa|capio|ramsay|priory|"
    r"huntercombe|circle|independent|private|presc\w*|block|site|pharmacy|theatres?|minor|"
    r"injuries|surg|surgery|base|office|offices|station|lab|labs|laboratory|centre|former|main|"
    r"building|emi|pct|opmh|chuft|epact|nurses|home|therapy|campus|at)\b|[:@/0-9]",
    re.IGNORECASE,
)
# independent-sector hospitals that appear among NHS trusts' records
PRIVATE_HOSPITALS = re.compile(
    r"\b(cygnet|alpha hospital|claremont|renacres|winfield|rivers hospital|beardwood|somerfield|"
    r"sloane|gatwick park|dunedin|church hill house|chiltern hospital|paddocks|runn[e]?ymede|"
    r"mount alvernia|ashtead|new victoria|parkside|goring hall|montefiore|wellesley|"
    r"edgbaston hospital|oaks hospital|springfield hospital|clare park|fawkham|holly house|"
    r"london bridge|wellington hospital|princess grace|cromwell|berkshire independent|"
    r"bridgewater hospital|kneesworth|duchess of kent|cheadle royal|droitwich|"
    r"highfield hospital|north downs|ravenscourt|phoenix hospital|blackheath hospital|"
    r"oaklands hospital|duchy hospital|beaumont hospital|mount stuart|foscote|holycross|"
    r"st anthony's|rowley hall|st john & st elizabeth)\b",
    re.IGNORECASE,
)
# etrust site names that are departments, abbreviations or misspellings
ETRUST_JUNK = re.compile(
    r"\b(a&e|gu|miu|ipu|udh|qeqm|bcsc|hrch|awp|cmht|bmth|bcf|fp|rd|rmh|pcas|com|registry|"
    r"liaison|psychiatry|wards|physio|urology|paediatrics|renal|annexe|health|standby|response|"
    r"post|point|flats|staff|directorate|facilities|child|sexual|orthopaedics|medicine|"
    r"rehabiliation|communtiy|out-patients|surgicentre|admissions|learning|disability|older|"
    r"obstetrics|gynaecology|fertility|medical|staffs|people's|womans)\b|[,.]|- ",
    re.IGNORECASE,
)
GENERIC = {
    "the", "hospital", "hospitals", "infirmary", "general", "county", "community", "day",
    "district", "university", "dental", "memorial", "cottage", "old", "new", "royal", "war",
    "and", "city", "main", "elderly", "private", "eye", "childrens", "rehabilitation", "st",
}

# Hand fixes for a few well-known sites whose source name is not the usual name.
SITE_RENAMES = {
    "RGT01": "Addenbrooke's Hospital",
    "RJ122": "St Thomas' Hospital",
    "RM301": "Salford Royal Hospital",
    "RD130": "Royal United Hospital",
    "RBS25": "Alder Hey Children's Hospital",
    "REP01": "Liverpool Women's Hospital",
    "RMP01": "Tameside General Hospital",
    "RD115": "Royal National Hospital for Rheumatic Diseases",
    "RBV01": "Christie Hospital",
    "RJ731": "Queen Mary's Hospital",
    "RPGHF": "Queen Mary's Hospital",
    "RWX80": "King Edward VII Hospital",
    "RX1CC": "Nottingham City Hospital",
    "RX1RA": "Queen's Medical Centre",
}
# Site records that are not hospitals of the trust they are filed under: private or
# misfiled (Countess of Chester under Stoke), another body's hospital (Hope Hospital is Salford
# Royal; the Friarage is South Tees), outside England (Noble's, Isle of Man; Mold, Newtown,
# Welshpool in Wales), duplicates and oddities.
SITE_EXCLUDE = {
    "RQ603", "RQ8MM", "RGT2V", "RJE98", "RKB15", "RRE4Z", "REM95", "RL105", "RL107", "RL109",
    "R0A65", "RX3XX", "RHM99", "RKB19", "RWJ97", "RREHI",
    "RDYEH",  # Portland Hospital (Dorset): the name usually means the private London hospital
}


def signature(name):
    """Distinctive words: 'Barnsley District General Hospital' -> {'barnsley'}."""
    words = re.findall(r"[a-z]+", norm_key(name))
    return frozenset(w.rstrip("s") for w in words if w not in GENERIC)


def generic(name):
    return not signature(name)


def clean_site_name(raw):
    """Strip trust-name suffixes, place qualifiers and brackets; None if not a hospital."""
    name = tidy(raw)
    if " - " in name:  # "Brixham Hospital - Torbay and South Devon NHS Foundation Trust"
        parts = name.split(" - ")
        with_word = [p for p in parts if HOSPITAL_WORD.search(fix_case(p))]
        name = with_word[0] if with_word else parts[0]
        # the rest must name the trust or a place, not a department ("- Dermatology Benfleet")
        rest = [p for p in parts if p != name]
        if not all(re.search(r"NHS|Trust|University Hospitals|^[A-Z][a-z]+$", p) for p in rest):
            return None
    if ", " in name:  # "West Park Hospital, Darlington"
        head = name.split(", ")[0]
        if HOSPITAL_WORD.search(fix_case(head)):
            name = head
    qualifier = re.search(r"\(([^)]*)\)", name)
    bare = tidy(re.sub(r"\([^)]*\)", "", name))
    if qualifier and generic(bare):  # "University Hospital (Coventry)"
        bare = f"{bare} {qualifier.group(1)}"
    name = fix_case(bare)
    name = name.removeprefix("The ")
    if name.endswith(" Hosp"):
        name += "ital"
    if not HOSPITAL_WORD.search(name) or NOT_A_HOSPITAL.search(name) or generic(name):
        return None
    if PRIVATE_HOSPITALS.search(name):
        return None
    return name


def postcode_area(postcode):
    return re.match(r"[A-Z]*", postcode.strip().upper()).group(0)


def read_hospitals(path):
    with open(path, encoding="latin-1", newline="") as f:
        return list(csv.DictReader(f, delimiter="\xac"))


def build_sites(hospital_rows, etrust_rows, trusts):
    """Hospitals from the NHS website list, then extra ones from etrust site records.

    Returns rows {name, site_code, trust_code}, one per name. Where distinct hospitals of
    different trusts share a name (St Mary's Hospital), site_code and trust_code hold
    '|'-separated parallel lists.
    """
    found = {}  # norm_key -> {"name", "sites": {trust_code: site_code}}

    def add(name, site_code, trust_code):
        entry = found.setdefault(norm_key(name), {"name": name, "sites": {}})
        entry["sites"].setdefault(trust_code, site_code)

    for h in hospital_rows:
        code, parent = h["OrganisationCode"].strip(), h["ParentODSCode"].strip()
        if parent not in trusts or code in SITE_EXCLUDE:
            continue
        name = SITE_RENAMES.get(code) or clean_site_name(h["OrganisationName"])
        if name:
            add(name, code, parent)

    # Same name under several trusts: keep the trust named after the hospital, if any
    # ("George Eliot Hospital" -> George Eliot Hospital NHS Trust).
    for key, entry in found.items():
        own = [t for t in entry["sites"] if norm_key(trusts[t]["name"]).startswith(key)]
        if len(entry["sites"]) > 1 and len(own) == 1:
            entry["sites"] = {own[0]: entry["sites"][own[0]]}

    # etrust site records also list hospitals where a trust only runs a clinic, so an etrust
    # name is added only if it is open, lies in its trust's headquarters postcode area, and
    # no hospital of another trust shares its distinctive words ("Barnsley District General
    # Hospital" under Sheffield is Barnsley Hospital).
    used_codes = {c for e in found.values() for c in e["sites"].values()}
    hq_area = {r[0].strip(): postcode_area(r[9]) for r in etrust_rows if len(r[0].strip()) == 3}
    candidates = []
    for row in etrust_rows:
        code, close_date, postcode = row[0].strip(), row[11].strip(), row[9]
        trust = code[:3]
        if (len(code) != 5 or close_date or trust not in trusts or code in used_codes
                or code in SITE_EXCLUDE or "Ambulance" in trusts[trust]["name"]
                or postcode_area(postcode) != hq_area.get(trust)):
            continue
        name = clean_site_name(row[1])
        if name and re.search(r"(Hospital|Infirmary)$", name) and not ETRUST_JUNK.search(name):
            candidates.append((name, code, trust))

    owners = {}  # signature -> trusts having a hospital with it
    for entry in found.values():
        owners.setdefault(signature(entry["name"]), set()).update(entry["sites"])
    for name, _code, trust in candidates:
        owners.setdefault(signature(name), set()).add(trust)
    owners.pop(frozenset(), None)
    taken = {(signature(e["name"]), t) for e in found.values() for t in e["sites"]}
    for name, code, trust in candidates:
        sig = signature(name)
        if any((sig <= other or other <= sig) and ts - {trust} for other, ts in owners.items()):
            continue  # another trust has a hospital with (some of) these words
        variant = any(t == trust and (sig <= other or other <= sig) for other, t in taken)
        if not variant and norm_key(name) not in found:
            add(name, code, trust)
            taken.add((sig, trust))

    rows = []
    for entry in found.values():
        codes = sorted(entry["sites"])
        rows.append({
            "name": entry["name"],
            "site_code": "|".join(entry["sites"][t] for t in codes),
            "trust_code": "|".join(codes),
        })
    rows.sort(key=lambda r: r["name"].lower())
    return rows


# --------------------------------------------------------------------------- main


def write_csv(path, fieldnames, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=fieldnames, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main(argv):
    source = Path(argv[1]) if len(argv) > 1 else DEFAULT_SOURCE
    etrust_rows = read_etrust(source / "ods-etrust-2018.csv")
    hospital_rows = read_hospitals(source / "nhs-hospitals-2018.csv")
    with open(HERE / "trust_renames.csv", encoding="utf-8", newline="") as f:
        renames = list(csv.DictReader(f))

    trusts = build_trusts(etrust_rows, renames)
    trust_rows = [
        {"ods_code": t["ods_code"], "name": t["name"], "aliases": "|".join(t["aliases"])}
        for t in sorted(trusts.values(), key=lambda t: t["ods_code"])
    ]
    write_csv(HERE / "nhs_trusts.csv", ["ods_code", "name", "aliases"], trust_rows)

    site_rows = build_sites(hospital_rows, etrust_rows, trusts)
    write_csv(HERE / "nhs_sites.csv", ["name", "site_code", "trust_code"], site_rows)
    print(f"nhs_trusts.csv: {len(trust_rows)} rows; nhs_sites.csv: {len(site_rows)} rows")


if __name__ == "__main__":
    main(sys.argv)
