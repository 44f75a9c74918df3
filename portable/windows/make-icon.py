#!/usr/bin/env python3
"""make-icon.py — draws sigillo's icon, a red wax seal with a padlock, into sigillo.ico.

Usage: python3 portable/windows/make-icon.py [OUT.ico]     (default: sigillo.ico beside this script)
       python3 portable/windows/make-icon.py --check        (exit 1 if the committed .ico differs)

Python standard library only (zlib, struct), so anyone can regenerate the icon; the output is
byte-for-byte deterministic. The .ico holds 16, 32 and 48 px as 32-bit BMP entries (what every
Windows shell reads) and 256 px as a PNG entry (Vista and later; a 256 px BMP would be 256 KB).

The drawing is a signed-distance sketch, supersampled 4x4 per pixel for anti-aliasing:
 - a wax blob: a disc whose edge ripples (12 lobes), deep red, darker towards the rim;
 - a raised ring pressed into the wax, a little lighter;
 - a cream padlock (rounded body, shackle, keyhole) in the middle.
The small sizes thicken the strokes so the padlock stays readable at 16 px.
"""

import math
import os
import struct
import sys
import zlib

SIZES = (16, 32, 48, 256)
SUPER = 4  # samples per pixel per axis

# Colours (R, G, B).
WAX = (178, 24, 32)
WAX_DARK = (112, 10, 18)
WAX_LIGHT = (214, 58, 58)
CREAM = (250, 236, 206)
HOLE = (112, 10, 18)


def smoothstep(e0, e1, x):
    t = min(1.0, max(0.0, (x - e0) / (e1 - e0)))
    return t * t * (3 - 2 * t)


def rounded_rect(x, y, cx, cy, hw, hh, r):
    """Signed distance from (x, y) to a rounded rectangle (negative inside)."""
    qx = abs(x - cx) - hw + r
    qy = abs(y - cy) - hh + r
    outside = math.hypot(max(qx, 0.0), max(qy, 0.0))
    return outside + min(max(qx, qy), 0.0) - r


def sample(x, y, size):
    """Colour and opacity of one sample; x, y in [-1, 1] (y down)."""
    # Strokes are at least ~1.3 px wide whatever the size.
    px = 2.0 / size
    r = math.hypot(x, y)
    a = math.atan2(y, x)

    # Wax blob: radius ripples with 12 lobes.
    blob_r = 0.90 + 0.05 * math.cos(12 * a)
    if r > blob_r:
        return None
    depth = r / blob_r
    colour = mix(WAX, WAX_DARK, smoothstep(0.55, 1.0, depth))
    # A highlight up-left, as if lit from there.
    colour = mix(colour, WAX_LIGHT, 0.35 * max(0.0, 1 - math.hypot(x + 0.35, y + 0.4) / 0.6))

    # Pressed ring (left out at 16 px, where it would crowd the padlock).
    ring_w = max(0.05, 1.3 * px)
    if size > 16 and abs(r - 0.70) < ring_w / 2:
        colour = mix(colour, WAX_LIGHT, 0.8)

    # Padlock: body, shackle (a half ring above the body), keyhole. Larger at 16 px.
    scale = 1.3 if size <= 16 else 1.0
    x, y, px = x / scale, y / scale, px / scale
    body = rounded_rect(x, y, 0.0, 0.16, 0.34, 0.25, 0.07)
    stroke = max(0.11, 1.6 * px)
    shackle_r = 0.22
    sy = -0.09  # centre of the shackle's arc
    if y <= sy:
        shackle = abs(math.hypot(x, y - sy) - shackle_r) - stroke / 2
    else:
        shackle = abs(abs(x) - shackle_r) - stroke / 2 if y < 0.0 else 1.0
    lock = min(body, shackle)
    if lock < 0:
        colour = CREAM
        keyhole = min(math.hypot(x, y - 0.10) - max(0.075, 1.2 * px),
                      rounded_rect(x, y, 0.0, 0.22, max(0.03, 0.6 * px), 0.10, 0.0))
        if keyhole < 0:
            colour = HOLE
    return colour


def mix(c0, c1, t):
    return tuple(a + (b - a) * t for a, b in zip(c0, c1))


def render(size):
    """Rows of (r, g, b, a) bytes, top row first."""
    rows = []
    n = SUPER * SUPER
    for py in range(size):
        row = bytearray()
        for px in range(size):
            acc = [0.0, 0.0, 0.0]
            hits = 0
            for sy in range(SUPER):
                for sx in range(SUPER):
                    x = ((px + (sx + 0.5) / SUPER) / size) * 2 - 1
                    y = ((py + (sy + 0.5) / SUPER) / size) * 2 - 1
                    c = sample(x, y, size)
                    if c is not None:
                        hits += 1
                        acc[0] += c[0]
                        acc[1] += c[1]
                        acc[2] += c[2]
            if hits:
                row += bytes(round(v / hits) for v in acc) + bytes([round(255 * hits / n)])
            else:
                row += b"\0\0\0\0"
        rows.append(bytes(row))
    return rows


def png(size, rows):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\0" + row for row in rows)  # filter 0 on every row (the others gain < 2 %)
    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9))
            + chunk(b"IEND", b""))


def bmp(size, rows):
    """An ICO's BMP entry: BITMAPINFOHEADER (height doubled), BGRA bottom-up, AND mask."""
    header = struct.pack("<IiiHHIIiiII", 40, size, 2 * size, 1, 32, 0, 0, 0, 0, 0, 0)
    pixels = bytearray()
    for row in reversed(rows):
        for i in range(0, len(row), 4):
            r, g, b, a = row[i:i + 4]
            pixels += bytes((b, g, r, a))
    mask_stride = ((size + 31) // 32) * 4
    mask = bytearray()
    for row in reversed(rows):
        bits = bytearray(mask_stride)
        for x in range(size):
            if row[4 * x + 3] == 0:  # fully transparent: set in the AND mask
                bits[x // 8] |= 0x80 >> (x % 8)
        mask += bits
    return header + bytes(pixels) + bytes(mask)


def ico():
    images = []
    for size in SIZES:
        rows = render(size)
        images.append((size, png(size, rows) if size >= 256 else bmp(size, rows)))
    out = struct.pack("<HHH", 0, 1, len(images))
    offset = 6 + 16 * len(images)
    for size, data in images:
        dim = 0 if size >= 256 else size
        out += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
    return out + b"".join(data for _, data in images)


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    committed = os.path.join(here, "sigillo.ico")
    data = ico()
    if argv[1:] == ["--check"]:
        with open(committed, "rb") as f:
            if f.read() != data:
                print(f"make-icon: {committed} differs from what this script draws; rerun it", file=sys.stderr)
                return 1
        print("make-icon: sigillo.ico is up to date")
        return 0
    out = argv[1] if len(argv) > 1 else committed
    with open(out, "wb") as f:
        f.write(data)
    print(f"make-icon: wrote {out} ({len(data)} bytes; sizes {', '.join(map(str, SIZES))} px)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
