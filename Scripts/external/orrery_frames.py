"""Frames as the external-model protocol (version 2) carries them: numpy <-> JSON.

A frame is {"encoding": "raw" | "png", "width": W, "height": H, "data": base64}; raw is
W*H*3 RGB bytes, rows top to bottom. Arrays here are uint8, shape (H, W, 3).
Only numpy and the standard library are needed.
"""
import base64
import struct
import zlib

import numpy as np

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def encode(frame, encoding="raw"):
    """A (H, W, 3) uint8 array as a protocol frame object."""
    frame = np.ascontiguousarray(frame, dtype=np.uint8)
    h, w, c = frame.shape
    assert c == 3, "frames are RGB"
    data = frame.tobytes() if encoding == "raw" else png_bytes(frame)
    return {"encoding": encoding, "width": w, "height": h, "data": base64.b64encode(data).decode("ascii")}


def decode(obj):
    """A protocol frame object as a (H, W, 3) uint8 array (raises ValueError when malformed)."""
    w, h = int(obj["width"]), int(obj["height"])
    data = base64.b64decode(obj["data"], validate=True)
    if obj["encoding"] == "raw":
        if len(data) != w * h * 3:
            raise ValueError(f"raw frame has {len(data)} bytes; {w}x{h} RGB needs {w * h * 3}")
        return np.frombuffer(data, dtype=np.uint8).reshape(h, w, 3)
    if obj["encoding"] == "png":
        frame = png_array(data)
        if frame.shape[:2] != (h, w):
            raise ValueError(f"PNG is {frame.shape[1]}x{frame.shape[0]}, the frame says {w}x{h}")
        return frame
    raise ValueError(f"unknown frame encoding {obj['encoding']!r}")


def _chunk(kind, payload):
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))


def png_bytes(frame, level=1):
    """An RGB8 PNG of the array: filter 0 on every row, zlib at `level`."""
    h, w, _ = frame.shape
    rows = np.concatenate([np.zeros((h, 1), np.uint8), frame.reshape(h, w * 3)], axis=1)
    header = struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)
    return (PNG_SIGNATURE + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(rows.tobytes(), level))
            + _chunk(b"IEND", b""))


def png_array(data):
    """Decodes a non-interlaced 8-bit RGB or RGBA PNG (any row filters) to (H, W, 3) uint8."""
    if data[:8] != PNG_SIGNATURE:
        raise ValueError("not a PNG (bad signature)")
    pos, idat, header = 8, [], None
    while pos + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        payload = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", payload)
        elif kind == b"IDAT":
            idat.append(payload)
        elif kind == b"IEND":
            break
        pos += 12 + length
    if header is None:
        raise ValueError("PNG without IHDR")
    w, h, depth, colour, _, _, interlace = header
    if depth != 8 or colour not in (2, 6) or interlace:
        raise ValueError("only 8-bit RGB/RGBA non-interlaced PNGs are read")
    bpp = 3 if colour == 2 else 4
    raw = np.frombuffer(zlib.decompress(b"".join(idat)), dtype=np.uint8).reshape(h, 1 + w * bpp)
    out = np.zeros((h, w * bpp), dtype=np.int32)
    prev = np.zeros(w * bpp, dtype=np.int32)
    for y in range(h):
        kind, line = raw[y, 0], raw[y, 1:].astype(np.int32)
        if kind == 0:
            row = line
        elif kind == 2:
            row = (line + prev) & 255
        else:  # sub, average and paeth depend on the pixel to the left: one pixel at a time
            row = np.zeros_like(line)
            for x in range(w * bpp):
                left = row[x - bpp] if x >= bpp else 0
                up, upleft = prev[x], (prev[x - bpp] if x >= bpp else 0)
                if kind == 1:
                    pred = left
                elif kind == 3:
                    pred = (left + up) >> 1
                elif kind == 4:
                    p = left + up - upleft
                    pa, pb, pc = abs(p - left), abs(p - up), abs(p - upleft)
                    pred = left if pa <= pb and pa <= pc else (up if pb <= pc else upleft)
                else:
                    raise ValueError(f"bad PNG row filter {kind}")
                row[x] = (line[x] + pred) & 255
        out[y] = row
        prev = row
    return out.reshape(h, w, bpp)[:, :, :3].astype(np.uint8)
