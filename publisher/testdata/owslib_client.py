"""OWSLib, the Python OGC client, against the OGC API – Features of a
running server, given the site's root as users paste it. Usage:
owslib_client.py ROOT_URL FEATURES_IN_GERMANY_AND_NL. Prints one line per
check and exits non-zero on the first failure."""
import sys

from owslib.ogcapi.features import Features

root, want_bbox = sys.argv[1], int(sys.argv[2])


def check(what, cond, detail=""):
    if not cond:
        print("FAIL", what, detail)
        sys.exit(1)
    print("ok", what)


api = Features(root)
check("landing page has links", any(l["rel"] == "data" for l in api.links), api.links)
conf = api.conformance()["conformsTo"]
check("conformance", any(c.endswith("/conf/geojson") for c in conf), conf)
ids = [c["id"] for c in api.collections()["collections"]]
check("collections", "practices" in ids, ids)
col = api.collection("practices")
check("collection metadata", col["id"] == "practices" and col["extent"]["spatial"]["bbox"], col)
definition = api.api()
check("API definition via service-desc", definition["openapi"].startswith("3.0"), definition.get("openapi"))
items = api.collection_items("practices", limit=100)
feats = items["features"]
check("items", items["numberMatched"] == len(feats) and len(feats) > 0, items.get("numberMatched"))
check("one geometry type", {f["geometry"]["type"] for f in feats} == {"MultiPoint"},
      sorted({(f["geometry"] or {}).get("type", "null") for f in feats}))
box = api.collection_items("practices", bbox=[3, 47, 16, 55], limit=100)
check("bbox filter", box["numberReturned"] == want_bbox, box["numberReturned"])
one = api.collection_item("practices", feats[0]["id"])
check("one feature", one["id"] == feats[0]["id"], one.get("id"))
print("all checks passed")
