//! iCalendar (RFC 5545) feeds of all-day events: statutory deadlines, update due dates,
//! assessment reviews, meetings and the cultural and civic dates. Lines end in CRLF, are folded
//! at 75 octets without splitting a character, and text is escaped (§3.3.11).

use jiff::ToSpan;
use jiff::civil::Date;

/// One all-day event, or several days.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// Stable across fetches, so a calendar program updates the event rather than adding it again.
    pub uid: String,
    pub first: Date,
    pub last: Date,
    pub summary: String,
    pub description: String,
    /// An absolute address for more about it.
    pub url: Option<String>,
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends one content line, folded so that no line is longer than 75 octets.
fn line(out: &mut String, content: &str) {
    let mut width = 0;
    for c in content.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
}

fn day(d: Date) -> String {
    d.strftime("%Y%m%d").to_string()
}

/// A calendar named `name`, its events stamped with `stamp` (UTC, as `YYYYMMDDTHHMMSSZ`).
pub fn calendar(name: &str, events: &[Event], stamp: &str) -> String {
    let mut out = String::new();
    line(&mut out, "BEGIN:VCALENDAR");
    line(&mut out, "VERSION:2.0");
    line(&mut out, "PRODID:-//Due Regard//Equality duty calendar//EN");
    line(&mut out, "CALSCALE:GREGORIAN");
    line(&mut out, "METHOD:PUBLISH");
    line(&mut out, &format!("X-WR-CALNAME:{}", escape(name)));
    for e in events {
        line(&mut out, "BEGIN:VEVENT");
        line(&mut out, &format!("UID:{}", escape(&e.uid)));
        line(&mut out, &format!("DTSTAMP:{stamp}"));
        line(&mut out, &format!("DTSTART;VALUE=DATE:{}", day(e.first)));
        // The end of an all-day event is the day after its last (it is not included).
        let end = e.last.max(e.first).checked_add(1.day()).unwrap_or(e.last);
        line(&mut out, &format!("DTEND;VALUE=DATE:{}", day(end)));
        line(&mut out, &format!("SUMMARY:{}", escape(&e.summary)));
        if !e.description.is_empty() {
            line(&mut out, &format!("DESCRIPTION:{}", escape(&e.description)));
        }
        if let Some(url) = &e.url {
            line(&mut out, &format!("URL:{url}"));
        }
        line(&mut out, "TRANSP:TRANSPARENT");
        line(&mut out, "END:VEVENT");
    }
    line(&mut out, "END:VCALENDAR");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn lines_are_folded_escaped_and_end_in_crlf() {
        let long = "Équité; égalité, \\ «fraternité» ".repeat(6);
        let text = calendar(
            "Dudley, deadlines",
            &[Event {
                uid: "deadline-1@dueregard".into(),
                first: date(2027, 3, 31),
                last: date(2027, 3, 31),
                summary: long.clone(),
                description: "Line one\nline two".into(),
                url: Some("https://equality.example/compliance".into()),
            }],
            "20261202T080000Z",
        );
        assert!(text.ends_with("END:VCALENDAR\r\n"));
        assert!(!text.replace("\r\n", "").contains('\n'), "bare line feeds");
        for l in text.split("\r\n") {
            assert!(l.len() <= 75, "{} octets: {l}", l.len());
        }
        let unfolded = text.replace("\r\n ", "");
        assert!(unfolded.contains("X-WR-CALNAME:Dudley\\, deadlines\r\n"));
        assert!(unfolded.contains(&format!(
            "SUMMARY:{}\r\n",
            long.replace('\\', "\\\\").replace(';', "\\;").replace(',', "\\,")
        )));
        assert!(unfolded.contains("DESCRIPTION:Line one\\nline two\r\n"));
        assert!(unfolded.contains("DTSTART;VALUE=DATE:20270331\r\nDTEND;VALUE=DATE:20270401\r\n"));
    }
}
