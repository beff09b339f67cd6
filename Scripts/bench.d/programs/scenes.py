# A scene-building loop: 10,000 scenes of a ground and a row of 10 balls, each built
# as nested dicts (what a Python user writes for a scene description); prints the
# number of bodies and the sum of their x positions.
def make_scene(k):
    bodies = []
    for i in range(10):
        bodies.append({"kind": "ball", "name": f"b{i}", "x": 1 + i * 1.5, "y": 1 + k % 3,
                       "radius": 0.5, "velocity": (1, 0)})
    return {"name": f"row {k}", "gravity": (0, -9.8), "ground": 0, "bodies": bodies}


def main():
    count = 0
    xs = 0
    for k in range(10000):
        s = make_scene(k)
        for b in s["bodies"]:
            count += 1
            xs += b["x"]
    print(count, xs)


main()
