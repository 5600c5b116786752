"""A CT-like 512x512 series for bench/dicomweb-pixels.ts: a body ellipse, lungs, a bone disc and
Gaussian noise (compresses like a real CT, unlike a gradient). Run with /usr/bin/python3."""
import sys, os, numpy as np, pydicom, copy
from pydicom.uid import ExplicitVRLittleEndian
out, count = sys.argv[1], int(sys.argv[2])
src = pydicom.dcmread('/usr/lib/python3/dist-packages/pydicom/data/test_files/CT_small.dcm')
rng = np.random.default_rng(1)
n = 512
y, x = np.mgrid[0:n, 0:n]
os.makedirs(out, exist_ok=True)
root = '1.2.826.0.1.3680043.10.4242'
for k in range(count):
    img = np.full((n, n), -1000.0)
    img[((x - 256) / 200) ** 2 + ((y - 256) / 160) ** 2 < 1] = 40
    r = 60 + 20 * np.sin(k / 10)
    img[(((x - 180) / r) ** 2 + ((y - 240) / 90) ** 2 < 1) | (((x - 330) / r) ** 2 + ((y - 240) / 90) ** 2 < 1)] = -850
    img[((x - 256 - k % 30) / 25) ** 2 + ((y - 330) / 25) ** 2 < 1] = 700
    img += rng.normal(0, 15, (n, n))
    d = copy.deepcopy(src)
    d.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    d.StudyInstanceUID = f'{root}.1'
    d.SeriesInstanceUID = f'{root}.2'
    d.SOPInstanceUID = f'{root}.3.{k + 1}'
    d.file_meta.MediaStorageSOPInstanceUID = d.SOPInstanceUID
    d.InstanceNumber = k + 1
    d.Rows = n; d.Columns = n
    d.BitsAllocated = 16; d.BitsStored = 16; d.HighBit = 15; d.PixelRepresentation = 1
    d.RescaleIntercept = 0; d.RescaleSlope = 1
    d.WindowCenter = 40; d.WindowWidth = 400
    d.PixelData = img.astype(np.int16).tobytes()
    d.save_as(os.path.join(out, f'{k + 1:04d}.dcm'), write_like_original=False)
