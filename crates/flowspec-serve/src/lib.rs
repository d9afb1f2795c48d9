//! `flowspec serve`: a design as a live page for the people who must agree
//! on it without opening an editor. The diagram (the SVG `flowspec graph`
//! draws) with pan and zoom, a card for each tool, person and flow (its six
//! answers), the report (`flowspec report`) and the diagnostics (`flowspec
//! check`), all from `flowspec-design`, updated as files are saved.
//!
//! - [`snapshot`]: one load of the design, whole;
//! - [`routes`]: the read-only HTTP routes over the current snapshot;
//! - [`watch`]: file watching and reloading;
//! - [`open`]: opening the page in a browser.
//!
//! Loopback by default, on a free port unless `--port`; `--host` shares it
//! on a network, with a warning.

pub mod open;
pub mod routes;
pub mod snapshot;
pub mod watch;

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;

use tokio::sync::watch as channel;

pub use routes::{Hosts, router};
pub use snapshot::Snapshot;

/// What `flowspec serve` was asked for.
#[derive(Debug, Clone)]
pub struct Options {
    pub paths: Vec<PathBuf>,
    /// Where to listen: loopback (127.0.0.1) unless told.
    pub host: Option<IpAddr>,
    /// 0 for a free one.
    pub port: u16,
    /// Open the page in a browser once listening.
    pub open: bool,
}

/// Why the server stopped with an error, and the exit status to give.
#[derive(Debug)]
pub struct Failure {
    pub status: u8,
    pub message: String,
}

/// Serves until Ctrl+C (or the end of the process).
pub fn run(options: Options) -> Result<(), Failure> {
    let first = Snapshot::load(&options.paths).map_err(|message| Failure { status: 2, message })?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Failure {
            status: 1,
            message: format!("cannot start the server: {e}"),
        })?;
    let result = runtime.block_on(serve(options, first));
    runtime.shutdown_timeout(std::time::Duration::from_secs(1));
    result
}

async fn serve(options: Options, first: Snapshot) -> Result<(), Failure> {
    let host = options.host.unwrap_or(IpAddr::V4(Ipv4Addr::LOCALHOST));
    let address = SocketAddr::new(host, options.port);
    let listener = tokio::net::TcpListener::bind(address)
        .await
        .map_err(|e| Failure {
            status: 1,
            message: match e.kind() {
                std::io::ErrorKind::AddrInUse => format!(
                    "cannot listen on {address}: the port is in use (choose another --port, or leave --port out for a free one)"
                ),
                _ => format!("cannot listen on {address}: {e}"),
            },
        })?;
    let bound = listener.local_addr().map_err(|e| Failure {
        status: 1,
        message: format!("cannot listen on {address}: {e}"),
    })?;
    let (publish, snapshots) = channel::channel(Arc::new(first));
    watch::watch(options.paths.clone(), publish)
        .map_err(|message| Failure { status: 1, message })?;

    let url = page_url(bound);
    let loopback = host.is_loopback();
    println!("Serving the design at {url}");
    println!(
        "Watching {} for changes; Ctrl+C stops.",
        snapshot::shown(&options.paths).join(", ")
    );
    if !loopback {
        eprintln!(
            "warning: listening on {bound}: anyone who can reach this machine on the network can read the design (leave out --host to keep it on this machine)"
        );
    }
    if options.open
        && let Err(e) = open::browser(&url)
    {
        eprintln!("warning: cannot open a browser ({e}): open {url} yourself");
    }

    let hosts = if loopback { Hosts::Local } else { Hosts::Any };
    let app = router(snapshots, hosts);
    tokio::select! {
        served = axum::serve(listener, app) => served.map_err(|e| Failure {
            status: 1,
            message: format!("the server stopped: {e}"),
        }),
        _ = tokio::signal::ctrl_c() => Ok(()),
    }
}

/// The address to print and open: a wildcard address is reached through
/// loopback from this machine.
fn page_url(bound: SocketAddr) -> String {
    let ip = match bound.ip() {
        ip if ip.is_unspecified() && ip.is_ipv4() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        ip if ip.is_unspecified() => IpAddr::V6(std::net::Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    format!("http://{}/", SocketAddr::new(ip, bound.port()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_printed_address_is_one_a_browser_here_reaches() {
        let url = |a: &str| page_url(a.parse().unwrap());
        assert_eq!(url("127.0.0.1:4000"), "http://127.0.0.1:4000/");
        assert_eq!(url("0.0.0.0:4000"), "http://127.0.0.1:4000/");
        assert_eq!(url("[::]:4000"), "http://[::1]:4000/");
        assert_eq!(url("[::1]:4000"), "http://[::1]:4000/");
        assert_eq!(url("192.168.1.20:80"), "http://192.168.1.20:80/");
    }
}
