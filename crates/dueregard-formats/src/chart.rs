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

/// Line styles for a line chart's series: a colour with enough contrast, a dash pattern and a
/// marker shape, so that no series is told apart by colour alone.
const LINES: [(&str, &str, &str); 6] = [
    ("#0b0c0c", "", "circle"),
    ("#1d70b8", "8 4", "square"),
    ("#d4351c", "2 3", "triangle"),
    ("#00703c", "12 4 2 4", "diamond"),
    ("#4c2c92", "4 2", "circle"),
    ("#b58840", "1 2", "square"),
];

fn marker(shape: &str, x: f64, y: f64, colour: &str) -> String {
    match shape {
        "square" => format!(
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"8\" height=\"8\" fill=\"{colour}\"/>",
            x - 4.0,
            y - 4.0
        ),
        "triangle" => format!(
            "<polygon points=\"{:.1},{:.1} {:.1},{:.1} {:.1},{:.1}\" fill=\"{colour}\"/>",
            x,
            y - 5.0,
            x - 5.0,
            y + 4.0,
            x + 5.0,
            y + 4.0
        ),
        "diamond" => format!(
            "<polygon points=\"{x:.1},{:.1} {:.1},{y:.1} {x:.1},{:.1} {:.1},{y:.1}\" fill=\"{colour}\"/>",
            y - 5.0,
            x + 5.0,
            y + 5.0,
            x - 5.0
        ),
        _ => format!("<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"4\" fill=\"{colour}\"/>"),
    }
}

/// A line chart over periods: one line a series, each point marked and its value written in its
/// marker's title, a gap in the line where a value is missing or withheld. The key names each
/// series beside a sample of its line and marker. `id` must be unique on the page.
pub fn line_chart(
    id: &str,
    title: &str,
    description: &str,
    periods: &[String],
    series: &[Series],
    unit: &str,
) -> String {
    const HEIGHT: f64 = 260.0;
    const LEFT: f64 = 60.0;
    const TOP: f64 = 16.0;
    let key_rows = series.len().div_ceil(2) as f64;
    let plot_bottom = TOP + HEIGHT;
    let total = plot_bottom + 40.0 + 22.0 * key_rows;
    let values = series.iter().flat_map(|s| s.values.iter().flatten());
    let (mut low, mut high) =
        values.fold((f64::MAX, f64::MIN), |(lo, hi), &v| (lo.min(v), hi.max(v)));
    if low > high {
        (low, high) = (0.0, 1.0);
    }
    low = low.min(0.0);
    if high - low < 1e-9 {
        high = low + 1.0;
    }
    let plot_width = WIDTH - LEFT - 20.0;
    let step = if periods.len() > 1 {
        plot_width / (periods.len() - 1) as f64
    } else {
        0.0
    };
    let x = |i: usize| {
        LEFT + step * i as f64
            + if periods.len() > 1 {
                0.0
            } else {
                plot_width / 2.0
            }
    };
    let y = |v: f64| plot_bottom - (v - low) / (high - low) * HEIGHT;
    let id = escape(id);
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"dr-chart\" role=\"img\" font-family=\"arial, sans-serif\" viewBox=\"0 0 {WIDTH} {total}\" aria-labelledby=\"{id}-title {id}-desc\"><title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>",
        escape(title),
        escape(description)
    );
    // The axis: the lowest and highest values, and the periods.
    for v in [low, (low + high) / 2.0, high] {
        svg.push_str(&format!(
            "<line x1=\"{LEFT}\" x2=\"{:.1}\" y1=\"{:.1}\" y2=\"{:.1}\" stroke=\"#b1b4b6\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\" text-anchor=\"end\" fill=\"#0b0c0c\">{v:.1}{}</text>",
            LEFT + plot_width,
            y(v),
            y(v),
            LEFT - 6.0,
            y(v) + 4.0,
            escape(unit)
        ));
    }
    for (i, p) in periods.iter().enumerate() {
        svg.push_str(&format!(
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\" text-anchor=\"middle\" fill=\"#0b0c0c\">{}</text>",
            x(i),
            plot_bottom + 18.0,
            escape(p)
        ));
    }
    for (n, s) in series.iter().enumerate() {
        let (colour, dash, shape) = LINES[n % LINES.len()];
        let dash = if dash.is_empty() {
            String::new()
        } else {
            format!(" stroke-dasharray=\"{dash}\"")
        };
        // One path a run of values: a missing value breaks the line.
        let mut path = String::new();
        let mut pen_down = false;
        for (i, v) in s.values.iter().enumerate() {
            match v {
                Some(v) => {
                    path.push_str(&format!(
                        "{}{:.1},{:.1} ",
                        if pen_down { "L" } else { "M" },
                        x(i),
                        y(*v)
                    ));
                    pen_down = true;
                }
                None => pen_down = false,
            }
        }
        if !path.is_empty() {
            svg.push_str(&format!(
                "<path d=\"{}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\"{dash}/>",
                path.trim_end()
            ));
        }
        for (i, v) in s.values.iter().enumerate() {
            if let Some(v) = v {
                svg.push_str(&format!(
                    "<g><title>{}, {}: {v:.1}{}</title>{}</g>",
                    escape(&s.name),
                    escape(&periods[i]),
                    escape(unit),
                    marker(shape, x(i), y(*v), colour)
                ));
            }
        }
        let (kx, ky) = (
            LEFT + (n % 2) as f64 * 300.0,
            plot_bottom + 40.0 + 22.0 * (n / 2) as f64,
        );
        svg.push_str(&format!(
            "<line x1=\"{kx:.1}\" x2=\"{:.1}\" y1=\"{ky:.1}\" y2=\"{ky:.1}\" stroke=\"{colour}\" stroke-width=\"2\"{dash}/>{}<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"14\" fill=\"#0b0c0c\">{}</text>",
            kx + 30.0,
            marker(shape, kx + 15.0, ky, colour),
            kx + 38.0,
            ky + 5.0,
            escape(&s.name)
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

    #[test]
    fn line_charts_break_where_a_value_is_withheld() {
        let svg = line_chart(
            "trend",
            "Trained <managers>",
            "Up from 40% to 75%",
            &["2023".into(), "2024".into(), "2025".into(), "2026".into()],
            &[
                Series {
                    name: "Everyone".into(),
                    values: vec![Some(40.0), None, Some(60.0), Some(75.0)],
                },
                Series {
                    name: "Target".into(),
                    values: vec![Some(50.0), Some(55.0), Some(60.0), Some(65.0)],
                },
            ],
            "%",
        );
        assert!(svg.contains("<title id=\"trend-title\">Trained &lt;managers&gt;</title>"));
        // Everyone's line is two runs, the target's one.
        assert_eq!(svg.matches("<path d=\"M").count(), 2);
        assert!(
            svg.contains("M60.0,"),
            "the first run starts at the first period"
        );
        let everyone = svg
            .split("stroke=\"#0b0c0c\" stroke-width")
            .next()
            .unwrap_or("");
        assert!(
            everyone.matches(" M").count() == 1,
            "the gap starts a new run"
        );
        assert!(svg.contains("Everyone, 2026: 75.0%"));
        assert!(
            !svg.contains("Everyone, 2024"),
            "nothing is drawn for a withheld value"
        );
        assert!(
            svg.contains("stroke-dasharray=\"8 4\""),
            "the second line is dashed"
        );
    }
}
