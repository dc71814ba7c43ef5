//! The `dueregard` command line. Every command takes `--db PATH` or `--database-url URL`;
//! with neither, a SQLite file in the user's data folder is used.

pub mod cycle;
pub mod workforce;

use crate::app::files;
use crate::app::keys::KeyFile;
use crate::app::secrets as auth;
use crate::web::{AppState, router};
use anyhow::{Context, bail};
use clap::{Args, Parser, Subcommand};
use dueregard_core::account::{NewUser, normalise_email};
use dueregard_core::store::{Actor, NewOrganisation, Store};
use dueregard_core::validate::ValidationErrors;
use dueregard_core::vocab::{Nation, Role};
use std::io::Read;
use std::path::PathBuf;
use std::sync::Arc;

#[derive(Parser)]
#[command(
    name = "dueregard",
    version,
    about = "Run the public sector equality duty: equality objectives, action plans and their monitoring."
)]
pub struct Cli {
    #[command(flatten)]
    db: DbArgs,
    /// How the server writes its log lines to standard error: text, or JSON for a collector.
    #[arg(
        long,
        global = true,
        env = "DUEREGARD_LOG_FORMAT",
        default_value = "text"
    )]
    log_format: crate::telemetry::LogFormat,
    #[command(subcommand)]
    command: Command,
}

#[derive(Args, Clone)]
pub(crate) struct DbArgs {
    /// A SQLite database file (created if missing).
    #[arg(
        long,
        global = true,
        env = "DUEREGARD_DB",
        conflicts_with = "database_url"
    )]
    db: Option<PathBuf>,
    /// A database URL, e.g. postgres://user@host/dueregard or sqlite:///path/file.db.
    #[arg(long, global = true, env = "DUEREGARD_DATABASE_URL")]
    database_url: Option<String>,
    /// The file of pseudonymisation keys: never in the database or its backups. By default
    /// beside a SQLite database (`dueregard.keys` for `dueregard.db`), or in Due Regard's data
    /// folder. Back it up apart from the database. A platform secret can be mounted here.
    #[arg(long, global = true, env = "DUEREGARD_KEY_FILE")]
    key_file: Option<PathBuf>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the web app and the JSON API.
    Serve(ServeArgs),
    /// Load the demo organisations (from the five source documents) and serve them.
    Demo {
        #[command(flatten)]
        serve: ServeArgs,
        /// Load the demo data and stop, without serving.
        #[arg(long)]
        no_serve: bool,
    },
    /// Manage organisations.
    #[command(subcommand)]
    Org(OrgCommand),
    /// Manage user accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Manage personal access tokens for the JSON API.
    #[command(subcommand)]
    Token(TokenCommand),
    /// Read a plan or objectives from a document and show what was understood.
    #[command(subcommand)]
    Import(ImportCommand),
    /// Workforce equality: pay gaps, the workforce profile and representation.
    #[command(subcommand)]
    Workforce(crate::cli::workforce::WorkforceCommand),
    /// The background jobs: monitoring requests, reminders and escalations, and sending mail.
    #[command(subcommand)]
    Jobs(crate::cli::cycle::JobsCommand),
    /// Print the JSON API's OpenAPI document.
    Openapi,
    /// Write an organisation's public site (what /public/ORG shows) as static files: serve the
    /// folder as a web site's root.
    Publish {
        /// The organisation, e.g. dudley.
        #[arg(long)]
        org: String,
        /// The folder to write into (created if missing).
        #[arg(long)]
        out: PathBuf,
    },
    /// Write the whole database to a JSON file a person can read.
    Export {
        /// Where to write the backup.
        #[arg(long)]
        out: PathBuf,
    },
    /// Load a backup made by `export` into an empty database.
    Restore {
        /// The backup file.
        file: PathBuf,
    },
}

#[derive(Args, Clone)]
struct ServeArgs {
    /// The port to listen on; 0 picks a free one.
    #[arg(long, default_value_t = 8080)]
    port: u16,
    /// The address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    host: String,
    /// Send cookies over HTTPS only. On by default unless listening on loopback alone; turn it on
    /// there too when a TLS proxy on the same machine serves the app.
    #[arg(long, env = "DUEREGARD_SECURE_COOKIES")]
    secure_cookies: bool,
    /// The folder uploaded files are kept in while they are read: by default beside a SQLite
    /// database (`dueregard.uploads` for `dueregard.db`), or in Due Regard's data folder. Each
    /// file is deleted when its request ends, and anything left by a server that stopped
    /// mid-upload is deleted when the server starts, so give each server its own folder. An HR
    /// extract can be up to 1000 MB, so choose a folder with room.
    #[arg(long, env = "DUEREGARD_UPLOAD_DIR")]
    upload_dir: Option<std::path::PathBuf>,
    /// Behind a reverse proxy: the header it puts the client's address in (its last entry is
    /// used), e.g. X-Forwarded-For. Sign-in throttling counts attempts by that address. Set it
    /// only when every request comes through the proxy, or clients could choose their address.
    #[arg(long, env = "DUEREGARD_TRUSTED_PROXY_HEADER")]
    trusted_proxy_header: Option<String>,
    #[command(flatten)]
    mail: crate::cli::cycle::MailArgs,
}

#[derive(Subcommand)]
enum OrgCommand {
    /// Add an organisation.
    Add {
        /// Short name for the command line, e.g. dudley.
        #[arg(long)]
        slug: String,
        #[arg(long)]
        name: String,
        /// england, wales or scotland.
        #[arg(long, default_value = "england")]
        nation: String,
        /// Number of employees.
        #[arg(long)]
        headcount: Option<i64>,
    },
    /// List organisations.
    List,
}

#[derive(Subcommand)]
enum UserCommand {
    /// Add a user. The password is read from standard input.
    Add {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// administrator, equality_lead, lead_officer or viewer.
        #[arg(long)]
        role: String,
        /// The organisation's short name; may be left out when there is only one.
        #[arg(long)]
        org: Option<String>,
        /// Initials of the person record this user is (lead officers need one).
        #[arg(long)]
        initials: Option<String>,
    },
    /// List an organisation's users.
    List {
        #[arg(long)]
        org: Option<String>,
    },
}

#[derive(Subcommand)]
enum ImportCommand {
    /// An action plan: text extracted from a PDF or Word file, a Word (.docx) or OpenDocument
    /// (.odt) file with the plan's table, or a spreadsheet (.xlsx, .ods, .csv) with a header row.
    Plan {
        file: PathBuf,
        /// The organisation's short name; may be left out when there is only one.
        #[arg(long)]
        org: Option<String>,
        /// The financial year the plan covers, like 2013/14, if the document does not say.
        #[arg(long)]
        period: Option<String>,
        /// The plan's title, if the document does not give one.
        #[arg(long)]
        title: Option<String>,
        /// For a spreadsheet: which column holds what, like lead=C or "target=When by".
        /// Fields: priority, code, objective, number, action, lead, target, outcome.
        #[arg(long = "column", value_name = "FIELD=COLUMN")]
        columns: Vec<String>,
        /// What an empty target or outcome cell means: "same" (merged with the cell above) or
        /// "empty". By default only text from a PDF, which cannot say, is read as "same".
        #[arg(long, value_name = "same|empty")]
        empty_cells: Option<String>,
        /// The actions of this objective (its position in the plan as read, from 1) belong to
        /// the objective above it. Repeat for more.
        #[arg(long = "join-objective", value_name = "N")]
        join_objectives: Vec<String>,
        /// Store the plan as a new version of this plan (its number from the plan's address),
        /// for example when the same document is imported again.
        #[arg(long, value_name = "PLAN")]
        new_version_of: Option<i64>,
        /// Show what was understood without storing anything.
        #[arg(long)]
        dry_run: bool,
        /// Print the result as JSON (see the README for its shape).
        #[arg(long)]
        json: bool,
    },
    /// A list of equality objectives in a report (text, Word or OpenDocument), with any
    /// "Action will include" lists. They are stored as drafts.
    Objectives {
        file: PathBuf,
        #[arg(long)]
        org: Option<String>,
        /// Add the objectives even though this document was imported before.
        #[arg(long)]
        again: bool,
        #[arg(long)]
        dry_run: bool,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum TokenCommand {
    /// Create a token; it is printed once and only its hash is kept.
    Create {
        #[arg(long)]
        email: String,
        /// What the token is for, e.g. "reporting script".
        #[arg(long)]
        name: String,
    },
    /// List a user's tokens.
    List {
        #[arg(long)]
        email: String,
    },
    /// Revoke a token.
    Revoke {
        #[arg(long)]
        email: String,
        #[arg(long)]
        id: i64,
    },
}

pub fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    crate::telemetry::init(cli.log_format);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("Error: could not start: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

pub(crate) fn default_db_path() -> PathBuf {
    let base = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))
        .unwrap_or_else(std::env::temp_dir);
    base.join("dueregard").join("dueregard.db")
}

/// The SQLite database file named, if any.
fn sqlite_path(db: &DbArgs, fallback: &std::path::Path) -> Option<PathBuf> {
    match (&db.database_url, &db.db) {
        (Some(url), _) => url
            .strip_prefix("sqlite://")
            .map(|rest| PathBuf::from(rest.split('?').next().unwrap_or(rest))),
        (None, Some(path)) => Some(path.clone()),
        (None, None) => Some(fallback.to_path_buf()),
    }
}

/// Where uploads are kept while they are read: as chosen, beside a SQLite database, or in Due
/// Regard's data folder.
fn upload_dir(db: &DbArgs, fallback: &std::path::Path, args: &ServeArgs) -> PathBuf {
    match (&args.upload_dir, sqlite_path(db, fallback)) {
        (Some(dir), _) => dir.clone(),
        (None, Some(path)) => path.with_extension("uploads"),
        (None, None) => default_db_path().with_extension("uploads"),
    }
}

/// Where the pseudonymisation keys are kept: as named, beside a SQLite database, or in Due
/// Regard's data folder.
pub(crate) fn key_file(db: &DbArgs, fallback: &std::path::Path) -> KeyFile {
    match (&db.key_file, sqlite_path(db, fallback)) {
        (Some(path), _) => KeyFile::new(path.clone()),
        (None, Some(path)) => KeyFile::new(path.with_extension("keys")),
        (None, None) => KeyFile::new(default_db_path().with_extension("keys")),
    }
}

/// Opens the database: a SQLite file is created owner-only (SQLite gives its journal files the
/// same permissions). Pseudonymisation secrets an earlier version kept in the database are
/// moved to the key file.
pub(crate) async fn open(db: &DbArgs, fallback: PathBuf) -> anyhow::Result<Arc<dyn Store>> {
    let url = match (&db.database_url, &db.db) {
        (Some(url), _) => url.clone(),
        (None, Some(path)) => dueregard_store::sqlite_url(path),
        (None, None) => dueregard_store::sqlite_url(&fallback),
    };
    if let Some(path) = sqlite_path(db, &fallback) {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            files::create_private_dir(parent)?;
        }
        files::open_private(&path, true)
            .with_context(|| format!("could not open the database file {}", path.display()))?;
        for journal in ["-wal", "-shm"] {
            let mut name = path.clone().into_os_string();
            name.push(journal);
            files::restrict(std::path::Path::new(&name))?;
        }
    }
    let store = dueregard_store::connect(&url)
        .await
        .with_context(|| format!("could not open the database at {url}"))?;
    let keys = key_file(db, &fallback);
    let moved = keys.take_from_database(&store).await?;
    if moved > 0 {
        eprintln!(
            "Moved {moved} pseudonymisation key(s) out of the database into {}. Back that file up apart from the database.",
            keys.path().display()
        );
    }
    Ok(Arc::new(store))
}

pub(crate) async fn org_id(store: &dyn Store, slug: Option<&str>) -> anyhow::Result<i64> {
    match slug {
        Some(slug) => Ok(store
            .organisation_by_slug(slug)
            .await?
            .with_context(|| {
                format!("there is no organisation called '{slug}' (see `dueregard org list`)")
            })?
            .id),
        None => {
            let orgs = store.organisations().await?;
            match orgs.as_slice() {
                [one] => Ok(one.id),
                [] => bail!("there are no organisations yet: add one with `dueregard org add`"),
                _ => bail!("there are several organisations: say which with --org"),
            }
        }
    }
}

pub(crate) fn refused(e: ValidationErrors) -> anyhow::Error {
    anyhow::anyhow!(
        "{}",
        e.0.iter()
            .map(|f| format!("{}: {}", f.field, f.message))
            .collect::<Vec<_>>()
            .join("\n")
    )
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Jobs(command) => {
            let store = open(&cli.db, default_db_path()).await?;
            crate::cli::cycle::run(store, command).await
        }
        Command::Serve(args) => {
            let store = open(&cli.db, default_db_path()).await?;
            let keys = key_file(&cli.db, &default_db_path());
            let uploads = upload_dir(&cli.db, &default_db_path(), &args);
            serve(store, keys, uploads, &args, None).await
        }
        Command::Demo {
            serve: args,
            no_serve,
        } => {
            // A fresh database unless one is named.
            let fresh = std::env::temp_dir().join(format!(
                "dueregard-demo-{}-{}.db",
                std::process::id(),
                auth::now_seconds()
            ));
            let named = cli.db.db.is_some() || cli.db.database_url.is_some();
            let store = open(&cli.db, fresh.clone()).await?;
            let logins = crate::demo::load(store.as_ref(), &key_file(&cli.db, &fresh)).await?;
            if !named {
                println!("Demo database: {}", fresh.display());
            }
            if no_serve {
                println!("Demo data loaded.");
                return Ok(());
            }
            let (keys, uploads) = (
                key_file(&cli.db, &fresh),
                upload_dir(&cli.db, &fresh, &args),
            );
            serve(store, keys, uploads, &args, Some(logins)).await
        }
        Command::Org(OrgCommand::Add {
            slug,
            name,
            nation,
            headcount,
        }) => {
            let store = open(&cli.db, default_db_path()).await?;
            let nation = Nation::from_key(&nation.to_lowercase())
                .context("the nation must be england, wales or scotland")?;
            let org = store
                .create_organisation(
                    &Actor::command_line(),
                    NewOrganisation {
                        slug,
                        name,
                        nation,
                        headcount,
                    },
                )
                .await
                .map_err(store_error)?;
            println!("Added {} ({}).", org.name, org.slug);
            Ok(())
        }
        Command::Org(OrgCommand::List) => {
            let store = open(&cli.db, default_db_path()).await?;
            for o in store.organisations().await? {
                println!("{}\t{}\t{}", o.slug, o.name, o.nation.label());
            }
            Ok(())
        }
        Command::User(UserCommand::Add {
            email,
            name,
            role,
            org,
            initials,
        }) => {
            let store = open(&cli.db, default_db_path()).await?;
            let org = org_id(store.as_ref(), org.as_deref()).await?;
            let role = Role::from_key(&role)
                .context("the role must be administrator, equality_lead, lead_officer or viewer")?;
            let mut errors = ValidationErrors::new();
            let email = normalise_email(&mut errors, "email", &email);
            let name =
                dueregard_core::validate::required(&mut errors, "name", "a name", &name, 300);
            if !errors.is_empty() {
                return Err(refused(errors));
            }
            let person_id = match initials {
                Some(i) => Some(
                    store
                        .people(org)
                        .await?
                        .into_iter()
                        .find(|p| p.fields.initials.as_deref() == Some(i.to_uppercase().as_str()))
                        .with_context(|| format!("no person has the initials {i}"))?
                        .id,
                ),
                None => None,
            };
            let mut password = String::new();
            std::io::stdin()
                .read_to_string(&mut password)
                .context("could not read the password from standard input")?;
            let password = password.trim_end_matches(['\r', '\n']);
            if password.chars().count() < 12 {
                bail!("the password must be at least 12 characters long");
            }
            let hash = auth::hash_password(password)?;
            let user = store
                .create_user(
                    &Actor::command_line(),
                    org,
                    NewUser {
                        email,
                        name,
                        role,
                        person_id,
                        password_hash: hash,
                    },
                )
                .await
                .map_err(store_error)?;
            println!(
                "Added {} <{}> as {}.",
                user.name,
                user.email,
                user.role.label().to_lowercase()
            );
            Ok(())
        }
        Command::User(UserCommand::List { org }) => {
            let store = open(&cli.db, default_db_path()).await?;
            let org = org_id(store.as_ref(), org.as_deref()).await?;
            for u in store.users(org).await? {
                println!("{}\t{}\t{}", u.email, u.name, u.role.key());
            }
            Ok(())
        }
        Command::Token(TokenCommand::Create { email, name }) => {
            let store = open(&cli.db, default_db_path()).await?;
            let (user, _) = store
                .user_credentials(&email)
                .await?
                .with_context(|| format!("there is no user with the email address {email}"))?;
            let name = name.trim();
            if name.is_empty() || name.chars().count() > 100 {
                bail!("give the token a name of 1 to 100 characters, saying what it is for");
            }
            let secret = format!("dr_{}", auth::random_token()?);
            let token = store
                .create_token(
                    &Actor::command_line(),
                    user.id,
                    name,
                    &auth::token_hash(&secret),
                )
                .await
                .map_err(store_error)?;
            println!("{secret}");
            eprintln!(
                "Token {} '{}' for {} created. Copy it now: it is not shown again.",
                token.id, token.name, user.email
            );
            Ok(())
        }
        Command::Token(TokenCommand::List { email }) => {
            let store = open(&cli.db, default_db_path()).await?;
            let (user, _) = store
                .user_credentials(&email)
                .await?
                .with_context(|| format!("there is no user with the email address {email}"))?;
            for t in store.tokens(user.id).await? {
                println!(
                    "{}\t{}\t{}\t{}",
                    t.id,
                    t.name,
                    t.created_at,
                    t.revoked_at
                        .as_deref()
                        .map_or("active".to_string(), |r| format!("revoked {r}"))
                );
            }
            Ok(())
        }
        Command::Token(TokenCommand::Revoke { email, id }) => {
            let store = open(&cli.db, default_db_path()).await?;
            let (user, _) = store
                .user_credentials(&email)
                .await?
                .with_context(|| format!("there is no user with the email address {email}"))?;
            store
                .revoke_token(&Actor::command_line(), user.id, id)
                .await
                .map_err(store_error)?;
            println!("Revoked token {id}.");
            Ok(())
        }
        Command::Import(ImportCommand::Plan {
            file,
            org,
            period,
            title,
            columns,
            empty_cells,
            join_objectives,
            new_version_of,
            dry_run,
            json,
        }) => {
            let (bytes, name) = crate::app::import::read(&file)?;
            let plan = crate::app::import::plan(
                &bytes,
                &name,
                period.as_deref(),
                &columns,
                empty_cells.as_deref(),
                &join_objectives,
                json,
            )?;
            if dry_run {
                return Ok(());
            }
            let store = open(&cli.db, default_db_path()).await?;
            let org = org_id(store.as_ref(), org.as_deref()).await?;
            let receipt = crate::app::import::store_plan(
                store.as_ref(),
                &Actor::command_line(),
                org,
                &plan,
                crate::app::import::Confirmed {
                    source: crate::app::import::source(&bytes, &name),
                    title,
                    period,
                    directorate_id: None,
                    new_version_of,
                },
            )
            .await?;
            eprintln!(
                "Stored plan {} '{}': {} actions, {} new people.",
                receipt.plan.id, receipt.plan.fields.title, receipt.actions, receipt.people_created
            );
            Ok(())
        }
        Command::Import(ImportCommand::Objectives {
            file,
            org,
            again,
            dry_run,
            json,
        }) => {
            let (bytes, name) = crate::app::import::read(&file)?;
            let found = crate::app::import::objectives(&bytes, &name, json)?;
            if dry_run {
                return Ok(());
            }
            let store = open(&cli.db, default_db_path()).await?;
            let org = org_id(store.as_ref(), org.as_deref()).await?;
            let receipt = crate::app::import::store_objectives(
                store.as_ref(),
                &Actor::command_line(),
                org,
                &found,
                crate::app::import::source(&bytes, &name),
                again,
            )
            .await
            .map_err(store_error)?;
            eprintln!(
                "Stored {} equality objectives as drafts.",
                receipt.objectives.len()
            );
            Ok(())
        }
        Command::Workforce(command) => crate::cli::workforce::run(command, &cli.db).await,
        Command::Publish { org, out } => {
            let store = open(&cli.db, default_db_path()).await?;
            org_id(store.as_ref(), Some(&org)).await?;
            let keys = key_file(&cli.db, &default_db_path());
            let state = AppState::new(store, false, keys);
            let files = crate::web::publish::site(state, &org)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            for (address, bytes) in &files {
                let path = out.join(crate::web::publish::file_for(address));
                if let Some(dir) = path.parent() {
                    std::fs::create_dir_all(dir)
                        .with_context(|| format!("could not create {}", dir.display()))?;
                }
                std::fs::write(&path, bytes)
                    .with_context(|| format!("could not write {}", path.display()))?;
            }
            println!(
                "Wrote {} files of {org}'s public site to {}.",
                files.len(),
                out.display()
            );
            Ok(())
        }
        Command::Openapi => {
            use std::io::Write;
            // A closed pipe (`| head`) is not an error worth a panic.
            let _ = writeln!(
                std::io::stdout(),
                "{:#}",
                crate::web::openapi::build(&router::routes())
            );
            Ok(())
        }
        Command::Export { out } => {
            let store = open(&cli.db, default_db_path()).await?;
            let backup = store.export(&Actor::command_line()).await?;
            let text = serde_json::to_string_pretty(&backup)?;
            files::write_private(&out, text.as_bytes())?;
            let rows: usize = backup.tables.iter().map(|t| t.rows.len()).sum();
            println!(
                "Wrote {rows} rows from {} tables to {}.",
                backup.tables.len(),
                out.display()
            );
            Ok(())
        }
        Command::Restore { file } => {
            let store = open(&cli.db, default_db_path()).await?;
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("could not read {}", file.display()))?;
            let backup: dueregard_core::backup::Backup = serde_json::from_str(&text)
                .with_context(|| format!("{} is not a Due Regard backup", file.display()))?;
            store
                .restore(&Actor::command_line(), &backup)
                .await
                .map_err(store_error)?;
            println!("Restored {}.", file.display());
            Ok(())
        }
    }
}

pub(crate) fn store_error(e: dueregard_core::store::StoreError) -> anyhow::Error {
    match e {
        dueregard_core::store::StoreError::Invalid(v) => refused(v),
        other => anyhow::anyhow!("{other}"),
    }
}

async fn serve(
    store: Arc<dyn Store>,
    keys: KeyFile,
    uploads: PathBuf,
    args: &ServeArgs,
    logins: Option<Vec<crate::demo::Login>>,
) -> anyhow::Result<()> {
    let stale = files::clear_stale_uploads(&uploads)?;
    if stale > 0 {
        tracing::warn!(
            files = stale,
            folder = %uploads.display(),
            "deleted uploads left by a server that stopped while reading them"
        );
    }
    let listener = tokio::net::TcpListener::bind((args.host.as_str(), args.port))
        .await
        .with_context(|| format!("could not listen on {}:{}", args.host, args.port))?;
    let addr = listener.local_addr()?;
    println!(
        "Due Regard is running at http://{addr}/ on {}.",
        store.backend()
    );
    if let Some(logins) = logins {
        println!(
            "Demo sign-ins (password for all: {}):",
            crate::demo::DEMO_PASSWORD
        );
        for l in logins {
            println!("  {:<28} {:<16} {}", l.email, l.role, l.organisation);
        }
    }
    let secure_cookies = args.secure_cookies || !addr.ip().is_loopback();
    // The background jobs run beside the pages; more instances may share the work.
    let cycle = args.mail.cycle(store.clone())?;
    let public_url = cycle.mailer.as_ref().map(|m| m.public_url().to_string());
    tokio::spawn(cycle.forever(
        std::time::Duration::from_secs(args.mail.jobs_every.max(1)),
        None,
    ));
    let mut state = AppState::new(store, secure_cookies, keys)
        .with_upload_dir(uploads)
        .with_public_url(public_url);
    if let Some(name) = &args.trusted_proxy_header {
        let header = axum::http::HeaderName::try_from(name.as_str())
            .with_context(|| format!("'{name}' is not a header name"))?;
        state = state.with_client_address_header(header);
    }
    let app = router::app(state);
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await
    .context("the server stopped with an error")
}
