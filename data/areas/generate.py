#!/usr/bin/env python3
"""Generate areas_2021.csv and areas_2025.csv from vietnamadminunits' dataset.db.

Source: PyPI package ``vietnamadminunits`` 1.0.4 (MIT licence,
Copyright (c) 2025 Tran Ngoc Minh Hieu), file ``vietnamadminunits/data/dataset.db``.

Usage:
    python3 data/areas/generate.py path/to/dataset.db [output_dir]

``output_dir`` defaults to the directory holding this script. Standard library only.
The script fails (non-zero exit) if any count, code, parent link or region
classification is not as expected.
"""

import csv
import os
import re
import sqlite3
import sys
import unicodedata

COLUMNS = ["code", "parent_code", "level", "name", "kind", "latitude", "longitude", "region"]

# Unit types as spelled officially. Longest first so "Thành phố" wins over shorter prefixes.
KINDS = ["Thành phố", "Thị trấn", "Đặc khu", "Thị xã", "Phường", "Huyện", "Quận", "Tỉnh", "Xã"]

CODE_WIDTH = {"province": 2, "district": 3, "commune": 5}

# Table admin_units_legacy has 10,040 rows: one per commune, plus one row each (with an
# empty commune) for the 5 island districts that have no commune level
# (Bạch Long Vĩ, Cồn Cỏ, Hoàng Sa, Lý Sơn, Côn Đảo). So there are 10,035 communes.
EXPECTED_LEGACY_ROWS = 10040
EXPECTED_LEGACY_DISTRICTS_WITHOUT_COMMUNES = 5
EXPECTED_2021 = {"province": 63, "district": 696, "commune": 10035}
EXPECTED_2025 = {"province": 34, "commune": 3321}


def fold(text):
    """Diacritics-folded, lower-case, alphanumerics only: 'Bà Rịa - Vũng Tàu' -> 'bariavungtau'."""
    text = unicodedata.normalize("NFD", text).replace("đ", "d").replace("Đ", "D")
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return re.sub(r"[^a-z0-9]", "", text.lower())


def split_kind(name):
    """Split 'Thành Phố Bắc Kạn' into ('Thành phố', 'Bắc Kạn'); prefix matched case-insensitively."""
    for kind in KINDS:
        if name.lower().startswith(kind.lower() + " "):
            return kind, name[len(kind) + 1:]
    raise SystemExit(f"error: name without a known type prefix: {name!r}")


def clean_name(raw):
    """NFC, collapse whitespace, and spell the type prefix canonically
    (the dataset has a few 'Thành Phố …', 'Thị Xã …', 'Thị Trấn …')."""
    name = re.sub(r"\s+", " ", unicodedata.normalize("NFC", raw)).strip()
    kind, rest = split_kind(name)
    return f"{kind} {rest}", kind, rest


REGIONS_2021 = {
    "north": [
        "Hà Nội", "Hải Phòng", "Quảng Ninh", "Vĩnh Phúc", "Bắc Ninh", "Hải Dương", "Hưng Yên",
        "Thái Bình", "Hà Nam", "Nam Định", "Ninh Bình", "Hà Giang", "Cao Bằng", "Bắc Kạn",
        "Tuyên Quang", "Lào Cai", "Yên Bái", "Thái Nguyên", "Lạng Sơn", "Bắc Giang", "Phú Thọ",
        "Điện Biên", "Lai Châu", "Sơn La", "Hòa Bình",
    ],
    "central": [
        "Thanh Hóa", "Nghệ An", "Hà Tĩnh", "Quảng Bình", "Quảng Trị", "Thừa Thiên Huế|Huế",
        "Đà Nẵng", "Quảng Nam", "Quảng Ngãi", "Bình Định", "Phú Yên", "Khánh Hòa",
        "Ninh Thuận", "Bình Thuận",
    ],
    "highlands": ["Kon Tum", "Gia Lai", "Đắk Lắk", "Đắk Nông", "Lâm Đồng"],
    "south": [
        "Bình Phước", "Tây Ninh", "Bình Dương", "Đồng Nai", "Bà Rịa - Vũng Tàu", "Hồ Chí Minh",
        "Long An", "Tiền Giang", "Bến Tre", "Trà Vinh", "Vĩnh Long", "Đồng Tháp", "An Giang",
        "Kiên Giang", "Cần Thơ", "Hậu Giang", "Sóc Trăng", "Bạc Liêu", "Cà Mau",
    ],
}
REGION_COUNTS_2021 = {"north": 25, "central": 14, "highlands": 5, "south": 19}

REGIONS_2025 = {
    "north": [
        "Hà Nội", "Hải Phòng", "Quảng Ninh", "Cao Bằng", "Lạng Sơn", "Tuyên Quang", "Lào Cai",
        "Thái Nguyên", "Phú Thọ", "Bắc Ninh", "Hưng Yên", "Ninh Bình", "Điện Biên", "Lai Châu",
        "Sơn La",
    ],
    "central": [
        "Thanh Hóa", "Nghệ An", "Hà Tĩnh", "Quảng Trị", "Thừa Thiên Huế|Huế", "Đà Nẵng",
        "Quảng Ngãi", "Khánh Hòa",
    ],
    "highlands": ["Gia Lai", "Đắk Lắk", "Lâm Đồng"],
    "south": [
        "Hồ Chí Minh", "Đồng Nai", "Tây Ninh", "Cần Thơ", "Vĩnh Long", "Đồng Tháp", "Cà Mau",
        "An Giang",
    ],
}
REGION_COUNTS_2025 = {"north": 15, "central": 8, "highlands": 3, "south": 8}


def region_lookup(regions):
    """Map folded short name (and '|'-separated aliases) -> region."""
    lookup = {}
    for region, names in regions.items():
        for entry in names:
            for alias in entry.split("|"):
                key = fold(alias)
                if key in lookup:
                    raise SystemExit(f"error: {alias!r} listed twice in region table")
                lookup[key] = region
    return lookup


def fmt_coord(value):
    if value is None or value == "":
        return ""
    return repr(float(value))


def norm_code(value, level):
    """Codes are TEXT in the dataset; keep them verbatim. Ints get the official zero-padding."""
    if value is None or value == "":
        return None
    code = str(value).zfill(CODE_WIDTH[level]) if isinstance(value, int) else str(value).strip()
    if not code.isdigit() or len(code) != CODE_WIDTH[level]:
        raise SystemExit(f"error: bad {level} code {value!r}")
    return code


def put(units, code, row, what):
    """Insert a unit, deduplicating by code; the same code must always carry the same data."""
    old = units.get(code)
    if old is None:
        units[code] = row
    elif old != row:
        raise SystemExit(f"error: conflicting rows for {what} {code}: {old} vs {row}")


def check_kind(name, kind, type_column, warnings):
    if type_column and type_column.strip().lower() != kind.lower():
        warnings.append(f"type column says {type_column!r} but name is {name!r}; using {kind!r} from the name")


def classify(provinces, regions, expected_counts, layout):
    lookup = region_lookup(regions)
    counts = {r: 0 for r in expected_counts}
    for row in provinces.values():
        _, short = split_kind(row["name"])
        region = lookup.get(fold(short))
        if region is None:
            raise SystemExit(f"error: {layout}: province {row['code']} {row['name']!r} is not classified into a region")
        row["region"] = region
        counts[region] += 1
    if counts != expected_counts:
        raise SystemExit(f"error: {layout}: region counts {counts} != expected {expected_counts}")
    return counts


def check_counts(layout, got, expected):
    if got != expected:
        raise SystemExit(f"error: {layout}: counts {got} != expected {expected}")


def unit(code, parent, level, name, kind, lat, lon):
    return {"code": code, "parent_code": parent or "", "level": level, "name": name, "kind": kind,
            "latitude": fmt_coord(lat), "longitude": fmt_coord(lon), "region": ""}


def build_legacy(db, warnings):
    provinces, districts, communes = {}, {}, {}
    rows = db.execute(
        "SELECT provinceCode, province, provinceLat, provinceLon,"
        " districtCode, district, districtType, districtLat, districtLon,"
        " wardCode, ward, wardType, wardLat, wardLon FROM admin_units_legacy"
    ).fetchall()
    if len(rows) != EXPECTED_LEGACY_ROWS:
        raise SystemExit(f"error: 2021: admin_units_legacy has {len(rows)} rows, expected {EXPECTED_LEGACY_ROWS}")
    without_communes = []
    for (pcode, pname, plat, plon, dcode, dname, dtype, dlat, dlon,
         wcode, wname, wtype, wlat, wlon) in rows:
        pcode = norm_code(pcode, "province")
        dcode = norm_code(dcode, "district")
        wcode = norm_code(wcode, "commune")
        if pcode is None or dcode is None:
            raise SystemExit(f"error: 2021: row without province/district code: {pname!r} {dname!r}")
        name, kind, _ = clean_name(pname)
        put(provinces, pcode, unit(pcode, "", "province", name, kind, plat, plon), "province")
        name, kind, _ = clean_name(dname)
        put(districts, dcode, unit(dcode, pcode, "district", name, kind, dlat, dlon), "district")
        if wcode is None:
            if wname:
                raise SystemExit(f"error: 2021: commune {wname!r} without code")
            without_communes.append(f"{dcode} {dname}")
            continue
        name, kind, _ = clean_name(wname)
        check_kind(name, kind, wtype, warnings)
        put(communes, wcode, unit(wcode, dcode, "commune", name, kind, wlat, wlon), "commune")
    # The district-level type column only ever differs from the name prefix in capitalisation.
    for (dcode, dtype) in db.execute("SELECT DISTINCT districtCode, districtType FROM admin_units_legacy"):
        d = districts[norm_code(dcode, "district")]
        check_kind(d["name"], d["kind"], dtype, warnings)
    if len(without_communes) != EXPECTED_LEGACY_DISTRICTS_WITHOUT_COMMUNES:
        raise SystemExit(f"error: 2021: districts without communes: {without_communes}")
    warnings.append("districts without any commune (no commune rows written): " + "; ".join(without_communes))
    check_counts("2021", {"province": len(provinces), "district": len(districts), "commune": len(communes)},
                 EXPECTED_2021)
    return provinces, districts, communes


def build_2025(db, warnings):
    provinces, communes = {}, {}
    rows = db.execute(
        "SELECT provinceCode, province, provinceLat, provinceLon,"
        " wardCode, ward, wardType, wardLat, wardLon FROM admin_units"
    ).fetchall()
    for (pcode, pname, plat, plon, wcode, wname, wtype, wlat, wlon) in rows:
        pcode = norm_code(pcode, "province")
        wcode = norm_code(wcode, "commune")
        if pcode is None or wcode is None:
            raise SystemExit(f"error: 2025: row without code: {pname!r} {wname!r}")
        name, kind, _ = clean_name(pname)
        put(provinces, pcode, unit(pcode, "", "province", name, kind, plat, plon), "province")
        name, kind, _ = clean_name(wname)
        check_kind(name, kind, wtype, warnings)
        put(communes, wcode, unit(wcode, pcode, "commune", name, kind, wlat, wlon), "commune")
    check_counts("2025", {"province": len(provinces), "commune": len(communes)}, EXPECTED_2025)
    return provinces, communes


def check_parents(layout, *levels):
    known = set()
    for units in levels:
        for row in units.values():
            if row["parent_code"] and row["parent_code"] not in known:
                raise SystemExit(f"error: {layout}: {row['code']} has unknown parent {row['parent_code']}")
        known.update(units)


def write_csv(path, *levels):
    count = 0
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=COLUMNS, lineterminator="\n")
        w.writeheader()
        for units in levels:
            for code in sorted(units, key=int):
                w.writerow(units[code])
                count += 1
    os.replace(tmp, path)
    return count


def main(argv):
    if len(argv) not in (2, 3):
        print(__doc__, file=sys.stderr)
        return 2
    db_path = argv[1]
    out_dir = argv[2] if len(argv) == 3 else os.path.dirname(os.path.abspath(__file__))
    if not os.path.isfile(db_path):
        raise SystemExit(f"error: no such file: {db_path}")
    db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    warnings = []

    p21, d21, c21 = build_legacy(db, warnings)
    r21 = classify(p21, REGIONS_2021, REGION_COUNTS_2021, "2021")
    check_parents("2021", p21, d21, c21)

    p25, c25 = build_2025(db, warnings)
    r25 = classify(p25, REGIONS_2025, REGION_COUNTS_2025, "2025")
    check_parents("2025", p25, c25)

    for w in warnings:
        print("note:", w, file=sys.stderr)

    path21 = os.path.join(out_dir, "areas_2021.csv")
    path25 = os.path.join(out_dir, "areas_2025.csv")
    n21 = write_csv(path21, p21, d21, c21)
    n25 = write_csv(path25, p25, c25)
    print(f"{path21}: {len(p21)} provinces, {len(d21)} districts, {len(c21)} communes ({n21} rows); regions {r21}")
    print(f"{path25}: {len(p25)} provinces, {len(c25)} communes ({n25} rows); regions {r25}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
