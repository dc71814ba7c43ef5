//! The demo's consultation: Dudley asks about its equality priorities (seed 000's five questions
//! and one of where people live or work), open now, three weeks in, with illustrative responses
//! whose profile leaves some of the borough under-heard, as a real one often does.

use dueregard_core::consultation::analysis::NewCoding;
use dueregard_core::consultation::response::{
    Answers, Channel, NewResponse, Respondent, ResponseInput,
};
use dueregard_core::consultation::{
    ConsultationFields, ConsultationForm, Question, seed_questions,
};
use dueregard_core::store::{Actor, Store};
use dueregard_stats::classify::Characteristic;
use jiff::ToSpan;
use jiff::civil::Date;

const TITLE: &str = "Our equality priorities for the next four years (illustrative)";
const CLOSED: &str = "Equality priorities and action plan 2012 to 2016 (illustrative)";

/// Adds the consultations once.
pub async fn load(store: &dyn Store, actor: &Actor, org: i64, today: Date) -> anyhow::Result<()> {
    if !store
        .consultations(org)
        .await?
        .iter()
        .any(|c| c.fields.title == CLOSED)
    {
        closed(store, actor, org).await?;
    }
    if store
        .consultations(org)
        .await?
        .iter()
        .any(|c| c.fields.title == TITLE)
    {
        return Ok(());
    }
    let opens = today.checked_sub(21.days())?;
    let closes = ConsultationFields::usual_close(opens).unwrap_or(today);
    let form = ConsultationForm {
        title: TITLE.into(),
        purpose: "We propose four equality priorities and an action plan to deliver them, and want to know what you think before Cabinet decides. This consultation and its responses are illustrative: they show how Due Regard runs one.".into(),
        documents: "Draft equality priorities and action plan | /public/dudley/plans".into(),
        opens: opens.to_string(),
        closes: closes.to_string(),
        consultees: "Dudley Council for Voluntary Service\nDudley Borough Interfaith Network\nDisabled people's forums\nStaff equality networks\nThe public".into(),
        area_code: "E08000027".into(),
        ask_monitoring: true,
        keep_personal_days: "365".into(),
        ..Default::default()
    };
    let mut fields = ConsultationFields::validate(&form, None)
        .map_err(|e| anyhow::anyhow!("the demo consultation was refused: {e:?}"))?;
    fields.questions = seed_questions();
    fields.questions.push(
        Question::validate(
            "q6".into(),
            "radios",
            "Do you live or work in the borough?",
            "",
            "Live\nWork\nBoth\nNeither",
            false,
        )
        .map_err(|e| anyhow::anyhow!("the demo question was refused: {e:?}"))?,
    );
    fields.published = true;
    let c = store.create_consultation(actor, org, fields).await?;
    for (title, kind, days, audience, aimed, attendance, profile, said) in [
        (
            "Youth council drop-in on the equality priorities (illustrative)",
            "event",
            14,
            "Young people aged 16 to 34",
            "16 to 24\n25 to 34",
            "",
            "",
            "",
        ),
        (
            "Disabled people's forum (illustrative)",
            "forum",
            -10,
            "Disabled people and carers",
            "Disabled",
            "23",
            "Disabled: 17\nNot disabled: 6\nFemale: 14\nMale: 9",
            "Transport after six in the evening, and carers' breaks, came up most.",
        ),
    ] {
        let form = dueregard_core::consultation::engagement::EngagementForm {
            title: title.into(),
            kind: kind.into(),
            date: today.checked_add(jiff::Span::new().days(days))?.to_string(),
            audience: audience.into(),
            consultation_id: c.id.to_string(),
            aimed_at: aimed.into(),
            attendance: attendance.into(),
            profile: profile.into(),
            what_was_said: said.into(),
            follow_up: String::new(),
        };
        let fields = dueregard_core::consultation::engagement::EngagementFields::validate(&form)
            .map_err(|e| anyhow::anyhow!("the demo event was refused: {e:?}"))?;
        store.create_engagement_event(actor, org, fields).await?;
    }
    let start = opens
        .to_zoned(jiff::tz::TimeZone::UTC)
        .map(|z| z.timestamp().as_second())
        .unwrap_or(0);
    let likert = [
        "Strongly agree",
        "Agree",
        "Agree",
        "Neither agree nor disagree",
        "Disagree",
    ];
    let said = [
        "Good priorities, but say how you will reach people who do not use the internet.",
        "Nothing on transport: disabled people cannot get to services after six.",
        "Please work with the mosques and gurdwaras, not only the churches.",
        "Young people are missing from the priorities.",
        "Carers need to be named.",
    ];
    for n in 0..48u32 {
        let mut answers = Answers::new();
        answers.insert("q1".into(), vec![said[n as usize % said.len()].into()]);
        answers.insert("q4".into(), vec![likert[n as usize % likert.len()].into()]);
        answers.insert(
            "q6".into(),
            vec![["Live", "Both", "Work"][n as usize % 3].into()],
        );
        // Older, White British and female respondents answer most: the under-heard show.
        let monitoring = vec![
            (Characteristic::Sex, if n % 3 == 0 { 1 } else { 0 }),
            (Characteristic::Age, [3, 3, 2, 4, 3, 2][n as usize % 6]),
            (Characteristic::Ethnicity, if n % 8 == 0 { 2 } else { 12 }),
            (Characteristic::Disability, if n % 4 == 0 { 0 } else { 1 }),
        ];
        let channel = if n % 12 == 5 {
            Channel::Paper
        } else {
            Channel::Online
        };
        let response = NewResponse {
            input: ResponseInput {
                answers,
                respondent: Respondent::default(),
                monitoring,
            },
            channel,
            submission_key: format!("demo-response-{n:08}-illustrative"),
            address_hash: None,
            content_hash: format!("demo {n}"),
            honeypot: false,
            keyed_by_user: None,
            received_at: start + i64::from(n) * 36_000,
            personal_until: start + 200 * 86_400,
        };
        store.add_response(actor, org, c.id, &response).await?;
    }
    Ok(())
}

fn coding(response_id: i64, coder_id: i64, codes: &[String], at: i64) -> NewCoding<'_> {
    NewCoding {
        response_id,
        coder_id,
        codes,
        at,
    }
}

/// A consultation that has run its course, as seed 000's did: twelve weeks, seed 000's five
/// questions, the written answers coded by two officers (so their agreement shows), two changes
/// made because of them, and the summary approved by the director and published.
async fn closed(store: &dyn Store, actor: &Actor, org: i64) -> anyhow::Result<()> {
    let form = ConsultationForm {
        title: CLOSED.into(),
        purpose: "We asked partners, staff networks and the public what they thought of our proposed equality priorities and the action plan to deliver them. This consultation and its responses are illustrative.".into(),
        documents: "Draft equality strategy and action plan | /public/dudley/plans".into(),
        opens: "2012-09-03".into(),
        closes: "2012-11-26".into(),
        consultees: "Public sector bodies and council partners\nCommunity Engagement Network\nStaff equality networks\nThe public".into(),
        area_code: "E08000027".into(),
        ask_monitoring: true,
        keep_personal_days: "365".into(),
        decision_ids: store
            .decisions(org)
            .await?
            .first()
            .map(|d| vec![d.id.to_string()])
            .unwrap_or_default(),
        ..Default::default()
    };
    let mut fields = ConsultationFields::validate(&form, None)
        .map_err(|e| anyhow::anyhow!("the demo consultation was refused: {e:?}"))?;
    fields.questions = seed_questions();
    fields.published = true;
    fields.codes = dueregard_core::consultation::analysis::code_frame(
        "Transport: getting to services, buses, evenings\nCarers: unpaid carers and their support\nYoung people: children and young people\nFaith groups: working with places of worship\nSupportive: welcomes the priorities",
        &[],
    )
    .map_err(|e| anyhow::anyhow!("the demo code frame was refused: {e:?}"))?;
    let c = store.create_consultation(actor, org, fields).await?;
    let said: [(&str, &[&str]); 6] = [
        (
            "Welcome the priorities; the buses stop after six so disabled people cannot reach services.",
            &["c1", "c5"],
        ),
        ("Unpaid carers are not mentioned anywhere.", &["c2"]),
        (
            "Young people should be asked too, through the youth council.",
            &["c3"],
        ),
        (
            "Work with the mosques, gurdwaras and churches, not only through the council.",
            &["c4"],
        ),
        ("A good plan that we support.", &["c5"]),
        (
            "Evening buses and community transport for carers.",
            &["c1", "c2"],
        ),
    ];
    let start = 1_346_630_400; // 3 September 2012
    let lead = store
        .user_credentials("lead@dudley.example")
        .await?
        .map(|(u, _)| u.id);
    let director = store
        .user_credentials("director@dudley.example")
        .await?
        .map(|(u, _)| u.id);
    for n in 0..36u32 {
        let (text, codes) = said[n as usize % said.len()];
        let mut answers = Answers::new();
        answers.insert("q1".into(), vec![text.into()]);
        answers.insert(
            "q4".into(),
            vec![["Agree", "Strongly agree", "Neither agree nor disagree"][n as usize % 3].into()],
        );
        let monitoring = vec![
            (Characteristic::Sex, if n % 3 == 0 { 1 } else { 0 }),
            (Characteristic::Disability, if n % 3 == 1 { 0 } else { 1 }),
        ];
        let response = NewResponse {
            input: ResponseInput {
                answers,
                respondent: Respondent::default(),
                monitoring,
            },
            channel: if n % 9 == 4 {
                Channel::Email
            } else {
                Channel::Online
            },
            submission_key: format!("demo-2012-response-{n:08}"),
            address_hash: None,
            content_hash: format!("demo 2012 {n}"),
            honeypot: false,
            keyed_by_user: None,
            received_at: start + i64::from(n) * 180_000,
            personal_until: start,
        };
        let r = match store.add_response(actor, org, c.id, &response).await? {
            dueregard_core::consultation::response::Received::Kept(r) => r,
            _ => continue,
        };
        let codes: Vec<String> = codes.iter().map(|k| k.to_string()).collect();
        if let Some(lead) = lead {
            store
                .code_response(
                    actor,
                    org,
                    c.id,
                    coding(r.id, lead, &codes, response.received_at),
                )
                .await?;
        }
        // The director codes every third response again; once in six they see it differently.
        if let Some(director) = director.filter(|_| n % 3 == 0) {
            let theirs = if n % 6 == 0 {
                vec![codes[0].clone()]
            } else {
                codes.clone()
            };
            store
                .code_response(
                    actor,
                    org,
                    c.id,
                    coding(r.id, director, &theirs, response.received_at),
                )
                .await?;
        }
    }
    let c = store.consultation(org, c.id).await?;
    let mut fields = c.fields.clone();
    for (you_said, we_did, code) in [
        (
            "Unpaid carers were missing from the priorities.",
            "Carers are named in the priority on health and wellbeing, with an action to review support for carers.",
            "c2",
        ),
        (
            "Disabled people cannot reach services in the evening.",
            "An action was added to review community transport with partners.",
            "c1",
        ),
    ] {
        fields
            .changes
            .push(dueregard_core::consultation::analysis::Change {
                you_said: you_said.into(),
                we_did: we_did.into(),
                code_keys: vec![code.into()],
                objective_ids: Vec::new(),
                action_ids: Vec::new(),
                decision_ids: Vec::new(),
            });
    }
    let saved = store
        .update_consultation(actor, org, c.id, c.version, fields)
        .await?;
    // Approved by the director a fortnight after it closed, and kept as approved.
    let organisation = store.organisation(org).await?;
    crate::app::consultations::approve_summary(
        store,
        actor,
        &organisation,
        &saved,
        saved.version,
        "Demo Director",
        jiff::civil::date(2012, 12, 10),
    )
    .await?;
    Ok(())
}
