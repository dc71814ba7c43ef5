//! Reading the rows of an extract: each cell checked, coded and pseudonymised.

use super::*;

/// Values seen before in a column, and what they meant: HR columns hold a few dozen distinct
/// values across a million rows, so each is parsed once.
struct Memo<T: Copy> {
    seen: ByteMap<T>,
}

impl<T: Copy> Memo<T> {
    fn new() -> Self {
        Memo {
            seen: ByteMap::new(),
        }
    }

    fn get(&mut self, raw: &[u8], parse: impl FnOnce(&str) -> T) -> T {
        if let Some(v) = self.seen.get(raw) {
            return v;
        }
        let v = parse(&String::from_utf8_lossy(raw));
        if self.seen.len() < 512 {
            self.seen.insert(raw, v);
        }
        v
    }
}

/// An unrecognised value and where it was.
struct Unknown {
    column: usize,
    value: String,
    rows: Vec<usize>,
    count: usize,
}

pub(super) struct Reader<'o> {
    options: &'o ExtractOptions,
    /// Column index of each field (by `HrField as usize`), if present.
    at: [Option<usize>; 19],
    headings: Vec<String>,
    workforce: Workforce,
    /// Each person's pseudonym, made as the row is read: raw references are never kept.
    pseudonyms: Vec<u128>,
    /// Pseudonyms in order, to find repeated references: one sorted run per part of the file.
    sorted: Vec<Vec<u128>>,
    rows: Vec<usize>,
    problems: Vec<Problem>,
    total_problems: usize,
    unknowns: Vec<Unknown>,
    codes: [Memo<Option<u8>>; 5],
    period_days: Memo<Option<u16>>,
    flags: Memo<Option<bool>>,
    directorates: Interner,
    grades: Interner,
    under_16: usize,
    /// Records read in this part of the file, blank ones included.
    pub(super) records_read: usize,
}

/// The columns read as census categories, and which characteristic each is.
pub(crate) const CODED: [(HrField, Characteristic); 5] = [
    (HrField::Sex, Characteristic::Sex),
    (HrField::Ethnicity, Characteristic::Ethnicity),
    (HrField::Disability, Characteristic::Disability),
    (HrField::Religion, Characteristic::Religion),
    (
        HrField::SexualOrientation,
        Characteristic::SexualOrientation,
    ),
];

impl<'o> Reader<'o> {
    pub(super) fn new(
        header: &[String],
        options: &'o ExtractOptions,
    ) -> Result<Self, ExtractError> {
        let mut at = HashMap::new();
        for (i, h) in header.iter().enumerate() {
            if let Some(f) = field_for_heading(h) {
                at.entry(f).or_insert(i);
            }
        }
        let mut problems = Vec::new();
        for (field, column) in &options.columns {
            let index = match column {
                ColumnRef::Index(i) if *i < header.len() => Some(*i),
                ColumnRef::Index(_) => None,
                ColumnRef::Heading(h) => {
                    let wanted = normalise_heading(h);
                    header.iter().position(|c| normalise_heading(c) == wanted)
                }
            };
            match index {
                Some(i) => {
                    at.retain(|_, v| *v != i);
                    at.insert(*field, i);
                }
                None => problems.push(Problem {
                    row: None,
                    column: None,
                    message: format!(
                        "You said the {} is in column {}, but the header row has no such column. Its headings are: {}",
                        field.key(),
                        match column {
                            ColumnRef::Index(i) => sheet::column_letter(*i),
                            ColumnRef::Heading(h) => format!("'{h}'"),
                        },
                        header.join(", ")
                    ),
                }),
            }
        }
        // A bonus column left unread would count everyone as paid no bonus.
        if !at.contains_key(&HrField::Bonus) && !at.contains_key(&HrField::PeriodBonus) {
            for (i, h) in header.iter().enumerate() {
                if !at.values().any(|v| *v == i) && looks_like_bonus(h) {
                    problems.push(Problem {
                        row: None,
                        column: Some(h.clone()),
                        message: format!(
                            "This looks like bonus pay but could not be read as bonus pay in the 12 months or in the pay period. Say which it is with --column bonus={} or --column period-bonus={}",
                            sheet::column_letter(i),
                            sheet::column_letter(i)
                        ),
                    });
                }
            }
        }
        let mut missing = Vec::new();
        for f in [HrField::Reference, HrField::Sex, HrField::OrdinaryPay] {
            if !at.contains_key(&f) {
                missing.push(f);
            }
        }
        if !at.contains_key(&HrField::WeeklyHours) && !at.contains_key(&HrField::PeriodHours) {
            missing.push(HrField::WeeklyHours);
        }
        if at.contains_key(&HrField::WeeklyHours) && !at.contains_key(&HrField::PeriodDays) {
            missing.push(HrField::PeriodDays);
        }
        for f in missing {
            problems.push(Problem {
                row: None,
                column: None,
                message: format!(
                    "No column holds the {} (a heading such as '{}'). Add it, or say which column holds it with --column {}=C",
                    f.headings()[0],
                    f.headings()[0],
                    f.key()
                ),
            });
        }
        if !problems.is_empty() {
            let total = problems.len();
            return Err(ExtractError { problems, total });
        }
        let mut columns = [None; 19];
        for (f, i) in at {
            columns[f as usize] = Some(i);
        }
        Ok(Reader {
            options,
            at: columns,
            headings: header.to_vec(),
            workforce: Workforce::default(),
            pseudonyms: Vec::new(),
            sorted: Vec::new(),
            rows: Vec::new(),
            problems: Vec::new(),
            total_problems: 0,
            unknowns: Vec::new(),
            codes: std::array::from_fn(|_| Memo::new()),
            period_days: Memo::new(),
            flags: Memo::new(),
            directorates: Interner::new(),
            grades: Interner::new(),
            under_16: 0,
            records_read: 0,
        })
    }

    fn problem(&mut self, row: usize, column: usize, message: String) {
        self.total_problems += 1;
        if self.problems.len() < MAX_LISTED {
            self.problems.push(Problem {
                row: Some(row),
                column: self.headings.get(column).cloned(),
                message,
            });
        }
    }

    pub(super) fn row<'a>(&mut self, row_no: usize, cell: impl Fn(usize) -> &'a [u8]) {
        let at = self.at;
        let get = |f: HrField| at[f as usize].map(|i| (i, cell(i).trim_ascii()));
        if at
            .iter()
            .flatten()
            .all(|&i| cell(i).trim_ascii().is_empty())
        {
            return;
        }
        let problems_before = self.total_problems;

        let Some((ref_col, reference)) = get(HrField::Reference) else {
            return;
        };
        if reference.is_empty() {
            self.problem(row_no, ref_col, "The employee reference is empty".into());
        }

        let mut codes = [0u8; 6];
        for (k, (field, characteristic)) in CODED.iter().enumerate() {
            let code = match get(*field) {
                None => Some(characteristic.not_known()),
                Some((col, raw)) => {
                    let code = self.codes[k].get(raw, |s| characteristic.parse(s));
                    if code.is_none() {
                        self.unknown(col, raw, row_no);
                    }
                    code
                }
            };
            codes[*characteristic as usize] = code.unwrap_or(0);
        }
        codes[Characteristic::Age as usize] = self.age_band(row_no, &get);
        // Someone who starts after the snapshot date was not employed on it.
        if let Some((col, raw)) = get(HrField::StartDate).filter(|c| !c.1.is_empty()) {
            match date_cell(raw) {
                None => self.problem(row_no, col, not_date(raw)),
                Some(d) if d > self.options.snapshot_date => self.problem(
                    row_no,
                    col,
                    format!(
                        "This person starts after the snapshot date ({}), so was not employed on it",
                        self.options.snapshot_date
                    ),
                ),
                Some(_) => {}
            }
        }

        let name = |this: &mut Self, field: HrField, what: &str| -> u16 {
            let (col, raw) = get(field).unwrap_or((0, b""));
            let (map, names) = if field == HrField::Directorate {
                (&mut this.directorates, &mut this.workforce.directorates)
            } else {
                (&mut this.grades, &mut this.workforce.grades)
            };
            intern(map, names, raw).unwrap_or_else(|| {
                this.problem(
                    row_no,
                    col,
                    format!(
                        "More than {MAX_NAMES} different {what}: check this column holds the {what}"
                    ),
                );
                0
            })
        };
        let directorate = name(self, HrField::Directorate, "directorates");
        let grade = name(self, HrField::Grade, "grades");

        let flag = |this: &mut Self, field: HrField| -> Option<bool> {
            let (col, raw) = get(field)?;
            if raw.is_empty() {
                return None;
            }
            let value = this.flags.get(raw, parse_flag);
            if value.is_none() {
                this.problem(
                    row_no,
                    col,
                    format!("'{}' is not yes or no", String::from_utf8_lossy(raw)),
                );
            }
            value
        };
        let on_leave = flag(self, HrField::OnLeave);
        let fpre_flag = flag(self, HrField::FullPayRelevant);

        let bonus = match get(HrField::Bonus) {
            Some((col, raw)) if !raw.is_empty() => match parse_decimal(raw, 2) {
                Some(v) if v >= 0 => v,
                Some(_) => {
                    self.problem(row_no, col, "Bonus pay cannot be less than zero".into());
                    0
                }
                None => {
                    self.problem(row_no, col, not_money(raw));
                    0
                }
            },
            _ => 0,
        };

        let pay = self.money(row_no, get(HrField::OrdinaryPay));
        let period_bonus = self.money(row_no, get(HrField::PeriodBonus)).unwrap_or(0);
        // A full-pay relevant flag, where given, is the payroll's own judgement. Otherwise the
        // on-leave column answers both of para 1's questions at once: on leave, and paid at a
        // reduced rate or nil for it.
        let reduced_pay_leave = on_leave.unwrap_or(false);
        let full_pay_relevant = fpre_flag.unwrap_or_else(|| {
            dueregard_stats::paygap::is_full_pay_relevant(reduced_pay_leave, reduced_pay_leave)
        });
        let rate = if full_pay_relevant {
            self.rate(row_no, pay, period_bonus, &get)
        } else {
            None
        };

        if self.total_problems > problems_before {
            return;
        }
        self.pseudonyms
            .push(self.options.pseudonymiser.pseudonym(reference));
        self.rows.push(row_no);
        let w = &mut self.workforce;
        for (c, code) in codes.iter().enumerate() {
            w.characteristics[c].push(*code);
        }
        w.directorate.push(directorate);
        w.grade.push(grade);
        w.rate.push(rate);
        w.bonus_pence.push(bonus);
    }

    fn unknown(&mut self, column: usize, raw: &[u8], row: usize) {
        self.total_problems += 1;
        if let Some(u) = self
            .unknowns
            .iter_mut()
            .find(|u| u.column == column && u.value.as_bytes() == raw)
        {
            u.count += 1;
            if u.rows.len() < 5 {
                u.rows.push(row);
            }
            return;
        }
        self.unknowns.push(Unknown {
            column,
            value: String::from_utf8_lossy(raw).into_owned(),
            rows: vec![row],
            count: 1,
        });
    }

    fn money(&mut self, row: usize, cell: Option<(usize, &[u8])>) -> Option<i64> {
        let (col, raw) = cell?;
        if raw.is_empty() {
            return None;
        }
        let value = parse_decimal(raw, 2);
        if value.is_none() {
            self.problem(row, col, not_money(raw));
        }
        value
    }

    fn rate<'a>(
        &mut self,
        row: usize,
        pay: Option<i64>,
        period_bonus: i64,
        get: &impl Fn(HrField) -> Option<(usize, &'a [u8])>,
    ) -> Option<HourlyRate> {
        let pay_col = self.at[HrField::OrdinaryPay as usize].unwrap_or(0);
        let Some(pay) = pay else {
            self.problem(
                row,
                pay_col,
                "Ordinary pay is empty, for someone on full pay".into(),
            );
            return None;
        };
        let total = pay.saturating_add(period_bonus);
        let result = match (get(HrField::WeeklyHours), get(HrField::PeriodHours)) {
            (Some((col, raw)), _) if !raw.is_empty() => {
                let Some(hours) = parse_decimal(raw, 2) else {
                    self.problem(row, col, not_hours(raw));
                    return None;
                };
                let days_col = self.at[HrField::PeriodDays as usize];
                let days_raw = get(HrField::PeriodDays).map_or(&b""[..], |c| c.1);
                let snapshot = self.options.snapshot_date;
                let days = self
                    .period_days
                    .get(days_raw, |s| parse_period_days(s, snapshot));
                let Some(days) = days else {
                    self.problem(
                        row,
                        days_col.unwrap_or(col),
                        format!(
                            "'{}' is not a pay period: give its length in days (7, 14, 28, 30, 31) or weekly, fortnightly, four-weekly or monthly",
                            String::from_utf8_lossy(days_raw)
                        ),
                    );
                    return None;
                };
                (col, HourlyRate::from_weekly_hours(total, days, hours))
            }
            (_, Some((col, raw))) if !raw.is_empty() => match parse_decimal(raw, 2) {
                Some(hours) => (col, HourlyRate::from_period_hours(total, hours)),
                None => {
                    self.problem(row, col, not_hours(raw));
                    return None;
                }
            },
            (weekly, period) => {
                let col = weekly.or(period).map_or(0, |c| c.0);
                self.problem(row, col, "Hours are empty, for someone on full pay".into());
                return None;
            }
        };
        match result {
            (_, Ok(rate)) => Some(rate),
            (col, Err(e)) => {
                let (col, message) = match e {
                    RateError::NoPay => (
                        pay_col,
                        "Ordinary pay must be more than zero for someone on full pay. If they are on unpaid leave, say so in the on leave column",
                    ),
                    RateError::NoHours => (col, "Hours must be more than zero"),
                    RateError::PeriodLength => {
                        (col, "The pay period must be between 1 and 366 days")
                    }
                    RateError::TooLarge => (pay_col, "Pay or hours are too large to be real"),
                };
                self.problem(row, col, message.into());
                None
            }
        }
    }

    fn age_band<'a>(
        &mut self,
        row: usize,
        get: &impl Fn(HrField) -> Option<(usize, &'a [u8])>,
    ) -> u8 {
        let not_known = Characteristic::Age.not_known();
        let years = if let Some((col, raw)) = get(HrField::DateOfBirth).filter(|c| !c.1.is_empty())
        {
            match date_cell(raw) {
                Some(born) => age_on(born, self.options.snapshot_date),
                None => {
                    self.problem(row, col, not_date(raw));
                    return not_known;
                }
            }
        } else if let Some((col, raw)) = get(HrField::Age).filter(|c| !c.1.is_empty()) {
            match std::str::from_utf8(raw)
                .ok()
                .and_then(|s| s.parse::<i32>().ok())
            {
                Some(a) if (0..=120).contains(&a) => a,
                _ => {
                    self.problem(
                        row,
                        col,
                        format!("'{}' is not an age in years", String::from_utf8_lossy(raw)),
                    );
                    return not_known;
                }
            }
        } else {
            return not_known;
        };
        match classify::age_band(years) {
            Some(b) => b,
            None => {
                self.under_16 += 1;
                not_known
            }
        }
    }

    /// Room for about `people` more, so the columns are not copied as they grow.
    pub(super) fn reserve(&mut self, people: usize) {
        let w = &mut self.workforce;
        for c in &mut w.characteristics {
            c.reserve(people);
        }
        w.directorate.reserve(people);
        w.grade.reserve(people);
        w.rate.reserve(people);
        w.bonus_pence.reserve(people);
        self.pseudonyms.reserve(people);
        self.rows.reserve(people);
    }

    /// Adds the second half of a file read in two: its people follow ours, its directorates and
    /// grades are matched to ours by name, and its row numbers continue from ours.
    pub(super) fn absorb(&mut self, other: Reader) {
        let offset = self.records_read;
        let mut overflow = false;
        let mut remap = |mine: &mut Interner, names: &mut Vec<String>, theirs: &Interner| {
            let mut to = vec![0u16; theirs.len()];
            for (raw, i) in theirs.iter() {
                to[usize::from(i)] = intern(mine, names, raw).unwrap_or_else(|| {
                    overflow = true;
                    0
                });
            }
            to
        };
        let directorates = remap(
            &mut self.directorates,
            &mut self.workforce.directorates,
            &other.directorates,
        );
        let grades = remap(&mut self.grades, &mut self.workforce.grades, &other.grades);
        if overflow {
            self.total_problems += 1;
            self.problems.push(Problem {
                row: None,
                column: None,
                message: format!(
                    "More than {MAX_NAMES} different directorates or grades: check those columns"
                ),
            });
        }
        let (w, theirs) = (&mut self.workforce, other.workforce);
        for (mine, their) in w.characteristics.iter_mut().zip(theirs.characteristics) {
            mine.extend(their);
        }
        w.directorate.extend(
            theirs
                .directorate
                .iter()
                .map(|&d| directorates[usize::from(d)]),
        );
        w.grade
            .extend(theirs.grade.iter().map(|&g| grades[usize::from(g)]));
        w.rate.extend(theirs.rate);
        w.bonus_pence.extend(theirs.bonus_pence);
        self.pseudonyms.extend_from_slice(&other.pseudonyms);
        self.sorted.extend(other.sorted);
        self.rows.extend(other.rows.iter().map(|r| r + offset));
        self.total_problems += other.total_problems;
        for mut p in other.problems {
            if self.problems.len() < MAX_LISTED {
                p.row = p.row.map(|r| r + offset);
                self.problems.push(p);
            }
        }
        for u in other.unknowns {
            let rows = u.rows.iter().map(|r| r + offset);
            match self
                .unknowns
                .iter_mut()
                .find(|m| m.column == u.column && m.value == u.value)
            {
                Some(m) => {
                    m.count += u.count;
                    m.rows.extend(rows);
                    m.rows.truncate(5);
                }
                None => self.unknowns.push(Unknown {
                    rows: rows.collect(),
                    ..u
                }),
            }
        }
        self.under_16 += other.under_16;
        self.records_read += other.records_read;
    }

    /// Row numbers so far count from the first row after the header: make them the rows a
    /// spreadsheet shows.
    pub(super) fn row_offset(&mut self, header_row: usize) {
        for r in &mut self.rows {
            *r += header_row;
        }
        for p in &mut self.problems {
            p.row = p.row.map(|r| r + header_row);
        }
        for u in &mut self.unknowns {
            for r in &mut u.rows {
                *r += header_row;
            }
        }
    }

    pub(super) fn finish(mut self) -> Result<Extract, ExtractError> {
        // Start dates are checked last so that an extract's worst problems come first.
        let mut unknowns = std::mem::take(&mut self.unknowns);
        unknowns.sort_by_key(|u| std::cmp::Reverse(u.count));
        let mut problems: Vec<Problem> = unknowns
            .iter()
            .map(|u| Problem {
                row: None,
                column: self.headings.get(u.column).cloned(),
                message: format!(
                    "'{}' is not a category we know, on {} row{} ({}{}). Change it to a Census 2021 category, \"Prefer not to say\" or leave it empty for not known",
                    u.value,
                    u.count,
                    if u.count == 1 { "" } else { "s" },
                    if u.count == 1 { "row " } else { "rows " },
                    u.rows.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
                        + if u.count > u.rows.len() { ", …" } else { "" }
                ),
            })
            .collect();
        problems.append(&mut self.problems);

        if self.sorted.iter().map(Vec::len).sum::<usize>() != self.pseudonyms.len() {
            self.sort_pseudonyms();
        }
        let pseudonyms = std::mem::take(&mut self.pseudonyms);
        let (duplicates, repeated) = repeats(&self.sorted);
        if !repeated.is_empty() {
            // Where each repeated reference is (a few of them: listing is capped anyway).
            let listed: Vec<u128> = repeated.into_iter().take(MAX_LISTED).collect();
            let mut at: HashMap<u128, Vec<usize>> = HashMap::new();
            for (i, p) in pseudonyms.iter().enumerate() {
                if listed.contains(p) {
                    at.entry(*p).or_default().push(self.rows[i]);
                }
            }
            for p in &listed {
                let rows = at.get(p).map_or(&[][..], Vec::as_slice);
                for pair in rows.windows(2) {
                    if problems.len() < MAX_LISTED {
                        problems.push(Problem {
                            row: Some(pair[1]),
                            column: self.at[HrField::Reference as usize]
                                .and_then(|c| self.headings.get(c).cloned()),
                            message: format!(
                                "Rows {} and {} have the same employee reference. Each person must appear once",
                                pair[0], pair[1]
                            ),
                        });
                    }
                }
            }
        }
        let total = self.total_problems + duplicates;
        if total > 0 {
            problems.truncate(MAX_LISTED);
            return Err(ExtractError { problems, total });
        }
        if pseudonyms.is_empty() {
            return Err(ExtractError::one(
                "The extract has a header row but nobody in it",
            ));
        }
        let mut notes = Vec::new();
        if self.under_16 > 0 {
            notes.push(format!(
                "{} people are under 16 on the snapshot date; their age is counted as not known",
                self.under_16
            ));
        }
        let not_fpre = self.workforce.rate.iter().filter(|r| r.is_none()).count();
        if not_fpre > 0 {
            notes.push(format!(
                "{not_fpre} relevant employees are not full-pay relevant (on leave with reduced or no pay): they count for bonus measures only"
            ));
        }
        let columns: Vec<(HrField, String)> = HrField::ALL
            .iter()
            .filter_map(|&f| Some((f, self.headings[self.at[f as usize]?].clone())))
            .collect();
        let unused: Vec<String> = self
            .headings
            .iter()
            .enumerate()
            .filter(|(i, h)| !h.trim().is_empty() && !self.at.contains(&Some(*i)))
            .map(|(_, h)| h.clone())
            .collect();
        // Rank by pay once; pseudonyms follow the same order.
        let mut workforce = self.workforce;
        let order = workforce.rank_by_pay();
        Ok(Extract {
            workforce,
            pseudonyms: order.iter().map(|&i| pseudonyms[i as usize]).collect(),
            columns,
            unused,
            notes,
        })
    }

    /// Sorts this part's pseudonyms so that repeated references sit side by side. Each part of
    /// a large file does this on its own thread; `finish` looks along the runs together.
    pub(super) fn sort_pseudonyms(&mut self) {
        self.sorted = vec![sort_uniform(&self.pseudonyms)];
    }
}

/// Sorts keys that are spread evenly (as hashes are) by their leading bits into buckets, then
/// each small bucket on its own: two passes over the keys instead of a comparison sort.
fn sort_uniform(keys: &[u128]) -> Vec<u128> {
    let bits = (usize::BITS - keys.len().leading_zeros()).clamp(4, 19) - 3;
    let bucket = |k: u128| (k >> (128 - bits)) as usize;
    let mut starts = vec![0usize; (1 << bits) + 1];
    for &k in keys {
        starts[bucket(k) + 1] += 1;
    }
    for i in 1..starts.len() {
        starts[i] += starts[i - 1];
    }
    let mut next = starts.clone();
    let mut sorted = vec![0u128; keys.len()];
    for &k in keys {
        let b = bucket(k);
        sorted[next[b]] = k;
        next[b] += 1;
    }
    for pair in starts.windows(2) {
        sorted[pair[0]..pair[1]].sort_unstable();
    }
    sorted
}

/// How many keys repeat one before them, across sorted runs taken together, and which keys
/// repeat (each once, in order).
fn repeats(runs: &[Vec<u128>]) -> (usize, Vec<u128>) {
    let mut heads: Vec<usize> = vec![0; runs.len()];
    let (mut count, mut repeated, mut previous) = (0, Vec::new(), None);
    loop {
        // The smallest key at the head of any run.
        let next = (0..runs.len())
            .filter_map(|r| runs[r].get(heads[r]).map(|k| (*k, r)))
            .min();
        let Some((key, run)) = next else {
            return (count, repeated);
        };
        heads[run] += 1;
        if previous == Some(key) {
            count += 1;
            if repeated.last() != Some(&key) {
                repeated.push(key);
            }
        }
        previous = Some(key);
    }
}

/// The most different directorates or grades an extract may have.
const MAX_NAMES: usize = 10_000;

/// Directorate or grade names, each given a number.
type Interner = ByteMap<u16>;

/// The number of a name, adding it if new; `None` past [`MAX_NAMES`].
fn intern(map: &mut Interner, names: &mut Vec<String>, raw: &[u8]) -> Option<u16> {
    if let Some(i) = map.get(raw) {
        return Some(i);
    }
    if names.len() >= MAX_NAMES {
        return None;
    }
    let i = names.len() as u16;
    let name = String::from_utf8_lossy(raw).trim().to_string();
    names.push(if name.is_empty() {
        "Not recorded".into()
    } else {
        name
    });
    map.insert(raw, i);
    Some(i)
}

fn not_money(raw: &[u8]) -> String {
    format!(
        "'{}' is not an amount of money, like 2500.00",
        String::from_utf8_lossy(raw)
    )
}

fn not_hours(raw: &[u8]) -> String {
    format!(
        "'{}' is not a number of hours",
        String::from_utf8_lossy(raw)
    )
}

fn not_date(raw: &[u8]) -> String {
    format!(
        "'{}' is not a date, like 2026-03-31 or 31/03/2026",
        String::from_utf8_lossy(raw)
    )
}

fn parse_flag(s: &str) -> Option<bool> {
    match s.trim().to_ascii_lowercase().as_str() {
        "y" | "yes" | "true" | "1" => Some(true),
        "n" | "no" | "false" | "0" => Some(false),
        _ => None,
    }
}

/// A decimal number such as "£2,500.50" or "37.5", as a whole number of hundredths (with
/// `places` = 2). More decimal places are rounded, half away from zero.
pub fn parse_decimal(raw: &[u8], places: u32) -> Option<i64> {
    plain_decimal(raw, places).or_else(|| written_decimal(raw, places))
}

/// The common case, digits with at most `places` decimal places ("2194.40", "37"), read in one
/// pass; anything else is left to [`written_decimal`].
fn plain_decimal(raw: &[u8], places: u32) -> Option<i64> {
    if raw.is_empty() || raw.len() > 15 {
        return None;
    }
    let (mut value, mut fraction_digits, mut point) = (0i64, 0u32, false);
    for &b in raw {
        match b {
            b'0'..=b'9' => {
                value = value * 10 + i64::from(b - b'0');
                fraction_digits += u32::from(point);
            }
            b'.' if !point => point = true,
            _ => return None,
        }
    }
    if fraction_digits > places || raw.len() == usize::from(point) {
        return None;
    }
    Some(value * 10i64.pow(places - fraction_digits))
}

/// Numbers as people write them: "£2,500.50", "-10", " 37.125 ".
fn written_decimal(raw: &[u8], places: u32) -> Option<i64> {
    let mut negative = false;
    let mut whole: i64 = 0;
    let mut fraction: i64 = 0;
    let mut fraction_digits = 0u32;
    let mut round_up = false;
    let mut seen_digit = false;
    let mut in_fraction = false;
    let mut start = true;
    for &b in raw.trim_ascii() {
        match b {
            b'-' if start => negative = true,
            b'0'..=b'9' => {
                seen_digit = true;
                let d = i64::from(b - b'0');
                if !in_fraction {
                    whole = whole.checked_mul(10)?.checked_add(d)?;
                } else if fraction_digits < places {
                    fraction = fraction * 10 + d;
                    fraction_digits += 1;
                } else if fraction_digits == places {
                    round_up = d >= 5;
                    fraction_digits += 1;
                }
            }
            b'.' if !in_fraction => in_fraction = true,
            b',' if !in_fraction => {}
            b' ' => {}
            _ if start && raw.trim_ascii().starts_with("£".as_bytes()) => {}
            _ => return None,
        }
        if b.is_ascii_digit() || b == b'.' {
            start = false;
        }
    }
    if !seen_digit {
        return None;
    }
    let scale = 10i64.pow(places);
    let fraction = fraction * 10i64.pow(places - fraction_digits.min(places));
    let value = whole.checked_mul(scale)?.checked_add(fraction)? + i64::from(round_up);
    Some(if negative { -value } else { value })
}

/// "31", "monthly", "weekly"… as a number of days, given the snapshot date for months.
fn parse_period_days(s: &str, snapshot: Date) -> Option<u16> {
    let t = s.trim().to_ascii_lowercase();
    if let Ok(days) = t.parse::<u16>() {
        return (1..=366).contains(&days).then_some(days);
    }
    match t.replace(['-', ' '], "").as_str() {
        "weekly" | "week" => Some(7),
        "fortnightly" | "twoweekly" | "2weekly" => Some(14),
        "fourweekly" | "4weekly" | "lunarmonthly" => Some(28),
        "monthly" | "calendarmonthly" | "month" => Some(snapshot.days_in_month() as u16),
        _ => None,
    }
}

/// "2026-03-31", "31/03/2026", "31 March 2026" (as spreadsheet date cells are written out), or an
/// ISO date and time.
pub fn parse_date(s: &str) -> Option<Date> {
    date_cell(s.as_bytes())
}

/// A date cell as it comes from the file.
fn date_cell(raw: &[u8]) -> Option<Date> {
    let raw = raw.trim_ascii();
    // The common case, YYYY-MM-DD, read without splitting.
    if let [y1, y2, y3, y4, b'-', m1, m2, b'-', d1, d2] = raw {
        let digits = [y1, y2, y3, y4, m1, m2, d1, d2];
        if digits.iter().all(|d| d.is_ascii_digit()) {
            let n = |ds: &[&u8]| ds.iter().fold(0i32, |a, d| a * 10 + i32::from(**d - b'0'));
            let y = n(&digits[..4]);
            return (1900..=2200)
                .contains(&y)
                .then(|| Date::new(y as i16, n(&digits[4..6]) as i8, n(&digits[6..]) as i8).ok())
                .flatten();
        }
    }
    let text = String::from_utf8_lossy(raw);
    let s = text.trim();
    let s = s
        .split(['T', ' '])
        .next()
        .filter(|d| d.contains(['-', '/']))
        .unwrap_or(s);
    let numbers = |parts: Vec<&str>| -> Option<Vec<i32>> {
        parts.iter().map(|p| p.trim().parse::<i32>().ok()).collect()
    };
    let (y, m, d) = if s.contains('-') {
        let n = numbers(s.split('-').collect())?;
        (*n.first()?, *n.get(1)?, *n.get(2)?)
    } else if s.contains('/') {
        let n = numbers(s.split('/').collect())?;
        (*n.get(2)?, *n.get(1)?, *n.first()?)
    } else {
        let parts: Vec<&str> = s.split_whitespace().collect();
        let [day, month, year] = parts.as_slice() else {
            return None;
        };
        let m = i32::from(dueregard_core::target_date::month_number(
            &month.to_ascii_lowercase(),
        )?);
        (year.parse().ok()?, m, day.parse().ok()?)
    };
    if !(1900..=2200).contains(&y) {
        return None;
    }
    Date::new(y as i16, m as i8, d as i8).ok()
}

/// Age in whole years on `on`.
fn age_on(born: Date, on: Date) -> i32 {
    let mut years = i32::from(on.year()) - i32::from(born.year());
    if (on.month(), on.day()) < (born.month(), born.day()) {
        years -= 1;
    }
    years
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals() {
        assert_eq!(parse_decimal(b"2500", 2), Some(250_000));
        assert_eq!(parse_decimal("£2,500.5".as_bytes(), 2), Some(250_050));
        assert_eq!(parse_decimal(b"37.5", 2), Some(3750));
        assert_eq!(parse_decimal(b"0.125", 2), Some(13));
        assert_eq!(parse_decimal(b"-10", 2), Some(-1000));
        assert_eq!(parse_decimal(b"ten", 2), None);
        assert_eq!(parse_decimal(b"", 2), None);
        assert_eq!(parse_decimal(b"1.2.3", 2), None);
    }

    #[test]
    fn the_quick_reading_of_a_decimal_agrees_with_the_full_one() {
        // Every string of up to five characters from digits, a point and a minus sign.
        let alphabet = b"0123456789.-";
        let mut texts: Vec<Vec<u8>> = vec![Vec::new()];
        let mut last = texts.clone();
        for _ in 0..5 {
            last = last
                .iter()
                .flat_map(|t| alphabet.iter().map(move |&c| [t.as_slice(), &[c]].concat()))
                .collect();
            texts.extend(last.iter().cloned());
        }
        let mut read_quickly = 0;
        for text in &texts {
            for places in [0, 2] {
                if let Some(quick) = plain_decimal(text, places) {
                    read_quickly += 1;
                    let full = written_decimal(text, places);
                    assert_eq!(Some(quick), full, "{}", String::from_utf8_lossy(text));
                }
            }
        }
        assert!(read_quickly > 100_000, "{read_quickly}");
    }

    #[test]
    fn dates_and_periods() {
        let march = jiff::civil::date(2026, 3, 31);
        assert_eq!(
            parse_date("1980-04-01"),
            Some(jiff::civil::date(1980, 4, 1))
        );
        assert_eq!(
            parse_date("01/04/1980"),
            Some(jiff::civil::date(1980, 4, 1))
        );
        assert_eq!(
            parse_date("1 April 1980"),
            Some(jiff::civil::date(1980, 4, 1))
        );
        assert_eq!(parse_date("31/02/1980"), None);
        assert_eq!(age_on(jiff::civil::date(1980, 4, 1), march), 45);
        assert_eq!(age_on(jiff::civil::date(1980, 3, 31), march), 46);
        assert_eq!(parse_period_days("monthly", march), Some(31));
        assert_eq!(parse_period_days("Four-weekly", march), Some(28));
        assert_eq!(parse_period_days("0", march), None);
    }
}
