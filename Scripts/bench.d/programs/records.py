# List-of-records mutation: 1,000 particles bouncing in [0, 50], 1,000 passes that
# update each dict's fields in place; prints the sum of the positions.
def main():
    particles = []
    for i in range(1000):
        particles.append({"x": i % 50, "v": i % 7 - 3})
    for _ in range(1000):
        for p in particles:
            p["x"] += p["v"] * 0.1
            if p["x"] < 0 or p["x"] > 50:
                p["v"] = -p["v"]
    total = 0
    for p in particles:
        total += p["x"]
    print(f"{total:.6f}")


main()
