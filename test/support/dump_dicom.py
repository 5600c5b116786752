#!/usr/bin/python3
"""Read DICOM files with pydicom and print JSON: per file, top-level elements (tag -> vr, value)
and every value of a few reference attributes found at any depth. Used by tests to check our
output with an independent reader.

usage: dump_dicom.py <file>...
"""
import json
import sys

import pydicom

DEEP = {0x00081155: "ReferencedSOPInstanceUID", 0x0020000E: "SeriesInstanceUID", 0x00401001: "x"}


def walk(ds, deep):
    for el in ds:
        if el.VR == "SQ":
            for item in el.value:
                walk(item, deep)
        elif el.tag in (0x00081155, 0x0020000E, 0x0040A123, 0x00080104):
            deep.setdefault("%08X" % el.tag, []).append(str(el.value))


out = {}
for path in sys.argv[1:]:
    ds = pydicom.dcmread(path, force=True)
    top = {}
    for el in ds:
        if el.VR == "SQ":
            v = "<SQ %d>" % len(el.value)
        elif el.VR in ("OB", "OW", "UN", "OF", "OD", "OL", "OV"):
            v = "<%s %d>" % (el.VR, len(el.value) if el.value is not None else 0)
        elif el.value is None:
            v = ""
        else:
            v = str(el.value)
        top["%08X" % el.tag] = {"vr": el.VR, "value": v}
    deep = {}
    walk(ds, deep)
    out[path] = {
        "top": top,
        "deep": deep,
        "transferSyntax": str(getattr(ds.file_meta, "TransferSyntaxUID", "")),
        "metaSop": str(getattr(ds.file_meta, "MediaStorageSOPInstanceUID", "")),
    }
print(json.dumps(out))
