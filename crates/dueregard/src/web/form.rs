//! Form handling shared by every page: reading `application/x-www-form-urlencoded` bodies
//! (repeated keys for checkboxes, GOV.UK's three-part date inputs) and describing fields so one
//! template renders every form the GOV.UK way, error summary included.

use crate::web::auth::same_secret;
use crate::web::error::AppError;
pub use crate::web::fields::{Choice, Control, Field, attach_errors};
use crate::web::session::SignedIn;
use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use dueregard_core::validate::ValidationErrors;

/// A submitted form.
#[derive(Debug, Clone, Default)]
pub struct FormData {
    pairs: Vec<(String, String)>,
}

impl<S: Send + Sync> FromRequest<S> for FormData {
    type Rejection = crate::web::error::PageError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_form = req
            .headers()
            .get(axum::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
        if !is_form {
            return Err(AppError::BadRequest(
                "Send the form as application/x-www-form-urlencoded.".into(),
            )
            .into());
        }
        let body = Bytes::from_request(req, state).await.map_err(|e| {
            AppError::unreadable_body(
                &e,
                crate::web::respond::BODY_LIMIT,
                "The form could not be read. Go back and try again.",
            )
        })?;
        Ok(FormData::parse(&body))
    }
}

impl FormData {
    pub fn parse(body: &[u8]) -> FormData {
        FormData {
            pairs: form_urlencoded::parse(body)
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        }
    }

    pub fn text(&self, name: &str) -> String {
        self.pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }

    /// A form made of these fields (one saved earlier, say).
    pub fn from_pairs(pairs: Vec<(String, String)>) -> FormData {
        FormData { pairs }
    }

    /// Every field as sent, in order.
    pub fn pairs(&self) -> &[(String, String)] {
        &self.pairs
    }

    /// Puts `pairs` in place of every pair under `keys`.
    pub fn replace(&mut self, keys: &[String], pairs: Vec<(String, String)>) {
        self.pairs.retain(|(k, _)| !keys.contains(k));
        self.pairs.extend(pairs);
    }

    pub fn all(&self, name: &str) -> Vec<String> {
        self.pairs
            .iter()
            .filter(|(k, v)| k == name && !v.is_empty())
            .map(|(_, v)| v.clone())
            .collect()
    }

    /// A GOV.UK date input (`NAME-day`, `NAME-month`, `NAME-year`) as `YYYY-MM-DD`; empty when
    /// all three are empty; the raw parts when they cannot make a date, so validation refuses it.
    pub fn date(&self, name: &str) -> String {
        let part = |p: &str| self.text(&format!("{name}-{p}")).trim().to_string();
        let (d, m, y) = (part("day"), part("month"), part("year"));
        if d.is_empty() && m.is_empty() && y.is_empty() {
            return String::new();
        }
        match (d.parse::<u8>(), m.parse::<u8>(), y.parse::<u16>()) {
            (Ok(d), Ok(m), Ok(y)) if y >= 1000 => format!("{y:04}-{m:02}-{d:02}"),
            _ => format!("{y}-{m}-{d}?"),
        }
    }

    /// An optional id; text that is not a number is a field error.
    pub fn id(&self, errors: &mut ValidationErrors, name: &str, what: &str) -> Option<i64> {
        let v = self.text(name);
        let v = v.trim();
        if v.is_empty() {
            return None;
        }
        v.parse()
            .map_err(|_| errors.add(name, format!("Select {what} from the list")))
            .ok()
    }

    pub fn ids(&self, errors: &mut ValidationErrors, name: &str, what: &str) -> Vec<i64> {
        let mut out = Vec::new();
        for v in self.all(name) {
            match v.trim().parse() {
                Ok(id) => out.push(id),
                Err(_) => errors.add(name, format!("Select {what} from the list")),
            }
        }
        out
    }

    pub fn number(&self, errors: &mut ValidationErrors, name: &str, what: &str) -> Option<i64> {
        let v = self.text(name);
        let v = v.trim();
        if v.is_empty() {
            return None;
        }
        v.parse()
            .map_err(|_| errors.add(name, format!("{what} must be a whole number, like 3")))
            .ok()
    }

    /// Refuses a form that did not come from one of our pages in this session.
    pub fn check_csrf(&self, session: &SignedIn) -> Result<(), AppError> {
        if same_secret(&self.text("csrf_token"), &session.csrf) {
            Ok(())
        } else {
            Err(AppError::Forbidden("This form has expired or did not come from Due Regard. Go back, reload the page and try again.".into()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_repeated_keys_and_date_parts() {
        let f = FormData::parse(b"aims=a&aims=b&aims=&d-day=5&d-month=4&d-year=2026&e-day=&e-month=&e-year=&x-day=31&x-month=x&x-year=2026");
        assert_eq!(f.all("aims"), ["a", "b"]);
        assert_eq!(f.date("d"), "2026-04-05");
        assert_eq!(f.date("e"), "");
        assert!(f.date("x").ends_with('?'));
        let mut e = ValidationErrors::new();
        let g = FormData::parse(b"id=12&bad=x&many=1&many=y");
        assert_eq!(g.id(&mut e, "id", "an item"), Some(12));
        assert_eq!(g.id(&mut e, "bad", "an item"), None);
        assert_eq!(g.ids(&mut e, "many", "people"), vec![1]);
        assert_eq!(e.0.len(), 2);
    }

    #[test]
    fn date_fields_link_the_summary_to_the_day() {
        let mut fields = vec![
            Field::date("approved_on", "Date approved", "2013-02-12"),
            Field::text("title", "Title", ""),
        ];
        let mut e = ValidationErrors::new();
        e.add("approved_on", "Enter a real date");
        e.add("title", "Enter a title");
        e.add("other", "Something else");
        let summary = attach_errors(&mut fields, &e);
        assert_eq!(summary[0].0, "#approved_on-day");
        assert_eq!(summary[1].0, "#title");
        assert_eq!(summary[2].0, "#main-content");
        assert!(
            matches!(&fields[0].control, Control::Date { day, month, .. } if day == "12" && month == "2")
        );
    }
}
