//! Reads a recruitment extract: one row per application, or per leaver, with how far each got
//! ("Stage reached") and the person's monitoring answers. Counts come out; nobody's row is kept.

use super::extract::{CODED, ExtractError, Problem, field_for_heading, normalise_heading};
use crate::import::document::{self, Kind};
use crate::import::sheet;
use dueregard_stats::classify::Characteristic;
use dueregard_stats::funnel::FunnelCounts;
use dueregard_stats::workforce::Workforce;

/// How far someone got: applied (0), shortlisted (1), appointed (2), or left the organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    Reached(usize),
    Left,
}

fn stage(raw: &str) -> Option<Stage> {
    let t = raw.trim().to_lowercase();
    let has = |w: &str| t.contains(w);
    Some(
        if has("appoint") || has("offer") || has("hired") || t == "successful" {
            Stage::Reached(2)
        } else if has("shortlist") || has("interview") {
            Stage::Reached(1)
        } else if has("appli") || has("rejected") || has("withdrawn") || has("sift") {
            Stage::Reached(0)
        } else if has("left") || has("leaver") || has("resign") || has("retire") {
            Stage::Left
        } else {
            return None;
        },
    )
}

const STAGE_HEADINGS: [&str; 5] = [
    "stage reached",
    "stage",
    "outcome",
    "furthest stage",
    "status",
];

/// Counts per characteristic, in the order of [`Characteristic::ALL`] (age is not counted).
pub type FunnelExtract = Vec<(Characteristic, FunnelCounts)>;

fn rows_of(bytes: &[u8], file_name: &str) -> Result<Vec<(usize, Vec<String>)>, ExtractError> {
    let kind = document::table_kind(bytes, file_name)?;
    Ok(match kind {
        Kind::Xlsx => first_sheet(sheet::read_xlsx(bytes)?),
        Kind::Ods => first_sheet(sheet::read_ods(bytes)?),
        _ => first_sheet(sheet::read_csv(bytes)?),
    })
}

fn first_sheet(sheets: Vec<sheet::Sheet>) -> Vec<(usize, Vec<String>)> {
    sheets
        .into_iter()
        .next()
        .map(|s| s.rows)
        .unwrap_or_default()
}

/// Reads the extract. `staff`, the workforce on the snapshot date, gives each group's staff in
/// post for leaving rates.
pub fn read_funnel(
    bytes: &[u8],
    file_name: &str,
    staff: Option<&Workforce>,
) -> Result<FunnelExtract, ExtractError> {
    let rows = rows_of(bytes, file_name)?;
    let normal = normalise_heading;
    let header = rows.iter().take(10).position(|(_, cells)| {
        cells
            .iter()
            .any(|c| STAGE_HEADINGS.contains(&normal(c).as_str()))
    });
    let Some(h) = header else {
        return Err(ExtractError {
            problems: vec![Problem {
                row: None,
                column: None,
                message: "No column says how far each person got. Add a 'Stage reached' column with applied, shortlisted, appointed or left".into(),
            }],
            total: 1,
        });
    };
    let headings = &rows[h].1;
    let stage_at = headings
        .iter()
        .position(|c| STAGE_HEADINGS.contains(&normal(c).as_str()))
        .unwrap_or(0);
    let columns: Vec<(usize, Characteristic)> = CODED
        .iter()
        .filter_map(|(field, c)| {
            let at = headings
                .iter()
                .position(|heading| field_for_heading(heading) == Some(*field))?;
            Some((at, *c))
        })
        .collect();
    let mut counts: FunnelExtract = CODED
        .iter()
        .map(|(_, c)| {
            let n = c.categories().len();
            (
                *c,
                FunnelCounts {
                    stages: vec![[0; 3]; n],
                    leavers: vec![(0, 0); n],
                },
            )
        })
        .collect();
    let mut problems = Vec::new();
    let mut total = 0;
    let mut problem = |row: usize, column: usize, message: String| {
        total += 1;
        if problems.len() < 50 {
            problems.push(Problem {
                row: Some(row),
                column: headings.get(column).cloned(),
                message,
            });
        }
    };
    for (row_no, cells) in &rows[h + 1..] {
        let cell = |i: usize| cells.get(i).map_or("", |c| c.trim());
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let Some(reached) = stage(cell(stage_at)) else {
            problem(
                *row_no,
                stage_at,
                format!(
                    "'{}' is not a stage: use applied, shortlisted, appointed or left",
                    cell(stage_at)
                ),
            );
            continue;
        };
        for (at, characteristic) in &columns {
            let Some(code) = characteristic.parse(cell(*at)) else {
                problem(
                    *row_no,
                    *at,
                    format!("'{}' is not a category we know", cell(*at)),
                );
                continue;
            };
            let Some((_, c)) = counts.iter_mut().find(|(k, _)| k == characteristic) else {
                continue;
            };
            let code = usize::from(code);
            match reached {
                // Reaching a stage means passing every stage before it.
                Stage::Reached(s) => {
                    for step in 0..=s {
                        c.stages[code][step] += 1;
                    }
                }
                Stage::Left => c.leavers[code].0 += 1,
            }
        }
    }
    if total > 0 {
        return Err(ExtractError { problems, total });
    }
    if let Some(w) = staff {
        for (characteristic, c) in &mut counts {
            for &code in w.codes(*characteristic) {
                if let Some(l) = c.leavers.get_mut(usize::from(code)) {
                    l.1 += 1;
                }
            }
        }
    }
    counts.retain(|(c, _)| columns.iter().any(|(_, k)| k == c));
    Ok(counts)
}
