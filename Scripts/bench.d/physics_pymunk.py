#!/usr/bin/env python3
"""pymunk side of the physics benchmark: the scenes OrreryBench's PhysicsBench builds.

Usage: physics_pymunk.py [balls|boxes|mixed] [--steps S] [--sample K] [--hash] [N ...]

- balls (default): N balls of radius 0.5 on a grid 1.2 apart from the bottom-left
  corner of a square box (side 40 up to 1,000 balls, then growing with sqrt(N)), seeded
  velocities in [-5, 5]^2, restitution 0.9 and friction 0.2 for balls and walls,
  2,000 steps by default.
- boxes: columns of 10 resting unit boxes on the ground, 2 apart; 200 steps.
- mixed: columns of 5 boxes with 5 balls of radius 0.4 stacked on each, nudged
  sideways by a velocity that depends only on the index; 200 steps.
  boxes and mixed use restitution 0.1 and friction 0.5 for every shape.
gravity (0, -9.8), dt 1/60, 10 solver iterations, no sleeping, like Orrery.

Materials. pymunk combines two shapes' coefficients by multiplying them (e = e_a * e_b,
mu = mu_a * mu_b); Orrery takes e = max(e_a, e_b) and mu = sqrt(mu_a * mu_b). Every
shape here gets sqrt(e) and sqrt(mu) of its material, walls and ground included, so
pymunk's products are sqrt(mu_a mu_b) -- Orrery's friction for any pair -- and, since
all shapes of a scene share one restitution e, sqrt(e) * sqrt(e) = e = max(e, e).

Broad phase. By default pymunk uses its bounding-box tree; with --hash it uses its
spatial hash, space.use_spatial_hash(dim, count), the like-for-like choice against
Orrery's uniform grid: dim = 2 x the radius of the largest shape's bounding circle
(1.0 for balls of radius 0.5, 1.0 for unit boxes: their half-diagonal is 0.71, so a
box spans at most two cells each way), count = 10 x the shapes (pymunk's advice).

Timed in process CPU seconds (the machine is shared), like OrreryBench. Prints
`pymunk[-hash]/SCENE/N<TAB>body-steps per second<TAB>body-steps/s<TAB># fields`, the
fields as OrreryBench prints them: seconds, ms per step, steps, final mean height, and
contacts (shape pairs with at least one contact point) every K steps, counted between
timed stretches.
"""
import math
import random
import sys
import time

import pymunk

DEFAULT_SIZES = {"balls": [2, 10, 100, 1000], "boxes": [1000], "mixed": [1000]}
DEFAULT_STEPS = {"balls": 2000, "boxes": 200, "mixed": 200}
BALL_E, BALL_MU = 0.9, 0.2
STACK_E, STACK_MU = 0.1, 0.5


def material(shape, e, mu):
    """Per-shape coefficients whose pymunk products equal Orrery's mixing rules."""
    shape.elasticity = math.sqrt(e)
    shape.friction = math.sqrt(mu)


def new_space():
    space = pymunk.Space()
    space.gravity = (0.0, -9.8)
    space.iterations = 10
    return space


def ball_box_side(n):
    return max(40.0, math.ceil(40 * math.sqrt(n / 1000)))


def make_balls(n):
    space = new_space()
    side = ball_box_side(n)
    walls = [((0, 0), (side, 0)), ((0, side), (side, side)), ((0, 0), (0, side)), ((side, 0), (side, side))]
    for a, b in walls:
        seg = pymunk.Segment(space.static_body, a, b, 0.0)
        material(seg, BALL_E, BALL_MU)
        space.add(seg)
    rng = random.Random(42)
    per_row = int((side - 1) / 1.2)
    radius = 0.5
    mass = math.pi * radius * radius
    moment = pymunk.moment_for_circle(mass, 0, radius)
    for i in range(n):
        body = pymunk.Body(mass, moment)
        body.position = (1 + (i % per_row) * 1.2, 1 + (i // per_row) * 1.2)
        body.velocity = (rng.uniform(-5, 5), rng.uniform(-5, 5))
        shape = pymunk.Circle(body, radius)
        material(shape, BALL_E, BALL_MU)
        space.add(body, shape)
    return space


def make_stacks(n, boxes_per_column, balls_per_column):
    space = new_space()
    per_column = boxes_per_column + balls_per_column
    columns = (n + per_column - 1) // per_column
    ground = pymunk.Segment(space.static_body, (-20, 0), (2 * columns + 20, 0), 0.0)
    material(ground, STACK_E, STACK_MU)
    space.add(ground)
    for i in range(n):
        column, level = divmod(i, per_column)
        x = 1 + 2 * column
        if level < boxes_per_column:
            mass = 1.0
            body = pymunk.Body(mass, pymunk.moment_for_box(mass, (1, 1)))
            body.position = (x, 0.5 + level)
            shape = pymunk.Poly.create_box(body, (1, 1), 0.0)
        else:
            radius = 0.4
            mass = math.pi * radius * radius
            body = pymunk.Body(mass, pymunk.moment_for_circle(mass, 0, radius))
            body.position = (x, boxes_per_column + 0.45 + 0.9 * (level - boxes_per_column))
            body.velocity = ((i % 21 - 10) / 10, 0)
            shape = pymunk.Circle(body, radius)
        material(shape, STACK_E, STACK_MU)
        space.add(body, shape)
    return space


def make_space(scene, n):
    if scene == "balls":
        return make_balls(n)
    if scene == "boxes":
        return make_stacks(n, 10, 0)
    return make_stacks(n, 5, 5)


def contacts(space):
    """Shape pairs touching now (arbiters of the last step with contact points)."""
    seen = set()
    for body in space.bodies:
        def visit(arbiter):
            if arbiter.contact_point_set.points:
                a, b = arbiter.shapes
                seen.add((min(id(a), id(b)), max(id(a), id(b))))
        body.each_arbiter(visit)
    return len(seen)


def main():
    args = sys.argv[1:]
    scene, steps, sample, use_hash, sizes = "balls", None, None, False, []
    i = 0
    while i < len(args):
        a = args[i]
        if a in DEFAULT_SIZES:
            scene = a
        elif a == "--steps":
            steps = int(args[i + 1]); i += 1
        elif a == "--sample":
            sample = int(args[i + 1]); i += 1
        elif a == "--hash":
            use_hash = True
        else:
            sizes.append(int(a))
        i += 1
    steps = steps or DEFAULT_STEPS[scene]
    sample = sample or max(1, steps // 4)
    label = "pymunk-hash" if use_hash else "pymunk"
    for n in sizes or DEFAULT_SIZES[scene]:
        space = make_space(scene, n)
        if use_hash:
            space.use_spatial_hash(1.0, 10 * len(space.shapes))
        dt = 1.0 / 60.0
        seconds, done, counts = 0.0, 0, []
        while done < steps:
            chunk = min(sample, steps - done)
            start = time.process_time()
            for _ in range(chunk):
                space.step(dt)
            seconds += time.process_time() - start
            done += chunk
            counts.append(f"{done}:{contacts(space)}")
        mean_y = sum(b.position.y for b in space.bodies) / n
        print(f"{label}/{scene}/{n}\t{int(n * steps / seconds)}\tbody-steps/s\t# seconds={seconds:.3f} "
              f"ms_per_step={1000 * seconds / steps:.3f} steps={steps} mean_y={mean_y:.3f} contacts={','.join(counts)}")


if __name__ == "__main__":
    main()
