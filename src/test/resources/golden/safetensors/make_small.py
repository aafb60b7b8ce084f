#!/usr/bin/env python3
"""Writes small.safetensors, the golden file SafetensorsGoldenTest reads.

The Python `safetensors` package is not installed on the project's machines and PyPI cannot be reached, so this script
writes the bytes itself with the standard library, following the reference serializer (safetensors/src/tensor.rs,
`prepare`) rule by rule:
  * tensors sorted by dtype, largest alignment first (the order of the `Dtype` enum, descending), then by name;
  * data_offsets back to back from 0, in that order;
  * header = serde_json compact JSON: "__metadata__" first, then each tensor as {"dtype","shape","data_offsets"};
  * header padded with spaces (0x20) to a multiple of 8; 8-byte little-endian header length in front.
Values are packed with `struct` ('<f', '<d', '<e' = IEEE half, integers); bf16 is written as hand-chosen bit patterns.
With the package installed, `safetensors.numpy.save_file` of the same arrays (bf16 aside) and metadata gives the same
bytes. Run: python3 make_small.py  (deterministic; rerunning must leave the file unchanged).
"""
import json
import os
import struct

# The reference's Dtype enum order (ascending alignment); the serializer sorts by it descending.
DTYPE_ORDER = ["BOOL", "U8", "I8", "F8_E5M2", "F8_E4M3", "I16", "U16", "F16", "BF16",
               "I32", "U32", "F32", "F64", "I64", "U64"]

# name -> (dtype, shape, packed little-endian bytes)
TENSORS = {
    "embed.weight": ("BF16", [2, 3], struct.pack("<6H", 0x3F80, 0xC020, 0x4049, 0x3E20, 0x8000, 0x477F)),
    "norm.weight": ("F16", [4], struct.pack("<4e", 1.0, -0.5, 65504.0, 2.0 ** -24)),
    "proj.weight": ("F32", [2, 2], struct.pack("<4f", 0.1, -1.5, 1e-3, 42.0)),
    "empty": ("F32", [0, 3], b""),
    "scale": ("F64", [], struct.pack("<d", 2.718281828459045)),
    "ids": ("I64", [3], struct.pack("<3q", -1, 0, 2 ** 40 + 7)),
    "pos": ("I32", [2], struct.pack("<2i", -7, 2 ** 31 - 1)),
    "short": ("I16", [2], struct.pack("<2h", -32768, 12345)),
    "signed": ("I8", [2], struct.pack("<2b", -128, 127)),
    "pixels": ("U8", [4], bytes([0, 127, 128, 255])),
    "mask": ("BOOL", [3], bytes([1, 0, 1])),
}
METADATA = {"format": "pt"}


def serialize(tensors, metadata):
    names = sorted(tensors, key=lambda n: (-DTYPE_ORDER.index(tensors[n][0]), n.encode("utf-8")))
    header = {}
    if metadata is not None:
        header["__metadata__"] = metadata
    offset = 0
    for n in names:
        dtype, shape, data = tensors[n]
        header[n] = {"dtype": dtype, "shape": shape, "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
    text = json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    return struct.pack("<Q", len(text)) + text + b"".join(tensors[n][2] for n in names)


if __name__ == "__main__":
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "small.safetensors")
    with open(out, "wb") as f:
        f.write(serialize(TENSORS, METADATA))
    print(out, os.path.getsize(out), "bytes")
