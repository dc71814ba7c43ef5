//! Taking consultation responses, from the public form and from officers keying in paper and
//! email ones, and working out who has been heard against the area's population.

use crate::app::keys::KeyFile;
use crate::app::secrets::{now_seconds, random_token, token_hash};
use anyhow::Context;
use dueregard_core::consultation::Consultation;
use dueregard_core::consultation::response::{Channel, NewResponse, Received, ResponseInput};
use dueregard_core::store::{Actor, Store};
use dueregard_formats::workforce::reference;
use dueregard_stats::disclosure::Preset;
use dueregard_stats::reach::{ReachTable, reach};

/// Where a response came from.
pub struct Sender<'a> {
    pub channel: Channel,
    /// The client's address, for the public form (kept only as a keyed hash).
    pub address: Option<&'a str>,
    /// The user keying it in, for paper and email responses.
    pub keyed_by: Option<(&'a Actor, i64)>,
    /// The form's one-time key, if it carried one.
    pub submission_key: Option<String>,
    /// The hidden field was filled in.
    pub honeypot: bool,
}

/// The hash an address is kept as: keyed with the service key, which lives in the key file
/// apart from the database, so the database alone cannot be searched for an address.
fn address_hash(keys: &KeyFile, consultation: i64, address: &str) -> anyhow::Result<String> {
    let key = keys.service_key()?;
    Ok(token_hash(&format!(
        "consultation response address\n{key}\n{consultation}\n{address}"
    )))
}

/// Keeps a response to `consultation` and answers what became of it.
pub async fn receive(
    store: &dyn Store,
    keys: &KeyFile,
    org: i64,
    consultation: &Consultation,
    input: ResponseInput,
    sender: Sender<'_>,
) -> anyhow::Result<Received> {
    let now = now_seconds();
    let content = serde_json::to_string(&input.answers).context("could not read the answers")?;
    let address_hash = match sender.address {
        Some(a) => Some(address_hash(keys, consultation.id, a)?),
        None => None,
    };
    let closes = closes_at(consultation).unwrap_or(now);
    let keep = i64::from(consultation.fields.keep_personal_days) * 86_400;
    let submission_key = match sender.submission_key.filter(|k| valid_key(k)) {
        Some(k) => k,
        None => random_token().map_err(|e| anyhow::anyhow!("{e}"))?,
    };
    let new = NewResponse {
        input,
        channel: sender.channel,
        submission_key,
        address_hash,
        content_hash: token_hash(&content),
        honeypot: sender.honeypot,
        keyed_by_user: sender.keyed_by.map(|(_, id)| id),
        received_at: now,
        personal_until: closes.max(now) + 86_400 + keep,
    };
    let public = Actor {
        user_id: None,
        name: "Public response form".into(),
    };
    let actor = sender.keyed_by.map_or(&public, |(a, _)| a);
    Ok(store
        .add_response(actor, org, consultation.id, &new)
        .await?)
}

/// The start of the day after a consultation closes, in seconds: when what is kept only while
/// it is open (saved answers) goes, and from when contact details are counted.
pub fn closes_at(c: &Consultation) -> Option<i64> {
    c.fields
        .closes
        .to_zoned(jiff::tz::TimeZone::UTC)
        .ok()
        .map(|z| z.timestamp().as_second())
}

/// A form's one-time key as we make them: letters, digits, '-' and '_', 20 to 64 of them.
pub fn valid_key(key: &str) -> bool {
    (20..=64).contains(&key.len())
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// A new one-time key for a response form.
pub fn new_submission_key() -> Result<String, crate::app::secrets::SecretError> {
    random_token()
}

/// Who has been heard, by characteristic, against the area's Census 2021 population; `None`
/// when the consultation names no area.
pub async fn reach_tables(
    store: &dyn Store,
    org: i64,
    consultation: &Consultation,
) -> anyhow::Result<Option<(String, Vec<ReachTable>)>> {
    let Some(area) = consultation
        .fields
        .area_code
        .as_deref()
        .and_then(|a| reference::find_area(a).ok())
    else {
        return Ok(None);
    };
    let counts = store.monitoring_counts(org, consultation.id).await?;
    let population = reference::population(&area);
    let policy = Preset::Threshold10.policy();
    let tables = population
        .benchmarks
        .iter()
        .map(|b| {
            reach(
                &counts.codes(b.characteristic),
                counts.respondents,
                b,
                &policy,
            )
        })
        .collect();
    Ok(Some((area.name, tables)))
}

/// The area a new consultation starts from: the one the organisation's workforce is compared
/// with, if it has one.
pub async fn usual_area(store: &dyn Store, org: i64) -> anyhow::Result<String> {
    Ok(store
        .snapshots(org)
        .await?
        .into_iter()
        .find_map(|s| s.fields.area_code)
        .unwrap_or_default())
}

/// The summary of what was heard, from the records as they are now: counted responses only,
/// and reach figures only as disclosure control lets them be published.
pub async fn summary(
    store: &dyn Store,
    org: &dueregard_core::org::Organisation,
    c: &Consultation,
    today: jiff::civil::Date,
) -> anyhow::Result<dueregard_core::report::Report> {
    let responses: Vec<_> = store
        .responses(org.id, c.id)
        .await?
        .into_iter()
        .filter(|r| r.held.is_none())
        .collect();
    let codings = store.codings(org.id, c.id).await?;
    let reach = if c.fields.ask_monitoring {
        reach_tables(store, org.id, c).await?
    } else {
        None
    };
    let objectives = store.objectives(org.id).await?;
    let decisions = store.decisions(org.id).await?;
    let actions = store.action_rows(org.id).await?;
    let names = |kind: &str, id: i64| -> Option<String> {
        match kind {
            "action" => actions
                .iter()
                .find(|a| a.id == id)
                .map(|a| format!("Action {}: {}", a.reference, a.text)),
            "objective" => objectives
                .iter()
                .find(|o| o.id == id)
                .map(|o| format!("Objective: {}", o.fields.title)),
            "decision" => decisions
                .iter()
                .find(|d| d.id == id)
                .map(|d| format!("Decision: {}", d.fields.title)),
            _ => None,
        }
    };
    let (area, tables) = match &reach {
        Some((area, tables)) => (Some(area.as_str()), tables.as_slice()),
        None => (None, &[][..]),
    };
    Ok(dueregard_core::consultation::summary::summary_report(
        &dueregard_core::consultation::summary::SummaryInput {
            organisation: &org.name,
            consultation: &c.fields,
            responses: &responses,
            codings: &codings,
            reach: tables,
            area,
            names: &names,
            today,
        },
    ))
}

/// The consultation check for each consultation that informs a decision: directly, or through
/// one of the assessments the decision rests on.
pub async fn checks_for_decision(
    store: &dyn Store,
    org: i64,
    decision: &dueregard_core::assessment::DecisionFields,
    decision_id: i64,
) -> anyhow::Result<
    Vec<(
        Consultation,
        Vec<dueregard_core::consultation::check::GunningLine>,
    )>,
> {
    use dueregard_core::consultation::QuestionKind;
    use dueregard_core::consultation::check::{Heard, consultation_check};
    let mut out = Vec::new();
    for c in store.consultations(org).await? {
        let informs = c.fields.decision_ids.contains(&decision_id)
            || c.fields
                .assessment_ids
                .iter()
                .any(|a| decision.assessment_ids.contains(a));
        if !informs {
            continue;
        }
        let responses: Vec<_> = store
            .responses(org, c.id)
            .await?
            .into_iter()
            .filter(|r| r.held.is_none())
            .collect();
        let coded: std::collections::BTreeSet<i64> = store
            .codings(org, c.id)
            .await?
            .iter()
            .map(|k| k.response_id)
            .collect();
        let written = |r: &&dueregard_core::consultation::response::ConsultationResponse| {
            c.fields.questions.iter().any(|q| {
                matches!(q.kind, QuestionKind::Text | QuestionKind::LongText)
                    && r.answers.contains_key(&q.key)
            })
        };
        let uncoded = responses
            .iter()
            .filter(written)
            .filter(|r| !coded.contains(&r.id))
            .count();
        let heard = Heard {
            responses: responses.iter().filter(written).count(),
            uncoded,
        };
        let lines = consultation_check(&c.fields, decision.decided_on, heard);
        out.push((c, lines));
    }
    Ok(out)
}

/// The summary as approved, if it has been: the report kept at approval.
pub async fn approved_summary(
    store: &dyn Store,
    org: &dueregard_core::org::Organisation,
    c: &Consultation,
    today: jiff::civil::Date,
) -> anyhow::Result<Option<dueregard_core::report::Report>> {
    let Some(approval) = &c.fields.summary_approved else {
        return Ok(None);
    };
    match &approval.report {
        Some(kept) => Ok(Some(
            serde_json::from_value(kept.clone())
                .context("the approved summary could not be read")?,
        )),
        // Approved before summaries were kept: worked out from the records.
        None => Ok(Some(summary(store, org, c, today).await?)),
    }
}

/// Approves the summary as it stands, keeping it: the public sees exactly what was approved.
pub async fn approve_summary(
    store: &dyn Store,
    actor: &Actor,
    org: &dueregard_core::org::Organisation,
    c: &Consultation,
    version: i64,
    by: &str,
    today: jiff::civil::Date,
) -> anyhow::Result<()> {
    let report = summary(store, org, c, today).await?;
    let mut fields = c.fields.clone();
    fields.summary_approved = Some(dueregard_core::consultation::analysis::SummaryApproval {
        on: today,
        by: by.to_string(),
        report: Some(serde_json::to_value(&report).context("the summary could not be kept")?),
    });
    store
        .update_consultation(actor, org.id, c.id, version, fields)
        .await?;
    Ok(())
}
