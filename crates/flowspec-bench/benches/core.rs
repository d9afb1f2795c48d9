//! Criterion benchmarks of the language core on a generated workspace of
//! 1,000 files / 100,000 lines, and on one 10,000-line file.

use std::hint::black_box;
use std::sync::Arc;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use flowspec_analysis::Workspace;
use flowspec_analysis::syntax::parse;

fn inputs() -> Vec<(String, Arc<str>)> {
    flowspec_bench::workspace(1000, 100)
        .into_iter()
        .map(|(p, t)| (p, Arc::from(t)))
        .collect()
}

fn loaded(inputs: &[(String, Arc<str>)]) -> Workspace {
    let mut ws = Workspace::new();
    ws.set_files(inputs.to_vec());
    ws
}

fn workspace_benches(c: &mut Criterion) {
    let inputs = inputs();
    let mut group = c.benchmark_group("workspace_1000_files_100k_lines");
    group.sample_size(20);
    group.bench_function("parse_every_file_one_thread", |b| {
        b.iter(|| {
            for (_, text) in &inputs {
                black_box(parse(text));
            }
        })
    });
    group.bench_function("full_check", |b| {
        b.iter(|| {
            let ws = loaded(&inputs);
            let count: usize = ws.files().map(|(id, _)| ws.diagnostics(id).len()).sum();
            black_box(count)
        })
    });
    let with_records: Vec<(String, Arc<str>)> = flowspec_bench::workspace_with_records(1000, 100)
        .into_iter()
        .map(|(p, t)| (p, Arc::from(t)))
        .collect();
    group.bench_function("full_check_with_records_and_mappings", |b| {
        b.iter(|| {
            let ws = loaded(&with_records);
            let count: usize = ws.files().map(|(id, _)| ws.diagnostics(id).len()).sum();
            black_box(count)
        })
    });
    group.bench_function("reanalyse_after_one_file_edit", |b| {
        let edited = format!("{}\n# an edit\n", inputs[500].1);
        b.iter_batched_ref(
            || loaded(&inputs),
            |ws| {
                let (_, affected) = ws.set_file(&inputs[500].0, edited.as_str());
                let count: usize = affected.iter().map(|id| ws.diagnostics(*id).len()).sum();
                black_box(count)
            },
            BatchSize::LargeInput,
        )
    });
    group.bench_function("reanalyse_after_renaming_a_declaration", |b| {
        let edited = inputs[500]
            .1
            .replace("tool tool_500_0 ", "tool tool_500_x ");
        b.iter_batched_ref(
            || loaded(&inputs),
            |ws| {
                let (_, affected) = ws.set_file(&inputs[500].0, edited.as_str());
                let count: usize = affected.iter().map(|id| ws.diagnostics(*id).len()).sum();
                black_box(count)
            },
            BatchSize::LargeInput,
        )
    });
    group.finish();
}

fn large_file_benches(c: &mut Criterion) {
    let text = flowspec_bench::large_file(10_000);
    let mut group = c.benchmark_group("one_file_10k_lines");
    group.sample_size(30);
    group.bench_function("parse", |b| b.iter(|| black_box(parse(&text))));
    group.bench_function("analyse", |b| {
        b.iter(|| {
            let mut ws = Workspace::new();
            let (id, _) = ws.set_file("big.flow", text.as_str());
            black_box(ws.diagnostics(id).len())
        })
    });
    group.bench_function("format", |b| {
        b.iter(|| black_box(flowspec_analysis::format::format(&text).unwrap().len()))
    });
    group.finish();
}

criterion_group!(benches, workspace_benches, large_file_benches);
criterion_main!(benches);
