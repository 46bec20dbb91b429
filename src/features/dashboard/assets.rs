//! The dashboard's stylesheet and script, compiled into the binary: no CDN,
//! no file read at run time. A name not in the list is 404 — `../` included.

use axum::{
    extract::Path,
    http::{StatusCode, header},
    response::{IntoResponse, Response},
};

const ASSETS: &[(&str, &str, &str)] = &[
    ("dashboard.css", "text/css; charset=utf-8", include_str!("assets/dashboard.css")),
    ("app.js", "text/javascript; charset=utf-8", include_str!("assets/app.js")),
    ("icon.svg", "image/svg+xml", include_str!("assets/icon.svg")),
];

/// The asset called `name`, if it is one.
pub fn asset(name: &str) -> Option<(&'static str, &'static str)> {
    ASSETS.iter().find(|(n, _, _)| *n == name).map(|(_, kind, body)| (*kind, *body))
}

pub async fn serve(Path(name): Path<String>) -> Response {
    match asset(&name) {
        Some((kind, body)) => {
            ([(header::CONTENT_TYPE, kind), (header::CACHE_CONTROL, "public, max-age=3600")], body)
                .into_response()
        }
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_listed_assets_are_served() {
        assert!(asset("dashboard.css").is_some());
        assert!(asset("app.js").is_some());
        for bad in ["../Cargo.toml", "..%2Fsecret", "/etc/passwd", "dashboard.css/..", ""] {
            assert!(asset(bad).is_none(), "{bad}");
        }
    }
}
