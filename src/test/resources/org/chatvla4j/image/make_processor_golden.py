"""Regenerates processor_golden.json: Qwen2-VL's slow image processor steps written out in numpy + Pillow.

The steps mirror transformers' Qwen2VLImageProcessor._preprocess for one still image: Pillow BICUBIC resize to the
smart_resize size, rescale (float64 * 1/255 -> float32), normalize with float32 CLIP mean/std, channels first,
repeat to temporal_patch_size frames, reshape to (gt, tp, C, gh/m, m, p, gw/m, m, p), transpose
(0, 3, 6, 4, 7, 2, 1, 5, 8), flatten to (gt*gh*gw, C*tp*p*p).
Run: /usr/bin/python3 make_processor_golden.py > processor_golden.json  (Debian python3-pil python3-numpy)
"""
import json

import numpy as np
from PIL import Image

MEAN = [0.48145466, 0.4578275, 0.40821073]
STD = [0.26862954, 0.26130258, 0.27577711]
P, M, TP = 14, 2, 2


def pattern(h, w):
    y, x, c = np.meshgrid(np.arange(h), np.arange(w), np.arange(3), indexing="ij")
    return ((y * 37 + x * 11 + c * 71 + ((x * y) % 13) * 5 + (x // 3) * 40 * (c == 1)) % 256).astype(np.uint8)


cases = []
for (h, w), (rh, rw) in [((30, 40), (56, 84)), ((60, 50), (56, 56))]:
    img = np.asarray(Image.fromarray(pattern(h, w)).resize((rw, rh), Image.BICUBIC))
    x = (img.astype(np.float64) * (1 / 255)).astype(np.float32)
    x = (x - np.array(MEAN, dtype=np.float32)) / np.array(STD, dtype=np.float32)
    x = x.transpose(2, 0, 1)[np.newaxis]  # [1, C, H, W]
    x = np.concatenate([x, np.repeat(x[-1][np.newaxis], TP - 1, axis=0)], axis=0)
    gt, gh, gw = x.shape[0] // TP, rh // P, rw // P
    x = x.reshape(gt, TP, 3, gh // M, M, P, gw // M, M, P).transpose(0, 3, 6, 4, 7, 2, 1, 5, 8)
    flat = x.reshape(gt * gh * gw, 3 * TP * P * P)
    v = flat.reshape(-1)
    idx = list(range(0, v.size, 101))
    cases.append({"in": [h, w], "grid_thw": [gt, gh, gw], "shape": list(flat.shape), "sample_every": 101,
                  "samples": [float(v[i]) for i in idx], "sum": float(v.astype(np.float64).sum())})
print(json.dumps({"cases": cases}))
