-- String formatting in a loop: 200,000 lines of text with an interpolated whole
-- number and a number with two decimals; prints their total length and the last line.
local total = 0
local line = ""
local i = 0
while i < 200000 do
  line = "item " .. i .. ": " .. string.format("%.2f", i * 0.37) .. " kg"
  total = total + #line
  i = i + 1
end
print(total, line)
