//! A report (the core's one report model) as a tagged PDF that conforms to PDF/UA-1, typeset
//! in-process with Typst. The report becomes Typst markup (`markup.rs`), which Typst lays out and
//! writes with a structure tree: headings, tables with header cells, figures with their
//! alternative text, the document's title and language, and the fonts embedded.
//!
//! The fonts are DejaVu Sans, shipped in `fonts/` with their licence; nothing is read from the
//! machine, so a PDF looks the same wherever it is made.
#![forbid(unsafe_code)]

mod markup;

use dueregard_core::report::Report;
use std::sync::OnceLock;
use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, Source};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;

pub use markup::markup;

/// Why a report could not be made into a PDF. Reports are built by Due Regard, so this means a
/// fault of ours, not of the user's input; the message says what Typst reported.
#[derive(Debug)]
pub struct PdfError(pub String);

impl std::fmt::Display for PdfError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the report could not be made into a PDF: {}", self.0)
    }
}

impl std::error::Error for PdfError {}

impl PdfError {
    fn from_typst(errors: typst::ecow::EcoVec<typst::diag::SourceDiagnostic>) -> PdfError {
        let said: Vec<String> = errors.iter().map(|e| e.message.to_string()).collect();
        PdfError(said.join("; "))
    }
}

/// What every PDF shares: Typst's standard library and the embedded fonts, made once.
struct Shared {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

fn shared() -> &'static Shared {
    static SHARED: OnceLock<Shared> = OnceLock::new();
    SHARED.get_or_init(|| {
        let fonts: Vec<Font> = [
            &include_bytes!("../fonts/DejaVuSans.ttf")[..],
            &include_bytes!("../fonts/DejaVuSans-Bold.ttf")[..],
        ]
        .into_iter()
        .flat_map(|data| Font::iter(Bytes::new(data)))
        .collect();
        Shared {
            library: LazyHash::new(Library::builder().build()),
            book: LazyHash::new(FontBook::from_fonts(&fonts)),
            fonts,
        }
    })
}

/// One PDF being made: the markup is its only file.
struct Job {
    shared: &'static Shared,
    main: Source,
    today: Option<Datetime>,
}

impl World for Job {
    fn library(&self) -> &LazyHash<Library> {
        &self.shared.library
    }
    fn book(&self) -> &LazyHash<FontBook> {
        &self.shared.book
    }
    fn main(&self) -> FileId {
        self.main.id()
    }
    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }
    fn file(&self, _id: FileId) -> FileResult<Bytes> {
        // A report carries everything it shows (charts are written into the markup).
        Err(FileError::AccessDenied)
    }
    fn font(&self, index: usize) -> Option<Font> {
        self.shared.fonts.get(index).cloned()
    }
    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        self.today
    }
}

/// The report as a tagged PDF conforming to PDF/UA-1.
pub fn pdf(report: &Report) -> Result<Vec<u8>, PdfError> {
    let d = report.data_date;
    let job = Job {
        shared: shared(),
        main: Source::detached(markup(report)),
        today: Datetime::from_ymd(i32::from(d.year()), d.month() as u8, d.day() as u8),
    };
    let compiled = typst::compile::<PagedDocument>(&job);
    // Typst keeps what it worked out for the next run; keep only what recent runs used, so a
    // long-running server does not grow with every report.
    typst::comemo::evict(10);
    let document = compiled.output.map_err(PdfError::from_typst)?;
    let standards = typst_pdf::PdfStandards::new(&[typst_pdf::PdfStandard::Ua_1])
        .map_err(|e| PdfError(e.message().to_string()))?;
    let options = typst_pdf::PdfOptions {
        ident: typst::foundations::Smart::Custom(format!(
            "{}/{}/{}",
            report.organisation, report.title, report.covering
        )),
        creator: typst::foundations::Smart::Custom(Some("Due Regard".into())),
        standards,
        ..Default::default()
    };
    typst_pdf::pdf(&document, &options).map_err(PdfError::from_typst)
}
