# String formatting in a loop: 200,000 lines of text with an interpolated whole
# number and a number with two decimals; prints their total length and the last line.
def main():
    total = 0
    line = ""
    i = 0
    while i < 200000:
        line = f"item {i}: {i * 0.37:.2f} kg"
        total += len(line)
        i += 1
    print(total, line)


main()
