use std::sync::Arc;
use std::time::Instant;
fn main() {
    let files = flowspec_bench::workspace(1000, 100);
    let inputs: Vec<(String, Arc<str>)> =
        files.into_iter().map(|(p, t)| (p, Arc::from(t))).collect();
    let t = Instant::now();
    for (_, text) in &inputs {
        std::hint::black_box(flowspec_analysis::syntax::parse(text));
    }
    println!("parse 1 thread: {:?}", t.elapsed());
    let t = Instant::now();
    let mut ws = flowspec_analysis::Workspace::new();
    ws.set_files(inputs.clone());
    let n: usize = ws.files().map(|(id, _)| ws.diagnostics(id).len()).sum();
    println!("load+diagnostics: {:?} ({n} diags)", t.elapsed());
    let t = Instant::now();
    let (_, affected) = ws.set_file(&inputs[10].0, format!("{}\n# edit\n", inputs[10].1));
    let n: usize = affected.iter().map(|id| ws.diagnostics(*id).len()).sum();
    println!(
        "reanalyse one file: {:?} ({} affected, {n} diags)",
        t.elapsed(),
        affected.len()
    );
    let big = flowspec_bench::large_file(10_000);
    let t = Instant::now();
    let (id, _) = ws.set_file("big.flow", big);
    let n = ws.diagnostics(id).len();
    println!("10k-line file: {:?} ({n})", t.elapsed());
    let big = flowspec_bench::large_file(10_000);
    let t = Instant::now();
    let (tokens, _) = flowspec_analysis::syntax::lexer::lex(&big);
    println!("  lex: {:?} ({} tokens)", t.elapsed(), tokens.len());
    let t = Instant::now();
    let tree = flowspec_analysis::syntax::parse(&big);
    println!("  parse: {:?}", t.elapsed());
    let t = Instant::now();
    let _ = flowspec_analysis::format::format_tree(&big, &tree);
    println!("  format: {:?}", t.elapsed());
}
