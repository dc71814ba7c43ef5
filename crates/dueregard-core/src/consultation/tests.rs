use super::response::{self, Channel, monitoring_choices, reference};
use super::*;
use dueregard_stats::classify::Characteristic;
use jiff::civil::date;
use std::collections::HashMap;

fn form(opens: &str, closes: &str) -> ConsultationForm {
    ConsultationForm {
        title: "Equality priorities 2027 to 2031".into(),
        purpose: "We propose four equality priorities and an action plan.".into(),
        documents:
            "Draft strategy | https://example.gov.uk/strategy.pdf\nAction plan | /public/x/plans/1"
                .into(),
        opens: opens.into(),
        closes: closes.into(),
        consultees: "Community Engagement Network\nStaff disability network\n\nThe public".into(),
        ..Default::default()
    }
}

fn fields(e: &ValidationErrors) -> Vec<&str> {
    e.0.iter().map(|e| e.field.as_str()).collect()
}

#[test]
fn twelve_weeks_needs_no_reason_and_less_needs_one() {
    let c = ConsultationFields::validate(&form("2027-01-04", "2027-03-29"), None).unwrap();
    assert_eq!(c.days_open(), 84);
    assert!(!c.is_short());
    assert_eq!(c.documents.len(), 2);
    assert_eq!(c.consultees.len(), 3);
    assert_eq!(c.keep_personal_days, 365);
    let short = ConsultationFields::validate(&form("2027-01-04", "2027-03-28"), None).unwrap_err();
    assert_eq!(fields(&short), ["short_period_reason"]);
    assert!(short.0[0].message.contains("83 days"), "{short:?}");
    let mut f = form("2027-01-04", "2027-02-01");
    f.short_period_reason = "The grant must be decided by March".into();
    let c = ConsultationFields::validate(&f, None).unwrap();
    assert!(c.is_short());
    assert_eq!(
        c.short_period_reason.as_deref(),
        Some("The grant must be decided by March")
    );
    // A reason given for a full period is not kept: there is nothing to explain.
    let mut f = form("2027-01-04", "2027-04-01");
    f.short_period_reason = "Not needed".into();
    assert_eq!(
        ConsultationFields::validate(&f, None)
            .unwrap()
            .short_period_reason,
        None
    );
    assert_eq!(
        ConsultationFields::usual_close(date(2027, 1, 4)),
        Some(date(2027, 3, 29))
    );
}

#[test]
fn every_problem_is_named_at_once() {
    let mut f = form("2027-03-01", "2027-02-01");
    f.title = " ".into();
    f.documents = "Strategy without an address\nBad | javascript:alert(1)".into();
    f.keep_personal_days = "forever".into();
    f.objective_ids = vec!["x".into()];
    let e = ConsultationFields::validate(&f, None).unwrap_err();
    assert_eq!(
        fields(&e),
        [
            "title",
            "documents",
            "documents",
            "objective_ids",
            "keep_personal_days",
            "closes"
        ]
    );
    assert!(e.0[1].message.starts_with("Line 1:"));
    assert!(e.0[2].message.starts_with("Line 2:"));
}

#[test]
fn changing_the_details_keeps_the_questions_and_publication() {
    let mut kept = ConsultationFields::validate(&form("2027-01-04", "2027-03-29"), None).unwrap();
    kept.questions = seed_questions();
    kept.published = true;
    let again = ConsultationFields::validate(&kept.to_form(), Some(&kept)).unwrap();
    assert_eq!(again, kept);
}

#[test]
fn the_stage_follows_publication_and_the_dates() {
    let mut c = ConsultationFields::validate(&form("2027-01-04", "2027-03-29"), None).unwrap();
    assert_eq!(c.stage(date(2027, 2, 1)), Stage::Draft);
    assert!(c.ready_to_publish().is_err());
    c.questions = seed_questions();
    assert!(c.ready_to_publish().is_ok());
    c.published = true;
    assert_eq!(c.stage(date(2027, 1, 3)), Stage::Upcoming);
    assert_eq!(c.stage(date(2027, 1, 4)), Stage::Open);
    assert_eq!(c.stage(date(2027, 3, 29)), Stage::Open);
    assert_eq!(c.stage(date(2027, 3, 30)), Stage::Closed);
}

#[test]
fn questions_are_built_as_typed() {
    let q =
        Question::validate("q1".into(), "radios", " Which? ", "", "Yes\n\n No \n", true).unwrap();
    assert_eq!(
        (q.text.as_str(), q.options.len(), q.required),
        ("Which?", 2, true)
    );
    let e = Question::validate("q2".into(), "radios", "", "", "Yes\nyes", false).unwrap_err();
    assert_eq!(fields(&e), ["text", "options", "options"]);
    let e = Question::validate("q2".into(), "sliders", "How?", "", "", false).unwrap_err();
    assert_eq!(fields(&e), ["kind"]);
    // Text and Likert questions keep no options of their own.
    let q = Question::validate("q3".into(), "likert", "Agree?", "", "A\nB", false).unwrap();
    assert!(q.options.is_empty());
    assert_eq!(q.choices().len(), 5);
    let mut c = ConsultationFields::validate(&form("2027-01-04", "2027-03-29"), None).unwrap();
    assert_eq!(c.next_question_key(), "q1");
    c.questions = seed_questions();
    c.questions.remove(1);
    assert_eq!(c.next_question_key(), "q6");
}

fn consultation() -> ConsultationFields {
    let mut c = ConsultationFields::validate(&form("2027-01-04", "2027-03-29"), None).unwrap();
    c.questions = vec![
        Question::validate("q1".into(), "radios", "Do you agree?", "", "Yes\nNo", true).unwrap(),
        Question::validate("q2".into(), "checkboxes", "Which?", "", "A\nB\nC", false).unwrap(),
        Question::validate("q3".into(), "long_text", "Tell us more", "", "", false).unwrap(),
        Question::validate("q4".into(), "likert", "It is fair", "", "", false).unwrap(),
    ];
    c.ask_monitoring = true;
    c
}

fn read(
    c: &ConsultationFields,
    sent: &[(&str, &str)],
) -> Result<response::ResponseInput, ValidationErrors> {
    let mut map: HashMap<String, Vec<String>> = HashMap::new();
    for (k, v) in sent {
        map.entry(k.to_string()).or_default().push(v.to_string());
    }
    let one = |k: &str| {
        map.get(k)
            .and_then(|v| v.first().cloned())
            .unwrap_or_default()
    };
    let all = |k: &str| map.get(k).cloned().unwrap_or_default();
    response::read(c, &one, &all)
}

#[test]
fn a_response_is_read_answer_by_answer() {
    let c = consultation();
    let r = read(
        &c,
        &[
            ("answer_q1", "Yes"),
            ("answer_q2", "A"),
            ("answer_q2", "C"),
            ("answer_q2", "A"),
            ("answer_q3", "<script>alert('x')</script> kept as words"),
            ("answer_q4", "Disagree"),
            ("email", "someone@example.org"),
            ("monitoring_disability", "0"),
            ("monitoring_age", "5"),
        ],
    )
    .unwrap();
    assert_eq!(r.answers["q2"], ["A", "C"]);
    assert_eq!(
        r.answers["q3"],
        ["<script>alert('x')</script> kept as words"]
    );
    assert_eq!(r.respondent.email.as_deref(), Some("someone@example.org"));
    // Age has no "Prefer not to say" of its own: declining is "Not known".
    assert_eq!(
        r.monitoring,
        [(Characteristic::Age, 5), (Characteristic::Disability, 0)]
    );
}

#[test]
fn a_bad_response_is_refused_naming_each_question() {
    let c = consultation();
    let long = "x".repeat(response::LONG_ANSWER + 1);
    let e = read(
        &c,
        &[
            ("answer_q2", "D"),
            ("answer_q3", &long),
            ("answer_q4", "Yes"),
            ("email", "not an address"),
            ("monitoring_sex", "2"),
        ],
    )
    .unwrap_err();
    assert_eq!(
        fields(&e),
        [
            "answer_q1",
            "answer_q2",
            "answer_q3",
            "answer_q4",
            "email",
            "monitoring_sex"
        ]
    );
    assert_eq!(e.0[0].message, "Select an answer to question 1");
    assert!(
        e.0[2].message.contains("10000 characters or fewer"),
        "{e:?}"
    );
    let e = read(&c, &[("answer_q1", "Yes"), ("answer_q1", "No")]).unwrap_err();
    assert_eq!(e.0[0].message, "Select one answer to question 1");
}

#[test]
fn nothing_answered_is_refused_even_when_nothing_is_required() {
    let mut c = consultation();
    c.questions[0].required = false;
    let e = read(&c, &[("answer_q3", " \u{200B} ")]).unwrap_err();
    assert_eq!(e.0[0].message, "Answer at least one question");
}

#[test]
fn monitoring_offers_the_census_categories_and_prefer_not_to_say() {
    let ethnic = monitoring_choices(Characteristic::Ethnicity);
    assert_eq!(ethnic.len(), 20);
    assert_eq!(ethnic.last().map(|c| c.1), Some("Prefer not to say"));
    let sex: Vec<&str> = monitoring_choices(Characteristic::Sex)
        .iter()
        .map(|c| c.1)
        .collect();
    assert_eq!(sex, ["Female", "Male", "Prefer not to say"]);
    let age = monitoring_choices(Characteristic::Age);
    assert_eq!(age.last(), Some(&(5, "Prefer not to say")));
}

#[test]
fn references_are_unique_and_do_not_count_responses() {
    let refs: std::collections::BTreeSet<String> = (1..=50_000).map(reference).collect();
    assert_eq!(refs.len(), 50_000);
    assert_eq!(reference(1).len(), 9);
    assert_ne!(reference(1)[..4], reference(2)[..4]);
    assert_eq!(Channel::from_key("paper"), Some(Channel::Paper));
}

mod analysing {
    use super::super::analysis::*;
    use super::super::check::{Gunning, Heard, consultation_check};
    use super::super::suggest::{codes_for, suggest};
    use super::*;
    use crate::assessment::Finding;

    #[test]
    fn a_code_frame_keeps_its_keys_when_retyped() {
        let first = code_frame("Transport: getting to services\nYoung people", &[]).unwrap();
        assert_eq!(first[0].key, "c1");
        assert_eq!(first[0].description.as_deref(), Some("getting to services"));
        let again = code_frame("Carers\nyoung people\nTransport", &first).unwrap();
        let keys: Vec<&str> = again.iter().map(|c| c.key.as_str()).collect();
        assert_eq!(keys, ["c3", "c2", "c1"]);
        assert_eq!(
            frame_text(&first),
            "Transport: getting to services\nYoung people"
        );
        let e = code_frame("Carers\ncarers", &[]).unwrap_err();
        assert_eq!(e.0[0].message, "'carers' is listed twice");
        assert!(chosen_codes(&first, &["c9".into()]).is_err());
        assert_eq!(
            chosen_codes(&first, &["c2".into(), "c2".into()]).unwrap(),
            ["c2"]
        );
    }

    #[test]
    fn kappa_matches_a_hand_worked_case() {
        // 10 responses: both apply the code to 4, neither to 3, only the first to 2, only the
        // second to 1. Agreement 0.7; chance 0.6 x 0.5 + 0.4 x 0.5 = 0.5; kappa 0.4.
        let mut pairs = vec![(true, true); 4];
        pairs.extend([(false, false); 3]);
        pairs.extend([(true, false); 2]);
        pairs.push((false, true));
        assert!((cohens_kappa(&pairs).unwrap() - 0.4).abs() < 1e-12);
        assert_eq!(cohens_kappa(&[(true, true), (true, true)]), None);
        let frame = code_frame("Transport\nCarers", &[]).unwrap();
        let coding = |r, coder: i64, codes: &[&str]| Coding {
            response_id: r,
            coder_id: coder,
            coder: format!("Coder {coder}"),
            codes: codes.iter().map(|c| c.to_string()).collect(),
            coded_at: 0,
        };
        let codings = vec![
            coding(1, 7, &["c1"]),
            coding(1, 8, &["c1"]),
            coding(2, 7, &["c2"]),
            coding(2, 8, &[]),
            coding(3, 7, &[]),
            coding(3, 8, &[]),
            coding(4, 7, &["c1"]),
        ];
        let a = agreement(&codings, &frame).unwrap();
        assert_eq!(a.responses, 3);
        assert_eq!(a.coders, ("Coder 7".to_string(), "Coder 8".to_string()));
        // Transport: yes/yes, no/no, no/no: perfect, kappa 1. Carers: only coder 7, once.
        assert_eq!(a.per_code[0].2, Some(1.0));
        assert!((a.per_code[1].1 - 2.0 / 3.0).abs() < 1e-12);
        assert!(a.per_code[1].2.unwrap().abs() < 1e-12);
        let by_code = responses_by_code(&codings, &frame);
        assert_eq!(by_code[0].1, [1, 4]);
        assert_eq!(by_code[1].1, [2]);
        assert!(agreement(&codings[..1], &frame).is_none());
    }

    #[test]
    fn suggestions_group_answers_that_say_the_same() {
        let texts = vec![
            (
                1,
                "The buses stop running after six, so disabled people cannot get to services"
                    .to_string(),
            ),
            (
                2,
                "No buses after six in the evening: I cannot get to the day centre services"
                    .to_string(),
            ),
            (
                3,
                "Unpaid carers are not mentioned anywhere in the priorities".to_string(),
            ),
            (4, "Unpaid carers need support and a mention".to_string()),
            (5, "Evening buses would help me reach services".to_string()),
            (6, "".to_string()),
        ];
        let s = suggest(&texts);
        let words: Vec<&str> = s.keywords.iter().map(|(w, _)| w.as_str()).collect();
        assert!(words.contains(&"bus"), "{words:?}");
        assert!(words.contains(&"carer"), "{words:?}");
        let bus = s
            .clusters
            .iter()
            .find(|c| c.responses.contains(&1))
            .unwrap();
        assert!(
            bus.responses.contains(&2) && !bus.responses.contains(&3),
            "{s:?}"
        );
        let carers = s
            .clusters
            .iter()
            .find(|c| c.responses.contains(&3))
            .unwrap();
        assert_eq!(carers.responses, [3, 4]);
        let frame = code_frame("Carers: unpaid carers\nTransport: buses and lifts", &[]).unwrap();
        assert_eq!(codes_for("My carer is never asked", &frame), ["c1"]);
        assert!(codes_for("Nothing to add", &frame).is_empty());
    }

    #[test]
    fn the_consultation_check_reads_each_gunning_principle() {
        let mut c = ConsultationFields::validate(&form("2027-01-04", "2027-03-29"), None).unwrap();
        c.published = true;
        let lines = consultation_check(
            &c,
            date(2027, 3, 1),
            Heard {
                responses: 10,
                uncoded: 3,
            },
        );
        let found: Vec<(Gunning, Finding)> =
            lines.iter().map(|l| (l.principle, l.finding)).collect();
        assert_eq!(
            found,
            [
                (Gunning::Formative, Finding::Missing),
                (Gunning::Reasons, Finding::Pass),
                (Gunning::Time, Finding::Pass),
                (Gunning::Considered, Finding::Missing),
            ]
        );
        assert!(lines[0].reasons[0].contains("before the consultation closed on 29 March 2027"));
        assert!(lines[3].reasons[0].starts_with("3 of 10 responses"));
        c.summary_approved = Some(SummaryApproval {
            on: date(2027, 4, 10),
            by: "Director".into(),
            report: None,
        });
        c.documents.clear();
        c.closes = date(2027, 2, 1);
        c.short_period_reason = Some("Grant deadline".into());
        let lines = consultation_check(
            &c,
            date(2027, 4, 20),
            Heard {
                responses: 10,
                uncoded: 0,
            },
        );
        let found: Vec<Finding> = lines.iter().map(|l| l.finding).collect();
        assert_eq!(
            found,
            [
                Finding::Pass,
                Finding::Warning,
                Finding::Warning,
                Finding::Pass
            ]
        );
        assert!(lines[2].reasons[0].contains("because: Grant deadline"));
        let late = consultation_check(&c, date(2027, 4, 1), Heard::default());
        assert_eq!(late[3].finding, Finding::Missing);
    }
}

mod importing {
    use super::super::import::{Target, guess, read_rows};
    use super::*;

    fn seed() -> ConsultationFields {
        let mut c = ConsultationFields::validate(&form("2027-01-04", "2027-03-29"), None).unwrap();
        c.questions = seed_questions();
        c.questions.push(
            Question::validate(
                "q6".into(),
                "checkboxes",
                "Where do you use services?",
                "",
                "Libraries\nLeisure centres\nOnline",
                false,
            )
            .unwrap(),
        );
        c
    }

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn columns_are_guessed_from_other_tools_headings() {
        let c = seed();
        let headings = strings(&[
            "Respondent ID",
            "Start Date",
            "What do you think of the proposed equality priorities?",
            "Q4",
            "Email Address",
            "Full name",
            "Name of your organisation (if responding on behalf of one)",
            "What is your ethnic group?",
            "Age band",
            "Gender",
            "Do you consider yourself to be disabled?",
            "Question 6",
            "q4 again",
        ]);
        let got = guess(&headings, &c);
        assert_eq!(
            got,
            [
                Target::Ignore,
                Target::Ignore,
                Target::Answer("q1".into()),
                Target::Answer("q4".into()),
                Target::Email,
                Target::Name,
                Target::Organisation,
                Target::Monitoring(Characteristic::Ethnicity),
                Target::Monitoring(Characteristic::Age),
                Target::Monitoring(Characteristic::Sex),
                Target::Monitoring(Characteristic::Disability),
                Target::Answer("q6".into()),
                Target::Ignore,
            ]
        );
        for t in &got {
            assert_eq!(Target::from_key(&t.key(), &c).as_ref(), Some(t));
        }
    }

    #[test]
    fn rows_are_read_as_the_form_reads_them_and_refused_whole() {
        let c = seed();
        let headings = strings(&["Q1", "Q4", "Q6", "Ethnicity", "Age", "Sex"]);
        let mapping = guess(&headings, &c);
        let rows = vec![
            strings(&[
                "Good",
                "strongly agree",
                "Libraries; online",
                "Asian or Asian British: Indian",
                "45",
                "F",
            ]),
            strings(&["", "Agree", "Leisure centres", "WBRI", "25-34", "Male"]),
            strings(&["", "", "", "", "", ""]),
            strings(&["Fine", "", "", "Prefer not to say", "65+", ""]),
        ];
        let read = read_rows(&headings, &rows, &mapping, &c).unwrap();
        assert_eq!(read.len(), 3, "the empty row is passed over");
        assert_eq!(read[0].answers["q4"], ["Strongly agree"]);
        assert_eq!(read[0].answers["q6"], ["Libraries", "Online"]);
        assert_eq!(
            read[0].monitoring,
            [
                (Characteristic::Age, 2),
                (Characteristic::Sex, 0),
                (Characteristic::Ethnicity, 2)
            ]
        );
        assert_eq!(read[1].monitoring[0], (Characteristic::Age, 1));
        assert_eq!(read[1].monitoring[2], (Characteristic::Ethnicity, 12));
        assert_eq!(read[2].monitoring[0], (Characteristic::Age, 4));

        let bad = vec![
            strings(&["Good", "Maybe", "", "", "", ""]),
            strings(&["Good", "", "", "Martian", "", ""]),
            strings(&["", "", "", "", "40", ""]),
        ];
        let e = read_rows(&headings, &bad, &mapping, &c).unwrap_err();
        let messages: Vec<&str> = e.0.iter().map(|e| e.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "Row 2, column 'Q4': Select an answer to question 4 from the list",
                "Row 3, column 'Ethnicity': 'Martian' is not a category we recognise for ethnic group",
                "Row 4: Answer at least one question",
            ]
        );
        let none = read_rows(&headings, &rows, &vec![Target::Ignore; 6], &c).unwrap_err();
        assert_eq!(none.0[0].field, "mapping");
    }
}

mod engaging {
    use super::super::engagement::*;
    use super::*;

    fn event(
        profile: &str,
        attendance: &str,
        aimed: &str,
    ) -> Result<EngagementFields, ValidationErrors> {
        EngagementFields::validate(&EngagementForm {
            title: "Disabled people's forum".into(),
            kind: "forum".into(),
            date: "2027-02-10".into(),
            audience: "Disabled people and carers".into(),
            aimed_at: aimed.into(),
            attendance: attendance.into(),
            profile: profile.into(),
            ..Default::default()
        })
    }

    #[test]
    fn an_event_is_checked_as_typed() {
        let e = event(
            "disabled: 17\nNot disabled: 6\nFemale: 14\nMale: 9",
            "23",
            "Disabled\nPakistani",
        )
        .unwrap();
        assert_eq!(e.profile.len(), 4);
        assert_eq!(e.profile[0].code, 0);
        assert_eq!(e.aimed_at, ["Disabled", "Pakistani"]);
        // Pakistani is counted in the broad Asian group the reach tables name.
        assert!(e.aims_at("Asian, Asian British or Asian Welsh"));
        assert!(e.aims_at("disabled"));
        assert!(!e.aims_at("Male"));
        assert_eq!(EngagementFields::validate(&e.to_form()).unwrap(), e);
        let bad = event("Disabled: 30\nMartians: 2\nDisabled: 1", "23", "Elves").unwrap_err();
        let messages: Vec<&str> = bad.0.iter().map(|e| e.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "'Elves' is not a census group: use the names the reach tables use, like Disabled or Pakistani",
                "Line 2: write a census group, a colon and how many came, like Disabled: 12",
                "Line 3: that group is given twice",
                "The disability counts add up to 30, more than the 23 who came",
            ]
        );
    }

    #[test]
    fn who_came_is_shown_only_where_no_small_count_can_be_worked_out() {
        let e = event(
            "Disabled: 17\nNot disabled: 6\nFemale: 14\nMale: 9",
            "23",
            "",
        )
        .unwrap();
        let shown = shown_profile(&e);
        let get = |label: &str| shown.iter().find(|(_, l, _)| l == label).unwrap().2;
        assert_eq!(get("Not disabled"), None);
        assert_eq!(get("Male"), None);
        // 23 came, which is published: 17 would give 6 back, so it is hidden too.
        assert_eq!(get("Disabled"), None);
        assert!(
            shown
                .iter()
                .all(|(_, _, n)| n.is_none_or(|n| n == 0 || n >= 10))
        );
    }
}

#[test]
fn answers_by_group_hide_every_small_count_and_what_gives_it_away() {
    use super::analysis::breakdown;
    let mut answers = Vec::new();
    let mut codes = Vec::new();
    // Women: 12 agree, 10 disagree. Men: 12 agree, 3 disagree. Four did not say.
    let mut id = 0;
    for (code, agree, disagree) in [(0u8, 12, 10), (1, 12, 3), (3, 2, 2)] {
        for n in 0..(agree + disagree) {
            id += 1;
            answers.push((
                id,
                vec![if n < agree { "Agree" } else { "Disagree" }.to_string()],
            ));
            codes.push((id, code));
        }
    }
    let b = breakdown(
        &["Agree", "Disagree"],
        &answers,
        Characteristic::Sex,
        &codes,
    );
    assert_eq!(
        b.groups.len(),
        3,
        "female, male, another way; not those who did not say"
    );
    let men_disagree = b.rows[1].1[1];
    assert_eq!(men_disagree, None);
    // 3 could be worked out from men's total (15) less 12, or from the disagree total: so a
    // second cell in its row and in its column is hidden too.
    assert!(b.rows[0].1[1].is_none() || b.rows[1].1[0].is_none());
    assert!(b.rows[1].1.iter().filter(|c| c.is_none()).count() >= 2);
    assert!(
        b.rows
            .iter()
            .all(|(_, cells)| cells.iter().all(|c| c.is_none_or(|n| n == 0 || n >= 10)))
    );
    assert_eq!(
        b.rows[0].1[2],
        Some(0),
        "nobody answered 'another way': zero is shown"
    );
}
