//! Placeholder tour; replaced by the full tour.
fn main() {
    println!("jeton tour");
}
