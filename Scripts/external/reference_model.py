#!/usr/bin/env python3
"""Reference client of Orrery's external-model protocol (docs/external-protocol.md).

A constant-velocity-with-gravity predictor in numpy: velocities are estimated
from the last two sightings of each body in the context, then every step adds
gravity and moves the bodies, bouncing them off the ground and the bounds with
the body's restitution. Its state is a plain JSON object, so the host can keep,
copy and hand back states (branching rollouts) while this process keeps nothing.

Testing switches (used by Orrery's own tests, harmless otherwise):
  --hang-on STEP    never answer the request of that type (tests timeouts)
  --crash-on STEP   exit with status 3 on that request (tests crashes)
  --garbage-on STEP answer that request with a line that is not JSON
"""
import json
import sys

import numpy as np

PROTOCOL_VERSION = 1


def reply(obj):
    sys.stdout.write(json.dumps(obj, separators=(",", ":")) + "\n")
    sys.stdout.flush()


def start(scene, context):
    """The state: per body position, velocity, radius and restitution; and the world."""
    dt = float(scene["dt"])
    names, pos, vel, half, rest = [], [], [], [], []
    for body in scene["bodies"]:
        sightings = [(o["step"], b) for o in context for b in o["bodies"] if b["name"] == body["name"]]
        if sightings:
            step, last = sightings[-1]
            p = np.array(last["position"], dtype=float)
            if len(sightings) >= 2:
                step0, prev = sightings[-2]
                v = (p - np.array(prev["position"], dtype=float)) / (dt * max(1, step - step0))
            else:
                v = np.array(body["velocity"], dtype=float)
        else:
            # Never seen in the context: trust the scene's declaration.
            p = np.array(body["position"], dtype=float)
            v = np.array(body["velocity"], dtype=float)
        if body.get("static"):
            v = np.zeros(2)
        names.append(body["name"])
        pos.append(p)
        vel.append(v)
        half.append(np.array(body["size"], dtype=float) / 2)
        rest.append(float(body["restitution"]))
    last_step = context[-1]["step"] if context else 0
    return {
        "step": last_step,
        "names": names,
        "position": np.array(pos).reshape(-1, 2).tolist(),
        "velocity": np.array(vel).reshape(-1, 2).tolist(),
        "half": np.array(half).reshape(-1, 2).tolist(),
        "restitution": rest,
        "static": [bool(b.get("static")) for b in scene["bodies"]],
        "gravity": scene["gravity"],
        "dt": dt,
        "ground": scene["ground"],
        "bounds": scene["bounds"],
    }


def step(state):
    p = np.array(state["position"], dtype=float).reshape(-1, 2)
    v = np.array(state["velocity"], dtype=float).reshape(-1, 2)
    half = np.array(state["half"], dtype=float).reshape(-1, 2)
    e = np.array(state["restitution"], dtype=float)
    moving = ~np.array(state["static"], dtype=bool)
    dt = state["dt"]
    v[moving] += np.array(state["gravity"], dtype=float) * dt
    p[moving] += v[moving] * dt
    floors = [state["ground"]] if state["ground"] is not None else []
    lo = hi = None
    if state["bounds"] is not None:
        lo, hi = np.array(state["bounds"][0], dtype=float), np.array(state["bounds"][1], dtype=float)
        floors.append(lo[1])
    for i in np.nonzero(moving)[0]:
        for floor in floors:
            if p[i, 1] - half[i, 1] < floor:
                p[i, 1] = floor + half[i, 1]
                v[i, 1] = abs(v[i, 1]) * e[i]
        if lo is not None:
            for axis in (0, 1):
                if p[i, axis] + half[i, axis] > hi[axis]:
                    p[i, axis] = hi[axis] - half[i, axis]
                    v[i, axis] = -abs(v[i, axis]) * e[i]
                if p[i, axis] - half[i, axis] < lo[axis]:
                    p[i, axis] = lo[axis] + half[i, axis]
                    v[i, axis] = abs(v[i, axis]) * e[i]
    out = dict(state)
    out["step"] = state["step"] + 1
    out["position"] = p.tolist()
    out["velocity"] = v.tolist()
    return out


def decode(state):
    return [
        {"name": n, "position": p, "velocity": v}
        for n, p, v in zip(state["names"], state["position"], state["velocity"])
    ]


def edit(state, body, factor, value):
    if body not in state["names"]:
        raise ValueError("no body named '%s'" % body)
    i = state["names"].index(body)
    out = json.loads(json.dumps(state))
    slots = {"x": ("position", 0), "y": ("position", 1), "vx": ("velocity", 0), "vy": ("velocity", 1)}
    if factor not in slots:
        raise ValueError("no factor '%s' (x, y, vx, vy)" % factor)
    key, axis = slots[factor]
    out[key][i][axis] = float(value)
    return out


def main(argv):
    faults = {}
    for flag in ("--hang-on", "--crash-on", "--garbage-on"):
        if flag in argv:
            faults[argv[argv.index(flag) + 1]] = flag
    for line in sys.stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        kind = request.get("type")
        fault = faults.get(kind)
        if fault == "--hang-on":
            while True:
                sys.stdin.readline() or __import__("time").sleep(1)
        if fault == "--crash-on":
            sys.stderr.write("reference model: crashing on '%s' as asked\n" % kind)
            sys.exit(3)
        if fault == "--garbage-on":
            sys.stdout.write("this is not json\n")
            sys.stdout.flush()
            continue
        try:
            if kind == "hello":
                reply({
                    "type": "hello", "version": PROTOCOL_VERSION, "name": "reference (constant velocity + gravity)",
                    "context": 2,
                    "taxonomy": {"state": "explicit", "memory": "objectSlots",
                                 "summary": "numpy constant velocity with gravity and wall bounces"},
                })
            elif kind == "start":
                state = start(request["scene"], request["context"])
                reply({"type": "state", "step": state["step"], "state": state})
            elif kind == "step":
                state = step(request["state"])
                reply({"type": "state", "step": state["step"], "state": state})
            elif kind == "decode":
                reply({"type": "decoded", "step": request["state"]["step"], "bodies": decode(request["state"])})
            elif kind == "edit":
                state = edit(request["state"], request.get("body"), request["factor"], request["value"])
                reply({"type": "state", "step": state["step"], "state": state})
            elif kind == "shutdown":
                reply({"type": "bye"})
                return 0
            else:
                reply({"type": "error", "message": "unknown request type '%s'" % kind})
        except (KeyError, ValueError, TypeError, IndexError) as error:
            reply({"type": "error", "message": str(error)})
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
