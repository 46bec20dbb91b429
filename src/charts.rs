//! Charts as pure functions: data in, PNG bytes (for Telegram) or an SVG
//! document (inline in the dashboard's pages) out. Drawn with plotters: the
//! PNG on an in-memory RGB buffer, text in DejaVu Sans embedded in the binary
//! (it has Cyrillic; no system fonts are needed), encoded with `png`; the SVG
//! with plotters' SVG backend (its text escaped by plotters), on a
//! transparent ground with grey text so it reads in light and dark themes.
//!
//! `line_chart` and `svg_chart` draw the same `Panel` (line or area series
//! over labelled x positions); /stats, /stats cohorts, /npshistory and the
//! dashboard call them with their own data.

use std::sync::Once;

use plotters::{
    coord::Shift,
    prelude::*,
    style::{FontStyle, register_font},
};

/// DejaVu Sans (Bitstream Vera licence, see assets/fonts/LICENSE-DejaVu.txt).
static FONT: &[u8] = include_bytes!("../assets/fonts/DejaVuSans.ttf");
const FAMILY: &str = "sans-serif";

#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    #[error("the embedded font could not be loaded")]
    Font,
    #[error("drawing failed: {0}")]
    Draw(String),
    #[error("PNG encoding failed: {0}")]
    Encode(#[from] png::EncodingError),
}

fn draw_err(e: impl std::fmt::Display) -> ChartError {
    ChartError::Draw(e.to_string())
}

fn ensure_font() -> Result<(), ChartError> {
    static REGISTER: Once = Once::new();
    let mut ok = true;
    REGISTER.call_once(|| ok = register_font(FAMILY, FontStyle::Normal, FONT).is_ok());
    if ok { Ok(()) } else { Err(ChartError::Font) }
}

/// How a series is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Line,
    Area,
}

#[derive(Debug, Clone)]
pub struct Series {
    pub name: String,
    pub values: Vec<f64>,
    pub style: Style,
}

/// One chart area: a title, labels for the x positions, series over them.
#[derive(Debug, Clone)]
pub struct Panel {
    pub title: String,
    pub x_labels: Vec<String>,
    pub series: Vec<Series>,
    /// Fixed y range (e.g. 0–100 for percentages), else from the data.
    pub y_max: Option<f64>,
}

const PALETTE: [RGBColor; 6] = [
    RGBColor(33, 113, 181),
    RGBColor(230, 85, 13),
    RGBColor(49, 163, 84),
    RGBColor(117, 107, 177),
    RGBColor(214, 39, 40),
    RGBColor(140, 86, 75),
];

pub const WIDTH: u32 = 1000;
pub const PANEL_HEIGHT: u32 = 320;

/// Panels stacked vertically, each `PANEL_HEIGHT` high, as a PNG.
pub fn line_chart(panels: &[Panel]) -> Result<Vec<u8>, ChartError> {
    ensure_font()?;
    let height = PANEL_HEIGHT * panels.len().max(1) as u32;
    let mut rgb = vec![0u8; (WIDTH * height * 3) as usize];
    {
        let root = BitMapBackend::with_buffer(&mut rgb, (WIDTH, height)).into_drawing_area();
        root.fill(&WHITE).map_err(draw_err)?;
        let areas = root.split_evenly((panels.len().max(1), 1));
        for (panel, area) in panels.iter().zip(areas.iter()) {
            draw_panel(panel, area, &Look::PNG)?;
        }
        root.present().map_err(draw_err)?;
    }
    encode_png(&rgb, WIDTH, height)
}

/// The size of an SVG chart (its `viewBox`; the page scales it).
pub const SVG_WIDTH: u32 = 720;
pub const SVG_HEIGHT: u32 = 260;

/// One panel as an SVG document (`<svg …>…</svg>`), `SVG_WIDTH` × `SVG_HEIGHT`:
/// a few hundred elements whatever the data (one path per series, the grid
/// without light lines), so a page stays light. Text (the title, labels,
/// legend) is escaped by plotters; charts carry no member-written text.
pub fn svg_chart(panel: &Panel) -> Result<String, ChartError> {
    ensure_font()?;
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (SVG_WIDTH, SVG_HEIGHT)).into_drawing_area();
        draw_panel(panel, &root, &Look::SVG)?;
        root.present().map_err(draw_err)?;
    }
    Ok(out)
}

/// How a panel is dressed: the PNG's black on white, the SVG's grey on
/// whatever the page's ground is.
struct Look {
    text: RGBColor,
    grid: RGBAColor,
    light: Option<RGBColor>,
    legend: RGBAColor,
    caption: u32,
    label: u32,
    line: u32,
}

impl Look {
    const PNG: Look = Look {
        text: BLACK,
        grid: RGBAColor(0, 0, 0, 0.2),
        light: Some(RGBColor(235, 235, 235)),
        legend: RGBAColor(255, 255, 255, 0.85),
        caption: 22,
        label: 14,
        line: 3,
    };
    const SVG: Look = Look {
        text: RGBColor(128, 128, 128),
        grid: RGBAColor(128, 128, 128, 0.3),
        light: None,
        legend: RGBAColor(128, 128, 128, 0.12),
        caption: 18,
        label: 13,
        line: 2,
    };
}

fn draw_panel<DB: DrawingBackend>(
    panel: &Panel,
    area: &DrawingArea<DB, Shift>,
    look: &Look,
) -> Result<(), ChartError> {
    let n = panel.x_labels.len().max(1);
    let values = || panel.series.iter().flat_map(|s| s.values.iter().copied()).filter(|v| v.is_finite());
    let data_max = values().fold(0.0f64, f64::max);
    let data_min = values().fold(0.0f64, f64::min);
    let y_max = panel.y_max.unwrap_or(if data_max <= 0.0 { 1.0 } else { data_max * 1.1 });
    // Negative values (an NPS) widen the range below zero.
    let y_min = if data_min < 0.0 { data_min * 1.1 } else { 0.0 };
    let x_max = (n - 1).max(1) as f64;
    let mut builder = ChartBuilder::on(area);
    if !panel.title.is_empty() {
        builder.caption(&panel.title, (FAMILY, look.caption).into_font().color(&look.text));
    }
    let mut chart = builder
        .margin(12)
        .x_label_area_size(32)
        .y_label_area_size(64)
        .build_cartesian_2d(0f64..x_max, y_min..y_max)
        .map_err(draw_err)?;
    let labels = panel.x_labels.clone();
    let label_of = move |x: &f64| {
        let i = x.round();
        if (x - i).abs() > 1e-6 || i < 0.0 {
            return String::new();
        }
        labels.get(i as usize).cloned().unwrap_or_default()
    };
    let y_fmt = |y: &f64| {
        if y.abs() >= 10_000.0 {
            format!("{:.0}k", y / 1000.0)
        } else {
            format!("{}", (y * 10.0).round() / 10.0)
        }
    };
    let mut mesh = chart.configure_mesh();
    mesh.x_labels(n.min(8))
        .y_labels(6)
        .x_label_formatter(&label_of)
        .y_label_formatter(&y_fmt)
        .label_style((FAMILY, look.label).into_font().color(&look.text))
        .axis_style(look.text)
        .bold_line_style(look.grid);
    match look.light {
        Some(light) => mesh.light_line_style(light),
        None => mesh.max_light_lines(0),
    };
    mesh.draw().map_err(draw_err)?;
    for (i, series) in panel.series.iter().enumerate() {
        let color = PALETTE[i % PALETTE.len()];
        let points: Vec<(f64, f64)> = series.values.iter().enumerate().map(|(x, y)| (x as f64, *y)).collect();
        let width = look.line;
        let drawn = match series.style {
            Style::Line => {
                chart.draw_series(LineSeries::new(points, color.stroke_width(width))).map_err(draw_err)?
            }
            Style::Area => chart
                .draw_series(
                    AreaSeries::new(points, 0.0, color.mix(0.3)).border_style(color.stroke_width(width - 1)),
                )
                .map_err(draw_err)?,
        };
        drawn
            .label(series.name.clone())
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], color.stroke_width(width)));
    }
    if panel.series.len() > 1 || panel.series.iter().any(|s| !s.name.is_empty()) {
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperLeft)
            .background_style(look.legend)
            .border_style(look.grid)
            .label_font((FAMILY, look.label).into_font().color(&look.text))
            .draw()
            .map_err(draw_err)?;
    }
    Ok(())
}

fn encode_png(rgb: &[u8], width: u32, height: u32) -> Result<Vec<u8>, ChartError> {
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, width, height);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header()?;
        writer.write_image_data(rgb)?;
        writer.finish()?;
    }
    Ok(out)
}

/// The PNG signature every chart starts with.
pub const PNG_SIGNATURE: [u8; 8] = [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(bytes: &[u8]) -> (u32, u32, Vec<u8>) {
        let decoder = png::Decoder::new(bytes);
        let mut reader = decoder.read_info().expect("a PNG");
        let mut buf = vec![0; reader.output_buffer_size()];
        let info = reader.next_frame(&mut buf).expect("a frame");
        buf.truncate(info.buffer_size());
        (info.width, info.height, buf)
    }

    #[test]
    fn renders_a_png_that_is_not_blank() {
        let panel = Panel {
            title: "Участники и DAU — members".into(),
            x_labels: (1..=30).map(|d| format!("11-{d:02}")).collect(),
            series: vec![
                Series {
                    name: "DAU".into(),
                    values: (0..30).map(|i| (i % 7) as f64 * 3.0).collect(),
                    style: Style::Line,
                },
                Series {
                    name: "Сообщения".into(),
                    values: (0..30).map(|i| i as f64).collect(),
                    style: Style::Area,
                },
            ],
            y_max: None,
        };
        let png = line_chart(&[panel.clone(), panel]).expect("renders");
        assert_eq!(png[..8], PNG_SIGNATURE);
        let (w, h, pixels) = decode(&png);
        assert_eq!((w, h), (WIDTH, 2 * PANEL_HEIGHT));
        let non_white = pixels.chunks(3).filter(|p| p != &[255, 255, 255]).count();
        assert!(non_white > 5_000, "only {non_white} drawn pixels");
        // Colored pixels: the series were drawn, not only the axes.
        let blue = pixels.chunks(3).filter(|p| p[2] > 150 && p[0] < 80).count();
        assert!(blue > 200, "{blue} series pixels");
    }

    #[test]
    fn negative_values_are_drawn() {
        let panel = Panel {
            title: "NPS".into(),
            x_labels: vec!["#1".into(), "#2".into(), "#3".into()],
            series: vec![Series { name: "NPS".into(), values: vec![-40.0, -10.0, 20.0], style: Style::Line }],
            y_max: Some(100.0),
        };
        let png = line_chart(&[panel]).expect("renders");
        let (_, _, pixels) = decode(&png);
        let blue = pixels.chunks(3).filter(|p| p[2] > 150 && p[0] < 80).count();
        assert!(blue > 200, "{blue} series pixels");
    }

    #[test]
    fn empty_data_still_renders() {
        let panel =
            Panel { title: "Nothing yet".into(), x_labels: vec![], series: vec![], y_max: Some(100.0) };
        let png = line_chart(&[panel]).expect("renders");
        assert_eq!(png[..8], PNG_SIGNATURE);
        let one = Panel {
            title: "One day".into(),
            x_labels: vec!["11-02".into()],
            series: vec![Series { name: "x".into(), values: vec![3.0], style: Style::Line }],
            y_max: None,
        };
        assert!(line_chart(&[one]).is_ok());
    }

    #[test]
    fn cyrillic_text_is_drawn() {
        // A title in Cyrillic puts dark pixels in the caption band; an empty
        // title does not.
        let with =
            |title: &str| Panel { title: title.into(), x_labels: vec![], series: vec![], y_max: Some(1.0) };
        let count_dark = |png: &[u8]| {
            let (w, _, pixels) = decode(png);
            pixels
                .chunks(3)
                .enumerate()
                .filter(|(i, p)| (*i as u32) < w * 36 && p[0] < 128 && p[1] < 128 && p[2] < 128)
                .count()
        };
        let titled = count_dark(&line_chart(&[with("Удержание участников")]).expect("renders"));
        let blank = count_dark(&line_chart(&[with("")]).expect("renders"));
        assert!(titled > blank + 100, "titled {titled}, blank {blank}");
    }

    #[test]
    fn svg_is_small_escaped_and_has_the_series() {
        let panel = Panel {
            title: "Members <b>&</b> \"DAU\"".into(),
            x_labels: (1..=90).map(|d| format!("{d:02}.11")).collect(),
            series: vec![
                Series {
                    name: "Участники".into(),
                    values: (0..90).map(|i| 100_000.0 + i as f64).collect(),
                    style: Style::Line,
                },
                Series {
                    name: "<script>".into(),
                    values: (0..90).map(f64::from).collect(),
                    style: Style::Area,
                },
            ],
            y_max: None,
        };
        let svg = svg_chart(&panel).expect("renders");
        assert!(svg.starts_with("<svg"), "{}", &svg[..40.min(svg.len())]);
        assert!(svg.trim_end().ends_with("</svg>"));
        assert!(svg.contains(&format!("viewBox=\"0 0 {SVG_WIDTH} {SVG_HEIGHT}\"")));
        assert!(svg.contains("Members &lt;b&gt;&amp;&lt;/b&gt; &quot;DAU&quot;"), "{svg}");
        assert!(!svg.contains("<script>") && svg.contains("&lt;script&gt;"));
        assert!(svg.contains("Участники"));
        assert!(svg.len() < 40_000, "{} bytes", svg.len());
        // No white ground: the page's theme shows through.
        assert!(!svg.contains("fill=\"#FFFFFF\""), "{svg}");
    }

    #[test]
    fn svg_of_nothing_still_renders() {
        let empty = Panel { title: String::new(), x_labels: vec![], series: vec![], y_max: Some(100.0) };
        assert!(svg_chart(&empty).expect("renders").contains("</svg>"));
        let odd = Panel {
            title: "x".into(),
            x_labels: vec!["a".into()],
            series: vec![Series { name: String::new(), values: vec![f64::NAN, -5.0], style: Style::Line }],
            y_max: None,
        };
        assert!(svg_chart(&odd).is_ok());
    }
}
