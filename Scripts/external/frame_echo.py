#!/usr/bin/env python3
"""A protocol-version-2 client that moves no pixels: it gives back the last context
frame at every step (the "repeat the last frame" baseline). Numpy only.

It exists to measure what frames cost on the bridge (Scripts/bench bridge) and to test
the host's checks (Tests/WorldKitTests/ExternalFrameTests.swift):

    --takes frames|bodies|both   what its hello asks for (default frames)
    --gives frames|bodies|both   what its decode replies carry (default frames)
    --encoding raw|png           how the host should send frames, and how it sends its own
    --size W H                   the frame size it asks for and gives (default 64 64)
    --fault KIND                 on decode, send a bad frame: size (another size than its
                                 hello promised), bytes (raw data one byte short), png
                                 (encoding png, data not a PNG), base64 (data not base64),
                                 missing (no frame at all)
"""
import argparse
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import orrery_frames  # noqa: E402


def main(argv):
    p = argparse.ArgumentParser()
    p.add_argument("--takes", choices=["frames", "bodies", "both"], default="frames")
    p.add_argument("--gives", choices=["frames", "bodies", "both"], default="frames")
    p.add_argument("--encoding", choices=["raw", "png"], default="raw")
    p.add_argument("--size", type=int, nargs=2, default=[64, 64])
    p.add_argument("--fault", choices=["size", "bytes", "png", "base64", "missing"])
    args = p.parse_args(argv)
    width, height = args.size
    takes_frames, gives_frames = args.takes != "bodies", args.gives != "bodies"
    # The one frame it repeats, per start (states name it): kept here, not in the state.
    frames, bodies = [], []

    def reply(obj):
        # One write for the whole line: a 16 KB frame through the 8 KB text buffer would
        # reach the host in pieces, each a wake-up on a busy machine.
        sys.stdout.buffer.write((json.dumps(obj, separators=(",", ":")) + "\n").encode())
        sys.stdout.buffer.flush()

    for line in sys.stdin:
        request = json.loads(line)
        kind = request["type"]
        if kind == "hello":
            reply({"type": "hello", "version": 2, "name": "frame echo", "context": 2,
                   "takes": {"bodies": args.takes != "frames", "frames": [width, height] if takes_frames else None,
                             "encoding": args.encoding},
                   "gives": {"bodies": args.gives != "frames", "frames": [width, height] if gives_frames else None},
                   "taxonomy": {"state": "implicit", "memory": "none", "summary": "repeats the last frame"}})
        elif kind == "start":
            last = request["context"][-1]
            frame = orrery_frames.decode(last["frame"]) if takes_frames else np.zeros((height, width, 3), np.uint8)
            frames.append(frame)
            bodies.append([{"name": b["name"], "position": b["position"]} for b in last.get("bodies", [])])
            reply({"type": "state", "step": last["step"], "state": {"id": len(frames) - 1}})
        elif kind == "step":
            reply({"type": "state", "state": request["state"]})
        elif kind == "decode":
            i = request["state"]["id"]
            out = {"type": "decoded"}
            if args.gives != "frames":
                out["bodies"] = bodies[i]
            if gives_frames:
                frame = orrery_frames.encode(frames[i], args.encoding)
                if args.fault == "size":
                    frame = orrery_frames.encode(np.zeros((height // 2, width // 2, 3), np.uint8), args.encoding)
                elif args.fault == "bytes":
                    frame = orrery_frames.encode(frames[i], "raw")
                    frame["data"] = orrery_frames.base64.b64encode(frames[i].tobytes()[:-1]).decode("ascii")
                elif args.fault == "png":
                    frame = {"encoding": "png", "width": width, "height": height,
                             "data": orrery_frames.base64.b64encode(b"not a png at all").decode("ascii")}
                elif args.fault == "base64":
                    frame["data"] = "***"
                if args.fault != "missing":
                    out["frame"] = frame
            reply(out)
        elif kind == "shutdown":
            reply({"type": "bye"})
            return 0
        else:
            reply({"type": "error", "message": f"'{kind}' is not supported"})
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
