//! The one edit flow for every kind of record on the web: show the form, save it, show what was
//! wrong, and, when someone else saved first, merge.
//!
//! The form carries the version the user started from and, in `base`, the values it showed
//! then. On a conflict three versions are compared field by field: the one the user started
//! from, the one saved since, and the user's. A field only the other person changed takes their
//! value; a field only this user changed keeps theirs; a field both changed is shown side by
//! side, saying who changed it and when, and the user chooses. So saving again can never undo a
//! change the user did not make.

use crate::web::AppState;
use crate::web::auth::SignedIn;
use crate::web::error::{AppError, PageResult};
use crate::web::features::{FormSpec, see_other, show_form_with};
use crate::web::form::{Control, Field, FormData};
use dueregard_core::period::long_date;
use dueregard_core::store::{AuditEntry, StoreError};
use dueregard_core::validate::ValidationErrors;
use std::collections::BTreeMap;

/// One kind of record as its edit page sees it.
pub trait EditPage {
    type Record;
    /// The record's name in the audit trail ("action", "equality objective" …).
    const ENTITY: &'static str;
    /// The navigation section the page belongs to.
    const SECTION: &'static str;
    fn id(&self) -> i64;
    fn version(record: &Self::Record) -> i64;
    fn spec(&self, record: &Self::Record) -> FormSpec;
    /// The form showing a saved record.
    fn fields_of(&self, record: &Self::Record) -> Vec<Field>;
    /// The form showing what was submitted.
    fn fields_from(&self, form: &FormData) -> Vec<Field>;
    /// The record as it was at an older version, from the audit trail's copy of its data.
    fn as_of(&self, record: &Self::Record, data: &str) -> Option<Self::Record>;
    fn load(
        &self,
        state: &AppState,
    ) -> impl std::future::Future<Output = Result<Self::Record, StoreError>> + Send;
    /// Reads, checks and saves the form as an edit of `version`; answers where to go next.
    fn save(
        &self,
        state: &AppState,
        session: &SignedIn,
        form: &FormData,
        version: i64,
    ) -> impl std::future::Future<Output = Result<String, StoreError>> + Send;
}

/// The values a field submits, in one form that two versions can be compared in.
pub fn values(field: &Field) -> Vec<String> {
    match &field.control {
        Control::Select(c) | Control::Radios(c) | Control::Checkboxes(c) => c
            .iter()
            .filter(|c| c.selected)
            .map(|c| c.value.clone())
            .collect(),
        // Browsers send line ends as CRLF; the saved text has LF.
        _ => {
            let v = field.value.replace("\r\n", "\n");
            vec![v.trim_end().to_string()]
        }
    }
}

/// The form's pairs that carry `values` for `field`.
fn pairs(field: &Field, values: &[String]) -> Vec<(String, String)> {
    match &field.control {
        Control::Date { .. } => {
            let v = values.first().map(String::as_str).unwrap_or("");
            let filled = Field::date(&field.name, "", v);
            match filled.control {
                Control::Date { day, month, year } if !v.is_empty() => vec![
                    (format!("{}-day", field.name), day),
                    (format!("{}-month", field.name), month),
                    (format!("{}-year", field.name), year),
                ],
                _ => Vec::new(),
            }
        }
        _ => values
            .iter()
            .map(|v| (field.name.clone(), v.clone()))
            .collect(),
    }
}

fn keys(field: &Field) -> Vec<String> {
    match field.control {
        Control::Date { .. } => ["day", "month", "year"]
            .iter()
            .map(|p| format!("{}-{p}", field.name))
            .collect(),
        _ => vec![field.name.clone()],
    }
}

/// What the form showed when the user opened it, carried in a hidden field.
pub fn base_of(fields: &[Field]) -> String {
    let map: BTreeMap<&str, Vec<String>> = fields
        .iter()
        .map(|f| (f.name.as_str(), values(f)))
        .collect();
    serde_json::to_string(&map).unwrap_or_default()
}

fn read_base(form: &FormData) -> Option<BTreeMap<String, Vec<String>>> {
    serde_json::from_str(&form.text("base")).ok()
}

/// Who last changed a field since the user's version, and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangedBy {
    pub who: String,
    pub when: String,
}

/// A field both people changed: the user chooses which to keep.
#[derive(Debug, Clone)]
pub struct Clash {
    pub name: String,
    pub label: String,
    pub yours: String,
    pub saved: String,
    pub by: Option<ChangedBy>,
    pub error: Option<String>,
}

/// What happens to a field that differs between the user's version and the saved one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Only the other person changed it: their value is now in the form.
    Theirs,
    /// Only this user changed it: their value stays.
    Yours,
    /// Both changed it: the user chooses.
    Choose,
}

/// One field that differs, for the side-by-side table.
#[derive(Debug, Clone)]
pub struct MergeRow {
    pub label: String,
    pub yours: String,
    pub saved: String,
    pub outcome: Outcome,
    pub by: Option<ChangedBy>,
}

/// What the conflict page shows above and inside the form.
#[derive(Debug, Clone, Default)]
pub struct MergeView {
    pub rows: Vec<MergeRow>,
    pub clashes: Vec<Clash>,
}

impl MergeView {
    /// Fields whose saved value replaced the user's in the form.
    pub fn kept(&self) -> Vec<&MergeRow> {
        self.rows
            .iter()
            .filter(|r| r.outcome == Outcome::Theirs)
            .collect()
    }
}

/// The result of merging the user's form with what was saved since they opened it.
pub struct Merged {
    pub form: FormData,
    pub view: MergeView,
}

/// Merges field by field. `changed_by` says who last changed each field since `base`.
pub fn merge(
    form: &FormData,
    base: Option<&BTreeMap<String, Vec<String>>>,
    mine: &[Field],
    theirs: &[Field],
    changed_by: &BTreeMap<String, ChangedBy>,
) -> Merged {
    let mut out = form.clone();
    let mut view = MergeView::default();
    for m in mine {
        let Some(t) = theirs.iter().find(|t| t.name == m.name) else {
            continue;
        };
        let (mv, tv) = (values(m), values(t));
        // A form from before bases were carried: nothing can be known to be unchanged.
        let bv = base.and_then(|b| b.get(&m.name)).cloned();
        let by = changed_by.get(&m.name).cloned();
        if mv == tv {
            continue;
        }
        let outcome = if bv.as_ref() == Some(&tv) {
            Outcome::Yours
        } else if bv.as_ref() == Some(&mv) {
            Outcome::Theirs
        } else {
            Outcome::Choose
        };
        view.rows.push(MergeRow {
            label: m.label.clone(),
            yours: m.shown(),
            saved: t.shown(),
            outcome: outcome.clone(),
            by: by.clone(),
        });
        match outcome {
            Outcome::Yours => {}
            Outcome::Theirs => out.replace(&keys(m), pairs(t, &tv)),
            Outcome::Choose => view.clashes.push(Clash {
                name: m.name.clone(),
                label: m.label.clone(),
                yours: m.shown(),
                saved: t.shown(),
                by,
                error: None,
            }),
        }
    }
    Merged { form: out, view }
}

/// Who last changed each field between the user's version and now, from the audit trail.
fn attribute<E: EditPage>(
    page: &E,
    latest: &E::Record,
    base: Option<&BTreeMap<String, Vec<String>>>,
    changes: &[AuditEntry],
) -> BTreeMap<String, ChangedBy> {
    let mut by = BTreeMap::new();
    let mut before: Option<BTreeMap<String, Vec<String>>> = base.cloned();
    for c in changes {
        let Some(after) = c.after.as_deref().and_then(|d| page.as_of(latest, d)) else {
            continue;
        };
        let now: BTreeMap<String, Vec<String>> = page
            .fields_of(&after)
            .iter()
            .map(|f| (f.name.clone(), values(f)))
            .collect();
        for (name, v) in &now {
            if before.as_ref().and_then(|b| b.get(name)) != Some(v) {
                by.insert(
                    name.clone(),
                    ChangedBy {
                        who: c.actor.clone(),
                        when: when(&c.at),
                    },
                );
            }
        }
        before = Some(now);
    }
    by
}

/// "1 December 2026 at 2:05pm", in UK time.
fn when(at: &str) -> String {
    let Ok(ts) = at.parse::<jiff::Timestamp>() else {
        return at.to_string();
    };
    let zoned = match jiff::tz::TimeZone::get("Europe/London") {
        Ok(tz) => ts.to_zoned(tz),
        Err(_) => ts.to_zoned(jiff::tz::TimeZone::UTC),
    };
    let (h, m) = (zoned.hour(), zoned.minute());
    let (h12, half) = match h {
        0 => (12, "am"),
        1..=11 => (h, "am"),
        12 => (12, "pm"),
        _ => (h - 12, "pm"),
    };
    format!("{} at {h12}:{m:02}{half}", long_date(zoned.date()))
}

fn form_page<E: EditPage>(
    session: &SignedIn,
    page: &E,
    record: &E::Record,
    fields: Vec<Field>,
    base: &str,
    errors: &ValidationErrors,
    merge: Option<MergeView>,
) -> axum::response::Response {
    let mut spec = page.spec(record);
    spec.version = Some(E::version(record));
    show_form_with(session, E::SECTION, spec, fields, errors, Some(base), merge)
}

/// GET: the form showing the saved record.
pub async fn show<E: EditPage>(state: &AppState, session: &SignedIn, page: E) -> PageResult {
    let record = page.load(state).await?;
    let fields = page.fields_of(&record);
    let base = base_of(&fields);
    Ok(form_page(
        session,
        &page,
        &record,
        fields,
        &base,
        &ValidationErrors::new(),
        None,
    ))
}

/// POST: save, or show why not.
pub async fn submit<E: EditPage>(
    state: &AppState,
    session: &SignedIn,
    page: E,
    form: FormData,
) -> PageResult {
    form.check_csrf(session)?;
    let version = crate::web::features::form_version(&form)?;
    let base = read_base(&form);
    // After a merge, each field both people changed comes back with the user's choice.
    let mut form = form;
    let mut unresolved = Vec::new();
    for name in form.all("clash") {
        match form.text(&format!("keep-{name}")).as_str() {
            "yours" => {}
            "saved" => {
                let shown = page.fields_from(&form);
                if let (Some(f), Some(saved)) = (
                    shown.iter().find(|f| f.name == name),
                    base.as_ref().and_then(|b| b.get(&name)),
                ) {
                    form.replace(&keys(f), pairs(f, saved));
                }
            }
            _ => unresolved.push(name),
        }
    }
    if !unresolved.is_empty() {
        let latest = page.load(state).await?;
        let mut merged = merge(
            &form,
            None,
            &page.fields_from(&form),
            &page.fields_of(&latest),
            &BTreeMap::new(),
        );
        let mut errors = ValidationErrors::new();
        for c in merged.view.clashes.iter_mut() {
            if unresolved.contains(&c.name) {
                let message = format!("Choose which version of {} to keep", c.label.to_lowercase());
                c.error = Some(message.clone());
                errors.add(&format!("keep-{}", c.name), message);
            }
        }
        merged.view.clashes.retain(|c| unresolved.contains(&c.name));
        let fields = page.fields_from(&form);
        return Ok(form_page(
            session,
            &page,
            &latest,
            fields,
            &form.text("base"),
            &errors,
            Some(merged.view),
        ));
    }
    match page.save(state, session, &form, version).await {
        Ok(next) => see_other(next),
        Err(StoreError::Conflict { .. }) => {
            let latest = page.load(state).await?;
            let changes = state
                .store
                .changes_since(session.org.id, E::ENTITY, page.id(), version)
                .await?;
            let theirs = page.fields_of(&latest);
            let changed_by = attribute(&page, &latest, base.as_ref(), &changes);
            let merged = merge(
                &form,
                base.as_ref(),
                &page.fields_from(&form),
                &theirs,
                &changed_by,
            );
            let fields = page.fields_from(&merged.form);
            Ok(form_page(
                session,
                &page,
                &latest,
                fields,
                &base_of(&theirs),
                &ValidationErrors::new(),
                Some(merged.view),
            ))
        }
        Err(StoreError::Invalid(e)) => {
            // Shown again as it was sent, still based on the version the user started from.
            let record = page.load(state).await?;
            let mut spec = page.spec(&record);
            spec.version = Some(version);
            Ok(show_form_with(
                session,
                E::SECTION,
                spec,
                page.fields_from(&form),
                &e,
                Some(&form.text("base")),
                None,
            ))
        }
        Err(e) => Err(AppError::from(e).into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::web::form::Choice;

    fn form(title: &str, target: &str, aims: &[&str]) -> Vec<Field> {
        vec![
            Field::text("title", "Title", title),
            Field::date("due", "Due", target),
            Field::checkboxes(
                "aims",
                "Aims",
                ["a", "b", "c"]
                    .iter()
                    .map(|k| Choice::new(k, k.to_uppercase(), aims.contains(k)))
                    .collect(),
            ),
        ]
    }

    fn submitted(fields: &[Field]) -> FormData {
        let mut f = FormData::default();
        for field in fields {
            f.replace(&[], pairs(field, &values(field)));
        }
        f
    }

    fn base(fields: &[Field]) -> BTreeMap<String, Vec<String>> {
        serde_json::from_str(&base_of(fields)).unwrap()
    }

    #[test]
    fn fields_only_the_other_person_changed_take_their_value() {
        let start = form("Old", "2026-03-31", &["a"]);
        let theirs = form("Old", "2026-09-30", &["a", "b"]);
        let mine = form("New title", "2026-03-31", &["a"]);
        let m = merge(
            &submitted(&mine),
            Some(&base(&start)),
            &mine,
            &theirs,
            &BTreeMap::new(),
        );
        assert!(m.view.clashes.is_empty());
        assert_eq!(m.view.kept().len(), 2);
        assert_eq!(m.view.rows.len(), 3, "my title is listed as mine");
        assert_eq!(m.form.text("title"), "New title", "my change stays");
        assert_eq!(m.form.date("due"), "2026-09-30", "their date is not undone");
        assert_eq!(m.form.all("aims"), ["a", "b"]);
    }

    #[test]
    fn a_field_both_changed_is_a_clash_and_same_changes_are_not() {
        let start = form("Old", "2026-03-31", &["a"]);
        let theirs = form("Theirs", "2026-09-30", &["c"]);
        let mine = form("Mine", "2026-09-30", &["a"]);
        let by = BTreeMap::from([(
            "title".to_string(),
            ChangedBy {
                who: "Ann".into(),
                when: "today".into(),
            },
        )]);
        let m = merge(&submitted(&mine), Some(&base(&start)), &mine, &theirs, &by);
        assert_eq!(m.view.clashes.len(), 1);
        let c = &m.view.clashes[0];
        assert_eq!(
            (c.name.as_str(), c.yours.as_str(), c.saved.as_str()),
            ("title", "Mine", "Theirs")
        );
        assert_eq!(c.by.as_ref().unwrap().who, "Ann");
        assert_eq!(
            m.form.text("title"),
            "Mine",
            "the form keeps mine until I choose"
        );
        assert_eq!(m.form.all("aims"), ["c"]);
    }

    #[test]
    fn without_a_base_every_difference_is_a_clash() {
        let theirs = form("Theirs", "2026-09-30", &["a"]);
        let mine = form("Mine", "2026-09-30", &["b"]);
        let m = merge(&submitted(&mine), None, &mine, &theirs, &BTreeMap::new());
        assert_eq!(m.view.clashes.len(), 2);
        assert!(m.view.kept().is_empty());
    }

    #[test]
    fn line_ends_from_browsers_are_not_changes() {
        let a = Field::textarea("t", "T", "one\ntwo");
        let b = Field::textarea("t", "T", "one\r\ntwo\r\n");
        assert_eq!(values(&a), values(&b));
    }

    #[test]
    fn times_are_shown_in_uk_time() {
        assert_eq!(when("2026-07-01T13:05:00Z"), "1 July 2026 at 2:05pm");
        assert_eq!(when("2026-12-01T00:30:00Z"), "1 December 2026 at 12:30am");
    }
}
