"""Synthetic DICOM corpus for bench/dicomweb.ts: N small CT-like instances spread over patients,
studies and series with varied modality, body part and date, plus one series of large images for
retrieval throughput. Run with /usr/bin/python3 (pydicom from Debian)."""
import copy
import os
import random
import sys

import numpy as np
import pydicom
from pydicom.uid import ExplicitVRLittleEndian

out, n = sys.argv[1], int(sys.argv[2])
big_count, big_size = int(sys.argv[3]), int(sys.argv[4])
random.seed(42)
src = pydicom.dcmread('/usr/lib/python3/dist-packages/pydicom/data/test_files/CT_small.dcm')
modalities = ['CT', 'MR', 'PT', 'CR']
body_parts = ['CHEST', 'HEAD', 'ABDOMEN', 'PELVIS', 'BREAST']
root = '1.2.826.0.1.3680043.10.1234'
per_series, series_per_study = 10, 2


def make(ds, study, series, inst, modality, body, date, patient, rows):
    d = copy.deepcopy(ds)
    d.StudyInstanceUID = f'{root}.1.{study}'
    d.SeriesInstanceUID = f'{root}.2.{study}.{series}'
    d.SOPInstanceUID = f'{root}.3.{study}.{series}.{inst}'
    d.file_meta.MediaStorageSOPInstanceUID = d.SOPInstanceUID
    d.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    d.Modality = modality
    d.BodyPartExamined = body
    d.StudyDate = date
    d.SeriesDate = date
    d.PatientID = f'PAT{patient:05d}'
    d.PatientName = f'PAT{patient:05d}'
    d.AccessionNumber = f'ACC{study:06d}'
    d.StudyID = str(study)
    d.SeriesNumber = series
    d.InstanceNumber = inst
    d.StudyDescription = f'{body.title()} {modality}'
    d.SeriesDescription = f'{modality} series {series}'
    d.Rows = rows
    d.Columns = rows
    d.PixelData = (np.arange(rows * rows, dtype=np.int16) % 4096).tobytes()
    return d


os.makedirs(out, exist_ok=True)
count, study = 0, 0
while count < n:
    study += 1
    modality = modalities[study % len(modalities)]
    body = body_parts[(study // 4) % len(body_parts)]
    date = f'{2010 + study % 14}{1 + study % 12:02d}{1 + study % 28:02d}'
    patient = study // 2
    for series in range(1, series_per_study + 1):
        for inst in range(1, per_series + 1):
            if count >= n:
                break
            make(src, study, series, inst, modality, body, date, patient, 16).save_as(
                os.path.join(out, f'{count:07d}.dcm'), write_like_original=False)
            count += 1
big = os.path.join(out, 'big')
os.makedirs(big, exist_ok=True)
for inst in range(1, big_count + 1):
    make(src, 999999, 1, inst, 'CT', 'CHEST', '20240101', 99999, big_size).save_as(
        os.path.join(big, f'{inst:05d}.dcm'), write_like_original=False)
print(study)
