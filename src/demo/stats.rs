//! Chapter "stats": /stats sends the report with its chart, which is saved
//! where `--chart` says.

use super::{GROUP, OLGA};

chapter!(|s, chart| {
    let mark = s.told;
    s.say(GROUP, OLGA, "/stats").await?;
    let photo = s
        .calls_since(mark)
        .into_iter()
        .find(|c| c.method == "sendPhoto" && !c.faulted)
        .and_then(|c| c.files.get("photo").cloned());
    s.expect(photo.as_ref().is_some_and(|p| p.starts_with(b"\x89PNG")), "/stats sends a chart");
    if let Some(png) = photo {
        std::fs::write(chart, png)?;
        s.report.chart = Some(chart.to_path_buf());
    }
    Ok(())
});
