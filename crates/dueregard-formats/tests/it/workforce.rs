//! HR extracts: read to the rules from CSV, XLSX and ODS; refused whole, with rows and columns,
//! when anything is wrong; pseudonymised; and the shipped reference data.

use dueregard_formats::import::sheet::ColumnRef;
use dueregard_formats::workforce::extract::{
    Extract, ExtractError, ExtractOptions, HrField, MAX_WHOLE_FILE, read_extract, read_extract_file,
};
use dueregard_formats::workforce::pseudonym::Pseudonymiser;
use dueregard_formats::workforce::{reference, synth};
use dueregard_stats::classify::Characteristic;
use dueregard_stats::disclosure::{DisclosurePolicy, Preset};
use dueregard_stats::workforce::{ReportSettings, SexBasis, analyse};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn options() -> ExtractOptions {
    ExtractOptions {
        snapshot_date: jiff::civil::date(2026, 3, 31),
        columns: Vec::new(),
        pseudonymiser: Pseudonymiser::new(b"a test secret that is long enough"),
        progress: None,
    }
}

fn read(bytes: &[u8], name: &str) -> Result<Extract, ExtractError> {
    read_extract(bytes, name, &options())
}

fn refused(bytes: &[u8], name: &str) -> String {
    match read(bytes, name) {
        Ok(_) => panic!("{name} should be refused"),
        Err(e) => e.to_string(),
    }
}

/// Every figure shown, however small (no disclosure control): the vectors have six men and six
/// women.
fn open_settings() -> ReportSettings {
    ReportSettings {
        policy: DisclosurePolicy {
            min_group: 1,
            threshold: 1,
            ..Preset::Threshold10.policy()
        },
        sex_basis: SexBasis::RecordedSex,
    }
}

/// The file holds vectors B2 and B3 of the test vectors: pay written every way an HR system
/// writes it (weekly, monthly and four-weekly periods, "£" and thousands separators), with the
/// same hourly rates, so the measures must come out as the vectors say.
fn assert_is_vector_b(extract: &Extract, what: &str) {
    assert_eq!(extract.workforce.len(), 12, "{what}");
    let report = analyse(&extract.workforce, &open_settings(), None);
    let gender = &report.pay_gaps[0];
    let m = gender.measures.as_ref().expect("shown");
    assert_eq!(gender.counts, Some((6, 6)), "{what}");
    assert_eq!(m.mean_hourly, Some(25.3), "{what}");
    assert_eq!(m.median_hourly, Some(20.0), "{what}");
    assert_eq!(m.mean_bonus, Some(44.4), "{what}");
    assert_eq!(m.median_bonus, Some(36.0), "{what}");
    assert_eq!(m.comparator_paid_bonus, Some(66.7), "{what}");
    assert_eq!(m.group_paid_bonus, Some(50.0), "{what}");
    assert_eq!(
        m.quartiles,
        vec![
            (Some(33.3), Some(66.7)),
            (Some(50.0), Some(50.0)),
            (Some(33.3), Some(66.7)),
            (Some(100.0), Some(0.0)),
        ],
        "{what}: E04 (monthly), E05 (four-weekly) and E06 (weekly) tie at £11.20 exactly"
    );
    // Codes from several schemes land on census categories.
    let ethnicity = extract.workforce.codes(Characteristic::Ethnicity);
    let white_british = ethnicity.iter().filter(|&&c| c == 12).count();
    assert_eq!(
        white_british, 5,
        "{what}: A (three times), White - British and WBRI"
    );
    let not_known = Characteristic::Ethnicity.not_known();
    assert_eq!(ethnicity.iter().filter(|&&c| c == not_known).count(), 1);
    assert_eq!(
        ethnicity
            .iter()
            .filter(|&&c| Some(c) == Characteristic::Ethnicity.prefer_not_to_say())
            .count(),
        1,
        "prefer not to say is kept as its own category"
    );
    assert_eq!(extract.workforce.directorates.len(), 2);
}

#[test]
fn csv_xlsx_and_ods_give_the_official_rule_vectors() {
    assert_is_vector_b(&read(&fixture("hr-small.csv"), "hr.csv").unwrap(), "CSV");
    assert_is_vector_b(
        &read(&fixture("hr-small.ods"), "hr.ods").unwrap(),
        "ODS saved by LibreOffice",
    );
    assert_is_vector_b(
        &read(&fixture("hr-small-lo.xlsx"), "hr.xlsx").unwrap(),
        "XLSX saved by LibreOffice",
    );
}

#[test]
fn references_are_pseudonymised_with_the_secret() {
    let bytes = fixture("hr-small.csv");
    let a = read(&bytes, "hr.csv").unwrap();
    let b = read(&bytes, "hr.csv").unwrap();
    let mut other = options();
    other.pseudonymiser = Pseudonymiser::new(b"another organisation's secret");
    let c = read_extract(&bytes, "hr.csv", &other).unwrap();
    let sorted = |e: &Extract| {
        let mut p = e.pseudonyms.clone();
        p.sort();
        p
    };
    assert_eq!(
        sorted(&a),
        sorted(&b),
        "the same secret links the same people"
    );
    assert_ne!(sorted(&a), sorted(&c));
    let expected = Pseudonymiser::new(b"a test secret that is long enough").pseudonym(b"E01");
    assert!(a.pseudonyms.contains(&expected));
}

#[test]
fn columns_are_found_by_heading_or_as_told() {
    let text = String::from_utf8(fixture("hr-small.csv")).unwrap();
    // "Staff No" means the reference, as "Employee reference" does.
    let staff_no = text.replacen("Employee reference", "Staff No", 1);
    assert!(read(staff_no.as_bytes(), "hr.csv").is_ok());
    let renamed = text.replacen("Employee reference", "Person key", 1);
    let message = refused(renamed.as_bytes(), "hr.csv");
    assert!(message.contains("employee reference"), "{message}");
    assert!(message.contains("--column reference=C"), "{message}");
    let mut told = options();
    told.columns = vec![(HrField::Reference, ColumnRef::Heading("person key".into()))];
    let extract = read_extract(renamed.as_bytes(), "hr.csv", &told).unwrap();
    assert_eq!(extract.workforce.len(), 12);
    assert!(
        extract
            .columns
            .contains(&(HrField::Reference, "Person key".to_string()))
    );
    let mut letter = options();
    letter.columns = vec![(HrField::Reference, ColumnRef::Index(0))];
    assert!(read_extract(renamed.as_bytes(), "hr.csv", &letter).is_ok());
    let mut missing = options();
    missing.columns = vec![(HrField::Grade, ColumnRef::Heading("Pay scale".into()))];
    let message = read_extract(&fixture("hr-small.csv"), "hr.csv", &missing)
        .err()
        .unwrap()
        .to_string();
    assert!(message.contains("'Pay scale'"), "{message}");
}

/// The fixture with one cell changed: `row` counts data rows from 1, `column` is the heading.
fn with_cell(row: usize, column: &str, value: &str) -> Vec<u8> {
    let text = String::from_utf8(fixture("hr-small.csv")).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let headings: Vec<&str> = lines[0].split(',').collect();
    let c = headings.iter().position(|h| *h == column).unwrap();
    let mut cells = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(lines[row].as_bytes())
        .records()
        .next()
        .unwrap()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect::<Vec<_>>();
    cells[c] = value.to_string();
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    w.write_record(&cells).unwrap();
    lines[row] = String::from_utf8(w.into_inner().unwrap())
        .unwrap()
        .trim_end()
        .to_string();
    (lines.join("\n") + "\n").into_bytes()
}

#[test]
fn bad_values_are_refused_with_their_row_and_column() {
    let cases = [
        (
            with_cell(3, "Ordinary pay in pay period", "-100"),
            "Row 4, column 'Ordinary pay in pay period': Ordinary pay must be more than zero",
        ),
        (
            with_cell(1, "Contracted weekly hours", "0"),
            "Row 2, column 'Contracted weekly hours': Hours must be more than zero",
        ),
        (
            with_cell(2, "Ordinary pay in pay period", "a lot"),
            "Row 3, column 'Ordinary pay in pay period': 'a lot' is not an amount of money",
        ),
        (
            with_cell(5, "Bonus pay in 12 months", "-5"),
            "Row 6, column 'Bonus pay in 12 months': Bonus pay cannot be less than zero",
        ),
        (
            with_cell(4, "Pay period days", "quarterly"),
            "Row 5, column 'Pay period days': 'quarterly' is not a pay period",
        ),
        (
            with_cell(7, "Date of birth", "31/02/1980"),
            "Row 8, column 'Date of birth': '31/02/1980' is not a date",
        ),
        (
            with_cell(12, "Employee reference", "E01"),
            "Rows 2 and 13 have the same employee reference",
        ),
        (
            with_cell(3, "On leave with reduced pay", "sometimes"),
            "Row 4, column 'On leave with reduced pay': 'sometimes' is not yes or no",
        ),
    ];
    for (bytes, expected) in cases {
        let message = refused(&bytes, "hr.csv");
        assert!(
            message.contains(expected),
            "expected «{expected}» in:\n{message}"
        );
        assert!(message.contains("Nothing was stored"), "{message}");
    }
    // Someone on unpaid leave may have no pay: they are relevant, not full-pay relevant.
    assert!(read(&with_cell(12, "Ordinary pay in pay period", ""), "hr.csv").is_ok());
}

#[test]
fn unknown_codes_are_counted_with_their_rows() {
    let text = String::from_utf8(fixture("hr-small.csv")).unwrap();
    let odd = text
        .replace(",A,N,Christian", ",Martian,N,Christian")
        .replace("M,Prefer not to say,Prefer", "M,Martian,Prefer");
    let message = refused(odd.as_bytes(), "hr.csv");
    assert!(
        message.contains(
            "Column 'Ethnic group': 'Martian' is not a category we know, on 3 rows (rows 2, 6, 12)"
        ),
        "{message}"
    );
}

#[test]
fn missing_columns_are_all_named() {
    let message = refused(
        b"Employee reference,Sex,Ethnic group,Directorate\nE1,F,A,Place\n",
        "hr.csv",
    );
    assert!(message.contains("ordinary pay"), "{message}");
    assert!(message.contains("contracted weekly hours"), "{message}");
}

#[test]
fn files_that_are_not_tables_are_refused() {
    assert!(refused(b"%PDF-1.7 something", "hr.pdf").contains("PDF"));
    let junk = refused(
        b"Dear colleague,\nplease find the figures attached.\n",
        "hr.csv",
    );
    assert!(junk.contains("not an HR extract"), "{junk}");
    assert!(junk.contains("Dear colleague"), "{junk}");
    assert!(refused(b"", "hr.csv").contains("empty"));
    let docx = refused(&fixture("dudley-plan-lo.docx"), "hr.docx");
    assert!(docx.contains("not a table"), "{docx}");
    let header_only = refused(
        b"Employee reference,Sex,Ordinary pay,Weekly hours,Pay period days\n",
        "hr.csv",
    );
    assert!(header_only.contains("nobody in it"), "{header_only}");
}

#[test]
fn mixed_encodings_are_refused_and_windows_1252_is_read() {
    let text = String::from_utf8(fixture("hr-small.csv")).unwrap();
    // One directorate written in UTF-8 ("Café services"), another in Windows-1252.
    let mut bytes = text.replacen("Resources", "Café services", 1).into_bytes();
    let place = bytes.windows(5).rposition(|w| w == b"Place").unwrap();
    bytes.splice(place..place + 5, b"Caf\xe9 area".iter().copied());
    let message = refused(&bytes, "hr.csv");
    assert!(
        message.contains("mixes text encodings: row 2 is UTF-8 but row 12"),
        "{message}"
    );
    let cp1252: Vec<u8> = text
        .replacen("Resources", "Caf\u{e9}", 1)
        .chars()
        .map(|c| if c == 'é' { 0xe9 } else { c as u8 })
        .collect();
    let extract = read(&cp1252, "hr.csv").unwrap();
    assert!(extract.workforce.directorates.contains(&"Café".to_string()));
}

#[test]
fn a_large_file_read_in_two_halves_keeps_its_row_numbers() {
    let mut bytes = Vec::new();
    let day = jiff::civil::date(2026, 3, 31);
    synth::write_extract(&mut bytes, 40_000, 3, day, |_| {}).unwrap();
    assert!(
        bytes.len() > 4 * 1024 * 1024,
        "big enough to be read in two halves"
    );
    let whole = read(&bytes, "big.csv").unwrap();
    assert_eq!(whole.workforce.len(), 40_000);
    assert_eq!(whole.pseudonyms.len(), 40_000);
    // A problem late in the second half is reported at its own row.
    let text = String::from_utf8(bytes).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    let bad = lines[39_990]
        .replacen(",F,", ",Q,", 1)
        .replacen(",M,", ",Q,", 1);
    lines[39_990] = &bad;
    let message = refused(lines.join("\n").as_bytes(), "big.csv");
    assert!(
        message.contains("'Q' is not a category we know, on 1 row (row 39991)"),
        "{message}"
    );
    // A reference in the first half repeated in the second (each half sorts its own).
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let reference = |line: &str| line.split(',').next().unwrap().to_string();
    let (early, late) = (reference(&lines[5]), reference(&lines[39_995]));
    lines[39_995] = lines[39_995].replacen(&late, &early, 1);
    let message = refused(lines.join("\n").as_bytes(), "big.csv");
    assert!(
        message.contains("1 problem found")
            && message.contains("Rows 6 and 39996 have the same employee reference"),
        "{message}"
    );
    // The same report as the extract read from the people in another order.
    let report = analyse(&whole.workforce, &open_settings(), None);
    let mut shuffled = whole.workforce.clone();
    shuffled.rate.reverse();
    shuffled.bonus_pence.reverse();
    for c in &mut shuffled.characteristics {
        c.reverse();
    }
    shuffled.directorate.reverse();
    shuffled.grade.reverse();
    assert_eq!(analyse(&shuffled, &open_settings(), None), report);
}

/// Writes `bytes` to a file of this test's own, reads it from disk and from memory, and checks
/// the two readings agree in every person, pseudonym, column and note.
fn same_from_disk_and_memory(bytes: &[u8], name: &str) -> Extract {
    let path = std::env::temp_dir().join(format!("dueregard-{}-{name}", std::process::id()));
    std::fs::write(&path, bytes).unwrap();
    let from_disk = read_extract_file(&path, &options());
    std::fs::remove_file(&path).unwrap();
    let from_disk = from_disk.unwrap();
    let from_memory = read(bytes, name).unwrap();
    assert_eq!(
        format!("{:?}", from_disk.workforce),
        format!("{:?}", from_memory.workforce)
    );
    assert_eq!(from_disk.pseudonyms, from_memory.pseudonyms);
    assert_eq!(from_disk.columns, from_memory.columns);
    assert_eq!(from_disk.notes, from_memory.notes);
    // Ranked by pay as read, those without a rate last, with no sorting left to do.
    let rates = &from_disk.workforce.rate;
    let rated = rates.iter().take_while(|r| r.is_some()).count();
    assert!(rates[rated..].iter().all(Option::is_none));
    assert!(rates[..rated].iter().flatten().is_sorted());
    from_disk
}

#[test]
fn a_large_file_is_read_from_disk_in_chunks_as_it_is_from_memory() {
    let day = jiff::civil::date(2026, 3, 31);
    let mut bytes = Vec::new();
    synth::write_extract(&mut bytes, 40_000, 5, day, |_| {}).unwrap();
    let plain = same_from_disk_and_memory(&bytes, "plain.csv");
    assert_eq!(plain.workforce.len(), 40_000);

    // Every directorate on two lines, in quotes, and the first row padded until the first
    // line end past the middle (where the second thread starts) is inside a quoted cell: the
    // first thread must notice, read on by itself, and set the second thread's work aside.
    let text = String::from_utf8(bytes.clone())
        .unwrap()
        .replace("Children's Services", "\"Children's\nServices\"")
        .replace("Place and Environment", "\"Place and\nEnvironment\"");
    let body_start = text.find('\n').unwrap() + 1;
    let inside_quotes = |t: &str| {
        let middle = body_start + (t.len() - body_start) / 2;
        let split = middle + t[middle..].find('\n').unwrap();
        t[..split].matches('"').count() % 2 == 1
    };
    let mut padded = text.clone();
    let mut pad = 0;
    while !inside_quotes(&padded) {
        pad += 1;
        padded = text.replacen(",Grade ", &format!(",{}Grade ", " ".repeat(pad)), 1);
        assert!(pad < 10_000, "no padding put the middle inside quotes");
    }
    let quoted = same_from_disk_and_memory(padded.as_bytes(), "quoted.csv");
    assert_eq!(quoted.workforce.len(), 40_000);
    assert!(
        quoted
            .workforce
            .directorates
            .contains(&"Children's\nServices".to_string())
    );

    // Windows-1252 past the first megabyte: found in a chunk, and the file read again decoded.
    let mut cp1252 = bytes.clone();
    let at = cp1252.len() - 1000;
    let line = at + cp1252[at..].iter().position(|&b| b == b'\n').unwrap() + 1;
    let row: Vec<u8> = b"ZZ1,F,African,No,No religion,Bisexual,1980-01-01,Caf\xe9,Grade 4,37,2000.00,31,0.00,No,2010-01-01\n".to_vec();
    cp1252.splice(line..line, row);
    let decoded = same_from_disk_and_memory(&cp1252, "cp1252.csv");
    assert!(decoded.workforce.directorates.contains(&"Café".to_string()));
}

#[test]
fn a_spreadsheet_too_large_to_read_whole_is_refused_before_it_is_read() {
    // A workbook's opening bytes, then nothing (the file is sparse, so this costs no disk).
    let path = std::env::temp_dir().join(format!("dueregard-{}-huge.xlsx", std::process::id()));
    let mut file = std::fs::File::create(&path).unwrap();
    std::io::Write::write_all(&mut file, b"PK\x03\x04").unwrap();
    file.set_len(MAX_WHOLE_FILE + 1).unwrap();
    drop(file);
    let refused = read_extract_file(&path, &options());
    // Exactly at the limit it is read, and refused for what it is: not a workbook.
    std::fs::OpenOptions::new()
        .write(true)
        .open(&path)
        .unwrap()
        .set_len(MAX_WHOLE_FILE)
        .unwrap();
    let at_limit = read_extract_file(&path, &options());
    std::fs::remove_file(&path).unwrap();
    let message = refused.err().unwrap().to_string();
    assert!(
        message.contains(
            "The file is 101 MB and is not a CSV file. A spreadsheet can be up to 100 MB"
        ),
        "{message}"
    );
    let message = at_limit.err().unwrap().to_string();
    assert!(!message.contains("A spreadsheet can be up to"), "{message}");
}

#[test]
fn census_population_for_a_district_and_a_county() {
    let dudley = reference::find_area("E08000027").unwrap();
    assert_eq!(dudley.name, "Dudley");
    assert_eq!(reference::find_area("dudley").unwrap(), dudley);
    let population = reference::population(&dudley);
    let ethnicity = population
        .benchmarks
        .iter()
        .find(|b| b.characteristic == Characteristic::Ethnicity)
        .unwrap();
    let total: f64 = ethnicity.groups.iter().map(|g| g.count).sum();
    // Census 2021: Dudley had 323,500 usual residents (rounded, perturbed).
    assert!((total - 323_500.0).abs() < 1_000.0, "{total}");
    for characteristic in [
        Characteristic::Sex,
        Characteristic::Age,
        Characteristic::Religion,
        Characteristic::Disability,
    ] {
        assert!(
            population
                .benchmarks
                .iter()
                .any(|b| b.characteristic == characteristic),
            "{characteristic:?}"
        );
    }
    let cumbria = reference::find_area("Cumbria").unwrap();
    assert_eq!(cumbria.code, "E10000006");
    assert_eq!(cumbria.districts.len(), 6);
    assert!(reference::find_area("Atlantis").is_err());
}

#[test]
fn national_returns_give_history_and_peers() {
    let history = reference::employer_history("Dudley Metropolitan Borough Council");
    let years: Vec<&str> = history.iter().map(|r| r.year).collect();
    assert!(
        years.contains(&"2017-18") && years.contains(&"2024-25"),
        "{years:?}"
    );
    let latest = history.last().unwrap();
    assert!(latest.public_sector);
    let ranking = reference::rank_among_peers(latest, &latest.measures);
    assert!(ranking.peers > 50, "{}", ranking.peers);
    let (value, percentile, _) = ranking.measures[0].unwrap();
    assert_eq!(Some(value), latest.measures.mean_hourly);
    assert!((0.0..=100.0).contains(&percentile));
}

/// Applications: women 100 (50 shortlisted, 20 appointed), men 100 (25 shortlisted, 10
/// appointed), and 6 leavers.
fn applications() -> String {
    include_str!("../fixtures/recruitment.csv").to_string()
}

#[test]
fn recruitment_funnels_count_every_stage_passed() {
    use dueregard_formats::workforce::funnel::read_funnel;
    let counts = read_funnel(applications().as_bytes(), "applications.csv", None).unwrap();
    let (_, sex) = counts
        .iter()
        .find(|(c, _)| *c == Characteristic::Sex)
        .unwrap();
    assert_eq!(sex.stages[0], [100, 50, 20], "women");
    assert_eq!(sex.stages[1], [100, 25, 10], "men");
    assert_eq!(sex.leavers[1].0, 6);
    let report =
        dueregard_stats::funnel::funnel(Characteristic::Sex, sex, &Preset::Threshold10.policy());
    let men = &report.rows[1];
    assert!(men.shortlisting.rate.as_ref().is_some_and(|r| r.adverse));
    let bad = applications().replacen("Appointed", "Promoted", 1);
    let message = read_funnel(bad.as_bytes(), "applications.csv", None)
        .err()
        .unwrap()
        .to_string();
    assert!(
        message.contains("Row 2, column 'Stage reached': 'Promoted' is not a stage"),
        "{message}"
    );
    let no_stage = read_funnel(b"Applicant,Sex\nA1,F\n", "applications.csv", None)
        .err()
        .unwrap()
        .to_string();
    assert!(no_stage.contains("Stage reached"), "{no_stage}");
}

#[test]
fn someone_who_starts_after_the_snapshot_date_is_refused() {
    let mut bytes = Vec::new();
    synth::write_extract(&mut bytes, 20, 1, jiff::civil::date(2026, 3, 31), |_| {}).unwrap();
    let text = String::from_utf8(bytes).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let cut = lines[5].rfind(',').unwrap();
    lines[5] = format!("{},2030-01-01", &lines[5][..cut]);
    let message = refused((lines.join("\n") + "\n").as_bytes(), "hr.csv");
    assert!(
        message.contains(
            "Row 6, column 'Start date': This person starts after the snapshot date (2026-03-31)"
        ),
        "{message}"
    );
}

#[test]
fn leave_on_reduced_pay_takes_someone_out_of_hourly_pay_unless_payroll_says_otherwise() {
    let everyone = read(&fixture("hr-small.csv"), "hr.csv").unwrap();
    let rated = |e: &Extract| e.workforce.rate.iter().filter(|r| r.is_some()).count();
    let on_leave = read(&with_cell(1, "On leave with reduced pay", "Yes"), "hr.csv").unwrap();
    assert_eq!(
        rated(&on_leave),
        rated(&everyone) - 1,
        "not full-pay relevant"
    );
    assert_eq!(
        on_leave.workforce.len(),
        everyone.workforce.len(),
        "still relevant"
    );
    // The payroll's own full-pay relevant flag is its judgement, and wins.
    let text = String::from_utf8(with_cell(1, "On leave with reduced pay", "Yes")).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    lines[0].push_str(",Full pay relevant");
    for (i, l) in lines.iter_mut().enumerate().skip(1) {
        let away = l.trim_end().ends_with("Yes") && i != 1;
        l.push_str(if away { ",No" } else { ",Yes" });
    }
    let flagged = read(lines.join("\n").as_bytes(), "hr.csv").unwrap();
    assert_eq!(rated(&flagged), rated(&everyone));
}

/// The same extract with headings as other HR and payroll systems write them: snake case,
/// abbreviations, camel case. Every column is read by what it means, and the bonus is not lost.
#[test]
fn headings_are_read_by_meaning_and_unread_columns_are_listed() {
    let original = String::from_utf8(fixture("hr-small.csv")).unwrap();
    let (header, body) = original.split_once('\n').unwrap();
    let renamed = "employee_ref,GENDER,Ethnic Origin,Disability Flag,Religious Belief,sexual_orientation,DOB,Dept,Pay Band,Contr Hrs Per Wk,ordinary_pay_in_period,pay_period_days,bonus_12m,on_reduced_pay_leave";
    assert_eq!(header.split(',').count(), renamed.split(',').count());
    let same = read(original.as_bytes(), "hr.csv").unwrap();
    let text = format!("{renamed},Cost centre\n{}", body.replace('\n', ",CC1\n"));
    let extract = read(text.as_bytes(), "hr.csv").unwrap();
    assert_eq!(
        extract.columns.len(),
        same.columns.len(),
        "{:?}",
        extract.columns
    );
    assert_is_vector_b(&extract, "renamed headings");
    assert_eq!(extract.unused, ["Cost centre"]);
    assert!(same.unused.is_empty());
    // Headings as the NHS Electronic Staff Record writes them, and its "Not Declared".
    let esr = "Assignment Number,Gender,Ethnic Origin,Disabled Flag,Religious Belief,Sexual Orientation,Date of Birth,Organisation,Pay Band,Contracted Hours per Week,Ordinary Pay in Period,Pay Period Days,Bonus Paid in 12 Months,On Reduced Pay Leave";
    let first_disability = body
        .lines()
        .next()
        .unwrap()
        .split(',')
        .nth(3)
        .unwrap()
        .to_string();
    let esr_body = body.replacen(&format!(",{first_disability},"), ",Not Declared,", 1);
    let extract = read(format!("{esr}\n{esr_body}").as_bytes(), "esr.csv").unwrap();
    assert_eq!(
        extract.columns.len(),
        same.columns.len(),
        "{:?}",
        extract.columns
    );
    assert!(extract.unused.is_empty(), "{:?}", extract.unused);
    assert_is_vector_b(&extract, "ESR headings");
    // With no bonus column read, a column that looks like bonus pay is an error, not a zero.
    let unreadable = text.replacen("bonus_12m", "bonus paid (see note)", 1);
    let e = refused(unreadable.as_bytes(), "hr.csv");
    assert!(
        e.contains("bonus paid (see note)") && e.contains("looks like bonus pay"),
        "{e}"
    );
}
