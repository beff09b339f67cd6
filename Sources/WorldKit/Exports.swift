// Vec2, RandomStream, WilsonInterval and the JSON/markup writers come from OrreryBase;
// importing this module brings them along.
@_exported import OrreryBase
