"""Check the map's region centres (src/regionforum/analytics/data/region_centres.csv) offline.

Each point is reverse-geocoded with reverse_geocoder, which ships GeoNames' cities of over
1,000 people (CC BY 4.0) with their first-level divisions, and the division's name is read by
the project's own region resolver. A point agrees when that gives back its own region; the
others are printed for a person to judge (GeoNames spells some divisions in a form the resolver
does not know, such as "Altay" or "Nizjnij Novgorod").

    .venv/bin/python benchmarks/region_centres_check.py
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
CENTRES = ROOT / "src" / "regionforum" / "analytics" / "data" / "region_centres.csv"


def main() -> None:
    import reverse_geocoder

    from regionforum.names import shipped_regions
    from regionforum.names.regions import RegionResolver

    resolver = RegionResolver(shipped_regions())
    with CENTRES.open(encoding="utf-8") as source:
        rows = list(csv.DictReader(source))
    places = reverse_geocoder.search(
        [(float(row["lat"]), float(row["lon"])) for row in rows], mode=1, verbose=False
    )
    disagree = []
    for row, place in zip(rows, places, strict=True):
        found = resolver.resolve(place["admin1"], country=place["cc"]).code
        if found != row["code"]:
            disagree.append(
                {
                    "code": row["code"],
                    "point": [float(row["lat"]), float(row["lon"])],
                    "geonames": f"{place['name']}, {place['admin1']}, {place['cc']}",
                    "resolved": found,
                }
            )
    print(
        json.dumps(
            {"points": len(rows), "agree": len(rows) - len(disagree), "to_judge": disagree},
            ensure_ascii=False,
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
