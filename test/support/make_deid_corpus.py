#!/usr/bin/python3
"""Generate DICOM test inputs for de-identification with pydicom (Debian's python3-pydicom).

usage: make_deid_corpus.py <table-e1-1.json> <out-dir>

Writes:
  all_attributes.dcm   a CT image carrying EVERY Table E.1-1 attribute with a sensible VR, each
                       with an identifying value (names, IDs, dates), plus private blocks
  study{1,2,3}.dcm     one patient's three studies on known dates (interval checks)
  seg.dcm              a SEG-like instance referencing study1's image in its reference sequences
  nested.dcm           sequences nested 20 deep (accepted) / deep.dcm nested 200 deep (rejected)
  big_private.dcm      a 4 MB private block
  no_patient_id.dcm    no PatientID at all
  corrupt.dcm          truncated in the middle of an element
  expected.json        what was written: tag -> {vr, value}
"""
import json
import os
import sys

from pydicom.datadict import dictionary_VR
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.sequence import Sequence
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

table_path, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
table = json.load(open(table_path))

NAME = "Doe^Johnathan"
PID = "MRN-0042-XYZ"


def value_for(vr, n):
    return {
        "PN": "Smith^Alice%d" % n,
        "LO": "Johnathan Doe %d" % n,
        "LT": "Seen by Dr Smith, patient Johnathan Doe, phone 555 123 4567",
        "ST": "Johnathan Doe note %d" % n,
        "UT": "Johnathan Doe long text %d" % n,
        "UC": "Johnathan Doe %d" % n,
        "SH": "SH%d" % n,
        "CS": "CS%d" % (n % 100),
        "AE": "AE%d" % (n % 1000),
        "AS": "045Y",
        "DA": "20200115",
        "DT": "20200115101010",
        "TM": "101010",
        "DS": "12.5",
        "IS": "7",
        "UI": "1.2.826.0.1.3680043.99.%d" % n,
        "UR": "http://hospital.example/patient/%d" % n,
        "US": 7,
        "SS": 7,
        "UL": 7,
        "SL": 7,
        "FL": 1.5,
        "FD": 1.5,
    }.get(vr)


def base(study_uid, series_uid, sop_uid, study_date="20200115"):
    ds = Dataset()
    ds.SpecificCharacterSet = "ISO_IR 100"
    ds.ImageType = ["ORIGINAL", "PRIMARY", "AXIAL"]
    ds.SOPClassUID = "1.2.840.10008.5.1.4.1.1.2"
    ds.SOPInstanceUID = sop_uid
    ds.StudyDate = study_date
    ds.SeriesDate = study_date
    ds.StudyTime = "101010"
    ds.Modality = "CT"
    ds.Manufacturer = "ACME"
    ds.PatientName = NAME
    ds.PatientID = PID
    ds.PatientBirthDate = "19600203"
    ds.PatientSex = "F"
    ds.PatientAge = "060Y"
    ds.StudyInstanceUID = study_uid
    ds.SeriesInstanceUID = series_uid
    ds.StudyID = "S1"
    ds.SeriesNumber = 1
    ds.InstanceNumber = 1
    ds.FrameOfReferenceUID = "1.2.826.0.1.3680043.99.777"
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.Rows = 4
    ds.Columns = 4
    ds.BitsAllocated = 16
    ds.BitsStored = 12
    ds.HighBit = 11
    ds.PixelRepresentation = 0
    ds.PixelData = bytes(range(32))
    return ds


def save(ds, name):
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = ds.SOPClassUID
    meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.file_meta = meta
    ds.is_little_endian = True
    ds.is_implicit_VR = False
    ds.save_as(os.path.join(out, name), write_like_original=False)


def tag_of(t):
    t = t.strip("()")
    g, e = t.split(",")
    return int(g, 16) << 16 | int(e, 16)


# 1. every attribute
study = "1.2.826.0.1.3680043.99.1"
series = "1.2.826.0.1.3680043.99.1.1"
sop = "1.2.826.0.1.3680043.99.1.1.1"
ds = base(study, series, sop)
expected = {}
skip = {0x00080016, 0x00080018, 0x0020000D, 0x0020000E, 0x7FE00010, 0x00020003}
for n, e in enumerate(table):
    t = e["tag"]
    if "X" in t.upper()[1:] or "G" in t.upper():
        continue
    tag = tag_of(t)
    if tag >> 16 in (0x0000, 0x0002) or tag in skip:
        continue
    try:
        vr = dictionary_VR(tag)
    except KeyError:
        continue
    if vr == "SQ":
        item = Dataset()
        item.CodeValue = "JD%d" % n
        item.CodingSchemeDesignator = "99LOCAL"
        item.CodeMeaning = "Johnathan Doe"
        item.ReferencedSOPInstanceUID = "1.2.826.0.1.3680043.99.1.1.1"
        item.ReferencedSOPClassUID = "1.2.840.10008.5.1.4.1.1.2"
        ds.add_new(tag, "SQ", Sequence([item]))
        expected["%08X" % tag] = {"vr": vr, "value": "<SQ>"}
        continue
    v = value_for(vr, n)
    if v is None:
        continue
    if tag in (0x00100010, 0x00100020):
        continue
    ds.add_new(tag, vr, v)
    expected["%08X" % tag] = {"vr": vr, "value": str(v)}
expected["00100010"] = {"vr": "PN", "value": NAME}
expected["00100020"] = {"vr": "LO", "value": PID}
# private blocks: one on the safe list (Siemens diffusion b-value), one not (a name)
ds.add_new(0x00190010, "LO", "SIEMENS MR HEADER")
ds.add_new(0x0019100C, "IS", "1000")
ds.add_new(0x00190011, "LO", "ACME PATIENT DATA")
ds.add_new(0x00191110, "LO", "Johnathan Doe")
# curves and overlay comments (table patterns)
ds.add_new(0x50000022, "LO", "Johnathan Doe curve")
ds.add_new(0x60004000, "LT", "Johnathan Doe overlay")
save(ds, "all_attributes.dcm")
json.dump(expected, open(os.path.join(out, "expected.json"), "w"), indent=1)

# 2. one patient, three studies with known intervals
for i, date in enumerate(["20190301", "20190415", "20200110"], start=1):
    s = base("1.2.826.0.1.3680043.99.2.%d" % i, "1.2.826.0.1.3680043.99.2.%d.1" % i, "1.2.826.0.1.3680043.99.2.%d.1.1" % i, date)
    save(s, "study%d.dcm" % i)

# 3. a SEG referencing the image of all_attributes.dcm
seg = base(study, "1.2.826.0.1.3680043.99.1.9", "1.2.826.0.1.3680043.99.1.9.1")
seg.SOPClassUID = "1.2.840.10008.5.1.4.1.1.66.4"
seg.Modality = "SEG"
ref = Dataset()
ref.ReferencedSOPClassUID = "1.2.840.10008.5.1.4.1.1.2"
ref.ReferencedSOPInstanceUID = sop
rs = Dataset()
rs.SeriesInstanceUID = series
rs.ReferencedInstanceSequence = Sequence([ref])
seg.ReferencedSeriesSequence = Sequence([rs])
src = Dataset()
src.ReferencedSOPClassUID = "1.2.840.10008.5.1.4.1.1.2"
src.ReferencedSOPInstanceUID = sop
fg = Dataset()
di = Dataset()
di.SourceImageSequence = Sequence([src])
fg.DerivationImageSequence = Sequence([di])
seg.PerFrameFunctionalGroupsSequence = Sequence([fg])
save(seg, "seg.dcm")


def nested(depth):
    d = base("1.2.826.0.1.3680043.99.3", "1.2.826.0.1.3680043.99.3.1", "1.2.826.0.1.3680043.99.3.1.%d" % depth)
    inner = Dataset()
    inner.CodeMeaning = "Johnathan Doe"
    inner.PersonName = "Smith^Alice"
    for _ in range(depth):
        outer = Dataset()
        outer.ContentSequence = Sequence([inner])
        inner = outer
    d.ContentSequence = inner.ContentSequence
    return d


save(nested(20), "nested.dcm")
save(nested(200), "deep.dcm")

big = base("1.2.826.0.1.3680043.99.4", "1.2.826.0.1.3680043.99.4.1", "1.2.826.0.1.3680043.99.4.1.1")
big.add_new(0x00290010, "LO", "HUGE VENDOR")
big.add_new(0x00291010, "OB", bytes(4 * 1024 * 1024))
save(big, "big_private.dcm")

nopid = base("1.2.826.0.1.3680043.99.5", "1.2.826.0.1.3680043.99.5.1", "1.2.826.0.1.3680043.99.5.1.1")
del nopid.PatientID
save(nopid, "no_patient_id.dcm")

data = open(os.path.join(out, "study1.dcm"), "rb").read()
open(os.path.join(out, "corrupt.dcm"), "wb").write(data[: len(data) - 20])
