# Records holding closures: 500,000 small accounts, each a dict of functions
# sharing one captured balance, deposited into and read back.
def account(start):
    balance = start

    def deposit(amount):
        nonlocal balance
        balance += amount
        return balance

    return {"deposit": deposit, "balance": lambda: balance}


def main():
    total = 0
    i = 0
    while i < 500000:
        a = account(i % 100)
        a["deposit"](3)
        a["deposit"](i % 7)
        total += a["balance"]()
        i += 1
    print(total)


main()
