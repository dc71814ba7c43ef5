//! Indicators: the list with each one's latest value and colour, each one's page (its trend as an
//! accessible chart with the data table beside it, by group, and the gaps between groups), and
//! the one edit flow to add and change them. Values come through `app::indicators::series`, so a
//! value resting on a small count never reaches a page.

use super::FormSpec;
use crate::app::indicators;
use crate::web::auth::SignedIn;
use crate::web::edit::{self, AddPage, EditPage};
use crate::web::error::{AppError, PageResult};
use crate::web::form::{Choice, Field, FormData};
use crate::web::templates::{Chrome, HtmlPage};
use crate::web::{AppState, render};
use axum::extract::{Path, State};
use dueregard_core::indicator::values::{Series, Shown};
use dueregard_core::indicator::{
    Frequency, Indicator, IndicatorFields, IndicatorForm, Polarity, Rag, Source, Unit,
};
use dueregard_core::period::long_date;
use dueregard_core::store::{Actor, StoreError};
use dueregard_formats::chart;
use dueregard_formats::export::xml;
use dueregard_stats::disclosure::SUPPRESSED;

/// What an indicator may be linked to: the body's objectives, actions and planned outcomes.
#[derive(Default)]
pub struct Choices {
    objectives: Vec<(i64, String)>,
    actions: Vec<(i64, String)>,
    outcomes: Vec<(i64, String)>,
    courses: Vec<(i64, String)>,
}

impl Choices {
    pub async fn load(state: &AppState, org: i64) -> Result<Choices, AppError> {
        let store = state.store.as_ref();
        let mut outcomes = Vec::new();
        for p in store.plans(org).await? {
            let tree = store.plan_tree(org, p.id).await?;
            outcomes.extend(tree.outcomes.into_iter().map(|o| (o.id, o.fields.text)));
        }
        Ok(Choices {
            objectives: store
                .objectives(org)
                .await?
                .into_iter()
                .map(|o| (o.id, o.fields.title))
                .collect(),
            actions: store
                .action_rows(org)
                .await?
                .into_iter()
                .map(|a| (a.id, format!("{}: {}", a.reference, a.text)))
                .collect(),
            outcomes,
            courses: store
                .courses(org)
                .await?
                .into_iter()
                .map(|c| (c.id, c.fields.title))
                .collect(),
        })
    }

    fn name(list: &[(i64, String)], id: i64) -> Option<&str> {
        list.iter().find(|(i, _)| *i == id).map(|(_, n)| n.as_str())
    }

    fn fields(&self, f: &IndicatorForm) -> Vec<Field> {
        let picked = |list: &[(i64, String)], chosen: &[String]| -> Vec<Choice> {
            list.iter()
                .map(|(id, name)| Choice::new(id, name.clone(), chosen.contains(&id.to_string())))
                .collect()
        };
        let radios = |name: &str, label: &str, all: Vec<(&str, &str)>, chosen: &str| {
            Field::radios(
                name,
                label,
                all.into_iter()
                    .map(|(k, l)| Choice::new(k, l, chosen == k))
                    .collect(),
            )
        };
        vec![
            Field::text("title", "Title", f.title.clone()),
            Field::textarea("definition", "How it is worked out", f.definition.clone())
                .hint("What is counted, out of what, and where the figures come from, so that two people would get the same answer"),
            radios("unit", "What is the value?", Unit::ALL.iter().map(|u| (u.key(), u.label())).collect(), &f.unit),
            radios("polarity", "Which way is better?", Polarity::ALL.iter().map(|u| (u.key(), u.label())).collect(), &f.polarity),
            radios("frequency", "How often is there a value?", Frequency::ALL.iter().map(|u| (u.key(), u.label())).collect(), &f.frequency),
            radios("source", "Where do the values come from?", Source::ALL.iter().map(|u| (u.key(), u.label())).collect(), if f.source.is_empty() { "entered" } else { &f.source }),
            Field::select("course_id", "The training course it follows (for training coverage)", {
                let mut c = vec![Choice::new("", "None", f.course_id.is_empty())];
                c.extend(self.courses.iter().map(|(id, t)| Choice::new(id, t.clone(), f.course_id == id.to_string())));
                c
            }),
            Field::select("group", "The group whose share it follows (for workforce shares and consultation reach)", {
                let mut c = vec![Choice::new("", "None", f.group.is_empty())];
                c.extend(dueregard_core::indicator::values::Group::all().into_iter().map(|g| {
                    Choice::new(g.key(), format!("{}: {}", g.characteristic.label(), g.label()), f.group == g.key())
                }));
                c
            }),
            Field::short("baseline", "Baseline (optional)", f.baseline.clone())
                .hint("The day its period ended, a colon and the value, like 2024-03-31: 61.5"),
            Field::textarea("targets", "Targets (optional)", f.targets.clone())
                .hint("One a line: the day the period ends, a colon and the target, like 2025-03-31: 65"),
            Field::short("green_within", "How far short of target is still green", f.green_within.clone())
                .hint("In the indicator's unit (percentage points for a percentage). 0 means only on or better than target is green"),
            Field::short("amber_within", "How far short of target is amber rather than red", f.amber_within.clone())
                .hint("For example 5: up to 5 short is amber, more than 5 short is red"),
            Field::checkboxes("objective_ids", "Equality objectives it evidences (optional)", picked(&self.objectives, &f.objective_ids)),
            Field::checkboxes("action_ids", "Actions it evidences (optional)", picked(&self.actions, &f.action_ids)),
            Field::checkboxes("outcome_ids", "Planned outcomes it measures (optional)", picked(&self.outcomes, &f.outcome_ids)),
            Field::radios(
                "public",
                "Show it on the public site?",
                vec![
                    Choice::new("yes", "Yes, after disclosure control", f.public),
                    Choice::new("no", "No", !f.public),
                ],
            ),
        ]
    }
}

fn form_of(form: &FormData) -> IndicatorForm {
    IndicatorForm {
        title: form.text("title"),
        definition: form.text("definition"),
        unit: form.text("unit"),
        polarity: form.text("polarity"),
        frequency: form.text("frequency"),
        source: form.text("source"),
        baseline: form.text("baseline"),
        targets: form.text("targets"),
        green_within: form.text("green_within"),
        amber_within: form.text("amber_within"),
        objective_ids: form.all("objective_ids"),
        action_ids: form.all("action_ids"),
        outcome_ids: form.all("outcome_ids"),
        public: form.text("public") == "yes",
        course_id: form.text("course_id"),
        group: form.text("group"),
    }
}

fn read(form: &FormData) -> Result<IndicatorFields, StoreError> {
    IndicatorFields::validate(&form_of(form)).map_err(StoreError::Invalid)
}

/// Adding an indicator.
pub struct IndicatorAdd(Choices);

impl AddPage for IndicatorAdd {
    const SECTION: &'static str = "indicators";
    async fn locate(state: &AppState, org: i64, _: &[i64]) -> Result<Self, AppError> {
        Ok(IndicatorAdd(Choices::load(state, org).await?))
    }
    fn spec(&self) -> FormSpec {
        FormSpec::new(
            "Add an indicator",
            "/indicators/new".into(),
            "/indicators",
            None,
        )
    }
    fn blank(&self) -> Vec<Field> {
        self.0.fields(&IndicatorForm {
            unit: "percent".into(),
            polarity: "higher_is_better".into(),
            frequency: "yearly".into(),
            green_within: "0".into(),
            amber_within: "5".into(),
            ..Default::default()
        })
    }
    fn fields_from(&self, form: &FormData) -> Vec<Field> {
        self.0.fields(&form_of(form))
    }
    async fn add(
        &self,
        state: &AppState,
        session: &SignedIn,
        form: &FormData,
    ) -> Result<String, StoreError> {
        let made = state
            .store
            .create_indicator(&Actor::user(&session.user), session.org.id, read(form)?)
            .await?;
        Ok(format!("/indicators/{}", made.id))
    }
}

/// Changing an indicator's definition, targets and thresholds.
pub struct IndicatorEdit {
    org: i64,
    id: i64,
    choices: Choices,
}

impl EditPage for IndicatorEdit {
    type Record = Indicator;
    const ENTITY: &'static str = "indicator";
    const SECTION: &'static str = "indicators";
    fn id(&self) -> i64 {
        self.id
    }
    fn spec(&self, i: &Indicator) -> FormSpec {
        FormSpec::new(
            "Change an indicator",
            format!("/indicators/{}/edit", i.id),
            &format!("/indicators/{}", i.id),
            Some(i.version),
        )
    }
    fn fields_of(&self, i: &Indicator) -> Vec<Field> {
        self.choices.fields(&i.fields.to_form())
    }
    fn fields_from(&self, form: &FormData) -> Vec<Field> {
        self.choices.fields(&form_of(form))
    }
    async fn locate(state: &AppState, org: i64, ids: &[i64]) -> Result<Self, AppError> {
        Ok(IndicatorEdit {
            org,
            id: edit::record_id(ids)?,
            choices: Choices::load(state, org).await?,
        })
    }
    async fn load(&self, state: &AppState) -> Result<Indicator, StoreError> {
        state.store.indicator(self.org, self.id).await
    }
    async fn save(
        &self,
        state: &AppState,
        session: &SignedIn,
        form: &FormData,
        version: i64,
    ) -> Result<String, StoreError> {
        state
            .store
            .update_indicator(
                &Actor::user(&session.user),
                self.org,
                self.id,
                version,
                read(form)?,
            )
            .await?;
        Ok(format!("/indicators/{}", self.id))
    }
}

/// A colour in words as well as colour.
pub fn rag_tag(rag: Option<Rag>) -> String {
    match rag {
        None => "<strong class=\"govuk-tag govuk-tag--grey\">No target</strong>".into(),
        Some(r) => format!(
            "<strong class=\"govuk-tag {}\">{}</strong>",
            match r {
                Rag::Green => "govuk-tag--green",
                Rag::Amber => "govuk-tag--yellow",
                Rag::Red => "govuk-tag--red",
            },
            r.label()
        ),
    }
}

fn shown_text(unit: Unit, v: Shown) -> String {
    match v {
        Shown::Missing => "<span class=\"govuk-visually-hidden\">No value</span>–".into(),
        Shown::Withheld => SUPPRESSED.into(),
        Shown::Value(v) => unit.show(v),
    }
}

/// GET /indicators
pub async fn list(State(state): State<AppState>, session: SignedIn) -> PageResult {
    let org = session.org.id;
    let mut rows = String::new();
    for i in state.store.indicators(org).await? {
        let s = indicators::series(state.store.as_ref(), org, &i).await?;
        let (latest, tag) = match s.latest() {
            Some((p, v, rag)) => (
                format!(
                    "{} <span class=\"govuk-body-s\">(to {})</span>",
                    xml(&i.fields.show(v)),
                    long_date(p)
                ),
                rag_tag(rag),
            ),
            None => ("No value yet".to_string(), String::new()),
        };
        rows.push_str(&format!(
            "<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header\"><a class=\"govuk-link\" href=\"/indicators/{}\">{}</a></th><td class=\"govuk-table__cell\">{latest}</td><td class=\"govuk-table__cell\">{tag}</td><td class=\"govuk-table__cell\">{}</td></tr>",
            i.id,
            xml(&i.fields.title),
            i.fields.polarity.label()
        ));
    }
    let add = format!(
        "<div class=\"govuk-button-group\">{}<a class=\"govuk-link\" href=\"/indicators/report\">The indicators report</a></div>",
        if session.user.role.can_edit_everything() {
            "<a href=\"/indicators/new\" role=\"button\" draggable=\"false\" class=\"govuk-button govuk-button--secondary\" data-module=\"govuk-button\">Add an indicator</a>"
        } else {
            ""
        }
    );
    let table = if rows.is_empty() {
        "<p class=\"govuk-body\">None yet.</p>".to_string()
    } else {
        format!(
            "<table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-table__caption--m\">Latest values</caption><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\"><th scope=\"col\" class=\"govuk-table__header\">Indicator</th><th scope=\"col\" class=\"govuk-table__header\">Latest value</th><th scope=\"col\" class=\"govuk-table__header\">Against target</th><th scope=\"col\" class=\"govuk-table__header\">Which way is better</th></tr></thead><tbody class=\"govuk-table__body\">{rows}</tbody></table>"
        )
    };
    Ok(render(&HtmlPage {
        chrome: Chrome::new(&session, "indicators"),
        title: "Indicators".into(),
        body: format!(
            "<h1 class=\"govuk-heading-l\">Indicators</h1><p class=\"govuk-body\">How the body measures progress on its equality objectives, for everyone and by group. A value resting on fewer than 10 people shows as {SUPPRESSED}. Counts of <a class=\"govuk-link\" href=\"/incidents\">hate incidents and community tension</a>, and the coverage of <a class=\"govuk-link\" href=\"/training\">equality training</a>, are kept apart and can feed an indicator.</p>{add}{table}"
        ),
    }))
}

/// The trend charts and tables of a series, for an officer's page and the public site alike.
pub fn trend_section(f: &IndicatorFields, s: &Series, id_prefix: &str) -> String {
    let periods: Vec<String> = s.periods.iter().map(|p| long_date(*p)).collect();
    let unit = f.unit;
    if periods.is_empty() {
        return "<p class=\"govuk-body\">There are no values yet.</p>".into();
    }
    let mut out = String::new();
    let overall = chart::Series {
        name: "Everyone".into(),
        values: s.overall.iter().map(|v| v.value()).collect(),
    };
    let mut lines = vec![overall];
    if s.targets.iter().any(Option::is_some) {
        lines.push(chart::Series {
            name: "Target".into(),
            values: s.targets.clone(),
        });
    }
    let describe = match s.latest() {
        Some((p, v, _)) => format!(
            "{} for everyone, period by period. The latest, to {}, is {}. The table below gives every value.",
            f.title,
            long_date(p),
            unit.show(v)
        ),
        None => format!("{} for everyone: no value can be shown yet.", f.title),
    };
    out.push_str(&chart::line_chart(
        &format!("{id_prefix}-trend"),
        &format!("{}: trend", f.title),
        &describe,
        &periods,
        &lines,
        unit.suffix(),
    ));
    // The data table: everyone, target and colour, period by period.
    let mut rows = String::new();
    for (i, p) in periods.iter().enumerate() {
        rows.push_str(&format!(
            "<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header\">{p}</th><td class=\"govuk-table__cell govuk-table__cell--numeric\">{}</td><td class=\"govuk-table__cell govuk-table__cell--numeric\">{}</td><td class=\"govuk-table__cell\">{}</td></tr>",
            shown_text(unit, s.overall[i]),
            s.targets[i].map_or("–".into(), |t| unit.show(t)),
            if s.targets[i].is_some() && s.overall[i].value().is_some() { rag_tag(s.rag[i]) } else { String::new() },
        ));
    }
    out.push_str(&format!("<table class=\"govuk-table\" id=\"{id_prefix}-table\"><caption class=\"govuk-table__caption govuk-table__caption--m\">Values for everyone</caption><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\"><th scope=\"col\" class=\"govuk-table__header\">Period ending</th><th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Value</th><th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">Target</th><th scope=\"col\" class=\"govuk-table__header\">Against target</th></tr></thead><tbody class=\"govuk-table__body\">{rows}</tbody></table>"));
    // By group: a chart and table for each characteristic with values.
    for ch in dueregard_core::indicator::values::Characteristic::ALL {
        let lines: Vec<_> = s
            .groups
            .iter()
            .filter(|g| g.group.characteristic == ch)
            .collect();
        if lines.is_empty() {
            continue;
        }
        let key = format!("{ch:?}").to_lowercase();
        out.push_str(&format!(
            "<h2 class=\"govuk-heading-m\">By {}</h2>",
            ch.label().to_lowercase()
        ));
        let series: Vec<chart::Series> = lines
            .iter()
            .map(|l| chart::Series {
                name: l.label.clone(),
                values: l.values.iter().map(|v| v.value()).collect(),
            })
            .collect();
        if series.iter().any(|x| x.values.iter().any(Option::is_some)) {
            out.push_str(&chart::line_chart(
                &format!("{id_prefix}-{key}"),
                &format!("{} by {}", f.title, ch.label().to_lowercase()),
                "One line a group; a break in a line is a period whose value is not shown. The table below gives every value.",
                &periods,
                &series,
                unit.suffix(),
            ));
        }
        let head: String = periods
            .iter()
            .map(|p| format!("<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">{p}</th>"))
            .collect();
        let body: String = lines
            .iter()
            .map(|l| {
                let cells: String = l
                    .values
                    .iter()
                    .map(|v| format!("<td class=\"govuk-table__cell govuk-table__cell--numeric\">{}</td>", shown_text(unit, *v)))
                    .collect();
                format!("<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header\">{}</th>{cells}</tr>", xml(&l.label))
            })
            .collect();
        out.push_str(&format!("<div class=\"dr-table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Values by {label}\"><table class=\"govuk-table\" id=\"{id_prefix}-{key}-table\"><caption class=\"govuk-table__caption govuk-table__caption--s\">Values by {label}</caption><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\"><th scope=\"col\" class=\"govuk-table__header\">Group</th>{head}</tr></thead><tbody class=\"govuk-table__body\">{body}</tbody></table></div>", label = ch.label().to_lowercase()));
        let gaps: String = s
            .gaps
            .iter()
            .filter(|g| g.characteristic == ch)
            .map(|g| {
                format!(
                    "<li>To {}: {} between {} (best) and {} (worst)</li>",
                    long_date(g.period),
                    unit.gap(g.gap),
                    xml(&g.best),
                    xml(&g.worst)
                )
            })
            .collect();
        if !gaps.is_empty() {
            out.push_str(&format!("<h3 class=\"govuk-heading-s\">The gap between groups</h3><ul class=\"govuk-list govuk-list--bullet\">{gaps}</ul>"));
        }
    }
    if s.withheld > 0 {
        out.push_str(&format!("<p class=\"govuk-body-s\">{SUPPRESSED}: not shown because it rests on fewer than 10 people, or would let such a value be worked out ({} values).</p>", s.withheld));
    }
    out
}

/// GET /indicators/{id}
pub async fn show(
    State(state): State<AppState>,
    session: SignedIn,
    Path(id): Path<i64>,
) -> PageResult {
    let org = session.org.id;
    let i = state.store.indicator(org, id).await?;
    let f = &i.fields;
    let s = indicators::series(state.store.as_ref(), org, &i).await?;
    // Naming what it evidences reads every plan; an indicator that evidences nothing needs none.
    let linked =
        !(f.objective_ids.is_empty() && f.action_ids.is_empty() && f.outcome_ids.is_empty());
    let choices = if linked {
        Choices::load(&state, org).await?
    } else {
        Choices::default()
    };
    let thresholds = format!(
        "Green when {}; amber up to {} short; red beyond",
        if f.green_within == 0.0 {
            "on target or better".to_string()
        } else {
            format!(
                "no more than {} short of target",
                f.unit.gap(f.green_within)
            )
        },
        f.unit.gap(f.amber_within)
    );
    let mut rows = vec![
        ("How it is worked out", xml(&f.definition)),
        ("Value", f.unit.label().to_string()),
        ("Which way is better", f.polarity.label().to_string()),
        ("How often", f.frequency.label().to_string()),
        ("Where the values come from", f.source.label().to_string()),
        ("Colours", thresholds),
        (
            "Baseline",
            f.baseline.map_or("None given".into(), |b| {
                format!("{} to {}", f.unit.show(b.value), long_date(b.period))
            }),
        ),
        (
            "On the public site",
            if f.public { "Yes" } else { "No" }.into(),
        ),
    ];
    let links = |list: &[(i64, String)], ids: &[i64], path: &str| -> String {
        ids.iter()
            .filter_map(|id| {
                Choices::name(list, *id).map(|n| {
                    format!(
                        "<li><a class=\"govuk-link\" href=\"/{path}/{id}\">{}</a></li>",
                        xml(n)
                    )
                })
            })
            .collect()
    };
    let evidences = format!(
        "{}{}",
        links(&choices.objectives, &f.objective_ids, "objectives"),
        links(&choices.actions, &f.action_ids, "actions"),
    );
    let outcomes: String = f
        .outcome_ids
        .iter()
        .filter_map(|id| Choices::name(&choices.outcomes, *id))
        .map(|n| format!("<li>{}</li>", xml(n)))
        .collect();
    if !evidences.is_empty() || !outcomes.is_empty() {
        rows.push((
            "What it evidences",
            format!("<ul class=\"govuk-list\">{evidences}{outcomes}</ul>"),
        ));
    }
    let mut body = format!(
        "<span class=\"govuk-caption-l\">Indicator</span><h1 class=\"govuk-heading-l\">{}</h1>",
        xml(&f.title)
    );
    if let Some((p, v, rag)) = s.latest() {
        body.push_str(&format!(
            "<p class=\"govuk-body-l\">{} to {} {}</p>",
            xml(&f.show(v)),
            long_date(p),
            rag_tag(rag)
        ));
    }
    if session.user.role.can_edit_everything() {
        body.push_str("<div class=\"govuk-button-group\">");
        if f.source == Source::Entered {
            body.push_str(&format!("<a href=\"/indicators/{id}/values\" role=\"button\" draggable=\"false\" class=\"govuk-button\" data-module=\"govuk-button\">Add or replace values</a>"));
        }
        body.push_str(&format!(
            "<a class=\"govuk-link\" href=\"/indicators/{id}/edit\">Change the indicator</a></div>"
        ));
    }
    body.push_str("<dl class=\"govuk-summary-list\">");
    for (k, v) in rows {
        body.push_str(&format!("<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">{k}</dt><dd class=\"govuk-summary-list__value\">{v}</dd></div>"));
    }
    body.push_str("</dl><h2 class=\"govuk-heading-m\">Trend</h2>");
    body.push_str(&trend_section(f, &s, "indicator"));
    Ok(render(&HtmlPage {
        chrome: Chrome::new(&session, "indicators"),
        title: f.title.clone(),
        body,
    }))
}

/// GET /indicators/report
pub async fn report(State(state): State<AppState>, session: SignedIn) -> PageResult {
    let report =
        indicators::report(state.store.as_ref(), session.org.id, crate::web::today()).await?;
    super::reports::report_page(
        &session,
        "indicators",
        report.title.clone(),
        &report,
        "/indicators/report",
    )
}

/// GET /indicators/report/{format}
pub async fn report_download(
    State(state): State<AppState>,
    session: SignedIn,
    Path(format): Path<String>,
) -> PageResult {
    let report =
        indicators::report(state.store.as_ref(), session.org.id, crate::web::today()).await?;
    super::reports::report_file(report, &format).await
}
