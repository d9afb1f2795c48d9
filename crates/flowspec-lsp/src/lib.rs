//! The Flowspec language server: `flowspec lsp`, on stdio.
//!
//! Layers: [`backend`] receives protocol messages and hands them to the
//! [`state`] thread, which owns every document and the analysis workspace
//! ([`direct`] takes the requests sent after every keystroke first, and
//! [`wire`] writes their answers and the diagnostics as JSON text made where
//! they were computed);
//! [`handlers`] answer each request on a worker thread, from a
//! [`snapshot`] of the analysis ([`requests`]), by calling the analysis
//! crate and [`convert`]ing its answer; [`cache`] keeps answers per version.
//! Nothing here decides what a design means.

mod backend;
mod cache;
pub mod convert;
mod direct;
pub mod document;
mod gate;
mod handlers;
mod requests;
mod settings;
mod snapshot;
mod state;
mod wire;

use tower_lsp_server::{LspService, Server};

/// How many messages the protocol crate handles at once.
const CONCURRENCY: usize = 32;

/// Serves the protocol on stdin/stdout until the client says `exit`.
pub fn run_stdio() -> std::io::Result<()> {
    few_malloc_arenas();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    runtime.block_on(serve_to(tokio::io::stdin(), stdout()?));
    // The gate is still reading stdin, on one of tokio's blocking threads,
    // which a runtime dropped would wait for until the client closes its
    // end; after `exit` the server must not wait.
    runtime.shutdown_background();
    Ok(())
}

/// glibc gives each thread that allocates an arena of its own, up to eight
/// per core, and memory freed in one is not reused by the others: the
/// server's threads (the state thread, the protocol's, the workers a
/// request runs on) held some 50 MiB on a 10,000-line design. Two arenas
/// held 30 MiB at the same speed (README, "Memory").
fn few_malloc_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets a parameter of the allocator, before any
    // other thread is started.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
}

/// The client's stream, written without a buffer of its own (the writer
/// has one, and flushes it when no other message waits), and, when it is
/// a pipe, a pipe of 1 MiB rather than 64 KiB where the system allows.
///
/// Why the pipe: after a keystroke in a 10,000-line design the answers are
/// some 600 kB. Through 64 KiB the writer waits for the client to read
/// each 64 KiB, and the client, parsing the first answers meanwhile, on
/// the same cores, reads slowly: the last answer of the keystroke bundle
/// was read 1.5 ms later (p50) than when the server can write everything
/// at once (README, "The editor loop").
fn stdout() -> std::io::Result<impl std::io::Write + Send + 'static> {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        let fd = std::io::stdout().as_fd().try_clone_to_owned()?;
        #[cfg(target_os = "linux")]
        {
            use std::os::fd::AsRawFd;
            // SAFETY: fcntl on a descriptor this process owns; on anything
            // but a pipe, or above the system's limit, it fails and changes
            // nothing.
            unsafe {
                libc::fcntl(fd.as_raw_fd(), libc::F_SETPIPE_SZ, 1 << 20);
            }
        }
        Ok(std::fs::File::from(fd))
    }
    #[cfg(not(unix))]
    Ok(std::io::stdout())
}

/// Serves the protocol on any pair of streams until the client says `exit`
/// or closes `input`: in-memory pipes for the fuzz target of message
/// handling and the instruction counts. Needs a tokio runtime with time
/// and I/O.
pub async fn serve<I, O>(input: I, output: O)
where
    I: tokio::io::AsyncRead + Unpin + Send + 'static,
    O: tokio::io::AsyncWrite + Unpin + Send + 'static,
{
    serve_to(input, tokio_util::io::SyncIoBridge::new(output)).await;
}

/// Ends the writer when dropped.
struct EndOnDrop(wire::Wire);

impl Drop for EndOnDrop {
    fn drop(&mut self) {
        self.0.end();
    }
}

/// Serves the protocol, reading `input`, writing `output` (blocking, on a
/// thread of its own: see [`wire::Writer::run`]).
async fn serve_to<I, O>(input: I, output: O)
where
    I: tokio::io::AsyncRead + Unpin + Send + 'static,
    O: std::io::Write + Send + 'static,
{
    let (wire, protocol_out, writer) = wire::start();
    // The writer stops at the end of the protocol crate's output, or when
    // this future is dropped first (a runtime shut down mid-session, as
    // the tests do; the runtime then waits for the writer's thread): the
    // protocol crate's service, which holds a handle on the writer's queue,
    // is not always dropped with it.
    let _end = EndOnDrop(wire.clone());
    let backend_wire = wire.clone();
    let (service, socket) =
        LspService::build(move |client| backend::Backend::new(client, backend_wire))
            .custom_method("flowspec/documentText", backend::Backend::document_text)
            .custom_method("flowspec/diagram", backend::Backend::diagram)
            .custom_method(gate::REJECTED, backend::Backend::rejected_message)
            .custom_method(gate::REJECTED_REQUEST, backend::Backend::rejected_request)
            .finish();
    let service = direct::Service::new(service, wire);
    // Requests wait on worker threads, not on each other: the protocol
    // crate's default of four at a time would make the fifth request
    // after a keystroke, and the next edit behind it, wait.
    // Through the gate, so that one message that does not decode does not
    // end the session (gate.rs).
    let protocol = Server::new(gate::spawn(input), protocol_out, socket)
        .concurrency_level(CONCURRENCY)
        .serve(service);
    let writing = tokio::task::spawn_blocking(move || writer.run(output));
    protocol.await;
    // Everything the session said is written before it ends (the answer
    // to `shutdown` among it).
    let _ = writing.await;
}
