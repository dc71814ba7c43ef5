//! The layout-independent part of reading a plan. Every reader (text, Word, OpenDocument,
//! spreadsheets) gives the same model, `Lines`: paragraphs, and table rows as tab-separated
//! cells with merged cells marked, each with its place. This finds the plan's tables in it,
//! works out what each column holds, reads the hierarchy, and writes the plan in one normal
//! form: a header, "Priority N. title" rows, objective rows "CODE. title", actions "(n) words"
//! with target, outcome and lead cells, then the lead officers key and the glossary. The plan
//! rules (`text_plan`) read that form. Every decision is kept with its evidence.

use super::cells::{self, MERGED, RowType};
use super::columns::{self, ColumnRef, Field, Role};
use super::leads::{self, Key};
use super::{ColumnUse, Decision, ImportError, Lines, Warning};

/// Where the lines came from: text extracted from a PDF knows no merged cells and breaks rows
/// across pages; office files and spreadsheets know both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Text,
    Document,
}

/// The plan in normal form, with what was decided on the way.
#[derive(Debug, Default)]
pub struct Normalised {
    pub lines: Lines,
    pub decisions: Vec<Decision>,
    /// For each normal-form line that starts an objective, why it does.
    pub objective_reasons: Vec<(usize, String)>,
}

impl Normalised {
    /// Adds a normal-form line, placed where line `at` of the document is.
    pub fn push(&mut self, line: String, input: &Lines, at: usize) {
        self.lines.lines.push(line);
        self.lines
            .places
            .push(input.places.get(at).cloned().unwrap_or_default());
    }

    /// Adds the key and glossary read from the document's lines `rest` (those outside the
    /// plan), with the people named in lead cells, and says where the key came from.
    pub fn push_key_and_glossary(&mut self, input: &Lines, rest: &[usize], named: &Key, at: usize) {
        let (key, glossary, source) = leads::key_and_glossary(input, rest, named);
        if let Some(source) = source {
            self.decisions.push(Decision {
                at: source,
                what: format!("{} lead officers were read from the key", key.len()),
                why: "initials followed by a name".into(),
            });
        }
        if !key.is_empty() {
            self.push("Lead officers for actions".into(), input, at);
            for (i, name) in key {
                self.push(format!("{i} – {name}"), input, at);
            }
        }
        if !glossary.is_empty() {
            self.push("Glossary".into(), input, at);
            for (term, meaning) in glossary {
                self.push(format!("{term} – {meaning}"), input, at);
            }
        }
    }
}

struct Row {
    index: usize,
    cells: Vec<String>,
}

struct Table {
    rows: Vec<Row>,
    /// The paragraph just before it, which may name its objective or priority.
    heading: Option<usize>,
}

/// Splits the lines into tables and paragraphs (by index).
fn segment(input: &Lines, source: Source) -> (Vec<Table>, Vec<usize>) {
    let mut tables: Vec<Table> = Vec::new();
    let mut paragraphs = Vec::new();
    let mut open: Option<(Option<usize>, Table)> = None;
    let mut last_paragraph = None;
    for (i, line) in input.lines.iter().enumerate() {
        let id = match input.tables.get(i) {
            Some(t) => *t,
            None if line.contains('\t') => Some(0),
            None => None,
        };
        let blank = line.trim().is_empty();
        let furniture = cells::is_page_furniture(line);
        match (id, &mut open) {
            (Some(t), Some((open_id, table))) if *open_id == Some(t) => table.rows.push(Row {
                index: i,
                cells: line.split('\t').map(|c| c.trim().to_string()).collect(),
            }),
            (Some(t), _) => {
                if let Some((_, table)) = open.take() {
                    tables.push(table);
                }
                let mut table = Table {
                    rows: Vec::new(),
                    heading: last_paragraph,
                };
                table.rows.push(Row {
                    index: i,
                    cells: line.split('\t').map(|c| c.trim().to_string()).collect(),
                });
                open = Some((Some(t), table));
            }
            (None, Some((_, table))) if source == Source::Text && (blank || furniture) => {
                // A page break inside a table: kept as an empty row.
                table.rows.push(Row {
                    index: i,
                    cells: Vec::new(),
                });
            }
            (None, _) => {
                if let Some((_, table)) = open.take() {
                    tables.push(table);
                }
                if !blank {
                    paragraphs.push(i);
                    last_paragraph = Some(i);
                }
            }
        }
    }
    if let Some((_, table)) = open.take() {
        tables.push(table);
    }
    (tables, paragraphs)
}

/// A plan table's header row (if it has one) and what each column holds.
type PlanHeader = (Option<usize>, Vec<Role>);

/// The header row of a table (none where the content alone says what each column holds) and
/// what its columns hold, if it is a plan's table.
fn plan_header(
    table: &Table,
    choices: &[(Field, ColumnRef)],
) -> Result<Option<PlanHeader>, ImportError> {
    let mut first_error = None;
    for (h, row) in table.rows.iter().enumerate().take(30) {
        let named = row
            .cells
            .iter()
            .filter(|c| columns::heading_field(c).is_some())
            .count();
        if named < 2 && choices.is_empty() {
            continue;
        }
        let body: Vec<&[String]> = table.rows[h + 1..]
            .iter()
            .map(|r| r.cells.as_slice())
            .collect();
        match columns::infer(&row.cells, &body, choices) {
            Ok(roles) if columns::is_plan_table(&roles) => return Ok(Some((Some(h), roles))),
            Ok(_) => {}
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    if let Some(e) = first_error {
        return Err(e);
    }
    // A table with no header row: a plan's table only if its content shows an objective or
    // code column, actions and at least one more column, over three rows or more.
    let body: Vec<&[String]> = table.rows.iter().map(|r| r.cells.as_slice()).collect();
    if body.iter().filter(|r| !r.is_empty()).count() < 3 {
        return Ok(None);
    }
    let roles = columns::infer(&[], &body, &[])?;
    let has = |f: Field| roles.iter().any(|r| r.field == f);
    let known = roles.iter().filter(|r| r.field != Field::Other).count();
    Ok(
        (has(Field::Action) && (has(Field::Objective) || has(Field::Code)) && known >= 3)
            .then_some((None, roles)),
    )
}

struct Writer<'a> {
    input: &'a Lines,
    source: Source,
    out: Normalised,
    key: Key,
    priorities: i64,
    last_priority: String,
    objectives: usize,
    objective: Option<(String, String)>,
    last_leads: String,
    /// The table's codes nest ("1", "1.1") and it has no objective column.
    nested: bool,
}

impl Writer<'_> {
    fn push(&mut self, line: String, at: usize) {
        self.out.push(line, self.input, at);
    }

    fn priority(&mut self, text: &str, at: usize) {
        if text.is_empty() || text == MERGED || text == self.last_priority {
            return;
        }
        self.last_priority = text.to_string();
        self.priorities += 1;
        let (number, title) = match cells::objective_code(text) {
            Some((code, title))
                if code.chars().all(|c| c.is_ascii_digit()) && !title.is_empty() =>
            {
                (code, title)
            }
            _ => (self.priorities.to_string(), text.to_string()),
        };
        self.push(format!("Priority {number}. {title}"), at);
    }

    /// The objective cell of a normal-form row: the code and title of a new objective, or
    /// empty for the same one as the row above.
    fn objective(&mut self, code: &str, text: &str, why: &str) -> String {
        if text == MERGED || (code.is_empty() && text.is_empty()) {
            return String::new();
        }
        let (code, title) = if !code.is_empty() && code != MERGED {
            let code = code.trim_end_matches(['.', ':', ')']).to_string();
            let title = match cells::objective_code(text) {
                Some((c, t)) if c == code => t,
                _ => text.to_string(),
            };
            (Some(code), title)
        } else {
            match cells::objective_code(text) {
                Some((c, t)) => (Some(c), t),
                None => (None, text.to_string()),
            }
        };
        if self.source == Source::Text && code.is_none() {
            // Words carried over a page break; the plan rules join them to the objective.
            return text.to_string();
        }
        let same = self.objective.as_ref().is_some_and(|(c, t)| {
            code.as_deref().is_some_and(|code| code == c) || (code.is_none() && *t == title)
        });
        if same {
            return String::new();
        }
        self.objectives += 1;
        let code = code.unwrap_or_else(|| self.objectives.to_string());
        self.objective = Some((code.clone(), title.clone()));
        let reason = format!("{why} (code {code})");
        self.out
            .objective_reasons
            .push((self.out.lines.lines.len(), reason));
        format!("{code}. {title}")
    }

    fn row(&mut self, cells: &[String], roles: &[Role], row: &Row, heading_objective: bool) {
        let get = |f: Field| -> String {
            roles
                .iter()
                .find(|r| r.field == f)
                .and_then(|r| cells.get(r.column))
                .cloned()
                .unwrap_or_default()
        };
        self.priority(&get(Field::Priority), row.index);
        let objective_column = roles
            .iter()
            .find(|r| r.field == Field::Objective || r.field == Field::Code)
            .map_or(String::new(), |r| columns::column_letter(r.column));
        let mut action = get(Field::Action);
        if action == MERGED {
            action.clear();
        }
        let code = get(Field::Code);
        let mut number = number_of(&get(Field::Number));
        // Nested codes with no objective column: "1" is an objective whose words are in the
        // action column, and "1.1", "1.2" are its actions.
        let nested_child = self.nested
            && self
                .objective
                .as_ref()
                .is_some_and(|(c, _)| code.starts_with(&format!("{c}.")));
        let objective = if heading_objective {
            String::new()
        } else if nested_child {
            number = number.or_else(|| code.rsplit('.').next().and_then(|n| n.parse().ok()));
            String::new()
        } else if self.nested && !code.is_empty() {
            let title = std::mem::take(&mut action);
            self.objective(
                &code,
                &title,
                &format!("a code in column {objective_column} with codes under it"),
            )
        } else {
            self.objective(
                &code,
                &get(Field::Objective),
                &format!("a new objective in column {objective_column}"),
            )
        };
        if let (Some(n), false) = (number, action.is_empty()) {
            let words = cells::numbering(&action).map_or(action.as_str(), |(_, rest)| rest);
            action = format!("({n}) {words}");
        } else if let Some((Some(n), rest)) = cells::numbering(&action) {
            action = format!("({n}) {rest}");
        }
        let mut line = vec![objective, action, get(Field::Target), get(Field::Outcome)];
        if roles.iter().any(|r| r.field == Field::Lead) {
            let lead = get(Field::Lead);
            let initials = if lead == MERGED {
                self.last_leads.clone()
            } else {
                let place = self
                    .input
                    .places
                    .get(row.index)
                    .cloned()
                    .unwrap_or_default();
                self.key
                    .initials_for(&lead, &place, &mut self.out.lines.notes)
                    .join("/")
            };
            self.last_leads.clone_from(&initials);
            line.push(initials);
        }
        if line.iter().all(|c| c.is_empty() || c == MERGED) {
            return;
        }
        self.push(line.join("\t"), row.index);
    }

    /// Rows exported from a performance system: a type column says which rows are objectives
    /// and which actions, and a parent column (or the order) links them.
    fn typed_rows(&mut self, rows: &[&Row], roles: &[Role]) {
        let get = |cells: &[String], f: Field| -> String {
            roles
                .iter()
                .find(|r| r.field == f)
                .and_then(|r| cells.get(r.column))
                .filter(|c| c.as_str() != MERGED)
                .cloned()
                .unwrap_or_default()
        };
        let text = |cells: &[String]| {
            let a = get(cells, Field::Action);
            if a.is_empty() {
                get(cells, Field::Objective)
            } else {
                a
            }
        };
        // (priority, code, title, row) and (parent code, row).
        let mut objectives: Vec<(String, String, String, &Row)> = Vec::new();
        let mut actions: Vec<(String, &Row)> = Vec::new();
        let mut priority = String::new();
        for row in rows {
            match cells::row_type(&get(&row.cells, Field::Type)) {
                Some(RowType::Priority) => priority = text(&row.cells),
                Some(RowType::Objective) => {
                    let code = get(&row.cells, Field::Code);
                    let code = if code.is_empty() {
                        (objectives.len() + 1).to_string()
                    } else {
                        code
                    };
                    objectives.push((priority.clone(), code, text(&row.cells), row));
                }
                Some(RowType::Action) => {
                    let parent = get(&row.cells, Field::Parent);
                    let parent = if parent.is_empty() {
                        objectives.last().map(|o| o.1.clone()).unwrap_or_default()
                    } else {
                        parent
                    };
                    actions.push((parent, row));
                }
                None => self.out.lines.notes.push(Warning {
                    line: 0,
                    at: self.input.places.get(row.index).cloned().unwrap_or_default(),
                    message: format!(
                        "The type '{}' is neither an objective nor an action, so this row was left out",
                        get(&row.cells, Field::Type)
                    ),
                }),
            }
        }
        for (parent, row) in &actions {
            let known = objectives
                .iter()
                .any(|(_, c, _, _)| c.trim_end_matches('.') == parent.trim_end_matches('.'));
            if !known {
                self.out.lines.notes.push(Warning {
                    line: 0,
                    at: self.input.places.get(row.index).cloned().unwrap_or_default(),
                    message: format!(
                        "This action belongs to '{parent}', which is not the code of any objective, so it was left out"
                    ),
                });
            }
        }
        let type_column = roles
            .iter()
            .find(|r| r.field == Field::Type)
            .map_or(String::new(), |r| columns::column_letter(r.column));
        for (p, code, title, row) in &objectives {
            self.priority(p, row.index);
            let objective = self.objective(
                code,
                title,
                &format!("column {type_column} says this row is an objective"),
            );
            let mut first = true;
            for (_, action) in actions
                .iter()
                .filter(|(parent, _)| parent.trim_end_matches('.') == code.trim_end_matches('.'))
            {
                let mut cells = action.cells.clone();
                for f in [Field::Objective, Field::Code, Field::Priority] {
                    if let Some(r) = roles.iter().find(|r| r.field == f)
                        && let Some(c) = cells.get_mut(r.column)
                    {
                        c.clear();
                    }
                }
                if let Some(r) = roles.iter().find(|r| r.field == Field::Action)
                    && let Some(c) = cells.get_mut(r.column)
                    && c.is_empty()
                {
                    *c = text(&action.cells);
                }
                let before = self.out.lines.lines.len();
                self.row(&cells, roles, action, true);
                if first && self.out.lines.lines.len() > before {
                    let line = &mut self.out.lines.lines[before];
                    if let Some(rest) = line.strip_prefix('\t') {
                        *line = format!("{objective}\t{rest}");
                    }
                    first = false;
                }
            }
            if first {
                self.push(format!("{objective}\t\t\t"), row.index);
            }
        }
    }
}

/// "1", "a)", "(iv)", "1.2": an action's number from a column of its own.
fn number_of(cell: &str) -> Option<i64> {
    let c = cell.trim();
    if c.is_empty() || c == MERGED {
        return None;
    }
    if let Ok(n) = c.parse() {
        return Some(n);
    }
    let marked = format!("{c})");
    cells::numbering(c)
        .or_else(|| cells::numbering(&marked))
        .and_then(|(n, rest)| rest.is_empty().then_some(n).flatten())
}

/// A row with one filled cell that names a priority or theme: "Priority 2: …", "Theme 1 – …".
fn priority_row(cells: &[String]) -> Option<&str> {
    let filled: Vec<&String> = cells
        .iter()
        .filter(|c| !c.is_empty() && *c != MERGED)
        .collect();
    let [only] = filled.as_slice() else {
        return None;
    };
    let lower = only.to_lowercase();
    [
        "priority",
        "theme",
        "strand",
        "strategic priority",
        "area of focus",
    ]
    .iter()
    .any(|w| lower.starts_with(w))
    .then_some(only.as_str())
}

/// Turns any document's lines into the plan's normal form.
pub fn normalise(
    input: &Lines,
    source: Source,
    choices: &[(Field, ColumnRef)],
) -> Result<Normalised, ImportError> {
    let (tables, paragraphs) = segment(input, source);
    let mut found = Vec::new();
    for (t, table) in tables.iter().enumerate() {
        if let Some((h, roles)) = plan_header(table, choices)? {
            found.push((t, h, roles));
        }
        if !choices.is_empty() && !found.is_empty() {
            break;
        }
    }
    let mut w = Writer {
        input,
        source,
        out: Normalised::default(),
        key: Key::default(),
        priorities: 0,
        last_priority: String::new(),
        objectives: 0,
        objective: None,
        last_leads: String::new(),
        nested: false,
    };
    w.out.lines.notes = input.notes.clone();
    let Some((first_table, first_header, first_roles)) = found.first() else {
        if let Some(plan) = super::prose_plan::read(input, &paragraphs) {
            return Ok(plan);
        }
        if !choices.is_empty() {
            return Err(ImportError::BadColumn(
                "Columns can only be chosen where the document has a table".into(),
            ));
        }
        return Ok(Normalised {
            lines: input.clone(),
            ..Normalised::default()
        });
    };
    // Where each table's rows start: after its header row, or at its first row if it has none.
    let body_from = |h: &Option<usize>| h.map_or(0, |h| h + 1);
    let first_rows = &tables[*first_table].rows;
    let header_at = first_rows[first_header.unwrap_or(0)].index;
    // What comes before the plan's header (its title, a sheet's first rows) stays as lines,
    // except a heading that names the first table's objective.
    let first_heading = {
        let has = |f: Field| first_roles.iter().any(|r| r.field == f);
        (!has(Field::Objective) && !has(Field::Code) && !has(Field::Type))
            .then_some(tables[*first_table].heading)
            .flatten()
    };
    for (p, line) in input.lines.iter().enumerate().take(header_at) {
        if Some(p) == first_heading {
            continue;
        }
        let words: Vec<&str> = line
            .split('\t')
            .map(str::trim)
            .filter(|c| !c.is_empty() && *c != MERGED)
            .collect();
        if !words.is_empty() {
            w.push(words.join(" "), p);
        }
    }
    let no_header = Vec::new();
    let header = first_header.map_or(&no_header, |h| &first_rows[h].cells);
    w.out.lines.columns = first_roles
        .iter()
        .map(|r| ColumnUse {
            column: columns::column_letter(r.column),
            heading: header.get(r.column).cloned().unwrap_or_default(),
            holds: r.field.key().to_string(),
            evidence: r.evidence.clone(),
        })
        .collect();
    let leads = found
        .iter()
        .any(|(_, _, roles)| roles.iter().any(|r| r.field == Field::Lead));
    w.push(
        format!(
            "Objective\tDetailed action\tTarget date\tPlanned outcome{}",
            if leads { "\tLead officer" } else { "" }
        ),
        header_at,
    );
    let mut used = vec![false; input.lines.len()];
    for (t, h, roles) in &found {
        let table = &tables[*t];
        for r in &table.rows[..body_from(h)] {
            used[r.index] = true;
        }
        let header = h.map_or(&no_header, |h| &table.rows[h].cells);
        let has = |f: Field| roles.iter().any(|r| r.field == f);
        let first_place = table
            .rows
            .get(body_from(h))
            .and_then(|r| input.places.get(r.index))
            .cloned()
            .unwrap_or_default();
        // A table with no objective column sits under a heading that names its objective.
        let heading_objective = !has(Field::Objective) && !has(Field::Code) && !has(Field::Type);
        if heading_objective {
            match table.heading {
                Some(p) => {
                    used[p] = true;
                    let text = input.lines[p].clone();
                    if let Some(title) = priority_row(std::slice::from_ref(&text)) {
                        w.priority(title, p);
                    } else {
                        let objective = w.objective("", &text, "the heading above the table");
                        w.push(format!("{objective}\t\t\t"), p);
                    }
                }
                _ => w.out.decisions.push(Decision {
                    at: first_place.clone(),
                    what: "The table's rows were read as actions of the objective above them"
                        .into(),
                    why: "the table has no objective column and no heading above it".into(),
                }),
            }
        }
        let rows: Vec<&Row> = table.rows[body_from(h)..].iter().collect();
        for r in &rows {
            used[r.index] = true;
        }
        if has(Field::Type) {
            w.typed_rows(&rows, roles);
            continue;
        }
        w.nested = !has(Field::Objective)
            && roles
                .iter()
                .find(|r| r.field == Field::Code)
                .is_some_and(|r| {
                    let codes: Vec<&str> = rows
                        .iter()
                        .filter_map(|row| row.cells.get(r.column).map(String::as_str))
                        .filter(|c| !c.is_empty())
                        .collect();
                    codes.iter().any(|c| {
                        codes.iter().any(|p| {
                            c.len() > p.len() + 1
                                && c.starts_with(p)
                                && c[p.len()..].starts_with('.')
                        })
                    })
                });
        for row in rows {
            if row.cells.is_empty() {
                w.push(String::new(), row.index);
                continue;
            }
            if &row.cells == header {
                continue;
            }
            let filled: Vec<&String> = row.cells.iter().filter(|c| !c.is_empty()).collect();
            if filled.len() == 1 && cells::is_page_furniture(filled[0]) {
                if source == Source::Text {
                    w.push(String::new(), row.index);
                }
                continue;
            }
            if let Some(title) = priority_row(&row.cells) {
                w.priority(title, row.index);
                continue;
            }
            w.row(&row.cells, roles, row, false);
        }
    }
    // The key and glossary: anywhere outside the plan's tables.
    let rest: Vec<usize> = (0..input.lines.len())
        .filter(|i| !used[*i] && *i > header_at)
        .collect();
    let key_at = rest.first().copied().unwrap_or(header_at);
    w.out.push_key_and_glossary(input, &rest, &w.key, key_at);
    if w.priorities == 0 && w.objectives > 0 {
        w.out.decisions.push(Decision {
            at: w.out.lines.places.first().cloned().unwrap_or_default(),
            what: format!(
                "The objectives are kept under one priority, '{}'",
                super::text_plan::IMPLICIT_PRIORITY
            ),
            why: "the plan has no priorities or themes; you can rename it after importing".into(),
        });
    }
    Ok(w.out)
}
