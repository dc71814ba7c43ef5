//! The words of each message, written once and given as plain text and as HTML in the GOV.UK
//! style (inline styles: mail programs ignore style sheets). Every link is absolute.

use dueregard_formats::export::xml as escape;

/// A message's content.
#[derive(Debug, Clone, Default)]
pub struct Letter {
    pub subject: String,
    pub greeting: String,
    pub paragraphs: Vec<String>,
    /// A list, each item with the link that goes with it.
    pub items: Vec<(String, String)>,
    /// The one thing to do: its words and link.
    pub button: Option<(String, String)>,
    /// For optional mail: how to stop getting it.
    pub unsubscribe: Option<(String, String)>,
}

const BODY: &str =
    "font-family: Arial, Helvetica, sans-serif; font-size: 19px; line-height: 1.3; color: #0b0c0c;";
const LINK: &str = "color: #1d70b8; text-decoration: underline;";

impl Letter {
    pub fn text(&self) -> String {
        let mut out = format!("{}\n\n", self.greeting);
        for p in &self.paragraphs {
            out.push_str(p);
            out.push_str("\n\n");
        }
        for (item, link) in &self.items {
            out.push_str(&format!("* {item}\n  {link}\n"));
        }
        if !self.items.is_empty() {
            out.push('\n');
        }
        if let Some((words, link)) = &self.button {
            out.push_str(&format!("{words}:\n{link}\n\n"));
        }
        out.push_str("Due Regard\n");
        if let Some((words, link)) = &self.unsubscribe {
            out.push_str(&format!("\n{words}: {link}\n"));
        }
        out
    }

    pub fn html(&self) -> String {
        let mut out = format!(
            "<!DOCTYPE html><html lang=\"en-GB\"><head><meta charset=\"utf-8\"><title>{}</title></head>\
             <body style=\"margin: 0; {BODY}\"><div style=\"background: #0b0c0c; color: #ffffff; padding: 10px 20px; font-weight: bold;\">Due Regard</div>\
             <div style=\"padding: 20px; max-width: 580px;\"><p style=\"{BODY}\">{}</p>",
            escape(&self.subject),
            escape(&self.greeting)
        );
        for p in &self.paragraphs {
            out.push_str(&format!("<p style=\"{BODY}\">{}</p>", escape(p)));
        }
        if !self.items.is_empty() {
            out.push_str(&format!("<ul style=\"{BODY}\">"));
            for (item, link) in &self.items {
                out.push_str(&format!(
                    "<li><a style=\"{LINK}\" href=\"{}\">{}</a></li>",
                    escape(link),
                    escape(item)
                ));
            }
            out.push_str("</ul>");
        }
        if let Some((words, link)) = &self.button {
            out.push_str(&format!(
                "<p style=\"{BODY}\"><a href=\"{}\" style=\"display: inline-block; background: #00703c; color: #ffffff; padding: 8px 10px; text-decoration: none; font-weight: bold;\">{}</a></p>",
                escape(link),
                escape(words)
            ));
        }
        if let Some((words, link)) = &self.unsubscribe {
            out.push_str(&format!(
                "<p style=\"font-family: Arial, Helvetica, sans-serif; font-size: 16px; color: #505a5f;\"><a style=\"{LINK}\" href=\"{}\">{}</a></p>",
                escape(link),
                escape(words)
            ));
        }
        out.push_str("</div></body></html>");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_escaped_in_html_and_kept_in_text() {
        let letter = Letter {
            subject: "Updates <due>".into(),
            greeting: "Dear Sam & Jo".into(),
            paragraphs: vec!["Please \"update\"".into()],
            items: vec![("CE1 (2) <b>".into(), "https://x.example/a?b=1&c=2".into())],
            button: Some(("Update".into(), "https://x.example/u".into())),
            unsubscribe: Some(("Stop these".into(), "https://x.example/s".into())),
        };
        let html = letter.html();
        assert!(html.contains("Dear Sam &amp; Jo"));
        assert!(html.contains("CE1 (2) &lt;b&gt;"));
        assert!(html.contains("href=\"https://x.example/a?b=1&amp;c=2\""));
        assert!(!html.contains("<b>"));
        let text = letter.text();
        assert!(text.contains("Dear Sam & Jo"));
        assert!(text.contains("* CE1 (2) <b>\n  https://x.example/a?b=1&c=2"));
        assert!(text.contains("Stop these: https://x.example/s"));
    }
}
