//! The server's process as the soak watches it: alive, and its resident
//! memory, sampled along the run, held to a criterion of flatness.

/// A field of `/proc/PID/status` in KiB (`VmRSS:`, `VmHWM:`).
pub fn status_kib(pid: u32, field: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find(|l| l.starts_with(field))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

/// Whether the process is running: it exists and is not a zombie (a child
/// that exited stays one until the harness reaps it).
pub fn alive(pid: u32) -> bool {
    let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
        return false;
    };
    // `PID (NAME) STATE …`; the name may hold spaces and parentheses.
    stat.rsplit_once(')')
        .and_then(|(_, rest)| rest.split_whitespace().next())
        .is_some_and(|state| state != "Z" && state != "X")
}

/// How much the late run may exceed the early one: the largest sample of
/// the last half may be at most `PERCENT`% plus `SLACK_MIB` above the
/// largest of the second quarter. See [`Samples::verdict`].
pub const PERCENT: u64 = 10;
pub const SLACK_MIB: u64 = 8;

/// Resident memory (KiB) at steps of the run.
#[derive(Debug, Clone, Default)]
pub struct Samples {
    pub points: Vec<(usize, u64)>,
}

/// The figures of a run's memory, in MiB.
#[derive(Debug, Clone, Copy)]
pub struct Verdict {
    /// The first sample (the workspace indexed, nothing edited yet).
    pub start: f64,
    /// The largest sample of the second quarter of the steps: after
    /// warm-up.
    pub warm: f64,
    /// The largest sample of the last half.
    pub late: f64,
    /// The last sample.
    pub end: f64,
    /// What `late` may reach.
    pub bound: f64,
    /// The slope of a least-squares line through the last half, in MiB per
    /// 10,000 steps (a figure, not a criterion).
    pub slope: f64,
}

impl Verdict {
    pub fn flat(&self) -> bool {
        self.late <= self.bound
    }
}

fn mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}

impl Samples {
    pub fn push(&mut self, step: usize, kib: u64) {
        self.points.push((step, kib));
    }

    /// The criterion: with `n` steps, the first quarter is warm-up (the
    /// allocator's arenas grow to the working set, every feature's tables
    /// and caches are filled once). A leak grows with the steps, so the
    /// largest sample of the last half is compared with the largest of the
    /// second quarter, the same workload just after warm-up: it may be
    /// above it by `PERCENT`% (glibc keeps freed memory and fragments it;
    /// the workspace's size wanders as files are created, deleted and
    /// edited) plus `SLACK_MIB` (the allocator's per-thread arenas are
    /// 1 MiB-granular and the server has several threads). Maxima, not
    /// means, so one transient peak after warm-up cannot hide a leak and a
    /// peak in warm-up cannot excuse one. A leak of `b` bytes per step
    /// over the last half of a 100,000-step run adds `50,000 × b`: above
    /// about 200 bytes a step it fails.
    pub fn verdict(&self, steps: usize) -> Verdict {
        let max_in = |from: usize, to: usize| {
            self.points
                .iter()
                .filter(|(s, _)| *s > from && *s <= to)
                .map(|(_, k)| *k)
                .max()
                .unwrap_or(0)
        };
        let warm = max_in(steps / 4, steps / 2);
        let late = max_in(steps / 2, usize::MAX);
        let bound = warm + warm * PERCENT / 100 + SLACK_MIB * 1024;
        let half: Vec<(f64, f64)> = self
            .points
            .iter()
            .filter(|(s, _)| *s > steps / 2)
            .map(|(s, k)| (*s as f64, mib(*k)))
            .collect();
        Verdict {
            start: mib(self.points.first().map_or(0, |p| p.1)),
            warm: mib(warm),
            late: mib(late),
            end: mib(self.points.last().map_or(0, |p| p.1)),
            bound: mib(bound),
            slope: slope(&half) * 10_000.0,
        }
    }
}

/// The least-squares slope of points.
fn slope(points: &[(f64, f64)]) -> f64 {
    let n = points.len() as f64;
    if n < 2.0 {
        return 0.0;
    }
    let mx = points.iter().map(|p| p.0).sum::<f64>() / n;
    let my = points.iter().map(|p| p.1).sum::<f64>() / n;
    let sxy: f64 = points.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
    let sxx: f64 = points.iter().map(|p| (p.0 - mx).powi(2)).sum();
    if sxx == 0.0 { 0.0 } else { sxy / sxx }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn samples(f: impl Fn(usize) -> u64) -> Samples {
        let mut s = Samples::default();
        for step in (0..=10_000).step_by(100) {
            s.push(step, f(step));
        }
        s
    }

    #[test]
    fn flat_memory_passes_and_a_leak_fails() {
        // Noisy but flat around 40 MiB, a peak in warm-up.
        let flat =
            samples(|s| 40 * 1024 + (s as u64 * 7919) % 2048 + if s == 500 { 30_000 } else { 0 });
        let v = flat.verdict(10_000);
        assert!(v.flat(), "{v:?}");
        assert!(v.slope.abs() < 1.0, "{v:?}");
        // 4 KiB a step: 20 MiB over the last half.
        let leak = samples(|s| 40 * 1024 + 4 * s as u64);
        let v = leak.verdict(10_000);
        assert!(!v.flat(), "{v:?}");
        assert!(v.slope > 15.0, "{v:?}");
    }

    #[test]
    fn this_process_is_alive_and_has_memory() {
        let pid = std::process::id();
        assert!(alive(pid));
        assert!(status_kib(pid, "VmRSS:").unwrap() > 0);
        assert!(!alive(u32::MAX));
    }
}
