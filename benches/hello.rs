//! The least a Rust program does: start, print one line, exit (benches/cpu-step.py --start).
fn main() {
    println!("hello");
}
