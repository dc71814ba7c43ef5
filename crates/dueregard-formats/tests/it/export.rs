//! An exported assessment opens in LibreOffice: each file is converted to PDF headless, and the
//! text of every section must be in the PDF. Needs LibreOffice Writer and pdftotext
//! (`scripts/test.sh` installs both); without them this test fails rather than skip.

use dueregard_core::assessment::*;
use dueregard_core::vocab::{Aim, ProtectedCharacteristic};
use dueregard_formats::assessment_export::{Names, assessment_document};
use dueregard_formats::export::{Block, docx, odt};
use jiff::civil::date;
use std::process::Command;

fn assessment() -> ImpactAssessment {
    let signed = |name: &str, on| Signature {
        user_id: 1,
        name: name.into(),
        at: format!("{on}T10:00:00Z"),
        on,
    };
    ImpactAssessment {
        id: 1,
        org_id: 1,
        version: 4,
        series_id: 1,
        edition: 1,
        superseded_by: None,
        created_at: String::new(),
        updated_at: String::new(),
        fields: AssessmentFields {
            title: "Drug and alcohol services tender".into(),
            subject: Subject::Procurement,
            owner_id: Some(1),
            directorate_id: Some(1),
            screening: Screening {
                answers: vec![
                    ScreeningAnswer {
                        characteristic: CharacteristicRef::Protected(ProtectedCharacteristic::Age),
                        aim: Aim::AdvanceEquality,
                        relevant: true,
                    },
                    ScreeningAnswer {
                        characteristic: CharacteristicRef::Protected(ProtectedCharacteristic::Age),
                        aim: Aim::FosterGoodRelations,
                        relevant: false,
                    },
                ],
                full_assessment_needed: Some(true),
                reason: "Services used by people of every protected group".into(),
            },
            scope: "Adult and young people's treatment services".into(),
            purpose: "Better recovery outcomes across the borough".into(),
            evidence: vec![Evidence {
                kind: EvidenceKind::CommunityData,
                title: "Treatment population by age and sex".into(),
                source: "Public health intelligence".into(),
                dated: date(2013, 4, 1),
                summary: "Men aged 25 to 44 are most of those in treatment".into(),
            }],
            information_gaps: "Sexual orientation of service users is not recorded".into(),
            impacts: ProtectedCharacteristic::ALL
                .iter()
                .map(|p| ImpactEntry {
                    characteristic: CharacteristicRef::Protected(*p),
                    impact: if *p == ProtectedCharacteristic::Age {
                        Impact::Negative
                    } else {
                        Impact::Neutral
                    },
                    severity: None,
                    who_is_affected: if *p == ProtectedCharacteristic::Age {
                        "Young people under 18".into()
                    } else {
                        String::new()
                    },
                    evidence: vec![0],
                    mitigation: if *p == ProtectedCharacteristic::Age {
                        "Keep a separate young people's service".into()
                    } else {
                        String::new()
                    },
                })
                .chain(std::iter::once(ImpactEntry {
                    characteristic: CharacteristicRef::Local(7),
                    impact: Impact::Positive,
                    severity: None,
                    who_is_affected: "Carers of people in treatment".into(),
                    evidence: vec![],
                    mitigation: String::new(),
                }))
                .collect(),
            aims: Aim::ALL
                .iter()
                .map(|a| AimStatement {
                    aim: *a,
                    how: format!("The specification addresses {}", a.key()),
                })
                .collect(),
            outcome: Some(Outcome::AdjustProposal),
            justification: String::new(),
            review_date: Some(date(2015, 4, 1)),
            public: true,
            assessed: Some(signed("Kate Owner", date(2013, 9, 1))),
            reviewed: Some(signed("Simon Manson", date(2013, 9, 5))),
            approved: Some(signed("Sarah Norman", date(2013, 9, 10))),
        },
    }
}

/// Text as pdftotext gives it, with runs of space and line breaks made single spaces.
fn flat(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn exported_odt_and_docx_open_in_libreoffice_with_every_section() {
    let names = Names {
        organisation: "Dudley Metropolitan Borough Council".into(),
        owner: "Kate Owner".into(),
        directorate: "Chief Executive's Directorate".into(),
        local: [(7, "Carers".to_string())].into_iter().collect(),
    };
    let doc = assessment_document(&assessment(), &names);
    let dir = std::env::temp_dir().join(format!("dueregard_export_{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("assessment.odt"), odt(&doc).unwrap()).unwrap();
    std::fs::write(dir.join("assessment-word.docx"), docx(&doc).unwrap()).unwrap();
    let status = Command::new("soffice")
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
        ])
        .arg(&dir)
        .arg(dir.join("assessment.odt"))
        .arg(dir.join("assessment-word.docx"))
        .env("HOME", &dir)
        .output()
        .unwrap_or_else(|e| {
            panic!("LibreOffice (soffice) is needed: apt install libreoffice-writer-nogui ({e})")
        });
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    // Every heading, paragraph and cell of the document, as it must appear in each PDF.
    // Headings and paragraphs must appear whole; a table cell's words may wrap within its
    // column and interleave with the next cell's, so each of its words must appear.
    let mut phrases = Vec::new();
    let mut expected = Vec::new();
    for block in &doc.blocks {
        match block {
            Block::Heading(_, t) | Block::Paragraph(t) => phrases.extend(t.lines().map(flat)),
            Block::Table(h, rows) => {
                expected.extend(h.iter().map(|c| flat(c)));
                for row in rows {
                    expected.extend(row.iter().flat_map(|c| c.lines().map(flat)));
                }
            }
        }
    }
    expected.retain(|t| !t.is_empty());
    assert!(
        phrases
            .iter()
            .any(|p| p.contains("Gaps in the information"))
    );
    assert!(
        expected
            .iter()
            .any(|t| t.contains("Keep a separate young people's service"))
    );
    for pdf in ["assessment.pdf", "assessment-word.pdf"] {
        let out = Command::new("pdftotext")
            .args(["-layout"])
            .arg(dir.join(pdf))
            .arg("-")
            .output()
            .unwrap_or_else(|e| panic!("pdftotext is needed: apt install poppler-utils ({e})"));
        let text = flat(&String::from_utf8_lossy(&out.stdout));
        // Table cells may wrap inside their column, so compare word by word in order.
        let words: String = text.split(' ').collect::<Vec<_>>().join(" ");
        for p in &phrases {
            assert!(text.contains(p.as_str()), "{pdf}: '{p}' is not in the PDF");
        }
        for t in &expected {
            let missing: Vec<&str> = t.split(' ').filter(|w| !words.contains(w)).collect();
            assert!(
                missing.is_empty(),
                "{pdf}: '{t}' is not in the PDF (missing words {missing:?})"
            );
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}
