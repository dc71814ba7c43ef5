//! The fields of a form, described once so that one template renders every form the GOV.UK way,
//! error summary included. Plain data: no request, no session.

use dueregard_core::validate::ValidationErrors;

/// One option of a select, radios or checkboxes.
#[derive(Debug, Clone)]
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

impl Choice {
    pub fn new(value: impl ToString, label: impl Into<String>, selected: bool) -> Choice {
        Choice {
            value: value.to_string(),
            label: label.into(),
            selected,
        }
    }
}

#[derive(Debug, Clone)]
pub enum Control {
    Text {
        width: &'static str,
    },
    Number,
    Textarea {
        rows: u8,
    },
    Date {
        day: String,
        month: String,
        year: String,
    },
    Select(Vec<Choice>),
    Radios(Vec<Choice>),
    Checkboxes(Vec<Choice>),
}

#[derive(Debug, Clone)]
pub struct Field {
    pub name: String,
    pub label: String,
    pub hint: Option<String>,
    pub error: Option<String>,
    pub value: String,
    pub control: Control,
}

impl Field {
    fn new(name: &str, label: &str, value: impl Into<String>, control: Control) -> Field {
        Field {
            name: name.into(),
            label: label.into(),
            hint: None,
            error: None,
            value: value.into(),
            control,
        }
    }
    pub fn text(name: &str, label: &str, value: impl Into<String>) -> Field {
        Field::new(name, label, value, Control::Text { width: "" })
    }
    pub fn short(name: &str, label: &str, value: impl Into<String>) -> Field {
        Field::new(
            name,
            label,
            value,
            Control::Text {
                width: "govuk-input--width-10",
            },
        )
    }
    pub fn number(name: &str, label: &str, value: impl Into<String>) -> Field {
        Field::new(name, label, value, Control::Number)
    }
    pub fn textarea(name: &str, label: &str, value: impl Into<String>) -> Field {
        Field::new(name, label, value, Control::Textarea { rows: 4 })
    }
    /// A GOV.UK date input, filled from `YYYY-MM-DD` text.
    pub fn date(name: &str, label: &str, value: &str) -> Field {
        let mut parts = value.trim_end_matches('?').splitn(3, '-');
        let (year, month, day) = (
            parts.next().unwrap_or(""),
            parts.next().unwrap_or(""),
            parts.next().unwrap_or(""),
        );
        let trim = |s: &str| s.trim_start_matches('0').to_string();
        let control = Control::Date {
            day: trim(day),
            month: trim(month),
            year: year.to_string(),
        };
        Field::new(name, label, value, control).hint("For example, 31 3 2026")
    }
    pub fn select(name: &str, label: &str, choices: Vec<Choice>) -> Field {
        Field::new(name, label, "", Control::Select(choices))
    }
    pub fn radios(name: &str, label: &str, choices: Vec<Choice>) -> Field {
        Field::new(name, label, "", Control::Radios(choices))
    }
    pub fn checkboxes(name: &str, label: &str, choices: Vec<Choice>) -> Field {
        Field::new(name, label, "", Control::Checkboxes(choices))
    }
    pub fn hint(mut self, hint: &str) -> Field {
        self.hint = Some(hint.into());
        self
    }

    /// The id the error summary links to: the first input of the field.
    pub fn anchor(&self) -> String {
        match self.control {
            Control::Date { .. } => format!("{}-day", self.name),
            _ => self.name.clone(),
        }
    }

    /// The value as words, for showing two versions side by side.
    pub fn shown(&self) -> String {
        match &self.control {
            Control::Select(c) | Control::Radios(c) | Control::Checkboxes(c) => {
                let picked: Vec<&str> = c
                    .iter()
                    .filter(|c| c.selected)
                    .map(|c| c.label.as_str())
                    .collect();
                if picked.is_empty() {
                    "None".into()
                } else {
                    picked.join(", ")
                }
            }
            _ if self.value.trim().is_empty() => "None".into(),
            _ => self.value.clone(),
        }
    }
}

/// Puts each error beside its field; errors for fields the form does not show go in `extra`.
pub fn attach_errors(fields: &mut [Field], errors: &ValidationErrors) -> Vec<(String, String)> {
    let mut summary = Vec::new();
    for e in &errors.0 {
        match fields.iter_mut().find(|f| f.name == e.field) {
            Some(f) => {
                if f.error.is_none() {
                    f.error = Some(e.message.clone());
                }
                summary.push((format!("#{}", f.anchor()), e.message.clone()));
            }
            // A choice between two versions after a conflict has radios of its own.
            None if e.field.starts_with("keep-") => {
                summary.push((format!("#{}", e.field), e.message.clone()))
            }
            None => summary.push((String::from("#main-content"), e.message.clone())),
        }
    }
    summary
}
