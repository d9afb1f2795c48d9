//! One seeded random source for every test and benchmark that generates
//! designs or edits: a linear congruential generator (Knuth's MMIX
//! constants). Enough to vary inputs, reproducible from its seed, and no
//! dependency.

pub struct Rng(u64);

impl Rng {
    /// The state is the seed: the first draw mixes it.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    /// True `percent` times in a hundred.
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_seed_gives_the_same_draws_and_draws_stay_below_the_bound() {
        let draws = |seed| {
            let mut rng = Rng::new(seed);
            (0..50).map(|_| rng.below(7)).collect::<Vec<_>>()
        };
        assert_eq!(draws(3), draws(3));
        assert_ne!(draws(3), draws(4));
        assert!(draws(3).iter().all(|&d| d < 7));
        assert!(
            (0..7).all(|d| draws(3).contains(&d)),
            "every value comes up"
        );
    }
}
