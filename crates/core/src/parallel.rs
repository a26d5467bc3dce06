//! Independent work on many items (files) on a small pool of threads, one per core the
//! machine gives this process, with the results handed back in the items' order as soon
//! as every earlier one is in: output stays deterministic however the work interleaves.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

/// How many threads to use for `items` pieces of work: the cores available to this
/// process (`available_parallelism`, which honours CPU affinity and cgroup quotas), at
/// most one per item, at least one. `SECRET_JOBS` overrides the number of cores.
pub fn workers_for(items: usize) -> usize {
    let cores = std::env::var("SECRET_JOBS")
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|&n| n > 0)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    cores.min(items).max(1)
}

/// Runs `work` on every item, each worker thread with its own `state` (made by `init`,
/// e.g. the user's keys, found once per thread), and calls `done` on this thread with
/// each result in the items' order. One item's failure is its result: the others go on.
pub fn for_each_ordered<T, S, R>(
    items: &[T],
    init: impl Fn() -> S + Sync,
    work: impl Fn(&mut S, &T) -> R + Sync,
    mut done: impl FnMut(usize, R),
) where
    T: Sync,
    R: Send,
{
    let workers = workers_for(items.len());
    if workers == 1 {
        let mut state = init();
        for (index, item) in items.iter().enumerate() {
            done(index, work(&mut state, item));
        }
        return;
    }
    let next = AtomicUsize::new(0);
    let (sender, receiver) = mpsc::channel::<(usize, R)>();
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let sender = sender.clone();
            let (next, init, work) = (&next, &init, &work);
            scope.spawn(move || {
                let mut state = init();
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some(item) = items.get(index) else { break };
                    if sender.send((index, work(&mut state, item))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(sender);
        let mut waiting = BTreeMap::new();
        let mut expected = 0;
        for (index, result) in receiver {
            waiting.insert(index, result);
            while let Some(result) = waiting.remove(&expected) {
                done(expected, result);
                expected += 1;
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_back_in_order_whatever_the_timing() {
        let items: Vec<u64> = (0..200).collect();
        let mut seen = Vec::new();
        for_each_ordered(
            &items,
            || 0u64,
            |calls, &n| {
                *calls += 1;
                // Later items finish first.
                std::thread::sleep(std::time::Duration::from_micros((200 - n) * 5));
                n * 2
            },
            |index, result| seen.push((index, result)),
        );
        let expected: Vec<(usize, u64)> = (0..200).map(|n| (n, n as u64 * 2)).collect();
        assert_eq!(seen, expected);
    }

    #[test]
    fn no_items_no_calls() {
        let mut called = false;
        for_each_ordered(&[] as &[u8], || (), |_, _| 1, |_, _: i32| called = true);
        assert!(!called);
        assert_eq!(workers_for(0), 1);
    }
}
