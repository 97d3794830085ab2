Gem::Specification.new do |spec|
  spec.name = %q{x}
  spec.version = "1.0".freeze
  spec.platform = "java"
  spec.licenses = ["MIT".freeze, 'Apache-2.0']
  spec.summary = "#{interp}"
end
