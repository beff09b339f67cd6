-- Records holding closures: 500,000 small accounts, each a table of functions
-- sharing one captured balance, deposited into and read back.
local function account(start)
  local balance = start
  return {
    deposit = function(amount) balance = balance + amount; return balance end,
    balance = function() return balance end,
  }
end
local total = 0
local i = 0
while i < 500000 do
  local a = account(i % 100)
  a.deposit(3)
  a.deposit(i % 7)
  total = total + a.balance()
  i = i + 1
end
print(total)
