//! The three-way merge behind the edit flow: what the user started from, what was saved since,
//! and what the user sent, compared field by field. Plain data and rules: no request, no store.

use crate::web::fields::{Control, Field};
use dueregard_core::period::long_date;
use std::collections::BTreeMap;

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
pub(crate) fn pairs(field: &Field, values: &[String]) -> Vec<(String, String)> {
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

pub(crate) fn keys(field: &Field) -> Vec<String> {
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

/// The base a form carried back, if it carried one.
pub(crate) fn parse_base(text: &str) -> Option<BTreeMap<String, Vec<String>>> {
    serde_json::from_str(text).ok()
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
    /// What the page shows.
    pub view: MergeView,
    /// The saved values that go into the form in place of the user's.
    pub taken: Vec<Taken>,
}

/// One field's saved value for the form: the form keys the field uses, and the pairs that
/// replace them.
pub type Taken = (Vec<String>, Vec<(String, String)>);

/// Merges field by field. `changed_by` says who last changed each field since `base`.
pub fn merge(
    base: Option<&BTreeMap<String, Vec<String>>>,
    mine: &[Field],
    theirs: &[Field],
    changed_by: &BTreeMap<String, ChangedBy>,
) -> Merged {
    let mut taken = Vec::new();
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
            Outcome::Theirs => taken.push((keys(m), pairs(t, &tv))),
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
    Merged { view, taken }
}

/// "1 December 2026 at 2:05pm", in UK time.
pub(crate) fn when(at: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::web::fields::Choice;
    use crate::web::form::FormData;

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

    struct Applied {
        form: FormData,
        view: MergeView,
    }

    /// The merge, with the saved values put into the user's form as the edit flow does.
    fn merged(
        form: &FormData,
        base: Option<&BTreeMap<String, Vec<String>>>,
        mine: &[Field],
        theirs: &[Field],
        by: &BTreeMap<String, ChangedBy>,
    ) -> Applied {
        let m = merge(base, mine, theirs, by);
        let mut form = form.clone();
        for (keys, pairs) in m.taken {
            form.replace(&keys, pairs);
        }
        Applied { form, view: m.view }
    }

    fn base(fields: &[Field]) -> BTreeMap<String, Vec<String>> {
        serde_json::from_str(&base_of(fields)).unwrap()
    }

    #[test]
    fn fields_only_the_other_person_changed_take_their_value() {
        let start = form("Old", "2026-03-31", &["a"]);
        let theirs = form("Old", "2026-09-30", &["a", "b"]);
        let mine = form("New title", "2026-03-31", &["a"]);
        let m = merged(
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
        let m = merged(&submitted(&mine), Some(&base(&start)), &mine, &theirs, &by);
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
        let m = merged(&submitted(&mine), None, &mine, &theirs, &BTreeMap::new());
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
