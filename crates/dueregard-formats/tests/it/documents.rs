//! Word, Excel and CSV versions of the Dudley plan (seed 004), built from the demo data the way
//! an office suite lays them out: the objective cell merged down its actions, a shared outcome
//! merged down the rows it serves, priorities written across the table.

use serde_json::Value;
use std::io::Write;

pub struct Row {
    pub objective: Option<String>,
    pub action: String,
    pub leads: Vec<String>,
    /// `None` when the cell is merged with the one above.
    pub target: Option<String>,
    pub outcome: Option<String>,
    pub first_of_objective: bool,
}

pub enum Item {
    Priority(String),
    Row(Row),
}

fn strs(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str())
                .map(String::from)
                .collect()
        })
        .unwrap_or_default()
}

pub fn items(plan: &Value) -> Vec<Item> {
    let mut out = Vec::new();
    for p in plan["priorities"].as_array().into_iter().flatten() {
        out.push(Item::Priority(format!(
            "Priority {}. {}",
            p["number"],
            p["title"].as_str().unwrap_or("")
        )));
        for o in p["objectives"].as_array().into_iter().flatten() {
            let mut objective = format!(
                "{}. {}",
                o["code"].as_str().unwrap_or(""),
                o["title"].as_str().unwrap_or("")
            );
            let leads = strs(&o["leads"]);
            if !leads.is_empty() {
                objective = format!("{objective} ({})", leads.join("/"));
            }
            let mut previous_target = None;
            for (i, a) in o["actions"].as_array().into_iter().flatten().enumerate() {
                let target = a["target"].as_str().unwrap_or("").to_string();
                let merged_target = i > 0 && previous_target.as_deref() == Some(target.as_str());
                previous_target = Some(target.clone());
                let text = match a["number"].as_i64() {
                    Some(n) => format!("({n}) {}", a["text"].as_str().unwrap_or("")),
                    None => a["text"].as_str().unwrap_or("").to_string(),
                };
                out.push(Item::Row(Row {
                    objective: (i == 0).then(|| objective.clone()),
                    action: text,
                    leads: strs(&a["leads"]),
                    target: (!merged_target).then_some(target),
                    outcome: match a["outcome"].as_str() {
                        Some("same") => None,
                        Some(t) => Some(t.to_string()),
                        None => Some(String::new()),
                    },
                    first_of_objective: i == 0,
                }));
            }
        }
    }
    out
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

pub fn zip(parts: &[(&str, String)]) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    let mut z = zip::ZipWriter::new(&mut out);
    for (name, body) in parts {
        // OpenDocument wants its mimetype first and stored.
        let options = if *name == "mimetype" {
            zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Stored)
        } else {
            zip::write::SimpleFileOptions::default()
        };
        z.start_file(*name, options).unwrap();
        z.write_all(body.as_bytes()).unwrap();
    }
    z.finish().unwrap();
    out.into_inner()
}

pub fn key_lines(demo: &Value) -> String {
    demo["people"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| {
            Some(format!(
                "{} – {}",
                p["initials"].as_str()?,
                p["name"].as_str()?
            ))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// A DOCX of the plan: title, table (merged cells as Word writes them), key and glossary.
pub fn docx(demo: &Value) -> Vec<u8> {
    let plan = &demo["plans"][0];
    let p = |text: &str| {
        format!(
            "<w:p><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
            esc(text)
        )
    };
    let cell = |text: &str, merge: &str, span: usize| {
        let span = if span > 1 {
            format!("<w:gridSpan w:val=\"{span}\"/>")
        } else {
            String::new()
        };
        format!(
            "<w:tc><w:tcPr><w:tcW w:w=\"2000\" w:type=\"dxa\"/>{span}{merge}</w:tcPr>{}</w:tc>",
            p(text)
        )
    };
    let mut body = p(plan["title"].as_str().unwrap_or(""));
    body.push_str("<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/></w:tblPr><w:tblGrid><w:gridCol w:w=\"2000\"/><w:gridCol w:w=\"2000\"/><w:gridCol w:w=\"2000\"/><w:gridCol w:w=\"2000\"/></w:tblGrid>");
    body.push_str("<w:tr>");
    for h in [
        "Objective",
        "Detailed action/target (and lead officer)",
        "Target date/ milestones",
        "Planned outcome/performance indicator",
    ] {
        body.push_str(&cell(h, "", 1));
    }
    body.push_str("</w:tr>");
    for item in items(plan) {
        body.push_str("<w:tr>");
        match item {
            Item::Priority(t) => body.push_str(&cell(&t, "", 4)),
            Item::Row(r) => {
                let restart = "<w:vMerge w:val=\"restart\"/>";
                let cont = "<w:vMerge/>";
                match &r.objective {
                    Some(o) => body.push_str(&cell(o, restart, 1)),
                    None => body.push_str(&cell("", cont, 1)),
                }
                let action = if r.leads.is_empty() {
                    r.action.clone()
                } else {
                    format!("{} ({})", r.action, r.leads.join("/"))
                };
                body.push_str(&cell(&action, "", 1));
                match &r.target {
                    Some(t) => body.push_str(&cell(t, restart, 1)),
                    None => body.push_str(&cell("", cont, 1)),
                }
                match &r.outcome {
                    Some(t) => body.push_str(&cell(t, restart, 1)),
                    None => body.push_str(&cell("", cont, 1)),
                }
            }
        }
        body.push_str("</w:tr>");
    }
    body.push_str("</w:tbl>");
    body.push_str(&p("Lead officers for actions"));
    body.push_str(&p(&key_lines(demo)));
    body.push_str(&p("Glossary"));
    for g in plan["glossary"].as_array().into_iter().flatten() {
        body.push_str(&p(&format!(
            "{} – {}",
            g[0].as_str().unwrap_or(""),
            g[1].as_str().unwrap_or("")
        )));
    }
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}<w:sectPr/></w:body></w:document>"
    );
    zip(&[
        ("[Content_Types].xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>".to_string()),
        ("_rels/.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>".to_string()),
        ("word/document.xml", document),
    ])
}

fn col(i: usize) -> char {
    (b'A' + i as u8) as char
}

fn sheet_xml(rows: &[Vec<String>], merges: &[String]) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>",
    );
    for (r, row) in rows.iter().enumerate() {
        s.push_str(&format!("<row r=\"{}\">", r + 1));
        for (c, v) in row.iter().enumerate() {
            if !v.is_empty() {
                s.push_str(&format!(
                    "<c r=\"{}{}\" t=\"inlineStr\"><is><t xml:space=\"preserve\">{}</t></is></c>",
                    col(c),
                    r + 1,
                    esc(v)
                ));
            }
        }
        s.push_str("</row>");
    }
    s.push_str("</sheetData>");
    if !merges.is_empty() {
        s.push_str(&format!("<mergeCells count=\"{}\">", merges.len()));
        for m in merges {
            s.push_str(&format!("<mergeCell ref=\"{m}\"/>"));
        }
        s.push_str("</mergeCells>");
    }
    s.push_str("</worksheet>");
    s
}

/// An XLSX of the plan with a separate lead column, merged cells, and the key and glossary on
/// sheets of their own.
pub fn xlsx(demo: &Value) -> Vec<u8> {
    let plan = &demo["plans"][0];
    let mut rows: Vec<Vec<String>> = vec![
        vec![plan["title"].as_str().unwrap_or("").to_string()],
        [
            "Objective",
            "Detailed action",
            "Lead officer",
            "Target date/ milestones",
            "Planned outcome/performance indicator",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect(),
    ];
    let mut merges = Vec::new();
    // Where the merged objective, target and outcome cells start.
    let (mut objective_from, mut target_from, mut outcome_from) = (0usize, 0usize, 0usize);
    let close = |merges: &mut Vec<String>, c: usize, from: usize, to: usize| {
        if from > 0 && to > from {
            merges.push(format!("{}{}:{}{}", col(c), from, col(c), to));
        }
    };
    for item in items(plan) {
        let n = rows.len() + 1;
        match item {
            Item::Priority(t) => {
                close(&mut merges, 0, objective_from, n - 1);
                close(&mut merges, 3, target_from, n - 1);
                close(&mut merges, 4, outcome_from, n - 1);
                objective_from = 0;
                target_from = 0;
                outcome_from = 0;
                merges.push(format!("A{n}:E{n}"));
                rows.push(vec![t]);
            }
            Item::Row(r) => {
                if r.first_of_objective {
                    close(&mut merges, 0, objective_from, n - 1);
                    objective_from = n;
                }
                if r.target.is_some() {
                    close(&mut merges, 3, target_from, n - 1);
                    target_from = n;
                }
                if r.outcome.is_some() {
                    close(&mut merges, 4, outcome_from, n - 1);
                    outcome_from = n;
                }
                rows.push(vec![
                    r.objective.clone().unwrap_or_default(),
                    r.action.clone(),
                    r.leads.join("/"),
                    r.target.clone().unwrap_or_default(),
                    r.outcome.clone().unwrap_or_default(),
                ]);
            }
        }
    }
    close(&mut merges, 0, objective_from, rows.len());
    close(&mut merges, 3, target_from, rows.len());
    close(&mut merges, 4, outcome_from, rows.len());
    let key: Vec<Vec<String>> = demo["people"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| {
            Some(vec![
                p["initials"].as_str()?.to_string(),
                p["name"].as_str()?.to_string(),
            ])
        })
        .collect();
    let glossary: Vec<Vec<String>> = plan["glossary"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|g| {
            vec![
                g[0].as_str().unwrap_or("").to_string(),
                g[1].as_str().unwrap_or("").to_string(),
            ]
        })
        .collect();
    let ns = "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"";
    zip(&[
        ("[Content_Types].xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/><Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/><Override PartName=\"/xl/worksheets/sheet2.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/><Override PartName=\"/xl/worksheets/sheet3.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/></Types>".to_string()),
        ("_rels/.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>".to_string()),
        ("xl/workbook.xml", format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook {ns}><sheets><sheet name=\"Action plan\" sheetId=\"1\" r:id=\"rId1\"/><sheet name=\"Lead officers\" sheetId=\"2\" r:id=\"rId2\"/><sheet name=\"Glossary\" sheetId=\"3\" r:id=\"rId3\"/></sheets></workbook>")),
        ("xl/_rels/workbook.xml.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet2.xml\"/><Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet3.xml\"/></Relationships>".to_string()),
        ("xl/worksheets/sheet1.xml", sheet_xml(&rows, &merges)),
        ("xl/worksheets/sheet2.xml", sheet_xml(&key, &[])),
        ("xl/worksheets/sheet3.xml", sheet_xml(&glossary, &[])),
    ])
}

/// A CSV of the plan in the other common shape: one column per part, codes and numbers apart,
/// the priority repeated on every row, leads by name.
pub fn csv(demo: &Value) -> String {
    let plan = &demo["plans"][0];
    let name = |i: &str| {
        demo["people"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|p| p["initials"].as_str() == Some(i))
            .and_then(|p| p["name"].as_str())
            .unwrap_or(i)
            .to_string()
    };
    let q = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
    let mut out = String::from(
        "Priority,Ref,Objective,No.,Action,Responsible officer,Target date,Outcome\r\n",
    );
    for p in plan["priorities"].as_array().into_iter().flatten() {
        let priority = format!("{}. {}", p["number"], p["title"].as_str().unwrap_or(""));
        for o in p["objectives"].as_array().into_iter().flatten() {
            let leads: Vec<String> = strs(&o["leads"]).iter().map(|i| name(i)).collect();
            let mut objective = o["title"].as_str().unwrap_or("").to_string();
            if !leads.is_empty() {
                objective = format!("{objective} ({})", strs(&o["leads"]).join("/"));
            }
            let mut previous_outcome = String::new();
            for a in o["actions"].as_array().into_iter().flatten() {
                let outcome = match a["outcome"].as_str() {
                    Some("same") => String::new(),
                    Some(t) => t.to_string(),
                    None => String::new(),
                };
                if !outcome.is_empty() {
                    previous_outcome = outcome.clone();
                }
                let _ = &previous_outcome;
                let leads: Vec<String> = strs(&a["leads"]).iter().map(|i| name(i)).collect();
                out.push_str(
                    &[
                        q(&priority),
                        q(o["code"].as_str().unwrap_or("")),
                        q(&objective),
                        a["number"]
                            .as_i64()
                            .map(|n| n.to_string())
                            .unwrap_or_default(),
                        q(a["text"].as_str().unwrap_or("")),
                        q(&leads.join("; ")),
                        q(a["target"].as_str().unwrap_or("")),
                        q(&outcome),
                    ]
                    .join(","),
                );
                out.push_str("\r\n");
            }
        }
    }
    out
}
