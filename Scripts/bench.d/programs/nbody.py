# A nested-loop n-body: 40 bodies as dicts in a list, 2D softened gravity, 500 steps
# of pairwise forces; prints the energy before and after.
from math import sqrt


def energy(bodies):
    e = 0
    for i, b in enumerate(bodies):
        e += 0.5 * b["m"] * (b["vx"] * b["vx"] + b["vy"] * b["vy"])
        for c in bodies[i + 1:]:
            dx = b["x"] - c["x"]
            dy = b["y"] - c["y"]
            e -= b["m"] * c["m"] / sqrt(dx * dx + dy * dy + 0.01)
    return e


def main():
    n = 40
    dt = 0.001
    bodies = []
    seed = 42
    for i in range(n):
        seed = seed * 16807 % 2147483647
        x = seed / 2147483647 * 10
        seed = seed * 16807 % 2147483647
        y = seed / 2147483647 * 10
        bodies.append({"x": x, "y": y, "vx": 0, "vy": 0, "m": 1 + i % 3})
    print(f"{energy(bodies):.9f}")
    for step in range(500):
        for i in range(n):
            bi = bodies[i]
            for j in range(i + 1, n):
                bj = bodies[j]
                dx = bi["x"] - bj["x"]
                dy = bi["y"] - bj["y"]
                d2 = dx * dx + dy * dy + 0.01
                mag = dt / (d2 * sqrt(d2))
                mi = bi["m"]
                mj = bj["m"]
                bi["vx"] -= dx * mj * mag
                bi["vy"] -= dy * mj * mag
                bj["vx"] += dx * mi * mag
                bj["vy"] += dy * mi * mag
        for b in bodies:
            b["x"] += dt * b["vx"]
            b["y"] += dt * b["vy"]
    print(f"{energy(bodies):.9f}")


main()
