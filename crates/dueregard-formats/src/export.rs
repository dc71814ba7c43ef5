//! Writing documents people open in Word or LibreOffice: OpenDocument text (ODT) and DOCX from
//! one simple model of headings, paragraphs and tables. Headings are real headings and tables
//! have header rows, so the files stay accessible.

use std::io::Write;

/// A block of a document.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A heading; level 1 is the document's title.
    Heading(u8, String),
    Paragraph(String),
    /// A table: the header row, then the rows.
    Table(Vec<String>, Vec<Vec<String>>),
}

/// A document: its title (in the file's properties too) and its blocks.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub title: String,
    pub blocks: Vec<Block>,
}

/// Text escaped for XML and HTML (double-quoted attributes included).
pub fn xml(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

pub(crate) fn zip(parts: &[(&str, String)]) -> std::io::Result<Vec<u8>> {
    let mut out = std::io::Cursor::new(Vec::new());
    let mut z = zip::ZipWriter::new(&mut out);
    for (name, body) in parts {
        // OpenDocument wants its mimetype first and stored, not compressed.
        let options = if *name == "mimetype" {
            zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Stored)
        } else {
            zip::write::SimpleFileOptions::default()
        };
        z.start_file(*name, options)
            .map_err(std::io::Error::other)?;
        z.write_all(body.as_bytes())?;
    }
    z.finish().map_err(std::io::Error::other)?;
    Ok(out.into_inner())
}

/// The document as OpenDocument text.
pub fn odt(doc: &Document) -> std::io::Result<Vec<u8>> {
    let mut body = String::new();
    for (t, block) in doc.blocks.iter().enumerate() {
        match block {
            Block::Heading(level, text) => body.push_str(&format!(
                "<text:h text:style-name=\"Heading_20_{level}\" text:outline-level=\"{level}\">{}</text:h>",
                xml(text)
            )),
            Block::Paragraph(text) => {
                for line in text.lines() {
                    body.push_str(&format!("<text:p text:style-name=\"Text_20_body\">{}</text:p>", xml(line)));
                }
            }
            Block::Table(header, rows) => {
                let columns = header.len().max(1);
                body.push_str(&format!(
                    "<table:table table:name=\"Table{}\"><table:table-column table:number-columns-repeated=\"{columns}\"/><table:table-header-rows><table:table-row>",
                    t + 1
                ));
                for h in header {
                    body.push_str(&format!("<table:table-cell office:value-type=\"string\"><text:p>{}</text:p></table:table-cell>", xml(h)));
                }
                body.push_str("</table:table-row></table:table-header-rows>");
                for row in rows {
                    body.push_str("<table:table-row>");
                    for cell in row.iter().chain(std::iter::repeat(&String::new())).take(columns) {
                        body.push_str("<table:table-cell office:value-type=\"string\">");
                        for line in cell.lines() {
                            body.push_str(&format!("<text:p>{}</text:p>", xml(line)));
                        }
                        if cell.is_empty() {
                            body.push_str("<text:p/>");
                        }
                        body.push_str("</table:table-cell>");
                    }
                    body.push_str("</table:table-row>");
                }
                body.push_str("</table:table>");
            }
        }
    }
    let ns = "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\" xmlns:fo=\"urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:meta=\"urn:oasis:names:tc:opendocument:xmlns:meta:1.0\" office:version=\"1.3\"";
    let content = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-content {ns}><office:body><office:text>{body}</office:text></office:body></office:document-content>"
    );
    let styles = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-styles {ns}><office:styles><style:default-style style:family=\"paragraph\"><style:text-properties style:font-name=\"Arial\" fo:font-family=\"Arial\" fo:font-size=\"12pt\" fo:language=\"en\" fo:country=\"GB\"/></style:default-style><style:style style:name=\"Text_20_body\" style:display-name=\"Text body\" style:family=\"paragraph\"><style:paragraph-properties fo:margin-bottom=\"0.2cm\"/></style:style><style:style style:name=\"Heading_20_1\" style:display-name=\"Heading 1\" style:family=\"paragraph\" style:default-outline-level=\"1\"><style:text-properties fo:font-size=\"20pt\" fo:font-weight=\"bold\"/></style:style><style:style style:name=\"Heading_20_2\" style:display-name=\"Heading 2\" style:family=\"paragraph\" style:default-outline-level=\"2\"><style:text-properties fo:font-size=\"16pt\" fo:font-weight=\"bold\"/></style:style><style:style style:name=\"Heading_20_3\" style:display-name=\"Heading 3\" style:family=\"paragraph\" style:default-outline-level=\"3\"><style:text-properties fo:font-size=\"13pt\" fo:font-weight=\"bold\"/></style:style></office:styles></office:document-styles>"
    );
    let meta = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-meta {ns}><office:meta><dc:title>{}</dc:title><dc:language>en-GB</dc:language><meta:generator>Due Regard</meta:generator></office:meta></office:document-meta>",
        xml(&doc.title)
    );
    zip(&[
        ("mimetype", "application/vnd.oasis.opendocument.text".into()),
        ("META-INF/manifest.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.3\"><manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"application/vnd.oasis.opendocument.text\"/><manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/><manifest:file-entry manifest:full-path=\"styles.xml\" manifest:media-type=\"text/xml\"/><manifest:file-entry manifest:full-path=\"meta.xml\" manifest:media-type=\"text/xml\"/></manifest:manifest>".into()),
        ("content.xml", content),
        ("styles.xml", styles),
        ("meta.xml", meta),
    ])
}

/// The document as DOCX (Office Open XML).
pub fn docx(doc: &Document) -> std::io::Result<Vec<u8>> {
    let run = |text: &str| format!("<w:r><w:t xml:space=\"preserve\">{}</w:t></w:r>", xml(text));
    let para = |style: Option<&str>, text: &str| {
        let style = style.map_or(String::new(), |s| {
            format!("<w:pPr><w:pStyle w:val=\"{s}\"/></w:pPr>")
        });
        format!("<w:p>{style}{}</w:p>", run(text))
    };
    let mut body = String::new();
    for block in &doc.blocks {
        match block {
            Block::Heading(level, text) => {
                body.push_str(&para(Some(&format!("Heading{level}")), text));
            }
            Block::Paragraph(text) => {
                for line in text.lines() {
                    body.push_str(&para(None, line));
                }
            }
            Block::Table(header, rows) => {
                let columns = header.len().max(1);
                body.push_str("<w:tbl><w:tblPr><w:tblStyle w:val=\"TableGrid\"/><w:tblW w:w=\"5000\" w:type=\"pct\"/><w:tblBorders><w:top w:val=\"single\" w:sz=\"4\"/><w:left w:val=\"single\" w:sz=\"4\"/><w:bottom w:val=\"single\" w:sz=\"4\"/><w:right w:val=\"single\" w:sz=\"4\"/><w:insideH w:val=\"single\" w:sz=\"4\"/><w:insideV w:val=\"single\" w:sz=\"4\"/></w:tblBorders></w:tblPr><w:tblGrid>");
                // Each column wide enough for its longest word, so no word is broken.
                let longest = |c: usize| {
                    std::iter::once(header.get(c))
                        .chain(rows.iter().map(|r| r.get(c)))
                        .flatten()
                        .flat_map(|cell| cell.split_whitespace())
                        .map(|w| w.chars().count())
                        .max()
                        .unwrap_or(1)
                        .clamp(6, 30)
                };
                let weights: Vec<usize> = (0..columns).map(longest).collect();
                let total: usize = weights.iter().sum();
                for w in &weights {
                    body.push_str(&format!("<w:gridCol w:w=\"{}\"/>", 9600 * w / total.max(1)));
                }
                body.push_str("</w:tblGrid><w:tr><w:trPr><w:tblHeader/></w:trPr>");
                for h in header {
                    body.push_str(&format!("<w:tc><w:p><w:r><w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p></w:tc>", xml(h)));
                }
                body.push_str("</w:tr>");
                for row in rows {
                    body.push_str("<w:tr>");
                    for cell in row
                        .iter()
                        .chain(std::iter::repeat(&String::new()))
                        .take(columns)
                    {
                        body.push_str("<w:tc>");
                        let mut any = false;
                        for line in cell.lines() {
                            body.push_str(&para(None, line));
                            any = true;
                        }
                        if !any {
                            body.push_str("<w:p/>");
                        }
                        body.push_str("</w:tc>");
                    }
                    body.push_str("</w:tr>");
                }
                body.push_str("</w:tbl><w:p/>");
            }
        }
    }
    let w = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"";
    let heading = |level: u8, size: u8| {
        format!(
            "<w:style w:type=\"paragraph\" w:styleId=\"Heading{level}\"><w:name w:val=\"heading {level}\"/><w:basedOn w:val=\"Normal\"/><w:pPr><w:keepNext/><w:outlineLvl w:val=\"{}\"/></w:pPr><w:rPr><w:b/><w:sz w:val=\"{size}\"/></w:rPr></w:style>",
            level - 1
        )
    };
    let styles = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w:styles {w}><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii=\"Arial\" w:hAnsi=\"Arial\" w:cs=\"Arial\"/><w:sz w:val=\"24\"/><w:lang w:val=\"en-GB\"/></w:rPr></w:rPrDefault></w:docDefaults><w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:pPr><w:spacing w:after=\"120\"/></w:pPr></w:style>{}{}{}<w:style w:type=\"table\" w:styleId=\"TableGrid\"><w:name w:val=\"Table Grid\"/></w:style></w:styles>",
        heading(1, 40),
        heading(2, 32),
        heading(3, 26)
    );
    zip(&[
        ("[Content_Types].xml", "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/><Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/><Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/></Types>".into()),
        ("_rels/.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/><Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/></Relationships>".into()),
        ("word/_rels/document.xml.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/></Relationships>".into()),
        ("word/document.xml", format!("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w:document {w}><w:body>{body}<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"1134\" w:right=\"1134\" w:bottom=\"1134\" w:left=\"1134\" w:header=\"709\" w:footer=\"709\" w:gutter=\"0\"/></w:sectPr></w:body></w:document>")),
        ("word/styles.xml", styles),
        ("docProps/core.xml", format!("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>{}</dc:title><dc:language>en-GB</dc:language></cp:coreProperties>", xml(&doc.title))),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn our_own_readers_read_what_we_write() {
        let doc = Document {
            title: "Test & check".into(),
            blocks: vec![
                Block::Heading(1, "Title <one>".into()),
                Block::Paragraph("First line\nSecond line".into()),
                Block::Table(
                    vec!["Group".into(), "Impact".into()],
                    vec![vec!["Age".into(), "Negative".into()]],
                ),
            ],
        };
        for (bytes, name) in [
            (docx(&doc).unwrap_or_default(), "d.docx"),
            (odt(&doc).unwrap_or_default(), "d.odt"),
        ] {
            let kind = crate::import::document::kind(&bytes, name).ok();
            let lines = kind
                .and_then(|k| crate::import::document::text_lines(&bytes, k).ok())
                .map(|l| l.lines.join("\n"))
                .unwrap_or_default();
            assert!(lines.contains("Title <one>"), "{name}: {lines}");
            assert!(lines.contains("Second line"), "{name}");
            assert!(lines.contains("Age\tNegative"), "{name}: {lines}");
        }
    }
}
