#!/usr/bin/env python3
"""pymunk side of the physics benchmark: the scene OrreryBench's PhysicsBench builds.

N balls of radius 0.5 in a 40x40 box, gravity (0, -9.8), restitution 0.9,
friction 0.2, dt 1/60, 2,000 steps, 10 solver iterations, balls on a grid
1.2 apart from the bottom-left corner with seeded velocities in [-5, 5]^2.
Timed in process CPU seconds (the machine is shared), like OrreryBench.
Prints `pymunk/N<TAB>body-steps per second<TAB>body-steps/s`.

pymunk multiplies the two shapes' elasticities and frictions where Orrery takes
the maximum restitution and the geometric-mean friction; the walls get
elasticity 1 and friction 1 so ball-wall contacts match, and ball-ball contacts
use 0.9 * 0.9 and 0.2 * 0.2 -- close enough for a throughput comparison.
"""
import math
import random
import sys
import time

import pymunk

SIZES = [2, 10, 100, 1000]
STEPS = 2000
BOX = 40.0
RADIUS = 0.5


def make_space(n):
    space = pymunk.Space()
    space.gravity = (0.0, -9.8)
    space.iterations = 10
    walls = [((0, 0), (BOX, 0)), ((0, BOX), (BOX, BOX)), ((0, 0), (0, BOX)), ((BOX, 0), (BOX, BOX))]
    for a, b in walls:
        seg = pymunk.Segment(space.static_body, a, b, 0.0)
        seg.elasticity = 1.0
        seg.friction = 1.0
        space.add(seg)
    rng = random.Random(42)
    per_row = int((BOX - 1) / 1.2)
    mass = math.pi * RADIUS * RADIUS
    moment = pymunk.moment_for_circle(mass, 0, RADIUS)
    for i in range(n):
        body = pymunk.Body(mass, moment)
        body.position = (1 + (i % per_row) * 1.2, 1 + (i // per_row) * 1.2)
        body.velocity = (rng.uniform(-5, 5), rng.uniform(-5, 5))
        shape = pymunk.Circle(body, RADIUS)
        shape.elasticity = 0.9
        shape.friction = 0.2
        space.add(body, shape)
    return space


def main():
    sizes = [int(a) for a in sys.argv[1:]] or SIZES
    for n in sizes:
        space = make_space(n)
        dt = 1.0 / 60.0
        start = time.process_time()
        for _ in range(STEPS):
            space.step(dt)
        seconds = time.process_time() - start
        mean_y = sum(b.position.y for b in space.bodies) / n
        print(f"pymunk/{n}\t{int(n * STEPS / seconds)}\tbody-steps/s\t# mean y {mean_y:.3f}, {seconds:.3f} s")


if __name__ == "__main__":
    main()
