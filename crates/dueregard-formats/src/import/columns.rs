//! What each column of a plan's table holds, worked out from its heading and its content, with
//! the evidence for each decision so the preview can show it and a person can change it.

use super::ImportError;
use super::cells::{self, MERGED};

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Priority,
    Code,
    Objective,
    Number,
    Action,
    Lead,
    Target,
    Outcome,
    /// "Objective" or "Action": a list of rows exported from a performance system.
    Type,
    /// The code of the objective an action row belongs to.
    Parent,
    /// Read but not imported: RAG status, comments, characteristics.
    Other,
}

impl Field {
    pub const ALL: [Field; 11] = [
        Field::Priority,
        Field::Code,
        Field::Objective,
        Field::Number,
        Field::Action,
        Field::Lead,
        Field::Target,
        Field::Outcome,
        Field::Type,
        Field::Parent,
        Field::Other,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Field::Priority => "priority",
            Field::Code => "code",
            Field::Objective => "objective",
            Field::Number => "number",
            Field::Action => "action",
            Field::Lead => "lead",
            Field::Target => "target",
            Field::Outcome => "outcome",
            Field::Type => "type",
            Field::Parent => "parent",
            Field::Other => "none",
        }
    }
}

/// Where the person importing says a field is: a column letter ("C") or its heading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ColumnRef {
    Index(usize),
    Heading(String),
}

/// "lead=C", "target=When it will be done" or "none=F" (a column not to read).
pub fn parse_column_choice(text: &str) -> Result<(Field, ColumnRef), ImportError> {
    let (field, column) = text.split_once('=').ok_or_else(|| {
        ImportError::BadColumn(format!(
            "'{text}' should say which column holds what, like lead=C or \"target=Target date\""
        ))
    })?;
    let field = field.trim().to_lowercase();
    let field = Field::ALL
        .into_iter()
        .find(|f| f.key() == field)
        .ok_or_else(|| {
            let keys: Vec<&str> = Field::ALL.iter().map(|f| f.key()).collect();
            ImportError::BadColumn(format!(
                "'{field}' is not something a plan column holds. Use one of: {}",
                keys.join(", ")
            ))
        })?;
    let column = column.trim();
    if column.is_empty() {
        return Err(ImportError::BadColumn(format!(
            "Say which column holds the {}",
            field.key()
        )));
    }
    let letters = column.len() <= 2 && column.chars().all(|c| c.is_ascii_alphabetic());
    Ok((
        field,
        if letters {
            ColumnRef::Index(column_index(column))
        } else {
            ColumnRef::Heading(column.to_string())
        },
    ))
}

/// "A" → 0, "AB" → 27.
pub fn column_index(letters: &str) -> usize {
    letters
        .chars()
        .fold(0usize, |n, c| {
            n * 26 + (c.to_ascii_uppercase() as usize - 'A' as usize + 1)
        })
        .saturating_sub(1)
}

pub fn column_letter(i: usize) -> String {
    let mut n = i + 1;
    let mut s = Vec::new();
    while n > 0 {
        let r = (n - 1) % 26;
        s.push((b'A' + r as u8) as char);
        n = (n - 1) / 26;
    }
    s.iter().rev().collect()
}

/// The words of a heading that decide what it means. A heading's head noun comes last in
/// English ("Objective ref" is a reference, "Action owner" a person), and what follows a slash
/// or sits in brackets only qualifies it ("Detailed action/target (and lead officer)").
fn head_words(heading: &str) -> Vec<String> {
    let mut plain = String::new();
    let mut depth = 0usize;
    for c in heading.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            _ if depth == 0 => plain.push(c),
            _ => {}
        }
    }
    let first = plain.split(['/', '&', '\n']).next().unwrap_or("");
    let first = if first.trim().is_empty() {
        plain.as_str()
    } else {
        first
    };
    first
        .split(|c: char| !(c.is_alphanumeric() || c == '#'))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// What a heading alone says a column holds, and the word that said it.
pub fn heading_field(heading: &str) -> Option<(Field, String)> {
    let words = head_words(heading);
    let all = words.join(" ");
    let phrases: [(&str, Field); 8] = [
        ("what we will do", Field::Action),
        ("equality outcome", Field::Objective),
        ("how will we know", Field::Outcome),
        ("how we will know", Field::Outcome),
        ("protected characteristic", Field::Other),
        ("by when", Field::Target),
        ("who", Field::Lead),
        ("record type", Field::Type),
    ];
    if all == "what" {
        return Some((Field::Action, "what".into()));
    }
    if words.iter().any(|w| w == "parent") {
        return Some((Field::Parent, "parent".into()));
    }
    if let Some((p, f)) = phrases.iter().find(|(p, _)| {
        all == *p || all.starts_with(&format!("{p} ")) || all.ends_with(&format!(" {p}"))
    }) {
        return Some((*f, (*p).to_string()));
    }
    let qualified_by_action = words
        .iter()
        .any(|w| matches!(w.as_str(), "action" | "actions"));
    for w in words.iter().rev() {
        let field = match w.as_str() {
            "ref" | "reference" | "code" | "id" if qualified_by_action => Field::Number,
            "ref" | "reference" | "code" | "id" => Field::Code,
            "no" | "number" | "num" | "#" | "item" if qualified_by_action || words.len() == 1 => {
                Field::Number
            }
            "no" | "number" | "num" | "#" => Field::Code,
            "type" | "level" | "kind" => Field::Type,
            "outcome" | "outcomes" | "indicator" | "indicators" | "measure" | "measures"
            | "success" | "kpi" | "evidence" | "result" | "results" | "impact" => Field::Outcome,
            "date" | "dates" | "milestone" | "milestones" | "deadline" | "timescale"
            | "timescales" | "when" | "due" | "target" | "timeframe" | "completion" | "by" => {
                Field::Target
            }
            "lead" | "leads" | "responsible" | "responsibility" | "owner" | "owners"
            | "officer" | "officers" | "accountable" | "manager" => Field::Lead,
            "action" | "actions" | "activity" | "activities" | "task" | "tasks" | "step"
            | "steps" | "deliverable" | "deliverables" | "milestone_action" => Field::Action,
            "objective" | "objectives" | "goal" | "goals" | "aim" | "aims" | "commitment"
            | "commitments" => Field::Objective,
            "priority" | "priorities" | "theme" | "themes" | "strand" | "workstream" => {
                Field::Priority
            }
            "status" | "rag" | "progress" | "update" | "comments" | "comment" | "notes"
            | "characteristics" | "characteristic" | "budget" | "resources" | "cost" => {
                Field::Other
            }
            _ => continue,
        };
        return Some((field, w.clone()));
    }
    None
}

/// What a column's cells look like.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Profile {
    pub filled: usize,
    pub codes: usize,
    pub numbering: usize,
    /// Bare whole numbers: action numbers, or objective numbers repeated down the rows.
    pub integers: usize,
    pub dates: usize,
    pub people: usize,
    pub rag: usize,
    pub types: usize,
    pub long: usize,
    /// Cells merged into the one above, or repeating it: what an objective column does over
    /// its actions.
    pub repeated: usize,
}

impl Profile {
    pub fn of<'a>(values: impl Iterator<Item = &'a str>) -> Profile {
        let mut p = Profile::default();
        let mut above = "";
        for v in values {
            let v = v.trim();
            if v == MERGED || (!v.is_empty() && v == above) {
                p.repeated += 1;
            }
            if v.is_empty() || v == MERGED {
                continue;
            }
            above = v;
            p.filled += 1;
            let integer = v.len() <= 3 && v.chars().all(|c| c.is_ascii_digit());
            if integer {
                p.integers += 1;
            } else if cells::is_code(v) {
                p.codes += 1;
            }
            if cells::numbering(v).is_some_and(|(_, rest)| rest.is_empty()) {
                p.numbering += 1;
            }
            if cells::looks_like_date(v) {
                p.dates += 1;
            }
            if cells::looks_like_people(v) {
                p.people += 1;
            }
            if cells::is_rag(v) {
                p.rag += 1;
            }
            if cells::row_type(v).is_some() {
                p.types += 1;
            }
            if v.split_whitespace().count() >= 6 {
                p.long += 1;
            }
        }
        p
    }

    /// Most of the filled cells (at least three in five).
    fn most(&self, n: usize) -> bool {
        self.filled > 0 && n * 5 >= self.filled * 3
    }

    /// What the content alone says, and why.
    pub fn suggests(&self) -> Option<(Field, String)> {
        let say = |n: usize, what: &str| format!("{n} of {} cells are {what}", self.filled);
        if self.filled == 0 {
            return None;
        }
        if self.most(self.types) {
            return Some((Field::Type, say(self.types, "'objective' or 'action'")));
        }
        if self.most(self.rag) {
            return Some((Field::Other, say(self.rag, "RAG ratings")));
        }
        if self.most(self.numbering) {
            return Some((Field::Number, say(self.numbering, "numbers or letters")));
        }
        if self.most(self.codes) {
            return Some((Field::Code, say(self.codes, "codes")));
        }
        if self.most(self.integers) {
            return Some((Field::Number, say(self.integers, "whole numbers")));
        }
        if self.most(self.dates) {
            return Some((Field::Target, say(self.dates, "dates or date phrases")));
        }
        if self.most(self.people) {
            return Some((Field::Lead, say(self.people, "initials or names")));
        }
        if self.most(self.long) {
            return Some((Field::Action, say(self.long, "sentences")));
        }
        None
    }
}

/// A column and what it was read as, with the evidence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Role {
    pub column: usize,
    pub field: Field,
    pub evidence: String,
}

/// Decides what each column holds. Headings decide first; content decides for columns the
/// headings leave open and overrules a heading its content contradicts; the person's choices
/// overrule both.
pub fn infer(
    header: &[String],
    body: &[&[String]],
    choices: &[(Field, ColumnRef)],
) -> Result<Vec<Role>, ImportError> {
    let width = header
        .len()
        .max(body.iter().map(|r| r.len()).max().unwrap_or(0));
    let profiles: Vec<Profile> = (0..width)
        .map(|i| Profile::of(body.iter().map(|r| r.get(i).map_or("", String::as_str))))
        .collect();
    let mut roles: Vec<Role> = Vec::new();
    let taken = |roles: &[Role], f: Field| f != Field::Other && roles.iter().any(|r| r.field == f);
    for (i, h) in header.iter().enumerate() {
        let Some((field, word)) = heading_field(h) else {
            continue;
        };
        let p = profiles[i];
        // A code heading over sentences, or a target heading over no dates, is doubted.
        let (field, evidence) = match (field, p.suggests()) {
            // "Ref" over a), b), (iv): the actions' numbers. Whole numbers may be either.
            (Field::Code, Some((Field::Number, why))) if p.most(p.numbering) => {
                (Field::Number, why)
            }
            (Field::Number, Some((Field::Code, why))) if !taken(&roles, Field::Code) => {
                (Field::Code, why)
            }
            (f, _) => (f, format!("the heading '{}' says '{word}'", h.trim())),
        };
        if taken(&roles, field) {
            roles.push(Role {
                column: i,
                field: Field::Other,
                evidence: format!(
                    "the heading '{}' says '{word}', but column {} was already read as the {}",
                    h.trim(),
                    roles
                        .iter()
                        .find(|r| r.field == field)
                        .map_or(String::new(), |r| column_letter(r.column)),
                    field.key()
                ),
            });
            continue;
        }
        roles.push(Role {
            column: i,
            field,
            evidence,
        });
    }
    for (i, p) in profiles.iter().enumerate() {
        if roles.iter().any(|r| r.column == i) {
            continue;
        }
        if let Some((field, why)) = p.suggests() {
            // Sentences merged or repeated down the rows are the objective over its actions.
            let (field, why) = match field {
                Field::Action if p.repeated > 0 && !taken(&roles, Field::Objective) => (
                    Field::Objective,
                    format!("{why}, merged or repeated down {} rows", p.repeated),
                ),
                Field::Action if taken(&roles, Field::Action) && !taken(&roles, Field::Outcome) => {
                    (Field::Outcome, why)
                }
                f => (f, why),
            };
            if !taken(&roles, field) {
                roles.push(Role {
                    column: i,
                    field,
                    evidence: why,
                });
            }
        }
    }
    for (field, column) in choices {
        let i = match column {
            ColumnRef::Index(i) => *i,
            ColumnRef::Heading(h) => header
                .iter()
                .position(|c| c.trim().eq_ignore_ascii_case(h.trim()))
                .ok_or_else(|| {
                    ImportError::BadColumn(format!(
                        "There is no column headed '{h}'. The headings are: {}",
                        header
                            .iter()
                            .filter(|h| !h.is_empty())
                            .cloned()
                            .collect::<Vec<_>>()
                            .join(", ")
                    ))
                })?,
        };
        roles.retain(|r| r.column != i && (r.field != *field || *field == Field::Other));
        roles.push(Role {
            column: i,
            field: *field,
            evidence: "you said so".into(),
        });
    }
    roles.sort_by_key(|r| r.column);
    Ok(roles)
}

/// Whether the roles make a plan table: an action column, or a type column with text.
pub fn is_plan_table(roles: &[Role]) -> bool {
    let has = |f: Field| roles.iter().any(|r| r.field == f);
    let known = roles.iter().filter(|r| r.field != Field::Other).count();
    (has(Field::Action) && known >= 2)
        || (has(Field::Type) && (has(Field::Objective) || has(Field::Action)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(h: &str) -> Option<Field> {
        heading_field(h).map(|(f, _)| f)
    }

    #[test]
    fn headings_are_read_by_their_head_noun() {
        assert_eq!(field("Objective ref"), Some(Field::Code));
        assert_eq!(field("Objective"), Some(Field::Objective));
        assert_eq!(field("Action no."), Some(Field::Number));
        assert_eq!(field("Action owner"), Some(Field::Lead));
        assert_eq!(field("Outcome / measure"), Some(Field::Outcome));
        assert_eq!(
            field("Detailed action/target (and lead officer)"),
            Some(Field::Action)
        );
        assert_eq!(field("Target date/ milestones"), Some(Field::Target));
        assert_eq!(
            field("Planned outcome/performance indicator"),
            Some(Field::Outcome)
        );
        assert_eq!(field("By when"), Some(Field::Target));
        assert_eq!(field("What we will do"), Some(Field::Action));
        assert_eq!(field("Equality outcome"), Some(Field::Objective));
        assert_eq!(field("RAG status"), Some(Field::Other));
        assert_eq!(field("Parent ref"), Some(Field::Parent));
        assert_eq!(field("Lead officer"), Some(Field::Lead));
        assert_eq!(field("Colour"), None);
        assert_eq!(column_index("ab"), 27);
        assert_eq!(column_letter(27), "AB");
    }

    #[test]
    fn content_decides_where_headings_do_not() {
        let header: Vec<String> = ["", "", "Column 3", "x"].map(String::from).to_vec();
        let rows: Vec<Vec<String>> = [
            [
                "HC1",
                "Review the recruitment policy for bias",
                "JB",
                "March 2025",
            ],
            [
                "HC1",
                "Train every panel member in fair selection",
                "KP/JB",
                "Q3 2024/25",
            ],
            [
                "HC2",
                "Publish the workforce profile on the website",
                "AB",
                "31/12/2024",
            ],
        ]
        .iter()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
        let body: Vec<&[String]> = rows.iter().map(Vec::as_slice).collect();
        let roles = infer(&header, &body, &[]).unwrap();
        let got: Vec<Field> = roles.iter().map(|r| r.field).collect();
        assert_eq!(
            got,
            [Field::Code, Field::Action, Field::Lead, Field::Target],
            "{roles:?}"
        );
        assert!(roles[3].evidence.contains("3 of 3 cells are dates"));
    }
}
