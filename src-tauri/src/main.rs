//! KyHop desktop: the window, the tray and the app's lifetime around the
//! `kyhop` library's gateway (`kyhop_gateway`), which does the work: it
//! serves the web UI on loopback, talks to the paired host over pinned TLS,
//! keeps the session packet for reading offline and, in host mode, runs the
//! chamber server in this process.
#![forbid(unsafe_code)]
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Mutex;

use clap::{Parser, Subcommand};
use kyhop_gateway::{Gateway, SecretPlace};
use kyhop_server::startup::Shutdown;
use tauri::menu::{Menu, MenuItem};
use tauri::tray::TrayIconBuilder;
use tauri::{Manager, RunEvent, WebviewUrl, WebviewWindowBuilder, WindowEvent};
use tracing_subscriber::EnvFilter;

#[derive(Parser)]
#[command(name = "kyhop-desktop", version, about = "KyHop desktop app")]
struct Cli {
    /// Keep the settings, the offline packet and (in host mode) the
    /// council's database here instead of the system's app-data directory.
    #[arg(long, env = "KYHOP_DESKTOP_DATA_DIR")]
    data_dir: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Read an untrusted PDF and print what it is (the host-mode server runs
    /// this program as a bounded child, as `kyhop` does).
    #[command(hide = true)]
    InspectPdf(kyhop_server::inspect::InspectArgs),
}

/// The gateway, taken out at exit to shut it down cleanly.
struct Running(Mutex<Option<Gateway>>);

/// Tray labels, Vietnamese first, from the UI's translation files.
fn label(key: &str) -> String {
    let vi: serde_json::Value =
        serde_json::from_str(include_str!("../../ui/src/i18n/desktop.vi.json")).unwrap_or_default();
    let en: serde_json::Value =
        serde_json::from_str(include_str!("../../ui/src/i18n/desktop.en.json")).unwrap_or_default();
    match (vi[key].as_str(), en[key].as_str()) {
        (Some(vi), Some(en)) => format!("{vi} · {en}"),
        _ => key.to_owned(),
    }
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_env("KYHOP_LOG").unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    if let Some(Command::InspectPdf(args)) = &cli.command {
        return match args.run() {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        };
    }
    match run(cli.data_dir) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(data_dir: Option<PathBuf>) -> Result<(), Box<dyn std::error::Error>> {
    let app = tauri::Builder::default()
        .setup(move |app| {
            // A system shutdown or `kill` ends the app as the tray's quit
            // does: through RunEvent::Exit, which shuts the gateway (and a
            // host's server, its database) down cleanly. Listened for from
            // the start; a second signal stops at once.
            let mut shutdown = tauri::async_runtime::block_on(async { Shutdown::install() })?;
            let handle = app.handle().clone();
            tauri::async_runtime::spawn(async move {
                shutdown.next().await;
                tracing::info!("asked to stop: shutting down");
                handle.exit(0);
                shutdown.next().await;
                tracing::warn!("asked to stop again: stopping now");
                std::process::exit(1);
            });
            let dir = match &data_dir {
                Some(dir) => dir.clone(),
                None => app.path().app_data_dir()?,
            };
            let gateway = tauri::async_runtime::block_on(Gateway::start(
                &dir,
                "127.0.0.1:0".parse()?,
                SecretPlace::Keyring,
            ))?;
            let url = gateway.url().parse()?;
            tracing::info!(url = %gateway.url(), data = %dir.display(), "KyHop desktop");
            let token = tauri::async_runtime::block_on(gateway.window_token());
            open_window(app.handle(), url, gateway.gateway_token(), token)?;
            app.manage(Running(Mutex::new(Some(gateway))));
            let open =
                MenuItem::with_id(app, "open", label("desktop.tray.open"), true, None::<&str>)?;
            let quit =
                MenuItem::with_id(app, "quit", label("desktop.tray.quit"), true, None::<&str>)?;
            let menu = Menu::with_items(app, &[&open, &quit])?;
            let mut tray = TrayIconBuilder::with_id("kyhop")
                .tooltip(label("desktop.tray.tooltip"))
                .menu(&menu)
                .on_menu_event(|app, event| match event.id.as_ref() {
                    "open" => show_window(app),
                    "quit" => app.exit(0),
                    _ => {}
                });
            if let Some(icon) = app.default_window_icon() {
                tray = tray.icon(icon.clone());
            }
            tray.build(app)?;
            Ok(())
        })
        .build(tauri::generate_context!())?;
    app.run(|app, event| match event {
        // A host keeps serving with its window closed (the tray brings it back).
        RunEvent::WindowEvent {
            label,
            event: WindowEvent::CloseRequested { api, .. },
            ..
        } if is_host(app) => {
            api.prevent_close();
            if let Some(window) = app.get_webview_window(&label) {
                let _ = window.hide();
            }
        }
        RunEvent::ExitRequested {
            code: None, api, ..
        } if is_host(app) => api.prevent_exit(),
        RunEvent::Exit => {
            let gateway = app
                .try_state::<Running>()
                .and_then(|running| running.0.lock().ok().and_then(|mut g| g.take()));
            if let Some(gateway) = gateway {
                tauri::async_runtime::block_on(gateway.shut_down());
                tracing::info!("KyHop desktop stopped cleanly");
            }
        }
        _ => {}
    });
    Ok(())
}

/// The main window, on the gateway's address. It is handed, by an
/// initialization script that runs on the gateway's pages only:
/// - the gateway's token (`gateway_token`), without which the gateway
///   refuses every change (set-up, sign-in, sign-out): other programs and
///   web pages on this laptop reach its port too, but never get the token;
/// - the gateway's sign-in for the UI (a token only the gateway accepts), so
///   the delegate stays signed in even if the web view's storage was cleared.
///
/// The window never leaves the gateway's pages: a navigation elsewhere (a
/// link in a document, say) is refused.
fn open_window(
    app: &tauri::AppHandle,
    url: tauri::Url,
    gateway_token: &str,
    token: Option<String>,
) -> Result<(), Box<dyn std::error::Error>> {
    let origin = url.origin();
    let handover = format!(
        "if (window.location.origin === {origin}) {{ window.__kyhopDesktop = {{ token: {token}, gatewayToken: {gateway_token} }}; }}",
        origin = serde_json::to_string(&origin.ascii_serialization())?,
        token = serde_json::to_string(&token)?,
        gateway_token = serde_json::to_string(gateway_token)?,
    );
    // Opened blank, set up, then sent to the gateway: the UI's first load
    // already runs with the web view's settings below.
    let window =
        WebviewWindowBuilder::new(app, "main", WebviewUrl::External("about:blank".parse()?))
            .initialization_script(&handover)
            .on_navigation(move |to| to.origin() == origin || to.as_str() == "about:blank")
            .title("KyHop — Kỳ họp không giấy")
            .inner_size(1280.0, 800.0)
            .min_inner_size(800.0, 560.0)
            .build()?;
    #[cfg(target_os = "linux")]
    window.with_webview(move |webview| lean_web_view(webview, &url))?;
    #[cfg(not(target_os = "linux"))]
    window.navigate(url)?;
    Ok(())
}

/// WebKit as a document reader needs, on a delegate's small laptop:
/// - no accelerated compositing: drawing the page through OpenGL costs the
///   web process some 80 MB more (measured under Mesa's software renderer,
///   as on laptops without a usable GPU: 189 → 113 MB proportional set on
///   the set-up screen), for smoothness a document reader does not need;
/// - memory caches sized for one page, not for browsing many sites (the
///   app's files come from the gateway on loopback);
/// - no back-forward page cache (the UI is one page).
///
/// Then it opens `url`.
#[cfg(target_os = "linux")]
fn lean_web_view(webview: tauri::webview::PlatformWebview, url: &tauri::Url) {
    use webkit2gtk::{
        CacheModel, HardwareAccelerationPolicy, SettingsExt, WebContextExt, WebViewExt,
    };
    let view = webview.inner();
    if let Some(context) = view.context() {
        context.set_cache_model(CacheModel::DocumentViewer);
    }
    if let Some(settings) = view.settings() {
        settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
        settings.set_enable_page_cache(false);
    }
    view.load_uri(url.as_str());
}

fn show_window(app: &tauri::AppHandle) {
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.show();
        let _ = window.set_focus();
    }
}

fn is_host(app: &tauri::AppHandle) -> bool {
    app.try_state::<Running>()
        .and_then(|running| {
            let guard = running.0.lock().ok()?;
            let gateway = guard.as_ref()?;
            Some(tauri::async_runtime::block_on(gateway.is_host()))
        })
        .unwrap_or(false)
}
