//! Sending mail through the operator's SMTP server (lettre), over STARTTLS or TLS unless the
//! server is on this machine. Each message goes as plain text with an HTML alternative, and an
//! optional one carries a one-click unsubscribe (RFC 8058).

use anyhow::{Context, bail};
use dueregard_core::mail::QueuedMail;
use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use sha2::Digest;

/// How the connection to the mail server is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Security {
    /// Upgrade a plain connection with STARTTLS, refusing to go on without it.
    Starttls,
    /// TLS from the start (usually port 465).
    Tls,
    /// No encryption: only for a mail server on this machine.
    None,
}

/// What the operator configures.
#[derive(Debug, Clone)]
pub struct MailConfig {
    pub host: String,
    pub port: u16,
    pub security: Security,
    pub username: Option<String>,
    pub password: Option<String>,
    /// "Due Regard <equality@council.example>".
    pub from: String,
    /// The address people reach the service at, e.g. https://equality.council.example: every
    /// link in a message starts with it.
    pub public_url: String,
}

pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    public_url: String,
}

fn is_loopback(host: &str) -> bool {
    host == "localhost"
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|a| a.is_loopback())
}

impl Mailer {
    pub fn new(config: &MailConfig) -> anyhow::Result<Mailer> {
        let public_url = config.public_url.trim_end_matches('/').to_string();
        if !(public_url.starts_with("https://") || public_url.starts_with("http://")) {
            bail!("the public URL must start with https:// (or http:// on this machine alone)");
        }
        if config.security == Security::None && !is_loopback(&config.host) {
            bail!(
                "mail to {} would go unencrypted: use --smtp-security starttls or tls",
                config.host
            );
        }
        let from: Mailbox = config
            .from
            .parse()
            .with_context(|| format!("the sender '{}' is not a mail address", config.from))?;
        let tls = || TlsParameters::new(config.host.clone()).context("could not set up TLS");
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&config.host)
            .port(config.port)
            .timeout(Some(std::time::Duration::from_secs(30)))
            .tls(match config.security {
                Security::Starttls => Tls::Required(tls()?),
                Security::Tls => Tls::Wrapper(tls()?),
                Security::None => Tls::None,
            });
        if let (Some(user), Some(password)) = (&config.username, &config.password) {
            builder = builder.credentials(Credentials::new(user.clone(), password.clone()));
        }
        Ok(Mailer {
            transport: builder.build(),
            from,
            public_url,
        })
    }

    pub fn public_url(&self) -> &str {
        &self.public_url
    }

    /// Sends one message. `unsubscribe` is the absolute one-click address for optional mail.
    pub async fn send(&self, mail: &QueuedMail, unsubscribe: Option<&str>) -> Result<(), String> {
        let to: Mailbox = mail
            .to
            .parse()
            .map_err(|e| format!("the address '{}' is not a mail address: {e}", mail.to))?;
        // The same message always has the same Message-ID, so a receiving system can tell a
        // repeat, should one ever be sent.
        let digest = sha2::Sha256::digest(mail.key.as_bytes());
        let id: String = digest.iter().take(16).map(|b| format!("{b:02x}")).collect();
        let mut builder = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(mail.subject.clone())
            .message_id(Some(format!("<{id}@dueregard>")))
            .raw_header(header("X-Due-Regard-Message", &mail.key)?);
        if let Some(address) = unsubscribe {
            builder = builder
                .raw_header(header("List-Unsubscribe", &format!("<{address}>"))?)
                .raw_header(header(
                    "List-Unsubscribe-Post",
                    "List-Unsubscribe=One-Click",
                )?);
        }
        let message = builder
            .multipart(MultiPart::alternative_plain_html(
                mail.text.clone(),
                mail.html.clone(),
            ))
            .map_err(|e| format!("the message could not be made: {e}"))?;
        self.transport
            .send(message)
            .await
            .map(|_| ())
            .map_err(|e| format!("the mail server did not take it: {e}"))
    }
}

fn header(name: &str, value: &str) -> Result<HeaderValue, String> {
    let name = HeaderName::new_from_ascii(name.to_string()).map_err(|e| e.to_string())?;
    Ok(HeaderValue::new(name, value.to_string()))
}
