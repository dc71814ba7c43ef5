//! The assessment form: every section on one page, through the shared form page, so errors sit
//! beside their fields. Officers, equality leads and administrators may fill it in.

use crate::web::AppState;
use crate::web::auth::SignedIn;
use crate::web::error::{AppError, PageResult};
use crate::web::features::{FormSpec, see_other, show_form};
use crate::web::form::{Choice, Field, FormData};
use axum::extract::{Path, State};
use dueregard_core::assessment::{
    AimStatement, AssessmentFields, CharacteristicRef, Evidence, EvidenceKind, Impact, ImpactEntry,
    Outcome, Screening, ScreeningAnswer, Severity, Subject,
};
use dueregard_core::store::{Actor, StoreError};
use dueregard_core::validate::ValidationErrors;
use dueregard_core::vocab::{Aim, ProtectedCharacteristic};

/// Blank evidence rows offered beyond those already listed.
const SPARE_EVIDENCE: usize = 2;

/// What the form lists, in order: the nine characteristics, then the organisation's own.
struct Context {
    people: Vec<(i64, String)>,
    directorates: Vec<(i64, String)>,
    characteristics: Vec<(CharacteristicRef, String)>,
}

async fn context(state: &AppState, org: i64) -> Result<Context, AppError> {
    let mut characteristics: Vec<(CharacteristicRef, String)> = ProtectedCharacteristic::ALL
        .iter()
        .map(|p| (CharacteristicRef::Protected(*p), p.label().to_string()))
        .collect();
    for l in state.store.local_characteristics(org).await? {
        characteristics.push((CharacteristicRef::Local(l.id), l.fields.name));
    }
    Ok(Context {
        people: state
            .store
            .people(org)
            .await?
            .into_iter()
            .map(|p| (p.id, p.fields.name))
            .collect(),
        directorates: state
            .store
            .directorates(org)
            .await?
            .into_iter()
            .map(|d| (d.id, d.fields.name))
            .collect(),
        characteristics,
    })
}

fn choices<T: Copy + PartialEq>(
    all: &[T],
    key: impl Fn(T) -> &'static str,
    label: impl Fn(T) -> &'static str,
    chosen: Option<T>,
    blank: Option<&str>,
) -> Vec<Choice> {
    blank
        .map(|b| Choice::new("", b, chosen.is_none()))
        .into_iter()
        .chain(
            all.iter()
                .map(|v| Choice::new(key(*v), label(*v), chosen == Some(*v))),
        )
        .collect()
}

fn fields(f: &AssessmentFields, cx: &Context) -> Vec<Field> {
    let mut out: Vec<Field> = vec![
        Field::text("title", "Title", f.title.clone()),
        Field::select(
            "subject",
            "What is assessed",
            choices(
                Subject::ALL,
                Subject::key,
                Subject::label,
                Some(f.subject),
                None,
            ),
        ),
        Field::select(
            "owner_id",
            "Owner",
            std::iter::once(Choice::new("", "Choose the owner", f.owner_id.is_none()))
                .chain(
                    cx.people
                        .iter()
                        .map(|(id, n)| Choice::new(id, n.clone(), f.owner_id == Some(*id))),
                )
                .collect(),
        ),
        Field::select(
            "directorate_id",
            "Directorate",
            std::iter::once(Choice::new("", "None", f.directorate_id.is_none()))
                .chain(
                    cx.directorates
                        .iter()
                        .map(|(id, n)| Choice::new(id, n.clone(), f.directorate_id == Some(*id))),
                )
                .collect(),
        ),
        Field::radios(
            "screening",
            "Screening: is a full assessment needed?",
            vec![
                Choice::new(
                    "yes",
                    "Yes: it may affect people differently by group",
                    f.screening.full_assessment_needed == Some(true),
                ),
                Choice::new(
                    "no",
                    "No: it does not affect people differently by group",
                    f.screening.full_assessment_needed == Some(false),
                ),
            ],
        ),
        Field::textarea("screening_reason", "Why", f.screening.reason.clone()),
    ];
    // The screening questions: for each characteristic, which aims of the duty the proposal is
    // relevant to (only the first aim applies to marriage and civil partnership, s.149(7)).
    for (slot, (c, name)) in cx.characteristics.iter().enumerate() {
        let aims = Aim::ALL.iter().filter(|a| match c {
            CharacteristicRef::Protected(p) => p.aim_applies(**a),
            CharacteristicRef::Local(_) => true,
        });
        out.push(Field::checkboxes(
            &format!("screening_{}", slot + 1),
            &format!("Screening: {name} is relevant to"),
            aims.map(|a| {
                let relevant = f
                    .screening
                    .answers
                    .iter()
                    .any(|x| x.characteristic == *c && x.aim == *a && x.relevant);
                Choice::new(a.key(), a.label(), relevant)
            })
            .collect(),
        ));
    }
    out.extend([
        Field::textarea("scope", "Scope: what is assessed", f.scope.clone()),
        Field::textarea("purpose", "Purpose: what it is for", f.purpose.clone()),
    ]);
    for n in 1..=f.evidence.len() + SPARE_EVIDENCE {
        let e = f.evidence.get(n - 1);
        out.push(
            Field::text(
                &format!("evidence_{n}"),
                &format!("Evidence {n}: title"),
                e.map_or(String::new(), |e| e.title.clone()),
            )
            .hint("Leave the title empty to leave this row out"),
        );
        out.push(Field::select(
            &format!("evidence_{n}_kind"),
            &format!("Evidence {n}: kind"),
            choices(
                EvidenceKind::ALL,
                EvidenceKind::key,
                EvidenceKind::label,
                e.map(|e| e.kind),
                None,
            ),
        ));
        out.push(Field::text(
            &format!("evidence_{n}_source"),
            &format!("Evidence {n}: where to find it"),
            e.map_or(String::new(), |e| e.source.clone()),
        ));
        out.push(Field::date(
            &format!("evidence_{n}_dated"),
            &format!("Evidence {n}: date"),
            &e.map_or(String::new(), |e| e.dated.to_string()),
        ));
    }
    out.push(Field::textarea(
        "information_gaps",
        "Gaps in the information, and how they will be filled",
        f.information_gaps.clone(),
    ));
    for (slot, (c, name)) in cx.characteristics.iter().enumerate() {
        let n = slot + 1;
        let entry = f.impacts.iter().find(|i| i.characteristic == *c);
        out.push(Field::select(
            &format!("impact_{n}"),
            &format!("{name}: likely impact"),
            choices(
                Impact::ALL,
                Impact::key,
                Impact::label,
                entry.map(|e| e.impact),
                Some("Not yet considered"),
            ),
        ));
        out.push(Field::select(
            &format!("impact_{n}_severity"),
            &format!("{name}: severity, if negative"),
            choices(
                Severity::ALL,
                Severity::key,
                Severity::label,
                entry.and_then(|e| e.severity),
                Some("None"),
            ),
        ));
        out.push(Field::text(
            &format!("impact_{n}_who"),
            &format!("{name}: who is affected"),
            entry.map_or(String::new(), |e| e.who_is_affected.clone()),
        ));
        out.push(
            Field::short(
                &format!("impact_{n}_evidence"),
                &format!("{name}: evidence numbers"),
                entry.map_or(String::new(), |e| {
                    e.evidence
                        .iter()
                        .map(|x| (x + 1).to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                }),
            )
            .hint("For example, 1, 2"),
        );
        out.push(Field::textarea(
            &format!("impact_{n}_mitigation"),
            &format!("{name}: mitigation"),
            entry.map_or(String::new(), |e| e.mitigation.clone()),
        ));
    }
    for aim in Aim::ALL {
        out.push(Field::textarea(
            &format!("aim_{}", aim.key()),
            &format!("How it serves the aim: {}", aim.label()),
            f.aims
                .iter()
                .find(|a| a.aim == *aim)
                .map_or(String::new(), |a| a.how.clone()),
        ));
    }
    out.push(Field::radios(
        "outcome",
        "Outcome",
        choices(Outcome::ALL, Outcome::key, Outcome::label, f.outcome, None),
    ));
    out.push(Field::textarea(
        "justification",
        "Justification, if it continues despite an adverse impact",
        f.justification.clone(),
    ));
    out.push(Field::date(
        "review_date",
        "Review date",
        &f.review_date.map_or(String::new(), |d| d.to_string()),
    ));
    out.push(Field::checkboxes(
        "public",
        "Publishing",
        vec![Choice::new(
            "yes",
            "Publish on the public register once approved",
            f.public,
        )],
    ));
    out
}

/// Reads the form. Problems only the form can have (a date that is not a date) come back as
/// errors named by their field.
fn from_form(form: &FormData, cx: &Context) -> (AssessmentFields, ValidationErrors, Vec<usize>) {
    let mut e = ValidationErrors::new();
    let id = |name: &str, e: &mut ValidationErrors| -> Option<i64> { form.id(e, name, "This") };
    let date = |name: &str, e: &mut ValidationErrors| -> Option<jiff::civil::Date> {
        let text = form.date(name);
        if text.is_empty() {
            return None;
        }
        text.parse()
            .map_err(|_| e.add(name, "Enter a real date, for example 31 3 2026"))
            .ok()
    };
    let mut evidence = Vec::new();
    // Form row number of each evidence item kept, to number evidence references.
    let mut evidence_rows = Vec::new();
    let mut n = 1;
    while !form.text(&format!("evidence_{n}_kind")).is_empty()
        || !form.text(&format!("evidence_{n}")).is_empty()
    {
        let title = form.text(&format!("evidence_{n}")).trim().to_string();
        if !title.is_empty() {
            let dated = date(&format!("evidence_{n}_dated"), &mut e);
            match dated {
                Some(dated) => {
                    evidence.push(Evidence {
                        kind: EvidenceKind::from_key(&form.text(&format!("evidence_{n}_kind")))
                            .unwrap_or(EvidenceKind::Other),
                        title,
                        source: form
                            .text(&format!("evidence_{n}_source"))
                            .trim()
                            .to_string(),
                        dated,
                        summary: String::new(),
                    });
                    evidence_rows.push(n);
                }
                None if form.date(&format!("evidence_{n}_dated")).is_empty() => {
                    e.add(
                        &format!("evidence_{n}_dated"),
                        "Enter the date of the evidence",
                    );
                }
                None => {}
            }
        }
        n += 1;
        if n > 200 {
            break;
        }
    }
    let mut impacts = Vec::new();
    let mut impact_slots = Vec::new();
    for (slot, (c, _)) in cx.characteristics.iter().enumerate() {
        let n = slot + 1;
        let Some(impact) = Impact::from_key(&form.text(&format!("impact_{n}"))) else {
            continue;
        };
        let mut refs = Vec::new();
        for part in form
            .text(&format!("impact_{n}_evidence"))
            .split([',', ' '])
            .filter(|p| !p.is_empty())
        {
            match part.trim().parse::<usize>() {
                Ok(row) if row >= 1 => match evidence_rows.iter().position(|r| *r == row) {
                    Some(i) => refs.push(i),
                    None => e.add(
                        &format!("impact_{n}_evidence"),
                        format!("There is no evidence {row}"),
                    ),
                },
                _ => e.add(
                    &format!("impact_{n}_evidence"),
                    "Give evidence numbers, like 1, 2",
                ),
            }
        }
        impacts.push(ImpactEntry {
            characteristic: *c,
            impact,
            severity: Severity::from_key(&form.text(&format!("impact_{n}_severity"))),
            who_is_affected: form.text(&format!("impact_{n}_who")).trim().to_string(),
            evidence: refs,
            mitigation: form
                .text(&format!("impact_{n}_mitigation"))
                .trim()
                .to_string(),
        });
        impact_slots.push(n);
    }
    let fields = AssessmentFields {
        title: form.text("title").trim().to_string(),
        subject: Subject::from_key(&form.text("subject")).unwrap_or(Subject::Policy),
        owner_id: id("owner_id", &mut e),
        directorate_id: id("directorate_id", &mut e),
        screening: Screening {
            answers: cx
                .characteristics
                .iter()
                .enumerate()
                .flat_map(|(slot, (c, _))| {
                    let ticked = form.all(&format!("screening_{}", slot + 1));
                    Aim::ALL.iter().filter_map(move |a| {
                        let applies = match c {
                            CharacteristicRef::Protected(p) => p.aim_applies(*a),
                            CharacteristicRef::Local(_) => true,
                        };
                        applies.then(|| ScreeningAnswer {
                            characteristic: *c,
                            aim: *a,
                            relevant: ticked.iter().any(|t| t == a.key()),
                        })
                    })
                })
                .collect(),
            full_assessment_needed: match form.text("screening").as_str() {
                "yes" => Some(true),
                "no" => Some(false),
                _ => None,
            },
            reason: form.text("screening_reason").trim().to_string(),
        },
        scope: form.text("scope").trim().to_string(),
        purpose: form.text("purpose").trim().to_string(),
        evidence,
        information_gaps: form.text("information_gaps").trim().to_string(),
        impacts,
        aims: Aim::ALL
            .iter()
            .filter_map(|a| {
                let how = form.text(&format!("aim_{}", a.key())).trim().to_string();
                (!how.is_empty()).then_some(AimStatement { aim: *a, how })
            })
            .collect(),
        outcome: Outcome::from_key(&form.text("outcome")),
        justification: form.text("justification").trim().to_string(),
        review_date: date("review_date", &mut e),
        public: form.text("public") == "yes",
        assessed: None,
        reviewed: None,
        approved: None,
    };
    (fields, e, impact_slots)
}

/// The store numbers impacts as it holds them; the form numbers every characteristic.
fn to_form_names(mut e: ValidationErrors, slots: &[usize]) -> ValidationErrors {
    for err in &mut e.0 {
        if let Some(i) = err
            .field
            .strip_prefix("impact_")
            .and_then(|n| n.parse::<usize>().ok())
            && let Some(slot) = slots.get(i.wrapping_sub(1))
        {
            err.field = format!("impact_{slot}");
        }
    }
    e
}

fn spec(id: Option<i64>, version: Option<i64>) -> FormSpec {
    FormSpec {
        title: if id.is_some() {
            "Change the impact assessment".into()
        } else {
            "Start an impact assessment".into()
        },
        caption: Some("Equality impact assessment".into()),
        action: id.map_or_else(
            || "/assessments/new".into(),
            |id| format!("/assessments/{id}/edit"),
        ),
        submit: "Save the assessment",
        cancel: id.map_or_else(|| "/assessments".into(), |id| format!("/assessments/{id}")),
        version,
    }
}

fn blank() -> AssessmentFields {
    AssessmentFields {
        title: String::new(),
        subject: Subject::Policy,
        owner_id: None,
        directorate_id: None,
        screening: Screening::default(),
        scope: String::new(),
        purpose: String::new(),
        evidence: Vec::new(),
        information_gaps: String::new(),
        impacts: Vec::new(),
        aims: Vec::new(),
        outcome: None,
        justification: String::new(),
        review_date: None,
        public: true,
        assessed: None,
        reviewed: None,
        approved: None,
    }
}

/// GET /assessments/new
pub async fn new_form(State(state): State<AppState>, session: SignedIn) -> PageResult {
    let cx = context(&state, session.org.id).await?;
    Ok(show_form(
        &session,
        "assessments",
        spec(None, None),
        fields(&blank(), &cx),
        &ValidationErrors::new(),
    ))
}

/// POST /assessments/new
pub async fn create(
    State(state): State<AppState>,
    session: SignedIn,
    form: FormData,
) -> PageResult {
    form.check_csrf(&session)?;
    let cx = context(&state, session.org.id).await?;
    let (f, errors, slots) = from_form(&form, &cx);
    if !errors.is_empty() {
        return Ok(show_form(
            &session,
            "assessments",
            spec(None, None),
            fields(&f, &cx),
            &errors,
        ));
    }
    match state
        .store
        .create_assessment(&Actor::user(&session.user), session.org.id, f.clone())
        .await
    {
        Ok(a) => see_other(format!("/assessments/{}", a.id)),
        Err(StoreError::Invalid(e)) => Ok(show_form(
            &session,
            "assessments",
            spec(None, None),
            fields(&f, &cx),
            &to_form_names(e, &slots),
        )),
        Err(e) => Err(e.into()),
    }
}

/// GET /assessments/{id}/edit
pub async fn edit_form(
    State(state): State<AppState>,
    session: SignedIn,
    Path(id): Path<i64>,
) -> PageResult {
    let a = state.store.assessment(session.org.id, id).await?;
    if a.fields.is_frozen() || a.superseded_by.is_some() {
        return see_other(format!("/assessments/{id}"));
    }
    let cx = context(&state, session.org.id).await?;
    Ok(show_form(
        &session,
        "assessments",
        spec(Some(id), Some(a.version)),
        fields(&a.fields, &cx),
        &ValidationErrors::new(),
    ))
}

/// POST /assessments/{id}/edit
pub async fn update(
    State(state): State<AppState>,
    session: SignedIn,
    Path(id): Path<i64>,
    form: FormData,
) -> PageResult {
    form.check_csrf(&session)?;
    let cx = context(&state, session.org.id).await?;
    let version: i64 = form.text("version").parse().map_err(|_| {
        AppError::BadRequest("The form is missing the assessment's version.".into())
    })?;
    let (f, errors, slots) = from_form(&form, &cx);
    if !errors.is_empty() {
        return Ok(show_form(
            &session,
            "assessments",
            spec(Some(id), Some(version)),
            fields(&f, &cx),
            &errors,
        ));
    }
    match state
        .store
        .update_assessment(
            &Actor::user(&session.user),
            session.org.id,
            id,
            version,
            f.clone(),
        )
        .await
    {
        Ok(a) => see_other(format!("/assessments/{}", a.id)),
        Err(StoreError::Invalid(e)) => Ok(show_form(
            &session,
            "assessments",
            spec(Some(id), Some(version)),
            fields(&f, &cx),
            &to_form_names(e, &slots),
        )),
        Err(e) => Err(e.into()),
    }
}

fn decision_fields(
    f: &dueregard_core::assessment::DecisionFields,
    assessments: &[(i64, String)],
) -> Vec<Field> {
    vec![
        Field::text("title", "What was decided", f.title.clone()),
        Field::text(
            "decision_maker",
            "Who decided: a person or a committee",
            f.decision_maker.clone(),
        ),
        Field::date(
            "decided_on",
            "Date of the decision",
            &f.decided_on.to_string(),
        ),
        Field::text("report", "The report it came with", f.report.clone()),
        Field::checkboxes(
            "flags",
            "Kind of decision",
            vec![
                Choice::new("key_decision", "A key decision", f.key_decision),
                Choice::new("forward_plan", "On the forward plan", f.forward_plan),
            ],
        ),
        Field::checkboxes(
            "assessment_ids",
            "Impact assessments it rests on",
            assessments
                .iter()
                .map(|(id, t)| Choice::new(id, t.clone(), f.assessment_ids.contains(id)))
                .collect(),
        ),
        Field::checkboxes(
            "seen",
            "The record",
            vec![Choice::new(
                "yes",
                "The decision-maker read the assessments before deciding",
                f.assessment_seen,
            )],
        ),
    ]
}

/// GET /decisions/new
pub async fn new_decision_form(State(state): State<AppState>, session: SignedIn) -> PageResult {
    let assessments = latest_titles(&state, session.org.id).await?;
    let blank = dueregard_core::assessment::DecisionFields {
        title: String::new(),
        decision_maker: String::new(),
        decided_on: jiff::Zoned::now().date(),
        key_decision: false,
        forward_plan: false,
        report: String::new(),
        assessment_ids: Vec::new(),
        assessment_seen: false,
    };
    Ok(show_form(
        &session,
        "assessments",
        decision_spec(),
        decision_fields(&blank, &assessments),
        &ValidationErrors::new(),
    ))
}

async fn latest_titles(state: &AppState, org: i64) -> Result<Vec<(i64, String)>, AppError> {
    Ok(state
        .store
        .assessments(org)
        .await?
        .into_iter()
        .filter(|a| a.superseded_by.is_none())
        .map(|a| (a.id, a.fields.title))
        .collect())
}

fn decision_spec() -> FormSpec {
    FormSpec {
        title: "Record a decision".into(),
        caption: Some("Decisions".into()),
        action: "/decisions/new".into(),
        submit: "Save the decision",
        cancel: "/decisions".into(),
        version: None,
    }
}

/// POST /decisions/new
pub async fn create_decision(
    State(state): State<AppState>,
    session: SignedIn,
    form: FormData,
) -> PageResult {
    form.check_csrf(&session)?;
    let assessments = latest_titles(&state, session.org.id).await?;
    let mut errors = ValidationErrors::new();
    let date_text = form.date("decided_on");
    let decided_on = date_text.parse::<jiff::civil::Date>().ok();
    if decided_on.is_none() {
        errors.add(
            "decided_on",
            "Enter the date of the decision, for example 31 3 2026",
        );
    }
    let flags = form.all("flags");
    let f = dueregard_core::assessment::DecisionFields {
        title: form.text("title").trim().to_string(),
        decision_maker: form.text("decision_maker").trim().to_string(),
        decided_on: decided_on.unwrap_or_else(|| jiff::Zoned::now().date()),
        key_decision: flags.iter().any(|f| f == "key_decision"),
        forward_plan: flags.iter().any(|f| f == "forward_plan"),
        report: form.text("report").trim().to_string(),
        assessment_ids: form.ids(&mut errors, "assessment_ids", "an assessment"),
        assessment_seen: form.text("seen") == "yes",
    };
    let errors = errors.and(f.validate()).err().unwrap_or_default();
    if !errors.is_empty() {
        return Ok(show_form(
            &session,
            "assessments",
            decision_spec(),
            decision_fields(&f, &assessments),
            &errors,
        ));
    }
    match state
        .store
        .create_decision(&Actor::user(&session.user), session.org.id, f.clone())
        .await
    {
        Ok(d) => see_other(format!("/decisions/{}", d.id)),
        Err(StoreError::Invalid(e)) => Ok(show_form(
            &session,
            "assessments",
            decision_spec(),
            decision_fields(&f, &assessments),
            &e,
        )),
        Err(e) => Err(e.into()),
    }
}
