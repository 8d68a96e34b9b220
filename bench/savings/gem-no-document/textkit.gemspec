Gem::Specification.new do |s|
  s.name        = "textkit"
  s.version     = "1.0.0"
  s.summary     = "Small text helpers (the savings benchmark's local gem)"
  s.authors     = ["dfopt"]
  s.license     = "MIT"
  s.files       = Dir["lib/**/*.rb"]
  s.require_paths = ["lib"]
end
