//! Mail settings and the background jobs, for `serve` and `jobs`.

use crate::app::cycle::Cycle;
use crate::app::mailer::{MailConfig, Mailer, Security};
use anyhow::Context;
use clap::{Args, Subcommand};
use dueregard_core::store::Store;
use std::path::PathBuf;
use std::sync::Arc;

/// How the service sends mail. With no SMTP host, nothing is sent and password links are shown
/// to administrators instead.
#[derive(Args, Clone, Debug)]
pub struct MailArgs {
    /// The SMTP server that sends the service's mail.
    #[arg(long, env = "DUEREGARD_SMTP_HOST")]
    pub smtp_host: Option<String>,
    /// Its port: 587 for STARTTLS, 465 for TLS.
    #[arg(long, env = "DUEREGARD_SMTP_PORT", default_value_t = 587)]
    pub smtp_port: u16,
    /// starttls, tls, or none (allowed only for a server on this machine).
    #[arg(
        long,
        env = "DUEREGARD_SMTP_SECURITY",
        value_enum,
        default_value = "starttls"
    )]
    pub smtp_security: Security,
    /// The user name to sign in to the SMTP server with, if it needs one.
    #[arg(long, env = "DUEREGARD_SMTP_USERNAME")]
    pub smtp_username: Option<String>,
    /// A file holding the SMTP password (a mounted secret), never the password itself.
    #[arg(long, env = "DUEREGARD_SMTP_PASSWORD_FILE")]
    pub smtp_password_file: Option<PathBuf>,
    /// Who the mail is from, e.g. "Due Regard <equality@council.example>".
    #[arg(long, env = "DUEREGARD_MAIL_FROM")]
    pub mail_from: Option<String>,
    /// The address people reach this service at, e.g. https://equality.council.example: links
    /// in mail start with it.
    #[arg(long, env = "DUEREGARD_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// Seconds a job or message is held by one instance before another may take it over.
    #[arg(long, env = "DUEREGARD_LEASE_SECONDS", default_value_t = 120)]
    pub lease_seconds: i64,
    /// Seconds between looks for due jobs.
    #[arg(long, env = "DUEREGARD_JOBS_EVERY", default_value_t = 10)]
    pub jobs_every: u64,
}

impl MailArgs {
    /// The mailer, if mail is set up.
    pub fn mailer(&self) -> anyhow::Result<Option<Arc<Mailer>>> {
        let Some(host) = &self.smtp_host else {
            return Ok(None);
        };
        let from = self
            .mail_from
            .clone()
            .context("give --mail-from, the address mail is sent from")?;
        let public_url = self
            .public_url
            .clone()
            .context("give --public-url, the address links in mail start with")?;
        let password = match &self.smtp_password_file {
            Some(path) => Some(
                std::fs::read_to_string(path)
                    .with_context(|| format!("could not read {}", path.display()))?
                    .trim_end_matches(['\r', '\n'])
                    .to_string(),
            ),
            None => None,
        };
        let config = MailConfig {
            host: host.clone(),
            port: self.smtp_port,
            security: self.smtp_security,
            username: self.smtp_username.clone(),
            password,
            from,
            public_url,
        };
        Ok(Some(Arc::new(Mailer::new(&config)?)))
    }

    pub fn cycle(&self, store: Arc<dyn Store>) -> anyhow::Result<Cycle> {
        Ok(Cycle::new(store, self.mailer()?, self.lease_seconds))
    }
}

#[derive(Subcommand)]
pub enum JobsCommand {
    /// Run the background jobs (monitoring mail, sending mail) without serving pages. Several
    /// instances may run on one database: each job runs on one at a time.
    Run {
        #[command(flatten)]
        mail: MailArgs,
        /// Run each job once, now, and stop, rather than running them on their schedule.
        #[arg(long)]
        once: bool,
        /// Judge monitoring as on this day (YYYY-MM-DD), to send what a day's run would.
        #[arg(long)]
        as_of: Option<jiff::civil::Date>,
    },
    /// List the jobs, when each is next due and its last runs.
    List,
}

pub async fn run(store: Arc<dyn Store>, command: JobsCommand) -> anyhow::Result<()> {
    match command {
        JobsCommand::Run { mail, once, as_of } => {
            let cycle = mail.cycle(store)?;
            if once {
                for (job, _) in [
                    crate::app::cycle::KEEPING,
                    crate::app::cycle::MONITORING,
                    crate::app::cycle::MAIL,
                ] {
                    cycle
                        .store
                        .make_job_due(job, crate::app::secrets::now_seconds())
                        .await?;
                }
                cycle.tick(as_of.unwrap_or_else(crate::app::today)).await?;
                return Ok(());
            }
            let every = std::time::Duration::from_secs(mail.jobs_every.max(1));
            cycle.forever(every, as_of).await;
            Ok(())
        }
        JobsCommand::List => {
            for job in store.jobs().await? {
                println!(
                    "{}: next due {}, {}",
                    job.name,
                    job.due_at,
                    job.lease_owner
                        .map_or_else(|| "free".to_string(), |o| format!("held by {o}"))
                );
                for run in store.job_runs(&job.name, 5).await? {
                    println!(
                        "  {} on {}: {} {}",
                        run.started_at, run.instance, run.outcome, run.summary
                    );
                }
            }
            Ok(())
        }
    }
}
