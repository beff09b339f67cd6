-- Recursive Fibonacci written the way people often do: each call's result in a local.
local function fib(n)
  if n < 2 then return n end
  local a = fib(n - 1)
  local b = fib(n - 2)
  return a + b
end
print(fib(30))
