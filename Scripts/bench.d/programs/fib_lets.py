# Recursive Fibonacci written the way people often do: each call's result in a local.
def fib(n):
    if n < 2:
        return n
    a = fib(n - 1)
    b = fib(n - 2)
    return a + b


def main():
    print(fib(30))


main()
