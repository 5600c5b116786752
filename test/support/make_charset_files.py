"""Write DICOM files whose text values are in various Specific Character Sets (pydicom encodes
them), and print a JSON manifest: {file: {"charset": ..., "values": {keyword: text}}}.
With --pydicom-files, print instead pydicom's decoded PatientName of its own charset test files.

    python3 make_charset_files.py OUT_DIR
    python3 make_charset_files.py --pydicom-files
"""
import glob
import json
import os
import sys

import pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

CASES = [
    ("latin1", "ISO_IR 100", {
        "StudyDescription": "Tórax, abdomen (Jérôme)",
        "SeriesDescription": "Äneas Rüdiger: coupe 5 mm",
        "Manufacturer": "Société Française",
        "ReferringPhysicianName": "Buc^Jérôme",
    }),
    ("utf8", "ISO_IR 192", {
        "StudyDescription": "Łódź – 王小東 – Ελληνικά",
        "SeriesDescription": "T2 \"fat sat\" {axial}, 3 mm",
        "Manufacturer": "Ünïcödé GmbH",
        "ReferringPhysicianName": "Wang^XiaoDong=王^小東",
    }),
    ("cyrillic", "ISO_IR 144", {
        "StudyDescription": "Грудная клетка",
        "SeriesDescription": "Аксиальная серия",
        "Manufacturer": "Москва",
        "ReferringPhysicianName": "Люкceмбypг",
    }),
    ("greek", "ISO_IR 126", {
        "StudyDescription": "Θώρακας",
        "SeriesDescription": "Διονυσιος",
        "Manufacturer": "Αθήνα",
        "ReferringPhysicianName": "Διονυσιος",
    }),
    ("japanese", ["", "ISO 2022 IR 87"], {
        "StudyDescription": "胸部ＣＴ検査",
        "SeriesDescription": "造影 5mm",
        "Manufacturer": "東芝",
        "ReferringPhysicianName": "Yamada^Tarou=山田^太郎=やまだ^たろう",
    }),
    ("japanese-katakana", ["ISO 2022 IR 13", "ISO 2022 IR 87"], {
        "StudyDescription": "ｷｮｳﾌﾞ 胸部",
        "SeriesDescription": "ｼﾞｸ 3mm",
        "Manufacturer": "ﾄｳｼﾊﾞ",
        "ReferringPhysicianName": "ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう",
    }),
    ("korean", ["", "ISO 2022 IR 149"], {
        "StudyDescription": "흉부 검사",
        "SeriesDescription": "축상 영상",
        "Manufacturer": "삼성",
        "ReferringPhysicianName": "Hong^Gildong=洪^吉洞=홍^길동",
    }),
    ("chinese", "GB18030", {
        "StudyDescription": "胸部检查",
        "SeriesDescription": "轴位 5毫米",
        "Manufacturer": "联影",
        "ReferringPhysicianName": "Wang^XiaoDong=王^小东",
    }),
]


def write(out_dir):
    manifest = {}
    for n, (name, charset, values) in enumerate(CASES):
        meta = FileMetaDataset()
        meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.7"
        meta.MediaStorageSOPInstanceUID = generate_uid()
        meta.TransferSyntaxUID = ExplicitVRLittleEndian
        ds = Dataset()
        ds.file_meta = meta
        ds.is_little_endian = True
        ds.is_implicit_VR = False
        ds.SpecificCharacterSet = charset
        ds.SOPClassUID = meta.MediaStorageSOPClassUID
        ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
        ds.StudyInstanceUID = generate_uid()
        ds.SeriesInstanceUID = generate_uid()
        ds.PatientID = f"CS{n:03d}"
        ds.Modality = "OT"
        for k, v in values.items():
            setattr(ds, k, v)
        path = os.path.join(out_dir, f"{name}.dcm")
        ds.save_as(path, write_like_original=False)
        manifest[path] = {"charset": charset, "values": values}
    print(json.dumps(manifest, ensure_ascii=False))


def pydicom_files():
    base = os.path.join(os.path.dirname(pydicom.__file__), "data", "charset_files")
    out = {}
    for path in sorted(glob.glob(os.path.join(base, "*.dcm"))):
        ds = pydicom.dcmread(path)
        if "PatientName" in ds:
            # the component groups as decoded (without trailing empty groups)
            out[path] = "=".join(ds.PatientName.components)
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    if sys.argv[1] == "--pydicom-files":
        pydicom_files()
    else:
        write(sys.argv[1])
