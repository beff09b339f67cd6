"""Scenic 3 side of the causal benchmark: sample and simulate two-ball scenes.

The same scene family as `OrreryBench causal`: two bodies of size 1 in 2D, the
first at (U(0,6), U(0,3)) moving at (U(1,4), U(-1,1)), the second at
(U(3,9), U(0,3)) moving at (U(-2,0), U(-1,1)), required to start more than 2
apart (rejection sampling), then 50 steps of 1/60 s in Scenic's Newtonian
simulator, rendering off. That simulator moves each object by its velocity and
resolves no collisions, so the script also counts the scenes in which the two unit
squares come to overlap (scenic.overlapping). Prints `name<TAB>value<TAB>unit` lines like
OrreryBench, with wall-clock and CPU-time (`_cpu`) throughputs. Usage: scenic_sample.py [SCENES] [STEPS] [SEED]
"""
import random
import sys
import time

import scenic

PROGRAM = """
param render = False
model scenic.simulators.newtonian.model

ego = new Object at (Range(0, 6), Range(0, 3)), with velocity (Range(1, 4), Range(-1, 1)), with width 1, with length 1
c = new Object at (Range(3, 9), Range(0, 3)), with velocity (Range(-2, 0), Range(-1, 1)), with width 1, with length 1
require (distance from ego to c) > 2
"""


def main():
    scenes = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    steps = int(sys.argv[2]) if len(sys.argv) > 2 else 50
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 7
    random.seed(seed)
    scenario = scenic.scenarioFromString(PROGRAM, mode2D=True)

    start, cpu_start = time.perf_counter(), time.process_time()
    sampled, iterations = [], 0
    for _ in range(scenes):
        scene, tries = scenario.generate(maxIterations=10_000)
        sampled.append(scene)
        iterations += tries
    sampling, sampling_cpu = time.perf_counter() - start, time.process_time() - cpu_start
    print(f"scenic.sample\t{scenes / sampling:.1f}\tscenes/s")
    print(f"scenic.sample_iterations\t{iterations / scenes:.3f}\ttries/scene")

    simulator = scenario.getSimulator()
    try:
        start, cpu_start = time.perf_counter(), time.process_time()
        results = []
        for scene in sampled:
            simulation = simulator.simulate(scene, maxSteps=steps, timestep=1 / 60)
            if simulation is None:
                raise RuntimeError("a simulation was rejected")
            results.append(simulation.result)
        simulating, simulating_cpu = time.perf_counter() - start, time.process_time() - cpu_start
    except Exception as error:  # report and measure sampling alone, as the benchmark asks
        print(f"scenic: simulation failed ({error}); measured sampling alone", file=sys.stderr)
        print(f"scenic.simulated\t0\tflag")
        print(f"scenic.sample_and_simulate\t{scenes / sampling:.1f}\tscenes/s")
        print(f"scenic.sample_and_simulate_cpu\t{scenes / sampling_cpu:.1f}\tscenes/cpu-s")
        return
    print(f"scenic.simulated\t1\tflag")
    # Outside the timing: scenes whose two axis-aligned unit squares overlap at some step
    # (a trajectory holds one tuple of object positions per step).
    try:
        overlapping = sum(
            1 for result in results
            if any(abs(a[0] - b[0]) < 1 and abs(a[1] - b[1]) < 1 for a, b in (step[:2] for step in result.trajectory)))
        print(f"scenic.overlapping\t{overlapping}\tscenes")
    except Exception as error:
        print(f"scenic: could not read the trajectories ({error})", file=sys.stderr)
    print(f"scenic.simulate\t{scenes / simulating:.1f}\tscenes/s")
    print(f"scenic.sample_and_simulate\t{scenes / (sampling + simulating):.1f}\tscenes/s")
    print(f"scenic.sample_and_simulate_cpu\t{scenes / (sampling_cpu + simulating_cpu):.1f}\tscenes/cpu-s")


if __name__ == "__main__":
    main()
