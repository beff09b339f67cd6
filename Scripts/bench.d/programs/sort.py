# Build a list of one million pseudo-random numbers (Park-Miller LCG) and sort it.
def main():
    x = 42
    xs = []
    i = 0
    while i < 1000000:
        x = x * 16807 % 2147483647
        xs.append(x)
        i += 1
    s = sorted(xs)
    print(s[0], s[500000], s[999999])


main()
