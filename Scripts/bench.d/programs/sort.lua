-- Build a list of one million pseudo-random numbers (Park-Miller LCG) and sort it.
local x = 42
local xs = {}
local i = 0
while i < 1000000 do
  x = x * 16807 % 2147483647
  xs[#xs + 1] = x
  i = i + 1
end
table.sort(xs)
print(xs[1] .. " " .. xs[500001] .. " " .. xs[1000000])
