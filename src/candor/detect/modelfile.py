"""The shipped model file: a JSON header line, then the weight arrays as raw bytes.

Plain and byte-for-byte reproducible (no timestamps, no pickles, nothing
executable): `candor train` twice gives the same file. The header records
the format version, the training data, the settings and the metrics.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from candor.errors import CandorError

MAGIC = b"CANDOR-DETECTOR\n"
FORMAT_VERSION = 1  # bump when the layout or the features change; readers check it


@dataclass(frozen=True)
class ModelFile:
    header: dict
    arrays: dict[str, np.ndarray]


def write(path: Path, header: dict, arrays: dict[str, np.ndarray]) -> None:
    blobs, layout = [], []
    for name in sorted(arrays):
        a = np.ascontiguousarray(arrays[name])
        data = a.astype(a.dtype.newbyteorder("<"), copy=False).tobytes()
        layout.append({"name": name, "dtype": a.dtype.str.replace(">", "<").replace("=", "<"),
                       "shape": list(a.shape), "bytes": len(data)})
        blobs.append(data)
    body = b"".join(blobs)
    head = dict(header, format_version=FORMAT_VERSION, arrays=layout, sha256=hashlib.sha256(body).hexdigest())
    text = json.dumps(head, sort_keys=True, separators=(",", ":")).encode("utf-8")
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_bytes(MAGIC + text + b"\n" + body)
    tmp.replace(path)


def read(path: Path) -> ModelFile:
    data = Path(path).read_bytes()
    if not data.startswith(MAGIC):
        raise CandorError(f"{Path(path).name} is not a Candor detector model file; rebuild it with 'candor train'")
    end = data.index(b"\n", len(MAGIC))
    header = json.loads(data[len(MAGIC):end])
    if header.get("format_version") != FORMAT_VERSION:
        raise CandorError(
            f"{Path(path).name} is a detector model of format {header.get('format_version')}, but this Candor "
            f"reads format {FORMAT_VERSION}; rebuild it with 'candor train' or reinstall Candor"
        )
    body = memoryview(data)[end + 1:]
    if hashlib.sha256(body).hexdigest() != header["sha256"]:
        raise CandorError(f"{Path(path).name} is damaged (checksum mismatch); rebuild it with 'candor train'")
    arrays, at = {}, 0
    for spec in header["arrays"]:
        arrays[spec["name"]] = np.frombuffer(body[at:at + spec["bytes"]], dtype=spec["dtype"]).reshape(spec["shape"])
        at += spec["bytes"]
    return ModelFile(header, arrays)
