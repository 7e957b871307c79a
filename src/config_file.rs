//! `kyhop serve --config FILE`: the server's options in a TOML file
//! (`/etc/kyhop/kyhop.toml` when installed as a service).
//!
//! Every option of `kyhop serve` is a key, its long name with `_` for `-`
//! (`--data-dir` is `data_dir`); an option given more than once (`--trust`)
//! takes an array, a switch (`--tls`) true or false. What the command line
//! or the environment sets wins over the file, and the file over the
//! built-in defaults. The file is checked whole before anything starts: a
//! key that is no option, or a value the option refuses, is an error that
//! names the file's line.
//!
//! The file's values become command-line arguments ahead of the real ones,
//! so that clap checks them as it checks everything else (options that
//! require or exclude one another).

use std::ffi::OsString;
use std::path::Path;

use anyhow::{anyhow, bail, Context};
use clap::parser::ValueSource;
use clap::{ArgAction, ArgMatches, Command};
use toml::de::{DeTable, DeValue};

/// The arguments a configuration file adds to `command`, given what the
/// command line and environment set already (`given`, parsed without the
/// file). The file's keys are the options of `serve` (each checked); those
/// `command` has too are applied (`kyhop backup` takes the data directory
/// and database from the server's file).
pub fn arguments_from_file(
    serve: &Command,
    command: &Command,
    given: &ArgMatches,
    path: &Path,
) -> anyhow::Result<Vec<OsString>> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("reading the configuration file {}", path.display()))?;
    let at = |span: std::ops::Range<usize>| Place {
        file: path,
        line: text[..span.start.min(text.len())].matches('\n').count() + 1,
    };
    let table = DeTable::parse(&text).map_err(|e| {
        let line = e
            .span()
            .map(|s| at(s).to_string())
            .unwrap_or_else(|| path.display().to_string());
        anyhow!("{line}: {}", e.message())
    })?;
    let mut args = Vec::new();
    for (key, value) in table.get_ref() {
        let place = at(key.span());
        let name = key.get_ref().as_ref();
        let option = |command: &Command| {
            command
                .get_arguments()
                .filter(|a| !matches!(a.get_id().as_str(), "config" | "help" | "version"))
                .find(|a| a.get_long().map(|l| l.replace('-', "_")).as_deref() == Some(name))
                .cloned()
        };
        let Some(arg) = option(serve) else {
            bail!(
                "{place}: `{name}` is not an option of `kyhop serve`; the keys are: {}",
                keys(serve).join(", ")
            );
        };
        if option(command).is_none() {
            continue; // the server's, not this command's
        }
        let id = arg.get_id().as_str();
        if matches!(
            given.value_source(id),
            Some(ValueSource::CommandLine | ValueSource::EnvVariable)
        ) {
            continue; // the command line and the environment win
        }
        let long = arg.get_long().unwrap_or(id);
        let place = at(value.span());
        let values: Vec<String> = match (arg.get_action(), value.get_ref()) {
            (ArgAction::SetTrue, DeValue::Boolean(true)) => {
                args.push(OsString::from(format!("--{long}")));
                continue;
            }
            (ArgAction::SetTrue, DeValue::Boolean(false)) => continue,
            (ArgAction::SetTrue, _) => bail!("{place}: `{name}` is a switch: true or false"),
            (ArgAction::Append, DeValue::Array(items)) => items
                .iter()
                .map(|item| {
                    scalar(item.get_ref()).ok_or_else(|| not_a_value(&at(item.span()), name))
                })
                .collect::<anyhow::Result<_>>()?,
            (_, v) => vec![scalar(v).ok_or_else(|| not_a_value(&place, name))?],
        };
        for value in values {
            let argument = OsString::from(format!("--{long}={value}"));
            check_value(serve, &argument).map_err(|e| anyhow!("{place}: `{name}`: {e}"))?;
            args.push(argument);
        }
    }
    Ok(args)
}

/// Where in the file.
struct Place<'p> {
    file: &'p Path,
    line: usize,
}

impl std::fmt::Display for Place<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}, line {}", self.file.display(), self.line)
    }
}

fn scalar(value: &DeValue<'_>) -> Option<String> {
    match value {
        DeValue::String(s) => Some(s.to_string()),
        DeValue::Integer(i) if i.radix() == 10 => Some(i.as_str().to_owned()),
        DeValue::Float(f) => Some(f.to_string()),
        _ => None,
    }
}

fn not_a_value(place: &Place<'_>, name: &str) -> anyhow::Error {
    anyhow!("{place}: `{name}` takes a string or a number")
}

/// What clap says of `argument` alone: its value's errors only (what it
/// requires or excludes is checked with the command line, at the end).
fn check_value(serve: &Command, argument: &OsString) -> Result<(), String> {
    match serve
        .clone()
        .try_get_matches_from([OsString::from("serve"), argument.clone()])
    {
        Err(e)
            if matches!(
                e.kind(),
                clap::error::ErrorKind::InvalidValue
                    | clap::error::ErrorKind::ValueValidation
                    | clap::error::ErrorKind::InvalidUtf8
            ) =>
        {
            Err(clap_message(&e))
        }
        _ => Ok(()),
    }
}

/// The first line of clap's error, without its "error: ".
fn clap_message(e: &clap::Error) -> String {
    let text = e.to_string();
    let first = text.lines().next().unwrap_or_default();
    first.strip_prefix("error: ").unwrap_or(first).to_owned()
}

/// The keys a configuration file may hold.
pub fn keys(command: &Command) -> Vec<String> {
    command
        .get_arguments()
        .filter(|a| !matches!(a.get_id().as_str(), "config" | "help" | "version"))
        .filter_map(|a| a.get_long().map(|l| l.replace('-', "_")))
        .collect()
}
