"""Checks an executed notebook: no cell ended in an error, the expected output types are present, and every
PNG decodes strictly.

Usage: /usr/bin/python3 check_outputs.py EXECUTED.ipynb [--require MIME ...]
Exit status 0 when the notebook passes; otherwise 1 with one line per problem on stderr.
The default requirement is at least one HTML table (text/html) and one chart (image/png).
Strict PNG: valid base64 with its padding, the PNG signature, every chunk whole with a correct CRC, IHDR first,
the image data a complete zlib stream, IEND last with nothing after it (jjava-jupyter's own encoder dropped the
last bytes of 24 of 38 tutorial images; browsers forgive that, ImageMagick does not).
"""
import base64
import binascii
import json
import struct
import sys
import zlib


def png_problem(b64):
    """None when the base64 text is a complete, valid PNG; else what is wrong."""
    text = "".join(b64) if isinstance(b64, list) else b64
    text = "".join(text.split())
    try:
        data = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError) as e:
        return f"invalid base64 ({e})"
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        return "no PNG signature"
    pos, first, idat, ended = 8, True, b"", False
    while pos < len(data):
        if ended:
            return f"{len(data) - pos} bytes after IEND"
        if len(data) - pos < 12:
            return f"truncated chunk header at byte {pos} of {len(data)}"
        length, ctype = struct.unpack(">I4s", data[pos:pos + 8])
        if pos + 12 + length > len(data):
            return f"chunk {ctype!r} truncated ({len(data) - pos - 12} of {length} bytes + CRC)"
        body = data[pos + 8:pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])
        if binascii.crc32(ctype + body) & 0xffffffff != crc:
            return f"chunk {ctype!r}: CRC mismatch"
        if first and ctype != b"IHDR":
            return f"first chunk is {ctype!r}, not IHDR"
        first = False
        if ctype == b"IDAT":
            idat += body
        ended = ctype == b"IEND"
        pos += 12 + length
    if not ended:
        return "no IEND chunk"
    d = zlib.decompressobj()
    try:
        d.decompress(idat)
    except zlib.error as e:
        return f"image data is not valid zlib ({e})"
    if not d.eof:
        return "image data ends before its zlib stream does"
    return None


def problems(path, required):
    with open(path, encoding="utf-8") as f:
        nb = json.load(f)
    found = set()
    out = []
    code_cells = [c for c in nb.get("cells", []) if c.get("cell_type") == "code"]
    for n, cell in enumerate(code_cells, 1):
        if cell.get("source") and cell.get("execution_count") is None:
            out.append(f"{path}: code cell {n} was not executed")
        for o in cell.get("outputs", []):
            if o.get("output_type") == "error":
                first = "".join(cell.get("source", "")).splitlines()[:1]
                out.append(f"{path}: code cell {n} ({first[0] if first else ''!s}) failed: "
                           f"{o.get('ename')}: {o.get('evalue')}")
            found.update(o.get("data", {}).keys())
            if "image/png" in o.get("data", {}):
                bad = png_problem(o["data"]["image/png"])
                if bad:
                    out.append(f"{path}: code cell {n}: a PNG does not decode strictly: {bad}")
    for mime in required:
        if mime not in found:
            out.append(f"{path}: no output of type {mime} (expected at least one)")
    return out


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    required = ["text/html", "image/png"]
    if "--require" in argv:
        i = argv.index("--require")
        required = argv[i + 1:]
        argv = argv[:i]
    bad = []
    for path in argv[1:]:
        bad += problems(path, required)
    for line in bad:
        print(line, file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
