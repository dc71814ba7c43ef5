//! The demo's consultation: Dudley asks about its equality priorities (seed 000's five questions
//! and one of where people live or work), open now, three weeks in, with illustrative responses
//! whose profile leaves some of the borough under-heard, as a real one often does.

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

/// Adds the consultation once.
pub async fn load(store: &dyn Store, actor: &Actor, org: i64, today: Date) -> anyhow::Result<()> {
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
