"""Regenerates resample_golden.json: real Pillow BICUBIC and OpenCV INTER_LINEAR outputs on synthetic images.

Run with a Python that has Pillow and OpenCV (e.g. Debian's python3-pil python3-opencv):
    /usr/bin/python3 make_resample_golden.py > resample_golden.json
The synthetic pattern is recomputed by ResampleGoldenTest.pattern() in Java; keep the two formulas identical.
"""
import json

import cv2
import numpy as np
import PIL
from PIL import Image


def pattern(h, w):
    y, x, c = np.meshgrid(np.arange(h), np.arange(w), np.arange(3), indexing="ij")
    return ((y * 37 + x * 11 + c * 71 + ((x * y) % 13) * 5 + (x // 3) * 40 * (c == 1)) % 256).astype(np.uint8)


cases = []
for (h, w), (oh, ow) in [((13, 17), (7, 9)), ((13, 17), (20, 30)), ((30, 40), (28, 28)), ((9, 9), (9, 5)), ((24, 32), (24, 40))]:
    out = np.asarray(Image.fromarray(pattern(h, w)).resize((ow, oh), Image.BICUBIC))
    cases.append({"library": "pillow", "in": [h, w], "out": [oh, ow], "rgb": out.reshape(-1).tolist()})
for (h, w), (oh, ow) in [((13, 17), (7, 9)), ((13, 17), (20, 30)), ((30, 40), (15, 20)), ((18, 32), (24, 32)), ((48, 64), (24, 32))]:
    out = cv2.resize(pattern(h, w), (ow, oh), interpolation=cv2.INTER_LINEAR)
    cases.append({"library": "opencv", "in": [h, w], "out": [oh, ow], "rgb": out.reshape(-1).tolist()})
print(json.dumps({"pillow": PIL.__version__, "opencv": cv2.__version__, "cases": cases}))
