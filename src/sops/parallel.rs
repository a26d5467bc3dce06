//! Per-value cryptography of large files on two threads: the values are independent, and
//! the machine has more than one core more often than not.

/// Below this many items a second thread costs more than it saves.
const MIN_ITEMS: usize = 2048;

/// `f` applied to every item, in order; on two threads when there are many items.
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    if items.len() < MIN_ITEMS {
        return items.iter().map(&f).collect();
    }
    let (first, second) = items.split_at(items.len() / 2);
    std::thread::scope(|scope| {
        let second = scope.spawn(|| second.iter().map(&f).collect::<Vec<R>>());
        let mut results: Vec<R> = first.iter().map(&f).collect();
        results.extend(
            second
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
        );
        results
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn keeps_the_order() {
        for n in [0, 5, super::MIN_ITEMS + 3] {
            let items: Vec<usize> = (0..n).collect();
            assert_eq!(
                super::map(&items, |i| i * 2),
                items.iter().map(|i| i * 2).collect::<Vec<_>>()
            );
        }
    }
}
