-- A scene-building loop: 10,000 scenes of a ground and a row of 10 balls, each built
-- as nested tables; prints the number of bodies and the sum of their x positions.
local function make_scene(k)
  local bodies = {}
  for i = 0, 9 do
    bodies[#bodies + 1] = {kind = "ball", name = "b" .. i, x = 1 + i * 1.5, y = 1 + k % 3,
                           radius = 0.5, velocity = {1, 0}}
  end
  return {name = "row " .. k, gravity = {0, -9.8}, ground = 0, bodies = bodies}
end
local count = 0
local xs = 0
for k = 0, 9999 do
  local s = make_scene(k)
  for _, b in ipairs(s.bodies) do
    count = count + 1
    xs = xs + b.x
  end
end
print(count, xs)
