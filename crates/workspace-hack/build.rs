// A build script makes cargo honour the crate's build-dependencies (the
// proc-macro side of the unification).
fn main() {}
