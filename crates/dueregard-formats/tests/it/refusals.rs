//! Bad input gets a clear error, never a panic, and never a half-read plan.

use crate::documents;
use dueregard_formats::import::ImportError;
use dueregard_formats::import::document::{PlanOptions, read_objectives, read_plan};
use std::io::Write;

fn refused(bytes: &[u8], name: &str) -> ImportError {
    match read_plan(bytes, name, &PlanOptions::default()) {
        Err(e) => {
            assert!(!e.to_string().is_empty());
            e
        }
        Ok(plan) => panic!("{name} was read: {plan:?}"),
    }
}

fn docx() -> Vec<u8> {
    documents::docx(&crate::demo("dudley.json"))
}

#[test]
fn empty_and_junk_files() {
    assert_eq!(refused(b"", "plan.txt"), ImportError::Empty);
    assert_eq!(refused(b"  \r\n ", "plan.docx"), ImportError::Empty);
    let junk: Vec<u8> = (0..4096u32).map(|i| (i * 7919 % 251) as u8).collect();
    assert_eq!(refused(&junk, "plan.txt"), ImportError::Binary);
    assert_eq!(refused(&junk, "plan.docx"), ImportError::Damaged);
    assert!(
        matches!(refused(b"%PDF-1.7 ...", "plan.pdf"), ImportError::Unsupported(m) if m.contains("PDF"))
    );
}

#[test]
fn truncated_office_files() {
    let whole = docx();
    for cut in [whole.len() / 2, whole.len() - 30, 100] {
        assert_eq!(
            refused(&whole[..cut], "plan.docx"),
            ImportError::Damaged,
            "cut at {cut}"
        );
    }
    let xlsx = documents::xlsx(&crate::demo("dudley.json"));
    assert_eq!(
        refused(&xlsx[..xlsx.len() / 2], "plan.xlsx"),
        ImportError::Damaged
    );
    let e = refused(&whole[..whole.len() / 2], "plan.docx").to_string();
    assert!(e.contains("damaged or only partly copied"), "{e}");
}

/// A password-protected Word file, saved by msoffcrypto-tool (see
/// scripts/make-import-fixtures.sh), and the older protected kind of Office file.
#[test]
fn password_protected_files() {
    let bytes = std::fs::read(format!(
        "{}/tests/fixtures/dudley-plan-protected.docx",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let e = refused(&bytes, "dudley-plan-protected.docx");
    assert_eq!(e, ImportError::Encrypted);
    assert!(e.to_string().contains("remove the password"));
}

#[test]
fn a_zip_bomb_is_not_unpacked() {
    // 80 MB of one byte packs into about 80 KB.
    let mut out = std::io::Cursor::new(Vec::new());
    let mut z = zip::ZipWriter::new(&mut out);
    z.start_file(
        "word/document.xml",
        zip::write::SimpleFileOptions::default(),
    )
    .unwrap();
    let block = vec![b' '; 1 << 20];
    for _ in 0..80 {
        z.write_all(&block).unwrap();
    }
    z.finish().unwrap();
    let bomb = out.into_inner();
    assert!(bomb.len() < 1 << 20);
    assert_eq!(refused(&bomb, "plan.docx"), ImportError::ZipBomb);
    let mut out = std::io::Cursor::new(Vec::new());
    let mut z = zip::ZipWriter::new(&mut out);
    z.start_file("xl/workbook.xml", zip::write::SimpleFileOptions::default())
        .unwrap();
    z.write_all(b"<workbook/>").unwrap();
    z.start_file(
        "xl/worksheets/sheet1.xml",
        zip::write::SimpleFileOptions::default(),
    )
    .unwrap();
    for _ in 0..80 {
        z.write_all(&block).unwrap();
    }
    z.finish().unwrap();
    assert_eq!(
        refused(&out.into_inner(), "plan.xlsx"),
        ImportError::ZipBomb
    );
}

#[test]
fn a_spreadsheet_with_no_header_says_what_it_found() {
    let e = refused(b"Colour,Size\nRed,Large\n", "plan.csv");
    assert_eq!(
        e,
        ImportError::NoHeader {
            found: "Colour | Size".into()
        }
    );
    assert!(e.to_string().contains("Objective, Action, Lead officer"));
}

#[test]
fn a_100_mb_file_is_refused_before_it_is_read() {
    let big = vec![b'a'; 100 * 1024 * 1024];
    assert!(matches!(
        refused(&big, "plan.txt"),
        ImportError::TooLarge { .. }
    ));
}

#[test]
fn objectives_are_not_read_from_spreadsheets() {
    let xlsx = documents::xlsx(&crate::demo("dudley.json"));
    assert!(matches!(
        read_objectives(&xlsx, "plan.xlsx"),
        Err(ImportError::Unsupported(m)) if m.contains("Excel")
    ));
}
