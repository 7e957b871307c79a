//! The `kyhop` command: serve a council, run the demo, audit the event log.
#![forbid(unsafe_code)]

use std::io::IsTerminal;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;
use clap::{Args, Parser, Subcommand};
use kyhop_server::http::{ApiConfig, SigningConfig};
use kyhop_server::services::counting_key;
use kyhop_server::services::recognition::RecognitionConfig;
use kyhop_server::startup::{self, ServeOptions};
use tracing_subscriber::EnvFilter;

/// mimalloc gives freed memory back to the system promptly: the server's
/// resident memory follows its load instead of its peak (a password hash
/// alone takes 19 MiB for a moment). Built without transparent huge pages
/// (`no_thp`): with them, memory freed after a burst of ballots came back
/// as 2 MiB pages the kernel zeroes, ~10 % of the burst's CPU and 70 MB of
/// peak memory in the 2,000-delegate load test.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "kyhop",
    version,
    about = "KyHop: paperless council sessions (kỳ họp không giấy)"
)]
struct Cli {
    /// How log lines are written to standard error: `human` (one line
    /// each) or `json` (one object each, for log collectors).
    #[arg(long, global = true, env = "KYHOP_LOG_FORMAT", value_enum, default_value_t = LogFormat::Human)]
    log_format: LogFormat,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum LogFormat {
    Human,
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// Run the chamber server.
    Serve(ServeArgs),
    /// Create (first run) or reuse a demo city council and serve it.
    Demo(DemoArgs),
    /// Run a whole chamber of delegates against a running server and
    /// measure it; the last output line is JSON.
    Loadtest(LoadtestArgs),
    /// Read an untrusted PDF in this process and print what it is as JSON
    /// (the server runs this as a bounded child process).
    #[command(hide = true)]
    InspectPdf(kyhop_server::inspect::InspectArgs),
    /// Print the API's OpenAPI document, as the server serves it at
    /// /api/openapi.json (the web UI's types are generated from it:
    /// `kyhop openapi > ui/openapi.json && cd ui && npm run gen:api`).
    Openapi,
    /// Sign a PDF once more (an incremental update that keeps earlier
    /// signatures valid) with a PKCS#12 file or a PKCS#11 token key. The
    /// password or PIN comes from --secret-file, KYHOP_SIGN_SECRET or a
    /// prompt, never from the command line.
    Sign(SignArgs),
    /// Report on every signature of a PDF: signer, time, intact, whole
    /// document covered, chain trusted. Exits non-zero unless the PDF is
    /// signed, every signature intact, nothing added after the last one and
    /// (with --trust) every signer trusted.
    Verify {
        file: PathBuf,
        /// PEM file of trusted root certificates (repeatable).
        #[arg(long)]
        trust: Vec<PathBuf>,
    },
    /// Move a council from its SQLite file to an empty PostgreSQL database
    /// (for several server instances): every table, in one transaction,
    /// and the documents' files and pairing key into the instances' data
    /// directory; then check that every event log stream arrived whole,
    /// with the same head hash. Refuses a target that holds any row, tables
    /// not KyHop's, or another release's schema.
    Migrate {
        /// The SQLite database, e.g. sqlite://kyhop-data/kyhop.db (brought
        /// up to this release's schema first, as serving it would).
        #[arg(long)]
        from: String,
        /// The PostgreSQL database, e.g. postgres://kyhop@db/kyhop.
        #[arg(long, env = "KYHOP_DB")]
        to: String,
        /// The source's data directory [default: the SQLite file's].
        #[arg(long)]
        data_dir: Option<PathBuf>,
        /// The data directory the PostgreSQL instances share (mounted on
        /// each); without it the files stay in --data-dir.
        #[arg(long)]
        to_data_dir: Option<PathBuf>,
    },
    /// Check the event log.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// Check polls' published records.
    Poll {
        #[command(subcommand)]
        command: PollCommand,
    },
    /// Back up a council while it is served: a consistent copy of the
    /// database (SQLite's online backup, or pg_dump of one snapshot), the
    /// documents' files it refers to and the pairing key, with a manifest
    /// of every file's SHA-256 and the event log's heads. OUT must not
    /// exist; it appears whole or not at all. Never in it: the counting key,
    /// TLS and signing keys (back the counting key up apart).
    #[command(group(clap::ArgGroup::new("place").required(true).args(["to", "into"])))]
    Backup {
        /// The server's configuration file (`kyhop serve --config`): its
        /// data_dir and db are used.
        #[arg(long, env = "KYHOP_CONFIG", value_name = "FILE")]
        config: Option<PathBuf>,
        /// The server's data directory.
        #[arg(long, env = "KYHOP_DATA_DIR", default_value = "kyhop-data")]
        data_dir: PathBuf,
        /// Database URL [default: sqlite://DATA_DIR/kyhop.db].
        #[arg(long, env = "KYHOP_DB")]
        db: Option<String>,
        /// The backup directory to make.
        #[arg(long)]
        to: Option<PathBuf>,
        /// Make it in DIR, named by the time (kyhop-<UTC time>), and remove
        /// the oldest there beyond --keep (for a timer).
        #[arg(long, value_name = "DIR")]
        into: Option<PathBuf>,
        /// With --into: how many backups to keep.
        #[arg(long, default_value_t = 96, value_parser = clap::value_parser!(u32).range(1..), requires = "into")]
        keep: u32,
    },
    /// Restore a backup into a new data directory (the SQLite database as
    /// DATA_DIR/kyhop.db, or a PostgreSQL dump into the empty database
    /// --db), after checking every file against the backup's manifest; the
    /// restored event log must verify with the same heads.
    Restore {
        /// The backup directory (made by `kyhop backup`).
        #[arg(long)]
        from: PathBuf,
        /// The new data directory (must not exist, or be empty).
        #[arg(long)]
        data_dir: PathBuf,
        /// For a PostgreSQL backup: the empty database to restore into.
        #[arg(long)]
        db: Option<String>,
    },
    /// The counting key that seals secret polls' keys.
    CountingKey {
        #[command(subcommand)]
        command: CountingKeyCommand,
    },
    /// Keep issued resolutions verifiable for decades.
    Archive {
        #[command(subcommand)]
        command: ArchiveCommand,
    },
}

#[derive(Subcommand)]
enum ArchiveCommand {
    /// Renew a long-term resolution's archive time-stamp (PAdES B-LTA):
    /// the validation data of its document time-stamps, fetched now, and a
    /// new document time-stamp over all of it. Run it before the last
    /// time-stamp's authority certificate expires (every few years). The
    /// file must verify, every signature at B-LT or above; it is written
    /// whole or not at all.
    Refresh {
        file: PathBuf,
        /// Write the renewed file here instead of over FILE.
        #[arg(long)]
        out: Option<PathBuf>,
        /// The RFC 3161 time-stamping authority (http://).
        #[arg(long, env = "KYHOP_TSA_URL")]
        tsa_url: String,
        /// PEM roots of the authority's certificate (repeatable).
        #[arg(long, required = true)]
        tsa_trust: Vec<PathBuf>,
        /// PEM roots the signers' certificates must chain to (repeatable).
        #[arg(long)]
        trust: Vec<PathBuf>,
    },
}

#[derive(Subcommand)]
enum CountingKeyCommand {
    /// Make the key file (owner-only) unless one is there: for an install
    /// that runs the server where it cannot write beside its data
    /// directory. The server makes one itself on first start otherwise.
    Init {
        /// Where, e.g. /var/lib/kyhop.counting-key (never inside the data
        /// directory).
        #[arg(long)]
        path: PathBuf,
    },
}

#[derive(Subcommand)]
enum PollCommand {
    /// Check a secret poll's verification record (GET
    /// /api/polls/{id}/verification) on its own: every ballot's proofs, no
    /// ballot twice, and each total the proven decryption of its sum.
    /// Prints the totals and the record's SHA-256; exits non-zero when
    /// anything is off.
    Verify { file: PathBuf },
}

#[derive(Args)]
struct ServeArgs {
    /// A TOML file setting any of these options, each by its long name
    /// with _ for - (`data_dir = "/var/lib/kyhop"`); the command line and
    /// the environment win over it.
    #[arg(long, env = "KYHOP_CONFIG", value_name = "FILE")]
    config: Option<PathBuf>,
    /// Database URL [default: sqlite://DATA_DIR/kyhop.db].
    #[arg(long, env = "KYHOP_DB")]
    db: Option<String>,
    /// Address to listen on; port 0 picks a free port.
    #[arg(long, env = "KYHOP_BIND", default_value = "127.0.0.1:8080")]
    bind: SocketAddr,
    /// Directory for the database, blobs and the initial admin password.
    #[arg(long, env = "KYHOP_DATA_DIR", default_value = "kyhop-data")]
    data_dir: PathBuf,
    #[command(flatten)]
    transport: startup::TransportArgs,
    /// The counting key file that seals secret polls' keys: owner-only,
    /// never inside the data directory, backed up apart from it; made on
    /// first start [default: DATA_DIR.counting-key, beside DATA_DIR].
    #[arg(long, env = "KYHOP_COUNTING_KEY")]
    counting_key: Option<PathBuf>,
    /// The search index's directory, this instance's own (not on a mount
    /// other instances share); rebuilt from the database when missing
    /// [default: DATA_DIR/search-index].
    #[arg(long, env = "KYHOP_SEARCH_INDEX")]
    search_index: Option<PathBuf>,
    #[command(flatten)]
    limits: Limits,
    #[command(flatten)]
    signing: SigningArgs,
    #[command(flatten)]
    backups: BackupArgs,
    /// Serve /metrics (Prometheus), /healthz and /readyz on this admin
    /// address too, in plain HTTP: keep it on loopback or the
    /// administrators' network [default: not served].
    #[arg(long, env = "KYHOP_METRICS_BIND")]
    metrics_bind: Option<SocketAddr>,
}

#[derive(Args)]
struct BackupArgs {
    /// Make backups while serving, into DIR/kyhop-<UTC time> (as `kyhop
    /// backup` does), the first at start.
    #[arg(long, env = "KYHOP_BACKUP_DIR", value_name = "DIR")]
    backup_dir: Option<PathBuf>,
    /// How often: a number and s, m, h or d (e.g. 15m).
    #[arg(long, default_value = "15m", value_parser = parse_interval, requires = "backup_dir")]
    backup_every: Duration,
    /// How many scheduled backups to keep (the oldest are removed).
    #[arg(long, default_value_t = 96, value_parser = clap::value_parser!(u32).range(1..), requires = "backup_dir")]
    backup_keep: u32,
}

impl BackupArgs {
    fn schedule(&self) -> Option<kyhop_server::services::backup::Schedule> {
        self.backup_dir
            .as_ref()
            .map(|dir| kyhop_server::services::backup::Schedule {
                dir: dir.clone(),
                every: self.backup_every,
                keep: self.backup_keep as usize,
            })
    }
}

/// `90s`, `15m`, `6h`, `1d`.
fn parse_interval(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .ok_or_else(|| format!("{text:?}: give a unit, e.g. 15m"))?;
    let (number, unit) = text.split_at(split);
    let number: u64 = number
        .parse()
        .map_err(|_| format!("{text:?}: expected a number and s, m, h or d"))?;
    let seconds = match unit {
        "s" => number,
        "m" => number * 60,
        "h" => number * 3600,
        "d" => number * 86_400,
        _ => return Err(format!("{text:?}: the unit is s, m, h or d")),
    };
    if seconds == 0 {
        return Err(format!("{text:?}: at least 1s"));
    }
    Ok(Duration::from_secs(seconds))
}

#[derive(Args)]
struct SigningArgs {
    /// PKCS#11 library through which resolutions may be signed with token
    /// keys, e.g. /usr/lib/softhsm/libsofthsm2.so.
    #[arg(long, env = "KYHOP_PKCS11_MODULE")]
    pkcs11_module: Option<PathBuf>,
    /// PEM file of root certificates that verification trusts (repeatable).
    #[arg(long)]
    trust: Vec<PathBuf>,
    /// The council's RFC 3161 time-stamping authority, e.g.
    /// http://tsa.ca.gov.vn: every resolution's signatures are time-stamped
    /// there (PAdES B-T), and an issue is refused while it cannot be
    /// reached. Without it, resolutions are signed at PAdES B-B.
    #[arg(long, env = "KYHOP_TSA_URL", requires = "tsa_trust")]
    tsa_url: Option<String>,
    /// PEM file of the roots the time-stamping authority's certificate
    /// chains to (repeatable); verification trusts them too.
    #[arg(long, requires = "tsa_url")]
    tsa_trust: Vec<PathBuf>,
}

impl SigningArgs {
    fn config(&self) -> anyhow::Result<SigningConfig> {
        let mut trust_roots = kyhop::commands::sign::load_roots(&self.trust)?;
        let timestamper = match &self.tsa_url {
            Some(url) => {
                let tsa_roots = kyhop::commands::sign::load_roots(&self.tsa_trust)?;
                trust_roots.extend(tsa_roots.iter().cloned());
                Some(
                    kyhop_server::services::pki_http::http_time_stamper(url, tsa_roots)
                        .context("--tsa-url")?,
                )
            }
            None => None,
        };
        // Long-term signatures: revocation status fetched from where the
        // certificates say, whenever there is an authority.
        let revocation = match timestamper {
            Some(_) => Some(kyhop_server::services::pki_http::PkiHttp::new()?),
            None => None,
        };
        Ok(SigningConfig {
            pkcs11_module: self.pkcs11_module.clone(),
            demo_keys: None,
            trust_roots,
            timestamper,
            revocation,
        })
    }
}

#[derive(Args)]
#[command(group(clap::ArgGroup::new("key_location").required(true).args(["p12", "pkcs11_module"])))]
struct SignArgs {
    /// The PDF to sign.
    #[arg(long = "in")]
    input: PathBuf,
    /// Where to write the signed PDF (written whole or not at all).
    #[arg(long = "out")]
    output: PathBuf,
    /// A PKCS#12 (.p12/.pfx) file with the key and its certificate.
    #[arg(long)]
    p12: Option<PathBuf>,
    /// The PKCS#11 library of the token.
    #[arg(long, requires_all = ["token", "key"])]
    pkcs11_module: Option<PathBuf>,
    /// The token's label.
    #[arg(long)]
    token: Option<String>,
    /// The key's label on the token.
    #[arg(long)]
    key: Option<String>,
    /// A file whose first line is the password or PIN.
    #[arg(long)]
    secret_file: Option<PathBuf>,
    /// A PNG to show in the signature field (makes it visible).
    #[arg(long, requires = "rect")]
    image: Option<PathBuf>,
    /// Page of the visible signature, from 1.
    #[arg(long, default_value_t = 1)]
    page: u32,
    /// Rectangle of the visible signature in PDF points: x0,y0,x1,y1.
    #[arg(
        long,
        value_delimiter = ',',
        value_name = "X0,Y0,X1,Y1",
        requires = "image"
    )]
    rect: Option<Vec<f32>>,
    /// Why the document is signed (/Reason).
    #[arg(long)]
    reason: Option<String>,
}

#[derive(Args)]
struct Limits {
    /// How long a sign-in lasts, in hours.
    #[arg(long, default_value_t = 720)]
    token_ttl_hours: u64,
    /// How long a pairing card stays valid, in hours (the README's
    /// guessing odds are for a week).
    #[arg(long, default_value_t = 168)]
    pairing_ttl_hours: u64,
    /// Largest JSON request body, in bytes.
    #[arg(long, default_value_t = 1024 * 1024)]
    body_limit: usize,
    /// Largest uploaded document, in bytes.
    #[arg(long, default_value_t = 200 * 1024 * 1024)]
    upload_limit: usize,
    /// Seconds a client may take to send a request's headers, and that a
    /// kept-alive connection may stay silent.
    #[arg(long, default_value_t = 60)]
    header_read_timeout_secs: u64,
    /// Tesseract, which reads scanned pages (with its Vietnamese model,
    /// Debian's tesseract-ocr-vie); without it scans stay unsearchable.
    #[arg(long, env = "KYHOP_TESSERACT", default_value = "tesseract")]
    tesseract: PathBuf,
    /// The most a scanned page may take to be read, in seconds; a page
    /// that takes longer is given up on and stays unsearchable.
    #[arg(long, default_value_t = 60)]
    ocr_page_seconds: u64,
    /// Scanned pages read at once (each takes a core while it is read).
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u16).range(1..=64))]
    ocr_jobs: u16,
}

impl Limits {
    fn api(&self) -> ApiConfig {
        ApiConfig {
            token_ttl: Duration::from_secs(self.token_ttl_hours * 3600),
            pairing_ttl: Duration::from_secs(self.pairing_ttl_hours * 3600),
            body_limit: self.body_limit,
            upload_limit: self.upload_limit,
            signing: SigningConfig::default(),
            counting_key: None,
            data_dir: None,
            header_read_timeout: Duration::from_secs(self.header_read_timeout_secs.max(1)),
            recognition: RecognitionConfig {
                tools: kyhop_docs::ocr::OcrTools {
                    tesseract: self.tesseract.clone(),
                    ..kyhop_docs::ocr::OcrTools::default()
                },
                page_time: Duration::from_secs(self.ocr_page_seconds.max(1)),
                jobs: usize::from(self.ocr_jobs),
            },
            ..ApiConfig::default()
        }
    }
}

#[derive(Args)]
struct DemoArgs {
    /// Directory for the demo's database, credentials and demo keys.
    #[arg(long, default_value = "kyhop-demo")]
    data_dir: PathBuf,
    /// Do not serve: hold the whole demo session in a scratch database and
    /// write its signed resolutions, minutes (PDF, DOCX), ballot-count
    /// report and demo trust root (root.pem) into this directory.
    #[arg(long, value_name = "DIR")]
    export: Option<PathBuf>,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    bind: SocketAddr,
    #[command(flatten)]
    transport: startup::TransportArgs,
    #[command(flatten)]
    limits: Limits,
    #[command(flatten)]
    signing: SigningArgs,
}

#[derive(Args)]
struct LoadtestArgs {
    /// The server, e.g. http://127.0.0.1:8080
    #[arg(long)]
    url: String,
    /// File holding the admin's password (the server's
    /// DATA_DIR/initial-admin-password). On a fresh server the load test
    /// changes that first password and writes the new one to this file.
    #[arg(long)]
    admin_password_file: PathBuf,
    /// Delegates, each with their own account and live connection.
    #[arg(long, default_value_t = 100)]
    delegates: usize,
    /// Polls to run.
    #[arg(long, default_value_t = 3)]
    rounds: usize,
    /// A server's process id, for its memory and CPU time (repeatable:
    /// instances behind a proxy) [default: the one kyhop serve process].
    #[arg(long)]
    server_pid: Vec<u32>,
    /// The database server's main process (PostgreSQL's postmaster): its
    /// CPU time and its backends' count in `ballots_per_cpu_s`.
    #[arg(long)]
    database_pid: Option<u32>,
    /// A reverse proxy in front of the servers (nginx): its CPU time is
    /// reported apart.
    #[arg(long)]
    proxy_pid: Option<u32>,
    /// Requests in flight while setting up.
    #[arg(long, default_value_t = 16)]
    setup_concurrency: usize,
    /// While the polls run, another laptop (127.0.0.9 on a loopback server)
    /// sends this many wrong pairing codes per second.
    #[arg(long, default_value_t = 0)]
    guess_flood: u32,
    /// A shell command run as `CMD start` just before the first poll opens
    /// and `CMD stop` just after the last one's result, each waited for
    /// (e.g. to turn a profiler on for the polls alone).
    #[arg(long)]
    around_polls: Option<String>,
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Recompute every stream's hash chain; name the first broken event of
    /// each broken stream and exit non-zero.
    Verify {
        /// Database URL, e.g. sqlite://kyhop-data/kyhop.db
        #[arg(long, env = "KYHOP_DB")]
        db: String,
        /// A signed minutes or ballot-count report PDF whose printed anchors
        /// (chain heads) the database must still extend; a rewrite that
        /// recomputed every later hash passes the plain check but not this
        /// one (repeatable).
        #[arg(long)]
        anchor: Vec<PathBuf>,
    },
}

fn main() -> ExitCode {
    let cli = match parse_command_line() {
        Ok(cli) => cli,
        Err(e) => {
            eprintln!("error: {e:#}");
            return ExitCode::FAILURE;
        }
    };
    let filter = EnvFilter::try_from_env("KYHOP_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match cli.log_format {
        LogFormat::Human => logs.with_ansi(std::io::stderr().is_terminal()).init(),
        LogFormat::Json => logs
            .json()
            .flatten_event(true)
            .with_current_span(false)
            .init(),
    }
    // The bounded PDF child caps its address space first thing: it starts
    // no runtime (no worker threads and their stacks within the cap).
    if let Command::InspectPdf(args) = &cli.command {
        return match args.run() {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        };
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli.command)) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// The command line, with `serve --config FILE`'s options put ahead of
/// the ones given (which win); clap's own errors end the process as usual.
fn parse_command_line() -> anyhow::Result<Cli> {
    use clap::{CommandFactory, FromArgMatches};
    let argv: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let matches = Cli::command().get_matches_from(&argv);
    let with_file = match matches.subcommand() {
        Some((name @ ("serve" | "backup"), given)) => match given.get_one::<PathBuf>("config") {
            Some(path) => {
                let mut command = Cli::command();
                command.build();
                let find = |name: &str| command.find_subcommand(name).context("a subcommand");
                let extra = kyhop::config_file::arguments_from_file(
                    find("serve")?,
                    find(name)?,
                    given,
                    path,
                )?;
                let at = argv
                    .iter()
                    .position(|a| a == name)
                    .context("the subcommand")?;
                let mut argv = argv.clone();
                argv.splice(at + 1..at + 1, extra);
                Some(Cli::command().get_matches_from(argv))
            }
            None => None,
        },
        _ => None,
    };
    let matches = with_file.unwrap_or(matches);
    Cli::from_arg_matches(&matches).map_err(|e| e.exit())
}

async fn run(command: Command) -> anyhow::Result<ExitCode> {
    match command {
        Command::Serve(args) => {
            let db_url = args
                .db
                .unwrap_or_else(|| startup::default_db_url(&args.data_dir));
            let counting_key = args
                .counting_key
                .unwrap_or_else(|| counting_key::default_path(&args.data_dir));
            let api = ApiConfig {
                signing: args.signing.config()?,
                counting_key: Some(counting_key),
                search_index: args.search_index,
                metrics_bind: args.metrics_bind,
                ..args.limits.api()
            };
            startup::serve(ServeOptions {
                db_url,
                bind: args.bind,
                data_dir: args.data_dir,
                api,
                transport: args.transport,
                backups: args.backups.schedule(),
            })
            .await?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Demo(args) => demo(args).await,
        Command::Loadtest(args) => {
            startup::raise_open_file_limit();
            let figures =
                kyhop::commands::loadtest::run(kyhop::commands::loadtest::LoadtestOptions {
                    url: args.url,
                    admin_password_file: args.admin_password_file,
                    delegates: args.delegates.max(1),
                    rounds: args.rounds.max(1),
                    server_pids: args.server_pid,
                    database_pid: args.database_pid,
                    proxy_pid: args.proxy_pid,
                    setup_concurrency: args.setup_concurrency.max(1),
                    guess_flood: args.guess_flood,
                    around_polls: args.around_polls,
                })
                .await?;
            println!("{figures}");
            Ok(if figures["lost_ballots"] == 0 {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            })
        }
        Command::Sign(args) => {
            sign(args)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Verify { file, trust } => {
            let roots = kyhop::commands::sign::load_roots(&trust)?;
            let (reports, valid) = kyhop::commands::sign::verify(&file, &roots).await?;
            print!(
                "{}",
                kyhop::commands::sign::describe(&reports, valid, !roots.is_empty())
            );
            Ok(if valid {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            })
        }
        Command::Migrate {
            from,
            to,
            data_dir,
            to_data_dir,
        } => {
            let moved = kyhop::commands::migrate::run(&kyhop::commands::migrate::MigrateOptions {
                from,
                to,
                data_dir,
                to_data_dir,
            })
            .await?;
            for (table, rows) in &moved.report.tables {
                println!("moved   {table}: {rows} rows");
            }
            println!(
                "migrate done: {} rows in {} tables, {} files; event log: {} events in {} streams, every head the same",
                moved.report.rows(),
                moved.report.tables.len(),
                moved.blobs,
                moved.events,
                moved.streams
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Audit {
            command: AuditCommand::Verify { db, anchor },
        } => audit(&db, &anchor).await,
        Command::Backup {
            data_dir,
            db,
            to,
            into,
            keep,
            config: _,
        } => {
            use kyhop_server::services::backup;
            kyhop_server::private_file::owner_only();
            let source = backup::Source {
                db_url: db.unwrap_or_else(|| startup::default_db_url(&data_dir)),
                data_dir,
            };
            let started = std::time::Instant::now();
            let (to, made) = match (to, into) {
                (Some(to), _) => {
                    let made = backup::backup(&source, &to).await?;
                    (to, made)
                }
                (None, Some(dir)) => backup::backup_into(&source, &dir, keep as usize).await?,
                (None, None) => anyhow::bail!("give --to DIR or --into DIR"),
            };
            let bytes: u64 = made.database.bytes + made.files.iter().map(|f| f.bytes).sum::<u64>();
            println!(
                "backup made: {} ({:.1} MB: the database and {} files) in {:.2} s; event log: {} streams",
                to.display(),
                bytes as f64 / 1e6,
                made.files.len(),
                started.elapsed().as_secs_f64(),
                made.heads.len()
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Restore { from, data_dir, db } => {
            kyhop_server::private_file::owner_only();
            let restored =
                kyhop_server::services::backup::restore(&from, &data_dir, db.as_deref()).await?;
            for head in &restored.manifest.heads {
                println!("head    {}: event {} {}", head.stream, head.seq, head.hash);
            }
            println!(
                "restore done: {} ({} files; event log: {} events, every head as in the backup of {}); serve it with: kyhop serve --data-dir {}{}",
                kyhop_store_sql::redacted_url(&restored.db_url),
                restored.manifest.files.len(),
                restored.events,
                restored.manifest.made_at.format("%Y-%m-%d %H:%M:%S UTC"),
                data_dir.display(),
                db.map(|_| " --db …").unwrap_or_default()
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Poll {
            command: PollCommand::Verify { file },
        } => kyhop::commands::poll_verify::run(&file),
        Command::CountingKey {
            command: CountingKeyCommand::Init { path },
        } => {
            kyhop_server::private_file::owner_only();
            if counting_key::make(&path)? {
                println!(
                    "counting key made: {} (back it up apart from the data directory)",
                    path.display()
                );
            } else {
                println!("counting key already there: {}", path.display());
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Archive {
            command:
                ArchiveCommand::Refresh {
                    file,
                    out,
                    tsa_url,
                    tsa_trust,
                    trust,
                },
        } => {
            let written =
                kyhop::commands::archive::refresh(kyhop::commands::archive::RefreshOptions {
                    file,
                    out,
                    tsa_url,
                    tsa_trust,
                    trust,
                })
                .await?;
            println!("{}", written.display());
            Ok(ExitCode::SUCCESS)
        }
        // Handled in `main`, before the runtime starts.
        Command::InspectPdf(args) => {
            args.run()?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Openapi => {
            let doc = kyhop_server::http::openapi_document(&ApiConfig::default());
            println!("{}", serde_json::to_string_pretty(&doc)?);
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn sign(args: SignArgs) -> anyhow::Result<()> {
    use kyhop::commands::sign::{KeyLocation, SignOptions, Visible};
    let key = match (args.p12, args.pkcs11_module, args.token, args.key) {
        (Some(p12), None, _, _) => KeyLocation::Pkcs12(p12),
        (None, Some(module), Some(token), Some(key)) => KeyLocation::Pkcs11 { module, token, key },
        _ => {
            anyhow::bail!("give either --p12 FILE or --pkcs11-module LIB --token LABEL --key LABEL")
        }
    };
    let visible = match (args.image, args.rect.as_deref()) {
        (Some(image), Some(&[x0, y0, x1, y1])) => Some(Visible {
            image,
            page: args.page,
            rect: [x0, y0, x1, y1],
        }),
        (Some(_), _) => anyhow::bail!("--rect takes four numbers: x0,y0,x1,y1"),
        (None, _) => None,
    };
    kyhop::commands::sign::sign(SignOptions {
        input: args.input,
        output: args.output,
        key,
        secret_file: args.secret_file,
        visible,
        reason: args.reason,
    })
}

async fn demo(args: DemoArgs) -> anyhow::Result<ExitCode> {
    if let Some(dir) = &args.export {
        for file in kyhop::commands::demo_export::export(dir).await? {
            println!("{}", file.display());
        }
        return Ok(ExitCode::SUCCESS);
    }
    startup::raise_open_file_limit();
    let shutdown = startup::Shutdown::install()?;
    let store =
        startup::open_store(&startup::default_db_url(&args.data_dir), &args.data_dir).await?;
    let mut api = args.limits.api();
    let exe = std::env::current_exe().context("finding this program to read PDFs with")?;
    let info =
        kyhop::commands::demo::prepare(store.as_ref(), &args.data_dir, api.pairing_ttl, &exe)
            .await?;
    let mut signing = args.signing.config()?;
    // The demo CA's services on loopback: the OCSP responder its
    // certificates name, and its time-stamping authority unless one was
    // given.
    let demo_tsa = kyhop_server::demo_authorities::serve(&info.keys_dir).await?;
    if signing.timestamper.is_none() {
        signing.timestamper = Some(demo_tsa);
        signing.revocation = Some(kyhop_server::services::pki_http::PkiHttp::new()?);
    }
    api.signing = SigningConfig {
        demo_keys: Some(info.keys_dir.clone()),
        ..signing
    };
    api.counting_key = Some(counting_key::default_path(&args.data_dir));
    api.public_url = args.transport.public_url.clone();
    api.trusted_proxies = args.transport.trusted_proxies.clone();
    let tls = args.transport.identity(args.bind, &args.data_dir)?;
    let listening = startup::bind(args.bind, tls.as_ref()).await?;
    println!(
        "{}",
        kyhop::commands::demo::describe(&info, &listening.url()?)
    );
    startup::serve_on(
        listening,
        store.store(),
        &args.data_dir,
        api,
        shutdown.wait(),
    )
    .await?;
    store.close().await;
    Ok(ExitCode::SUCCESS)
}

async fn audit(db: &str, anchor_files: &[PathBuf]) -> anyhow::Result<ExitCode> {
    // The documents are read as any untrusted PDF: in a bounded child process.
    let exe = std::env::current_exe().context("finding this program to read PDFs with")?;
    let children = kyhop_docs::child::PdfChildren::per_core(exe);
    let mut anchors = Vec::new();
    let mut anchorless = 0;
    for file in anchor_files {
        let info = children
            .inspect(file, kyhop_docs::child::Limits::default())
            .await
            .map_err(|e| anyhow::anyhow!("reading {}: {e}", file.display()))?;
        let text: String = info
            .pages
            .iter()
            .map(|p| p.text.as_str())
            .collect::<Vec<_>>()
            .join("\n");
        let found = kyhop_domain::ChainAnchor::find_all(&text);
        if found.is_empty() {
            println!(
                "NO ANCHOR {}: the document prints no chain anchor",
                file.display()
            );
            anchorless += 1;
        }
        anchors.extend(found.into_iter().map(|a| (file, a)));
    }
    let database = kyhop_store_sql::Database::open_existing(db)
        .await
        .with_context(|| format!("opening {}", kyhop_store_sql::redacted_url(db)))?;
    let store = database.as_ref();
    let report = kyhop_store::audit::verify(store).await?;
    let checked: Vec<_> = anchors.iter().map(|(_, a)| a.clone()).collect();
    let anchored = kyhop_store::audit::verify_anchors(store, &checked).await?;
    database.close().await;
    for (stream, n) in &report.streams {
        println!("ok      {stream}: {n} events");
    }
    let mut broken_anchors = 0;
    for ((file, _), outcome) in anchors.iter().zip(anchored) {
        match outcome {
            Ok(a) => println!(
                "anchor  {}: event {} as in {}",
                a.stream,
                a.seq,
                file.display()
            ),
            Err(b) => {
                println!(
                    "BROKEN  {}: anchored in {}: {}",
                    b.stream,
                    file.display(),
                    b.reason
                );
                broken_anchors += 1;
            }
        }
    }
    for b in &report.breaks {
        println!("BROKEN  {}: event {}: {}", b.stream, b.seq, b.reason);
    }
    if report.breaks.is_empty() && broken_anchors == 0 && anchorless == 0 {
        println!(
            "audit passed: {} events in {} streams",
            report.events(),
            report.streams.len()
        );
        Ok(ExitCode::SUCCESS)
    } else {
        println!(
            "audit FAILED: {} broken stream(s), {broken_anchors} broken anchor(s), {anchorless} document(s) without an anchor",
            report.breaks.len()
        );
        Ok(ExitCode::FAILURE)
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    /// clap checks its own definitions (conflicting names, groups) only
    /// when a command is built: build them all here.
    #[test]
    fn command_line_is_well_formed() {
        super::Cli::command().debug_assert();
    }
}
