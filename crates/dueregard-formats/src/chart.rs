//! Bar charts as SVG, accessible by construction: a title and a description that say what the
//! chart shows in words, patterns as well as colours so the series can be told apart without
//! colour, and every bar's value written beside it. Pages put the data table under each chart.

/// One series of bars: a name for the key and a value per category (`None` draws no bar).
pub struct Series {
    pub name: String,
    pub values: Vec<Option<f64>>,
}

const WIDTH: f64 = 680.0;
const LABEL_WIDTH: f64 = 230.0;
const BAR: f64 = 16.0;
const GAP: f64 = 14.0;
/// GOV.UK colours with enough contrast on white, then patterns for the second and third series.
const FILLS: [&str; 3] = ["#1d70b8", "url(#PATTERN-1)", "url(#PATTERN-2)"];
const STROKES: [&str; 3] = ["#1d70b8", "#d4351c", "#00703c"];

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A horizontal grouped bar chart. `id` must be unique on the page; `unit` follows each value
/// ("%" for percentages).
pub fn bar_chart(
    id: &str,
    title: &str,
    description: &str,
    categories: &[String],
    series: &[Series],
    unit: &str,
) -> String {
    let values = series.iter().flat_map(|s| s.values.iter().flatten());
    let (low, high) = values.fold((0.0f64, 0.0f64), |(lo, hi), &v| (lo.min(v), hi.max(v)));
    let span = if high - low > 0.0 { high - low } else { 1.0 };
    let plot = WIDTH - LABEL_WIDTH - 70.0;
    let x = |v: f64| LABEL_WIDTH + (v - low) / span * plot;
    let group = BAR * series.len() as f64 + GAP;
    let key_height = 24.0;
    let height = key_height + group * categories.len() as f64 + 10.0;
    let id = escape(id);
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"dr-chart\" role=\"img\" font-family=\"arial, sans-serif\" viewBox=\"0 0 {WIDTH} {height}\" aria-labelledby=\"{id}-title {id}-desc\"><title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>",
        escape(title),
        escape(description)
    );
    svg.push_str(&format!(
        "<defs><pattern id=\"{id}-1\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#fff\"/><rect width=\"3\" height=\"6\" fill=\"#d4351c\"/></pattern><pattern id=\"{id}-2\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\"><rect width=\"6\" height=\"6\" fill=\"#fff\"/><circle cx=\"3\" cy=\"3\" r=\"2\" fill=\"#00703c\"/></pattern></defs>"
    ));
    // The key.
    let mut key_x = LABEL_WIDTH;
    for (i, s) in series.iter().enumerate() {
        let fill = FILLS[i % 3].replace("PATTERN", &id);
        svg.push_str(&format!(
            "<rect x=\"{key_x}\" y=\"4\" width=\"14\" height=\"14\" fill=\"{fill}\" stroke=\"{}\"/><text x=\"{}\" y=\"16\" font-size=\"14\" fill=\"#0b0c0c\">{}</text>",
            STROKES[i % 3],
            key_x + 20.0,
            escape(&s.name)
        ));
        key_x += 30.0 + 8.0 * s.name.chars().count() as f64;
    }
    for (c, category) in categories.iter().enumerate() {
        let top = key_height + group * c as f64;
        svg.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" font-size=\"14\" text-anchor=\"end\" fill=\"#0b0c0c\">{}</text>",
            LABEL_WIDTH - 8.0,
            top + BAR * series.len() as f64 / 2.0 + 5.0,
            escape(category)
        ));
        for (i, s) in series.iter().enumerate() {
            let Some(v) = s.values.get(c).copied().flatten() else {
                continue;
            };
            let y = top + BAR * i as f64;
            let (from, to) = (x(v.min(0.0)), x(v.max(0.0)));
            let fill = FILLS[i % 3].replace("PATTERN", &id);
            svg.push_str(&format!(
                "<rect x=\"{from:.1}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{}\" fill=\"{fill}\" stroke=\"{}\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\" fill=\"#0b0c0c\">{v:.1}{}</text>",
                (to - from).max(1.0),
                BAR - 2.0,
                STROKES[i % 3],
                to + 4.0,
                y + BAR - 4.0,
                escape(unit)
            ));
        }
    }
    if low < 0.0 {
        svg.push_str(&format!(
            "<line x1=\"{0:.1}\" x2=\"{0:.1}\" y1=\"{key_height}\" y2=\"{height}\" stroke=\"#0b0c0c\"/>",
            x(0.0)
        ));
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charts_say_what_they_show() {
        let svg = bar_chart(
            "gap",
            "Pay gap <by> year",
            "Mean and median gaps",
            &["2022-23".into(), "2023-24".into()],
            &[
                Series {
                    name: "Mean".into(),
                    values: vec![Some(5.0), Some(-2.5)],
                },
                Series {
                    name: "Median".into(),
                    values: vec![None, Some(3.0)],
                },
            ],
            "%",
        );
        assert!(svg.contains("role=\"img\""));
        assert!(svg.contains("<title id=\"gap-title\">Pay gap &lt;by&gt; year</title>"));
        assert!(svg.contains("-2.5%"), "values are written, not only drawn");
        assert!(
            svg.contains("url(#gap-1)"),
            "the second series has a pattern"
        );
        assert_eq!(
            svg.matches("<rect x=").count(),
            2 + 3,
            "a key box per series, a bar per value"
        );
    }
}
